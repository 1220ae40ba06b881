-- rasad schema 7: indexes for reading at scale. Facets go from the matched articles to their
-- entities (covered: no table lookups); quotes are listed newest first; articles newest first.
CREATE INDEX entities_article_type ON entities (article_id, type, key, text);
CREATE INDEX quotes_day ON quotes (day, article_id);
