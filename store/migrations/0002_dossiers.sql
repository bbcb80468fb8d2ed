-- Dossiers (hồ sơ). The whole dossier is a JSON document (the dossier
-- package's model); the columns are what lookups and lists filter on.
CREATE TABLE dossiers (
  code           TEXT PRIMARY KEY,
  agency         TEXT NOT NULL,
  day            TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  procedure_code TEXT NOT NULL,
  status         INTEGER NOT NULL,
  applicant_key  TEXT NOT NULL DEFAULT '', -- SHA-256 of the applicant's ID number, never the number
  ticket         TEXT NOT NULL DEFAULT '',
  counter        TEXT NOT NULL DEFAULT '',
  officer        TEXT NOT NULL DEFAULT '',
  received_at    INTEGER NOT NULL,
  appointment_at INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  doc            TEXT NOT NULL,
  UNIQUE (agency, day, seq)
);
CREATE INDEX dossiers_status ON dossiers (status, appointment_at);
CREATE INDEX dossiers_applicant ON dossiers (applicant_key) WHERE applicant_key <> '';
CREATE INDEX dossiers_day ON dossiers (day);

-- Sequence of dossier codes per agency per day (Circular 01/2018 Art. 19).
CREATE TABLE dossier_seq (
  agency TEXT NOT NULL,
  day    TEXT NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (agency, day)
) WITHOUT ROWID;

-- Append-only history of each dossier. Kept apart from the queue events:
-- these carry personal data and are never pushed to boards.
CREATE TABLE dossier_events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  code    TEXT NOT NULL REFERENCES dossiers (code),
  at      INTEGER NOT NULL,
  kind    TEXT NOT NULL,
  officer TEXT NOT NULL DEFAULT '',
  status  INTEGER NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX dossier_events_code ON dossier_events (code, id);

-- One rating per ticket or dossier.
CREATE TABLE ratings (
  id         TEXT PRIMARY KEY,
  subject    TEXT NOT NULL UNIQUE, -- 'ticket:<id>' or 'dossier:<code>'
  at         INTEGER NOT NULL,
  counter    TEXT NOT NULL DEFAULT '',
  service    TEXT NOT NULL DEFAULT '',
  level      INTEGER NOT NULL,
  doc        TEXT NOT NULL
);
