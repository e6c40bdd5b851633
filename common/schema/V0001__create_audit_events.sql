-- Audit events: one row per mutation, written in the mutation's own transaction.
CREATE TABLE audit_events (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  occurred_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  actor VARCHAR(200) NOT NULL,
  actor_force VARCHAR(100) NOT NULL,
  action VARCHAR(100) NOT NULL,
  resource VARCHAR(400) NOT NULL,
  change_json MEDIUMTEXT NOT NULL,
  request_id VARCHAR(100) NOT NULL,
  KEY audit_events_resource (resource(191), occurred_at),
  KEY audit_events_occurred_at (occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
