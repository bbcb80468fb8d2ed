-- One-time codes that verify a phone before a booking or a remote number
-- (package booking, docs/SECURITY.md "Centre: online bookings"). The code
-- itself is never stored: only its HMAC under the booking key, bound to the
-- code id the page holds (stored as its SHA-256). A row lives 5 minutes;
-- expired rows are deleted at every send and every hour.
CREATE TABLE phone_codes (
  id_hash    TEXT PRIMARY KEY,            -- SHA-256 of the code id given to the page
  phone_hmac TEXT NOT NULL,               -- the phone, as the bookings key it
  code_mac   TEXT NOT NULL,               -- HMAC(booking key, id, code)
  attempts   INTEGER NOT NULL DEFAULT 0,  -- tries claimed (a right code gives its try back)
  used_at    INTEGER NOT NULL DEFAULT 0,  -- set in the write that makes the booking or number
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX phone_codes_phone ON phone_codes (phone_hmac, created_at);
CREATE INDEX phone_codes_expires ON phone_codes (expires_at);
