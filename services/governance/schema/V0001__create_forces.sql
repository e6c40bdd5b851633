-- Forces: the territorial police forces of an alliance.
CREATE TABLE forces (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  short_name VARCHAR(100) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
