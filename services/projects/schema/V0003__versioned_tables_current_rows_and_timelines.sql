-- Programmes, projects and milestones on the kit's versioned tables (common/versioned_table.h):
-- a current row per resource (what a read without as_of returns, in one primary-key lookup), the
-- append-only versions (what each write said: effective date, field mask, values) and a timeline
-- of periods derived from them for reads as of a day. Existing data is kept: every earlier
-- version becomes a version that wrote every field ('*'), and the timeline and current rows are
-- built from them (on a day with several versions, the last recorded one holds).

-- Programmes: until now only their current state was kept; it becomes their first version,
-- effective on the day each was created.
ALTER TABLE programmes
  ADD COLUMN first_effective DATE NULL AFTER revision,
  ADD COLUMN effective_date DATE NULL AFTER first_effective;
UPDATE programmes SET first_effective = DATE(create_time), effective_date = DATE(create_time);
ALTER TABLE programmes
  MODIFY first_effective DATE NOT NULL,
  MODIFY effective_date DATE NOT NULL;

CREATE TABLE programme_versions (
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  title VARCHAR(200) NOT NULL,
  lead_force VARCHAR(100) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (id, revision),
  CONSTRAINT programme_versions_programme FOREIGN KEY (id) REFERENCES programmes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE programme_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  title VARCHAR(200) NOT NULL,
  lead_force VARCHAR(100) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (id, effective_date),
  CONSTRAINT programme_timeline_programme FOREIGN KEY (id) REFERENCES programmes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO programme_versions (id, revision, effective_date, recorded_at, recorded_by, mask,
                                title, lead_force, display_order)
SELECT id, revision, first_effective, update_time, 'migration', '*', title, lead_force,
       display_order
FROM programmes;
INSERT INTO programme_timeline (id, effective_date, valid_to, revision, create_time, update_time,
                                title, lead_force, display_order)
SELECT id, first_effective, '9999-12-31', revision, create_time, update_time, title, lead_force,
       display_order
FROM programmes;

-- Projects. Versions keep their values; the archived flag moves into the body (protobuf field
-- 13, bool: appending its encoding 0x68 0x01 sets it, as a later value of a field wins), and the
-- participating forces become a JSON array beside it.
ALTER TABLE project_versions DROP FOREIGN KEY project_versions_programme;
ALTER TABLE project_versions DROP FOREIGN KEY project_versions_project;
ALTER TABLE project_version_forces DROP FOREIGN KEY project_version_forces_version;
ALTER TABLE project_versions
  DROP INDEX project_versions_programme,
  RENAME COLUMN project_id TO id,
  ADD COLUMN mask VARCHAR(1000) NOT NULL DEFAULT '*' AFTER recorded_by,
  ADD COLUMN participating_forces TEXT NOT NULL DEFAULT '[]' AFTER archived;
ALTER TABLE project_versions
  MODIFY recorded_at TIMESTAMP(6) NOT NULL,
  ADD CONSTRAINT project_versions_project FOREIGN KEY (id) REFERENCES projects (id);
UPDATE project_versions SET body = CONCAT(body, X'6801') WHERE archived = 1;
UPDATE project_versions v
SET participating_forces = COALESCE(
  (SELECT JSON_ARRAYAGG(f.force_name) FROM project_version_forces f
   WHERE f.project_id = v.id AND f.revision = v.revision), '[]');
DROP TABLE project_version_forces;

CREATE TABLE project_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  programme_id VARCHAR(63) NOT NULL,
  lead_force VARCHAR(100) NOT NULL,
  state TINYINT NOT NULL,
  display_order INT NOT NULL,
  archived TINYINT NOT NULL,
  participating_forces TEXT NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, effective_date),
  KEY project_timeline_programme (programme_id, effective_date),
  CONSTRAINT project_timeline_project FOREIGN KEY (id) REFERENCES projects (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO project_timeline (id, effective_date, valid_to, revision, create_time, update_time,
                              programme_id, lead_force, state, display_order, archived,
                              participating_forces, body)
SELECT v.id, v.effective_date,
       COALESCE(LEAD(v.effective_date) OVER w, '9999-12-31'),
       MAX(v.revision) OVER w, p.create_time, v.recorded_at, v.programme_id, v.lead_force,
       v.state, v.display_order, v.archived, v.participating_forces, v.body
FROM project_versions v JOIN projects p ON p.id = v.id
WHERE v.revision = (SELECT MAX(l.revision) FROM project_versions l
                    WHERE l.id = v.id AND l.effective_date = v.effective_date)
WINDOW w AS (PARTITION BY v.id ORDER BY v.effective_date);

-- The current row holds the last period's state, the programme's display order (for the list
-- order) and the latest status update (kept in step by every write that changes them).
ALTER TABLE projects
  ADD COLUMN first_effective DATE NULL,
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN update_time TIMESTAMP(6) NULL,
  ADD COLUMN programme_id VARCHAR(63) NULL,
  ADD COLUMN programme_order INT NOT NULL DEFAULT 0,
  ADD COLUMN lead_force VARCHAR(100) NULL,
  ADD COLUMN state TINYINT NULL,
  ADD COLUMN display_order INT NULL,
  ADD COLUMN archived TINYINT NULL,
  ADD COLUMN participating_forces TEXT NULL,
  ADD COLUMN body MEDIUMBLOB NULL,
  ADD COLUMN latest_status_id BIGINT UNSIGNED NULL,
  ADD COLUMN latest_status_date DATE NULL,
  ADD COLUMN latest_status_author VARCHAR(200) NULL,
  ADD COLUMN latest_status_text MEDIUMTEXT NULL,
  ADD COLUMN latest_status_rating TINYINT NULL,
  ADD COLUMN latest_status_create_time TIMESTAMP(6) NULL;
UPDATE projects p JOIN project_timeline t ON t.id = p.id AND t.valid_to = '9999-12-31'
SET p.first_effective = (SELECT MIN(f.effective_date) FROM project_timeline f WHERE f.id = p.id),
    p.effective_date = t.effective_date, p.update_time = t.update_time,
    p.revision = t.revision, p.programme_id = t.programme_id, p.lead_force = t.lead_force,
    p.state = t.state, p.display_order = t.display_order, p.archived = t.archived,
    p.participating_forces = t.participating_forces, p.body = t.body;
UPDATE projects p JOIN programmes pr ON pr.id = p.programme_id
SET p.programme_order = pr.display_order;
UPDATE projects p JOIN status_updates s ON s.id =
  (SELECT l.id FROM status_updates l WHERE l.project_id = p.id
   ORDER BY l.as_of_date DESC, l.id DESC LIMIT 1)
SET p.latest_status_id = s.id, p.latest_status_date = s.as_of_date,
    p.latest_status_author = s.author, p.latest_status_text = s.text,
    p.latest_status_rating = s.rating, p.latest_status_create_time = s.recorded_at;
ALTER TABLE projects
  MODIFY first_effective DATE NOT NULL,
  MODIFY effective_date DATE NOT NULL,
  MODIFY update_time TIMESTAMP(6) NOT NULL,
  MODIFY programme_id VARCHAR(63) NOT NULL,
  MODIFY lead_force VARCHAR(100) NOT NULL,
  MODIFY state TINYINT NOT NULL,
  MODIFY display_order INT NOT NULL,
  MODIFY archived TINYINT NOT NULL,
  MODIFY participating_forces TEXT NOT NULL,
  MODIFY body MEDIUMBLOB NOT NULL,
  ADD KEY projects_list (programme_order, programme_id, display_order, id),
  ADD KEY projects_programme (programme_id, display_order, id);

-- Milestones: the same shape, their dates kept in their canonical words.
ALTER TABLE milestone_versions DROP FOREIGN KEY milestone_versions_milestone;
ALTER TABLE milestone_versions
  RENAME COLUMN milestone_id TO id,
  ADD COLUMN mask VARCHAR(1000) NOT NULL DEFAULT '*' AFTER recorded_by,
  MODIFY recorded_at TIMESTAMP(6) NOT NULL;
ALTER TABLE milestone_versions
  ADD CONSTRAINT milestone_versions_milestone FOREIGN KEY (project_id, id)
    REFERENCES milestones (project_id, id);

CREATE TABLE milestone_timeline (
  project_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  title VARCHAR(200) NOT NULL,
  display_order INT NOT NULL,
  planned VARCHAR(100) NULL,
  forecast VARCHAR(100) NULL,
  actual VARCHAR(100) NULL,
  forecast_latest DATE NULL,
  PRIMARY KEY (project_id, id, effective_date),
  KEY milestone_timeline_day (project_id, effective_date),
  CONSTRAINT milestone_timeline_milestone FOREIGN KEY (project_id, id)
    REFERENCES milestones (project_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO milestone_timeline (project_id, id, effective_date, valid_to, revision, create_time,
                                update_time, title, display_order, planned, forecast, actual,
                                forecast_latest)
SELECT v.project_id, v.id, v.effective_date,
       COALESCE(LEAD(v.effective_date) OVER w, '9999-12-31'),
       MAX(v.revision) OVER w,
       (SELECT MIN(c.recorded_at) FROM milestone_versions c
        WHERE c.project_id = v.project_id AND c.id = v.id),
       v.recorded_at, v.title, v.display_order, v.planned, v.forecast, v.actual,
       v.forecast_latest
FROM milestone_versions v
WHERE v.revision = (SELECT MAX(l.revision) FROM milestone_versions l
                    WHERE l.project_id = v.project_id AND l.id = v.id
                      AND l.effective_date = v.effective_date)
WINDOW w AS (PARTITION BY v.project_id, v.id ORDER BY v.effective_date);

ALTER TABLE milestones
  ADD COLUMN first_effective DATE NULL,
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN create_time TIMESTAMP(6) NULL,
  ADD COLUMN update_time TIMESTAMP(6) NULL,
  ADD COLUMN title VARCHAR(200) NULL,
  ADD COLUMN display_order INT NULL,
  ADD COLUMN planned VARCHAR(100) NULL,
  ADD COLUMN forecast VARCHAR(100) NULL,
  ADD COLUMN actual VARCHAR(100) NULL,
  ADD COLUMN forecast_latest DATE NULL;
UPDATE milestones m JOIN milestone_timeline t
  ON t.project_id = m.project_id AND t.id = m.id AND t.valid_to = '9999-12-31'
SET m.first_effective = (SELECT MIN(f.effective_date) FROM milestone_timeline f
                         WHERE f.project_id = m.project_id AND f.id = m.id),
    m.effective_date = t.effective_date, m.create_time = t.create_time,
    m.update_time = t.update_time, m.revision = t.revision, m.title = t.title,
    m.display_order = t.display_order, m.planned = t.planned, m.forecast = t.forecast,
    m.actual = t.actual, m.forecast_latest = t.forecast_latest;
ALTER TABLE milestones
  MODIFY first_effective DATE NOT NULL,
  MODIFY effective_date DATE NOT NULL,
  MODIFY create_time TIMESTAMP(6) NOT NULL,
  MODIFY update_time TIMESTAMP(6) NOT NULL,
  MODIFY title VARCHAR(200) NOT NULL,
  MODIFY display_order INT NOT NULL;
