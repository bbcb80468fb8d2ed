-- Indexes every hot query can use (SQLite uses a partial index only when
-- the query's WHERE clearly implies the index's WHERE).
DROP INDEX IF EXISTS tickets_active;
DROP INDEX IF EXISTS tickets_target;
CREATE INDEX tickets_counter ON tickets (counter, status);
CREATE INDEX tickets_status ON tickets (status, called_at);
CREATE INDEX tickets_target ON tickets (target_counter, status, arrival_at);
