-- rasad schema 6: quotes get a real id (they were keyed by the implicit rowid), and each stored
-- record carries its full publication time as `published_at` (the `published` field is the day).
ALTER TABLE quotes RENAME TO quotes_old;
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,              -- also the rowid of quotes_fts
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker TEXT, mention TEXT, verb TEXT, kind TEXT, text TEXT NOT NULL,
    start INTEGER, "end" INTEGER,
    person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    day TEXT                             -- the article's publication day
);
INSERT INTO quotes (id, article_id, speaker, mention, verb, kind, text, start, "end", person_id, day)
    SELECT rowid, article_id, speaker, mention, verb, kind, text, start, "end", person_id, day FROM quotes_old;
DROP TABLE quotes_old;
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_speaker ON quotes (speaker);
CREATE INDEX quotes_person ON quotes (person_id, day);

UPDATE articles SET record = json_set(record, '$.published_at', published)
    WHERE published IS NOT NULL AND json_extract(record, '$.published_at') IS NULL;
