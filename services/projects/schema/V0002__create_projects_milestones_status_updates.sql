-- Projects, milestones and status updates, with every version kept for as-of reads.
--
-- A version applies from its effective_date (default: the day it was recorded). Reading as of a
-- day D takes, per project or milestone, the highest revision whose effective_date <= D.

CREATE TABLE projects (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE project_versions (
  project_id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  recorded_by VARCHAR(200) NOT NULL,
  programme_id VARCHAR(63) NOT NULL,
  lead_force VARCHAR(100) NOT NULL,
  state TINYINT NOT NULL,
  display_order INT NOT NULL,
  archived TINYINT NOT NULL,
  body MEDIUMBLOB NOT NULL,  -- the version's bch.projects.v1.Project, serialized protobuf
  PRIMARY KEY (project_id, revision),
  KEY project_versions_programme (programme_id, display_order, project_id),
  CONSTRAINT project_versions_project FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT project_versions_programme FOREIGN KEY (programme_id) REFERENCES programmes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE project_version_forces (
  project_id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  force_name VARCHAR(100) NOT NULL,
  PRIMARY KEY (project_id, revision, force_name),
  KEY project_version_forces_force (force_name),
  CONSTRAINT project_version_forces_version FOREIGN KEY (project_id, revision)
    REFERENCES project_versions (project_id, revision)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The current dependency and parent edges, for cycle and programme checks.
CREATE TABLE project_links (
  project_id VARCHAR(63) NOT NULL,
  kind ENUM('dependency', 'parent') NOT NULL,
  target_id VARCHAR(63) NOT NULL,
  PRIMARY KEY (project_id, kind, target_id),
  KEY project_links_target (target_id),
  CONSTRAINT project_links_project FOREIGN KEY (project_id) REFERENCES projects (id),
  CONSTRAINT project_links_target FOREIGN KEY (target_id) REFERENCES projects (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE milestones (
  project_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (project_id, id),
  CONSTRAINT milestones_project FOREIGN KEY (project_id) REFERENCES projects (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE milestone_versions (
  project_id VARCHAR(63) NOT NULL,
  milestone_id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  recorded_by VARCHAR(200) NOT NULL,
  title VARCHAR(200) NOT NULL,
  display_order INT NOT NULL,
  planned VARCHAR(100) NULL,   -- the dated value in its canonical words
  forecast VARCHAR(100) NULL,
  actual VARCHAR(100) NULL,
  forecast_latest DATE NULL,   -- for ordering and slippage queries
  PRIMARY KEY (project_id, milestone_id, revision),
  CONSTRAINT milestone_versions_milestone FOREIGN KEY (project_id, milestone_id)
    REFERENCES milestones (project_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE status_updates (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id VARCHAR(63) NOT NULL,
  as_of_date DATE NOT NULL,
  author VARCHAR(200) NOT NULL,
  text MEDIUMTEXT NOT NULL,
  rating TINYINT NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  recorded_by VARCHAR(200) NOT NULL,
  KEY status_updates_latest (project_id, as_of_date, id),
  CONSTRAINT status_updates_project FOREIGN KEY (project_id) REFERENCES projects (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
