-- Forces on the kit's versioned tables (common/versioned_table.h): a current row per force, the
-- append-only versions and the timeline of periods for reads as of a day. Forces gain their
-- policing body, commissioner and chief officer, so that a change of chief constable or
-- commissioner reads right as of a date. Existing forces are kept: each becomes its first
-- version, effective on the day it was created.
ALTER TABLE forces
  ADD COLUMN policing_body VARCHAR(200) NOT NULL DEFAULT '' AFTER short_name,
  ADD COLUMN commissioner VARCHAR(200) NOT NULL DEFAULT '' AFTER policing_body,
  ADD COLUMN chief_officer VARCHAR(200) NOT NULL DEFAULT '' AFTER commissioner,
  ADD COLUMN chief_officer_title VARCHAR(100) NOT NULL DEFAULT '' AFTER chief_officer,
  ADD COLUMN revision BIGINT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN first_effective DATE NULL,
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
UPDATE forces SET first_effective = DATE(create_time), effective_date = DATE(create_time),
                  update_time = create_time;
ALTER TABLE forces
  MODIFY first_effective DATE NOT NULL,
  MODIFY effective_date DATE NOT NULL;

CREATE TABLE force_versions (
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  short_name VARCHAR(100) NOT NULL,
  policing_body VARCHAR(200) NOT NULL,
  commissioner VARCHAR(200) NOT NULL,
  chief_officer VARCHAR(200) NOT NULL,
  chief_officer_title VARCHAR(100) NOT NULL,
  PRIMARY KEY (id, revision),
  CONSTRAINT force_versions_force FOREIGN KEY (id) REFERENCES forces (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE force_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  short_name VARCHAR(100) NOT NULL,
  policing_body VARCHAR(200) NOT NULL,
  commissioner VARCHAR(200) NOT NULL,
  chief_officer VARCHAR(200) NOT NULL,
  chief_officer_title VARCHAR(100) NOT NULL,
  PRIMARY KEY (id, effective_date),
  CONSTRAINT force_timeline_force FOREIGN KEY (id) REFERENCES forces (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO force_versions (id, revision, effective_date, recorded_at, recorded_by, mask,
                            display_name, short_name, policing_body, commissioner, chief_officer,
                            chief_officer_title)
SELECT id, revision, first_effective, update_time, 'migration', '*', display_name, short_name,
       policing_body, commissioner, chief_officer, chief_officer_title
FROM forces;
INSERT INTO force_timeline (id, effective_date, valid_to, revision, create_time, update_time,
                            display_name, short_name, policing_body, commissioner, chief_officer,
                            chief_officer_title)
SELECT id, first_effective, '9999-12-31', revision, create_time, update_time, display_name,
       short_name, policing_body, commissioner, chief_officer, chief_officer_title
FROM forces;
