-- Measures: what a finance figure counts (spend on collaboration, savings from collaboration, ...).
CREATE TABLE measures (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  description VARCHAR(2000) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
