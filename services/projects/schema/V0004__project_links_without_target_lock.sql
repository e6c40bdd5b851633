-- A link's target is checked by the projects store while it holds the link table's lock (and
-- projects are never deleted); a foreign key on it made every new link take a shared lock on the
-- target project's row, which deadlocked with a concurrent write of that project waiting for the
-- link table.
ALTER TABLE project_links DROP FOREIGN KEY project_links_target;
