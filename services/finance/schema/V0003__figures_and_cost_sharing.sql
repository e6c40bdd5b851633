-- Figures and cost-sharing agreements, both versioned resources on the kit
-- (common/versioned_table.h): a current row each, the append-only versions (a figure's
-- revisions) and the timeline of periods for reads as of a day. Measures gain `share_of`.

ALTER TABLE measures ADD COLUMN share_of VARCHAR(80) NOT NULL DEFAULT '' AFTER unit;
ALTER TABLE measure_versions ADD COLUMN share_of VARCHAR(80) NOT NULL DEFAULT '' AFTER unit;
ALTER TABLE measure_timeline ADD COLUMN share_of VARCHAR(80) NOT NULL DEFAULT '' AFTER unit;

-- A figure is identified by owner (forces/x or alliances/x), measure, period (first and last
-- financial year), basis (bch.finance.v1.Basis) and scope ('' for the owner as a whole). The body
-- is the serialized bch.finance.v1.Figure; amount_pence mirrors its amount for sums in SQL.
CREATE TABLE figures (
  owner VARCHAR(80) NOT NULL,
  measure_id VARCHAR(63) NOT NULL,
  first_year SMALLINT NOT NULL,
  last_year SMALLINT NOT NULL,
  basis TINYINT NOT NULL,
  scope VARCHAR(80) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  amount_pence BIGINT NOT NULL,
  PRIMARY KEY (owner, measure_id, first_year, last_year, basis, scope),
  CONSTRAINT figures_measure FOREIGN KEY (measure_id) REFERENCES measures (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE figure_versions (
  owner VARCHAR(80) NOT NULL,
  measure_id VARCHAR(63) NOT NULL,
  first_year SMALLINT NOT NULL,
  last_year SMALLINT NOT NULL,
  basis TINYINT NOT NULL,
  scope VARCHAR(80) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  amount_pence BIGINT NOT NULL,
  PRIMARY KEY (owner, measure_id, first_year, last_year, basis, scope, revision)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE figure_timeline (
  owner VARCHAR(80) NOT NULL,
  measure_id VARCHAR(63) NOT NULL,
  first_year SMALLINT NOT NULL,
  last_year SMALLINT NOT NULL,
  basis TINYINT NOT NULL,
  scope VARCHAR(80) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  amount_pence BIGINT NOT NULL,
  PRIMARY KEY (owner, measure_id, first_year, last_year, basis, scope, effective_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Cost-sharing agreements: the body is the serialized bch.finance.v1.CostSharingAgreement.
CREATE TABLE cost_sharing_agreements (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  revision BIGINT UNSIGNED NOT NULL,
  first_effective DATE NOT NULL,
  effective_date DATE NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cost_sharing_agreement_versions (
  id VARCHAR(63) NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  effective_date DATE NOT NULL,
  recorded_at TIMESTAMP(6) NOT NULL,
  recorded_by VARCHAR(200) NOT NULL,
  mask VARCHAR(1000) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, revision),
  CONSTRAINT cost_sharing_agreement_versions_agreement FOREIGN KEY (id)
    REFERENCES cost_sharing_agreements (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE cost_sharing_agreement_timeline (
  id VARCHAR(63) NOT NULL,
  effective_date DATE NOT NULL,
  valid_to DATE NOT NULL,
  revision BIGINT UNSIGNED NOT NULL,
  create_time TIMESTAMP(6) NOT NULL,
  update_time TIMESTAMP(6) NOT NULL,
  body MEDIUMBLOB NOT NULL,
  PRIMARY KEY (id, effective_date),
  CONSTRAINT cost_sharing_agreement_timeline_agreement FOREIGN KEY (id)
    REFERENCES cost_sharing_agreements (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
