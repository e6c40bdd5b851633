-- Request ids of creates (AIP-155): a retried create finds the resource its first attempt made.
CREATE TABLE idempotency_keys (
  request_id VARCHAR(100) NOT NULL,
  method VARCHAR(100) NOT NULL,
  request_hash CHAR(64) NOT NULL,
  resource VARCHAR(400) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (method, request_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
