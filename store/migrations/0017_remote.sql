-- Remote numbers (issue 17, package booking, /lay-so): a queue ticket taken
-- from a phone. The ticket itself is an ordinary row of tickets (device
-- 'remote'); this row holds what the caps per person and the grace need: the
-- phone and CCCD only as HMACs under the booking key, forgotten after the day.
-- A row is first a claim ('claiming', ticket_id = '') taken with the caps
-- checked, then the issued ticket.
CREATE TABLE remote_tickets (
  id            TEXT PRIMARY KEY,
  ticket_id     TEXT NOT NULL DEFAULT '',
  service       TEXT NOT NULL,
  sector        TEXT NOT NULL,
  day           TEXT NOT NULL,
  phone_hmac    TEXT NOT NULL,
  cccd_hmac     TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL CHECK (status IN ('claiming', 'issued')),
  grace_used_at INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE INDEX remote_tickets_ticket ON remote_tickets (ticket_id);
CREATE INDEX remote_tickets_phone ON remote_tickets (day, phone_hmac);
CREATE INDEX remote_tickets_cccd ON remote_tickets (day, cccd_hmac);

-- The supervisor's booking settings from the console (one JSON document),
-- laid over the [booking] section of the TOML file.
CREATE TABLE booking_settings (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  doc        TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
