-- Supervisor console: who changed what (audit trail of administration and
-- supervisor actions). Append-only.
CREATE TABLE console_audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  role    TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX console_audit_at ON console_audit (at);
