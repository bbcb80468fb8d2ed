-- Daily counts of the one-time phone codes (package booking,
-- docs/CONSOLE.md "Reports"): how many were sent, used to make a booking or
-- a remote number (verified), ended unused (expired, or replaced by a newer
-- code to the same phone), and how many sends the code limits refused.
-- Counts only: no phone, no code, no address. Each event counts on the day
-- (Vietnam time) it happened.
CREATE TABLE phone_code_counts (
  day      TEXT PRIMARY KEY,              -- YYYY-MM-DD
  sent     INTEGER NOT NULL DEFAULT 0,
  verified INTEGER NOT NULL DEFAULT 0,
  expired  INTEGER NOT NULL DEFAULT 0,
  refused  INTEGER NOT NULL DEFAULT 0
);
