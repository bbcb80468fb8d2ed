-- Notifications to citizens (issue 17, package notify). Every message is a
-- row of notify_outbox, written in the transaction that made the fact it
-- tells of (a booking) or that advanced the cursor over it (calls, results),
-- so none is lost or made twice across a crash. The contact (phone, e-mail)
-- is kept in clear only while the message is pending: it is blanked when the
-- message is sent, given up or expired; the row itself (masked contact,
-- status) is deleted after keep_days (docs/SECURITY.md, Notifications).
CREATE TABLE notify_outbox (
  id           TEXT PRIMARY KEY,          -- message id: kind:subject, the de-duplication key
  kind         TEXT NOT NULL,             -- booked, reminder, away, called, result
  channel      TEXT NOT NULL,             -- phone, email
  contact      TEXT NOT NULL DEFAULT '',  -- in clear while pending, '' after
  contact_mask TEXT NOT NULL DEFAULT '',
  subject      TEXT NOT NULL DEFAULT '',  -- booking:<code hash>, ticket:<id>, dossier:<code>
  params       TEXT NOT NULL DEFAULT '{}',-- the message's fields (JSON), '{}' after
  status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'expired')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      INTEGER NOT NULL,          -- not before (claimed attempts move it forward)
  expires_at   INTEGER NOT NULL,          -- useless after: expired, contact blanked
  last_error   TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  done_at      INTEGER
);
CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE status = 'pending';
CREATE INDEX notify_outbox_created ON notify_outbox (created_at);

-- Who wants news of a ticket: a booking's phone until its ticket is known,
-- then the ticket. Deleted after the day.
CREATE TABLE notify_watch (
  subject      TEXT PRIMARY KEY,          -- booking:<code hash> or ticket:<id>
  channel      TEXT NOT NULL,
  contact      TEXT NOT NULL,
  contact_mask TEXT NOT NULL,
  ticket       TEXT NOT NULL DEFAULT '',
  day          TEXT NOT NULL,
  away_sent    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_watch_ticket ON notify_watch (ticket) WHERE ticket <> '';

-- Where the producers stand in the event logs (events.seq, dossier_events.id).
CREATE TABLE notify_cursor (
  name TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL
);
