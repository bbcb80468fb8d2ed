-- Which counters an officer may sign in at (docs/SECURITY.md, "Centre:
-- officer → counters assignment"). A JSON array of counter ids; NULL is an
-- officer never assigned (every officer of a centre upgraded from an older
-- version): such an officer may still sign in at any counter, and the console
-- lists them in a warning until an admin assigns them. '[]' is assigned to no
-- counter (console-only). Supervisors and admins are not bound by it.
ALTER TABLE officers ADD COLUMN counters TEXT DEFAULT NULL;
