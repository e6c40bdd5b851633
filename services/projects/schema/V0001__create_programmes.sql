-- Programmes: the groupings of the update table, each led by one force.
CREATE TABLE programmes (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  lead_force VARCHAR(100) NOT NULL,
  display_order INT NOT NULL DEFAULT 0,
  revision BIGINT UNSIGNED NOT NULL DEFAULT 1,
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  update_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY programmes_display_order (display_order, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
