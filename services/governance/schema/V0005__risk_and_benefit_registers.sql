-- The risk and benefit registers of an alliance (RiskService, BenefitService): children of an
-- alliance on the kit's versioned tables (common/versioned_table.h), each kept whole as a
-- serialized body, without a foreign key to the alliance (see V0004: the kit checks the parent on
-- every day a write governs, under the parent row's lock).

-- Risks (level, the scores, closed and next_review_date mirror the body, so that a list filters
-- and a summary counts and ranks open risks without reading bodies).
CREATE TABLE risks (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  level TINYINT NOT NULL,
  inherent_score TINYINT NOT NULL,
  residual_score TINYINT NOT NULL,
  closed TINYINT NOT NULL,
  next_review_date DATE NULL,
  PRIMARY KEY (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE risk_versions (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  level TINYINT NOT NULL,
  inherent_score TINYINT NOT NULL,
  residual_score TINYINT NOT NULL,
  closed TINYINT NOT NULL,
  next_review_date DATE NULL,
  PRIMARY KEY (alliance_id, id, revision),
  CONSTRAINT risk_versions_risk FOREIGN KEY (alliance_id, id) REFERENCES risks (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE risk_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  level TINYINT NOT NULL,
  inherent_score TINYINT NOT NULL,
  residual_score TINYINT NOT NULL,
  closed TINYINT NOT NULL,
  next_review_date DATE NULL,
  PRIMARY KEY (alliance_id, id, effective_date),
  -- Covers the summary's count of open risks by level and score as of a day: no body is read.
  KEY risk_timeline_open (alliance_id, closed, valid_to, effective_date, level, residual_score,
                          next_review_date),
  CONSTRAINT risk_timeline_risk FOREIGN KEY (alliance_id, id) REFERENCES risks (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Benefits (stage dates, values and realisations in the body; trackers read whole bodies).
CREATE TABLE benefits (
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

CREATE TABLE benefit_versions (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id, revision),
  CONSTRAINT benefit_versions_benefit FOREIGN KEY (alliance_id, id) REFERENCES benefits (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE benefit_timeline (
  alliance_id VARCHAR(63) NOT NULL,
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (alliance_id, id, effective_date),
  CONSTRAINT benefit_timeline_benefit FOREIGN KEY (alliance_id, id) REFERENCES benefits (alliance_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
