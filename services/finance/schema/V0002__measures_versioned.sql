-- Measures on the kit's versioned tables (common/versioned_table.h): a current row per measure,
-- the append-only versions and the timeline of periods for reads as of a day. Measures gain a
-- display order (their row in the finance table) and a unit. Existing measures are kept: each
-- becomes its first version, in money, effective on the day it was created.
ALTER TABLE measures
  ADD COLUMN display_order INT NOT NULL DEFAULT 0 AFTER description,
  ADD COLUMN unit INT NOT NULL DEFAULT 1 AFTER display_order,
  ADD COLUMN revision BIGINT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN first_effective DATE NULL,
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
UPDATE measures SET first_effective = DATE(create_time), effective_date = DATE(create_time),
                    update_time = create_time;
ALTER TABLE measures
  MODIFY first_effective DATE NOT NULL,
  MODIFY effective_date DATE NOT NULL,
  ALTER COLUMN unit DROP DEFAULT,
  ADD KEY measures_display_order (display_order, id);

CREATE TABLE measure_versions (
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  description VARCHAR(2000) NOT NULL,
  display_order INT NOT NULL,
  unit INT NOT NULL,
  PRIMARY KEY (id, revision),
  CONSTRAINT measure_versions_measure FOREIGN KEY (id) REFERENCES measures (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE measure_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  description VARCHAR(2000) NOT NULL,
  display_order INT NOT NULL,
  unit INT NOT NULL,
  PRIMARY KEY (id, effective_date),
  KEY measure_timeline_order (display_order, id),
  CONSTRAINT measure_timeline_measure FOREIGN KEY (id) REFERENCES measures (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO measure_versions (id, revision, effective_date, recorded_at, recorded_by, mask,
                              display_name, description, display_order, unit)
SELECT id, revision, first_effective, update_time, 'migration', '*', display_name, description,
       display_order, unit
FROM measures;
INSERT INTO measure_timeline (id, effective_date, valid_to, revision, create_time, update_time,
                              display_name, description, display_order, unit)
SELECT id, first_effective, '9999-12-31', revision, create_time, update_time, display_name,
       description, display_order, unit
FROM measures;
