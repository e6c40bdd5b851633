-- Report series on the kit's versioned tables (common/versioned_table.h): a current row per
-- series, its append-only versions and the timeline of periods for reads as of a day. Series
-- gain the alliance and force they cover (`covered_force`: FORCE is a reserved word), their
-- marking and their layout (a serialized bch.reporting.v1.SeriesLayout). Existing series are
-- kept: each becomes its first version, effective on the day it was created, with an empty
-- layout.
ALTER TABLE report_series
  MODIFY title VARCHAR(300) NOT NULL,
  ADD COLUMN alliance VARCHAR(200) NOT NULL DEFAULT '' AFTER author,
  ADD COLUMN covered_force VARCHAR(200) NOT NULL DEFAULT '' AFTER alliance,
  ADD COLUMN marking VARCHAR(100) NOT NULL DEFAULT '' AFTER covered_force,
  ADD COLUMN layout MEDIUMBLOB NOT NULL DEFAULT '' AFTER marking,
  ADD COLUMN revision BIGINT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN first_effective DATE NULL,
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
UPDATE report_series SET first_effective = DATE(create_time), effective_date = DATE(create_time),
                         update_time = create_time;
ALTER TABLE report_series
  MODIFY first_effective DATE NOT NULL,
  MODIFY effective_date DATE NOT NULL;

CREATE TABLE report_series_versions (
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  title VARCHAR(300) NOT NULL,
  audience VARCHAR(200) NOT NULL,
  author VARCHAR(200) NOT NULL,
  alliance VARCHAR(200) NOT NULL,
  covered_force VARCHAR(200) NOT NULL,
  marking VARCHAR(100) NOT NULL,
  layout MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, revision),
  CONSTRAINT report_series_versions_series FOREIGN KEY (id) REFERENCES report_series (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE report_series_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  title VARCHAR(300) NOT NULL,
  audience VARCHAR(200) NOT NULL,
  author VARCHAR(200) NOT NULL,
  alliance VARCHAR(200) NOT NULL,
  covered_force VARCHAR(200) NOT NULL,
  marking VARCHAR(100) NOT NULL,
  layout MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, effective_date),
  CONSTRAINT report_series_timeline_series FOREIGN KEY (id) REFERENCES report_series (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO report_series_versions (id, revision, effective_date, recorded_at, recorded_by, mask,
                                    title, audience, author, alliance, covered_force, marking,
                                    layout)
SELECT id, revision, first_effective, update_time, 'migration', '*', title, audience, author,
       alliance, covered_force, marking, layout
FROM report_series;
INSERT INTO report_series_timeline (id, effective_date, valid_to, revision, create_time,
                                    update_time, title, audience, author, alliance,
                                    covered_force, marking, layout)
SELECT id, first_effective, '9999-12-31', revision, create_time, update_time, title, audience,
       author, alliance, covered_force, marking, layout
FROM report_series;

-- Issued reports: immutable snapshots of a composed update, numbered within their series. The
-- service only ever inserts here; `content_hash` is the SHA-256 of the canonical serialisation
-- of the row's content (see issued_report_store.h) and `previous_hash` the hash of the series'
-- previous issue, so that a row changed or removed behind the service's back breaks the chain
-- that VerifyIssuedReports walks.
CREATE TABLE issued_reports (
  series_id VARCHAR(63) NOT NULL,
  sequence BIGINT UNSIGNED NOT NULL,
  issue_date DATE NOT NULL,
  issuer VARCHAR(200) NOT NULL,
  previous_hash CHAR(64) NOT NULL,
  content_hash CHAR(64) NOT NULL,
  document MEDIUMBLOB NOT NULL,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (series_id, sequence),
  CONSTRAINT issued_reports_series FOREIGN KEY (series_id) REFERENCES report_series (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
