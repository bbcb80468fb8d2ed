-- Webhooks (issue 17, package webhook): endpoints and their delivery log,
-- which is also the outbox. n orders the deliveries of one subject.
CREATE TABLE webhooks (
  id         TEXT PRIMARY KEY,
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,   -- HMAC-SHA256 key; the database file is 0600
  events     TEXT NOT NULL,   -- comma-separated event names
  created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  n           INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,  -- the delivery id (X-Motcua-Delivery)
  hook        TEXT NOT NULL,
  event       TEXT NOT NULL,
  subject     TEXT NOT NULL,         -- ticket:<id>, dossier:<code>, counter:<id>, centre
  payload     TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  next_at     INTEGER NOT NULL,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  done_at     INTEGER
);
CREATE INDEX webhook_pending ON webhook_deliveries (hook, subject, n) WHERE status = 'pending';
CREATE INDEX webhook_due ON webhook_deliveries (next_at) WHERE status = 'pending';
CREATE INDEX webhook_created ON webhook_deliveries (created_at);

CREATE TABLE webhook_cursor (
  name TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL
);
