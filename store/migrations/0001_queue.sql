-- Queue: tickets, numbering, counters, the event log, auth, outbox.
CREATE TABLE tickets (
  id             TEXT PRIMARY KEY,
  day            TEXT NOT NULL,
  prefix         TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  number         TEXT NOT NULL,
  service        TEXT NOT NULL,
  priority       TEXT NOT NULL DEFAULT '',
  pri            INTEGER NOT NULL DEFAULT 0,
  appointment_at INTEGER,
  status         TEXT NOT NULL,
  issued_at      INTEGER NOT NULL,
  arrival_at     INTEGER NOT NULL,
  called_at      INTEGER,
  started_at     INTEGER,
  finished_at    INTEGER,
  counter        TEXT NOT NULL DEFAULT '',
  officer        TEXT NOT NULL DEFAULT '',
  recalls        INTEGER NOT NULL DEFAULT 0,
  target_counter TEXT NOT NULL DEFAULT '',
  device         TEXT NOT NULL DEFAULT '',
  UNIQUE (day, prefix, seq)
);
-- The policy needs only the oldest waiting ticket of each (service, class).
CREATE INDEX tickets_wait ON tickets (service, pri, arrival_at, seq)
  WHERE status = 'waiting' AND target_counter = '' AND appointment_at IS NULL;
CREATE INDEX tickets_appt ON tickets (appointment_at)
  WHERE status = 'waiting' AND appointment_at IS NOT NULL;
CREATE INDEX tickets_target ON tickets (target_counter, arrival_at)
  WHERE status = 'waiting' AND target_counter <> '';
CREATE INDEX tickets_active ON tickets (counter, status)
  WHERE status IN ('called', 'serving', 'parked');
CREATE INDEX tickets_day ON tickets (day, status);

-- Last number issued per (day, prefix): the day is in the key, so numbering
-- resets daily without a cron job and is never reused within a day.
CREATE TABLE ticket_seq (
  day    TEXT NOT NULL,
  prefix TEXT NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (day, prefix)
) WITHOUT ROWID;

-- Waiting count per service, kept in the same transactions as the tickets.
CREATE TABLE waiting (
  service TEXT PRIMARY KEY,
  n       INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;

CREATE TABLE counter_state (
  id                   TEXT PRIMARY KEY,
  status               TEXT NOT NULL DEFAULT 'closed',
  reason               TEXT NOT NULL DEFAULT '',
  officer              TEXT NOT NULL DEFAULT '',
  consecutive_priority INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL DEFAULT 0
);

-- Append-only. seq is the WebSocket sequence number.
CREATE TABLE events (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  day     TEXT NOT NULL,
  kind    TEXT NOT NULL,
  ticket  TEXT NOT NULL DEFAULT '',
  counter TEXT NOT NULL DEFAULT '',
  officer TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL
);
CREATE INDEX events_day ON events (day, kind);
CREATE INDEX events_ticket ON events (ticket) WHERE ticket <> '';

CREATE TABLE officers (
  username      TEXT PRIMARY KEY,
  full_name     TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
  disabled      INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE devices (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('kiosk', 'display', 'counter')),
  token_hash TEXT NOT NULL UNIQUE,
  revoked    INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL DEFAULT 0,
  state      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  username   TEXT NOT NULL REFERENCES officers (username) ON DELETE CASCADE,
  counter    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Transactional outbox for the portal: one row per QCVN 120 packet item,
-- written in the transaction that made the change. key orders per dossier.
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  service    TEXT NOT NULL,
  key        TEXT NOT NULL,
  version    INTEGER NOT NULL,
  payload    TEXT NOT NULL
);
CREATE INDEX outbox_key ON outbox (key, id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
