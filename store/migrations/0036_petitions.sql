-- Questions and petitions (hỏi đáp, phản ánh kiến nghị) left by citizens at
-- the kiosk or on the phone page; package petition owns this table.
CREATE TABLE petitions (
  id          TEXT PRIMARY KEY,          -- random, also HOIDAPID on the portal
  kind        TEXT NOT NULL,             -- hoi (question) or pakn (petition)
  topic       TEXT NOT NULL,             -- a sector id of the centre, or "khac"
  body        TEXT NOT NULL,
  contact     TEXT NOT NULL DEFAULT '',  -- never shown publicly, never sent to the portal
  source      TEXT NOT NULL,             -- kiosk device id, or "web"
  created_at  INTEGER NOT NULL,
  status      TEXT NOT NULL,             -- new, assigned, answered
  assignee    TEXT NOT NULL DEFAULT '',
  answer      TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT '',  -- officer's full name
  answered_at INTEGER,
  public      INTEGER NOT NULL DEFAULT 0,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX petitions_created ON petitions (created_at);
CREATE INDEX petitions_public ON petitions (public, answered_at);
