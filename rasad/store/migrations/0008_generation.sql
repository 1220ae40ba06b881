-- rasad schema 8: a generation number, raised by every write that changes articles or their
-- entities, so that a reader can keep what it computed (facet counts) until the next such write;
-- and a random number naming this database (another file at the same path is another database).
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('generation', 0), ('instance', abs(random()));
