-- Tickets redirected to a counter, partial (issue 20). tickets_target held
-- every ticket under (target_counter, status, arrival_at), though only a
-- waiting ticket redirected to a counter is ever looked up by it: each call
-- moved two entries (the finished ticket's and the called one's) between
-- status groups, two or three pages more to write and sync per call. A
-- redirected ticket is rare; this index holds only those waiting.
DROP INDEX IF EXISTS tickets_target;
CREATE INDEX tickets_redirected ON tickets (target_counter, arrival_at)
  WHERE status = 'waiting' AND target_counter <> '';
