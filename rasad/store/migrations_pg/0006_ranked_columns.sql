-- rasad PostgreSQL schema 6: indexes for the search window (rasad.store.postgres_window), which
-- finds a search's matches from `postings` and ranks the newest of them by id.
-- What the ranking reads of each article (its length, day and agency) kept beside its id: the
-- window's articles read by an index-only scan instead of a visit to each one's row in the table.
CREATE INDEX articles_ranked ON articles (id) INCLUDE (length, published_day, agency_id);
-- An agency's articles in id order, with their day: an agency filter (and a day range with it)
-- met by an index-only scan merged with the words' postings, not a visit to each article's row.
CREATE INDEX articles_agency_id ON articles (agency_id, id) INCLUDE (published_day);
