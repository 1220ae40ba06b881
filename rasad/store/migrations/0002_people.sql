-- rasad schema 2: a people knowledge base across articles, and quotes linked to people.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                  -- the fullest name seen
    key TEXT NOT NULL UNIQUE             -- folded name (rasad.link.people.person_key)
);

CREATE TABLE person_aliases (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (person_id, key)
);
CREATE INDEX person_aliases_key ON person_aliases (key);

CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    key TEXT NOT NULL,                   -- folded role
    first_seen TEXT,                     -- YYYY-MM-DD of the earliest article that gives it
    last_seen TEXT,
    articles INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (person_id, key)
);
CREATE INDEX person_roles_key ON person_roles (key, last_seen);

CREATE TABLE article_people (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, person_id)
);
CREATE INDEX article_people_person ON article_people (person_id);

ALTER TABLE quotes ADD COLUMN person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE quotes ADD COLUMN day TEXT;  -- the article's publication day
CREATE INDEX quotes_person ON quotes (person_id, day);

-- quote text, folded, for `rasad quotes QUERY`; rowid = quotes.rowid
CREATE VIRTUAL TABLE quotes_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 0');
