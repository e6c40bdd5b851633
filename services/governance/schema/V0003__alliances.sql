-- Alliances and consortia on the kit's versioned tables (common/versioned_table.h): the body is
-- the serialized bch.governance.v1.Alliance (members, objectives and relations are repeated).
CREATE TABLE alliances (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE alliance_versions (
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, revision),
  CONSTRAINT alliance_versions_alliance FOREIGN KEY (id) REFERENCES alliances (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE alliance_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, effective_date),
  CONSTRAINT alliance_timeline_alliance FOREIGN KEY (id) REFERENCES alliances (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
