-- Sync agent state, in the centre database so a backup carries it.
CREATE TABLE sync_cursor (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  outbox_id  INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Items the portal rejected (poison) and the later items of the same key
-- held behind them; an operator releases or drops them.
CREATE TABLE sync_parked (
  outbox_id INTEGER PRIMARY KEY,
  key       TEXT NOT NULL,
  service   TEXT NOT NULL,
  error     TEXT NOT NULL,
  blocked   INTEGER NOT NULL DEFAULT 0, -- 1: held only because an earlier item of its key is parked
  at        INTEGER NOT NULL
);
CREATE INDEX sync_parked_key ON sync_parked (key);
-- Procedure catalogue pulled from the portal (LayThuTuc); the embedded seed
-- is used for codes not here.
CREATE TABLE procedures (
  code       TEXT PRIMARY KEY,
  doc        TEXT NOT NULL,
  source     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
