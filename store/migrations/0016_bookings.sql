-- Online appointments (issue 17, package booking). The booking code is kept
-- only as its SHA-256; the phone and CCCD only as HMACs under the centre's
-- booking key (caps per person) and the phone masked for display.
CREATE TABLE bookings (
  code_hash  TEXT PRIMARY KEY,
  service    TEXT NOT NULL,
  sector     TEXT NOT NULL,
  day        TEXT NOT NULL,
  slot_start INTEGER NOT NULL,
  slot_end   INTEGER NOT NULL,
  phone_hmac TEXT NOT NULL,
  phone_mask TEXT NOT NULL,
  cccd_hmac  TEXT NOT NULL DEFAULT '',
  status     TEXT NOT NULL CHECK (status IN ('booked', 'checking_in', 'checked_in', 'cancelled')),
  late       INTEGER NOT NULL DEFAULT 0,
  ticket_id  TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX bookings_slot ON bookings (service, slot_start);
CREATE INDEX bookings_phone ON bookings (day, phone_hmac);
CREATE INDEX bookings_cccd ON bookings (day, cccd_hmac);
