-- Report series: recurring papers with one audience and author.
CREATE TABLE report_series (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  audience VARCHAR(200) NOT NULL DEFAULT '',
  author VARCHAR(200) NOT NULL DEFAULT '',
  create_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
