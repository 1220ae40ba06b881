-- rasad schema 4: what `rasad monitor` keeps between runs (feed and source state, items seen) and
-- the story links between articles (near-duplicate signatures, story membership).
CREATE TABLE feed_state (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    state TEXT NOT NULL                  -- JSON: ETag, Last-Modified (rasad.acquire.fetcher.FetchState)
);

CREATE TABLE source_state (
    name TEXT PRIMARY KEY,
    last_polled TEXT,                    -- ISO 8601, UTC
    last_success TEXT,
    last_error TEXT,
    errors INTEGER NOT NULL DEFAULT 0,   -- failed polls, all time
    failing_since TEXT,                  -- first failure of the current run of failures
    items INTEGER NOT NULL DEFAULT 0     -- new articles stored, all time
);

CREATE TABLE source_daily (
    name TEXT NOT NULL,
    day TEXT NOT NULL,
    items INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (name, day)
);

CREATE TABLE seen_items (
    url TEXT PRIMARY KEY,                -- a feed item's link, once its article is stored
    source TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL
);

CREATE TABLE article_signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    duplicate BLOB NOT NULL,             -- MinHash of text shingles (rasad.link.dedup)
    topic BLOB NOT NULL                  -- MinHash of the opening content words
);

CREATE TABLE story_members (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,           -- the id of the story's first article
    how TEXT                             -- how it relates to the first: cites, near-duplicate, both, or null
);
CREATE INDEX story_members_story ON story_members (story_id);
