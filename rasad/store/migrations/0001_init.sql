-- rasad schema 1: articles with their enrichments, and a full-text index over folded text.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT UNIQUE,
    text_hash TEXT NOT NULL UNIQUE,      -- sha1 of the folded title and body: same text, same article
    file TEXT,
    title TEXT NOT NULL,
    kicker TEXT,
    lead TEXT,
    body TEXT NOT NULL,
    agency_id TEXT,
    agency_name TEXT,
    published TEXT,                      -- ISO 8601 with offset
    published_day TEXT,                  -- YYYY-MM-DD, for date filters
    dateline TEXT,
    news_id TEXT,
    record TEXT NOT NULL,                -- the article's JSON record (docs/architecture.md)
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_agency_day ON articles (agency_id, published_day);
CREATE INDEX articles_day ON articles (published_day);

-- title and body in folded form (rasad.text.normalize.fold); rowid = articles.id
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE entities (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    text TEXT NOT NULL, type TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX entities_article ON entities (article_id);
CREATE INDEX entities_type_text ON entities (type, text);

CREATE TABLE persons (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name TEXT NOT NULL, roles TEXT NOT NULL   -- roles: JSON list
);
CREATE INDEX persons_article ON persons (article_id);
CREATE INDEX persons_name ON persons (name);

CREATE TABLE quotes (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker TEXT, mention TEXT, verb TEXT, kind TEXT, text TEXT NOT NULL,
    start INTEGER, "end" INTEGER
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_speaker ON quotes (speaker);

CREATE TABLE cited_sources (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source TEXT NOT NULL
);
CREATE INDEX cited_sources_article ON cited_sources (article_id);
