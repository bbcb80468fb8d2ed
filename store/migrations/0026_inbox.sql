-- Inbound items pulled from the portal by the sync agent (docs/SYNC.md,
-- "Inbound"): online submissions addressed to this centre, later dossiers
-- forwarded by other centres. portal_id is the portal's id of the item, so
-- a second delivery of the same item is ignored.
CREATE TABLE inbox (
  id           INTEGER PRIMARY KEY,
  portal_id    TEXT NOT NULL UNIQUE,
  agency       TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  doc          TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  pulled_at    INTEGER NOT NULL,
  status       TEXT NOT NULL DEFAULT 'new', -- new | accepted | returned
  dossier_code TEXT NOT NULL DEFAULT '',
  reason       TEXT NOT NULL DEFAULT '',
  decided_by   TEXT NOT NULL DEFAULT '',
  decided_at   INTEGER NOT NULL DEFAULT 0,
  reported     INTEGER NOT NULL DEFAULT 0  -- 1: the decision reached the portal
);
CREATE INDEX inbox_unreported ON inbox (reported, status) WHERE reported = 0 AND status <> 'new';
CREATE INDEX inbox_status ON inbox (status, id);
-- The agent's position in each agency's portal sequence (written in the
-- same transaction as the items) and the last position the portal
-- acknowledged receiving.
CREATE TABLE inbox_cursor (
  agency     TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL,
  acked      INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
