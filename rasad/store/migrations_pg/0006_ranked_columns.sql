-- rasad PostgreSQL schema 6: a search by relevance ranks the newest matches of its window by id
-- (rasad.store.postgres_window); what the ranking reads of each article (its length, day and
-- agency) is kept beside its id in an index, so the window's articles are read by an index-only
-- scan instead of a visit to each one's row in the table (~3 µs an article, and a read from disk
-- when the archive is larger than memory).
CREATE INDEX articles_ranked ON articles (id) INCLUDE (length, published_day, agency_id);
