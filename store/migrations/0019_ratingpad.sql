-- The counter rating pad (issue 19): a rating pad device is bound to one
-- counter at enrolment, and a rating records the officer it rates (the
-- officer who finished the ticket; the citizen stays anonymous).
CREATE TABLE ratingpad_counters (
  device  TEXT PRIMARY KEY,
  counter TEXT NOT NULL
);
ALTER TABLE ratings ADD COLUMN officer TEXT NOT NULL DEFAULT '';
ALTER TABLE ratings ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX ratings_at ON ratings (at);
-- The pad finds the last ticket finished at its counter.
CREATE INDEX tickets_counter_done ON tickets (counter, finished_at) WHERE status = 'done';
