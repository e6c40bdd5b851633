-- Collaboration areas, agreements, governance bodies, independent reviews and their
-- recommendations: children of an alliance on the kit's versioned tables
-- (common/versioned_table.h), each kept whole as a serialized body (repeated fields). A child's
-- current row has no foreign key to its parent: the kit checks that the parent exists on every
-- day a write governs (nothing is ever deleted), and a foreign key's shared lock on the parent
-- row would turn the writes that lock the alliance (the lead-force and reporting-line checks)
-- into deadlocks.

-- Collaboration areas of an alliance (lead_force: the leading force's id or '', for the check
-- that it is a member on every day).
CREATE TABLE areas (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  lead_force VARCHAR(63) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE area_versions (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  lead_force VARCHAR(63) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (alliance_id, id, revision),
  CONSTRAINT area_versions_area FOREIGN KEY (alliance_id, id) REFERENCES areas (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE area_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  lead_force VARCHAR(63) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (alliance_id, id, effective_date),
  CONSTRAINT area_timeline_area FOREIGN KEY (alliance_id, id) REFERENCES areas (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Agreements of an alliance: MoUs, section 22A agreements and collaboration service agreements.
CREATE TABLE agreements (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE agreement_versions (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id, revision),
  CONSTRAINT agreement_versions_agreement FOREIGN KEY (alliance_id, id) REFERENCES agreements (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE agreement_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id, effective_date),
  CONSTRAINT agreement_timeline_agreement FOREIGN KEY (alliance_id, id) REFERENCES agreements (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Governance bodies of an alliance (reports_to: the id of the body reported to or '', for the
-- check that reporting lines never form a cycle on any day).
CREATE TABLE bodies (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  reports_to VARCHAR(63) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE body_versions (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  reports_to VARCHAR(63) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (alliance_id, id, revision),
  CONSTRAINT body_versions_body FOREIGN KEY (alliance_id, id) REFERENCES bodies (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE body_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  reports_to VARCHAR(63) NOT NULL,
  display_order INT NOT NULL,
  PRIMARY KEY (alliance_id, id, effective_date),
  CONSTRAINT body_timeline_body FOREIGN KEY (alliance_id, id) REFERENCES bodies (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Independent reviews of an alliance.
CREATE TABLE reviews (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE review_versions (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id, revision),
  CONSTRAINT review_versions_review FOREIGN KEY (alliance_id, id) REFERENCES reviews (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE review_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id, effective_date),
  CONSTRAINT review_timeline_review FOREIGN KEY (alliance_id, id) REFERENCES reviews (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Recommendations of a review (closed and due_date mirror the body, so that open and overdue
-- ones are found in SQL).
CREATE TABLE recommendations (
  alliance_id VARCHAR(63) NOT NULL,
  review_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  display_order INT NOT NULL,
  closed TINYINT NOT NULL,
  due_date DATE NULL,
  PRIMARY KEY (alliance_id, review_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE recommendation_versions (
  alliance_id VARCHAR(63) NOT NULL,
  review_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  display_order INT NOT NULL,
  closed TINYINT NOT NULL,
  due_date DATE NULL,
  PRIMARY KEY (alliance_id, review_id, id, revision),
  CONSTRAINT recommendation_versions_recommendation FOREIGN KEY (alliance_id, review_id, id) REFERENCES recommendations (alliance_id, review_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE recommendation_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  review_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  display_order INT NOT NULL,
  closed TINYINT NOT NULL,
  due_date DATE NULL,
  PRIMARY KEY (alliance_id, review_id, id, effective_date),
  CONSTRAINT recommendation_timeline_recommendation FOREIGN KEY (alliance_id, review_id, id) REFERENCES recommendations (alliance_id, review_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
