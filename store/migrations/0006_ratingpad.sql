-- A device may be enrolled as a rating pad (issue 13): the only device kind
-- besides the kiosk that may submit ratings. SQLite cannot change a CHECK
-- constraint, so the table is rebuilt with its rows.
CREATE TABLE devices_new (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('kiosk', 'display', 'counter', 'ratingpad')),
  token_hash TEXT NOT NULL UNIQUE,
  revoked    INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL DEFAULT 0,
  state      TEXT NOT NULL DEFAULT ''
);
INSERT INTO devices_new (id, name, role, token_hash, revoked, created_at, last_seen, state)
  SELECT id, name, role, token_hash, revoked, created_at, last_seen, state FROM devices;
DROP TABLE devices;
ALTER TABLE devices_new RENAME TO devices;
