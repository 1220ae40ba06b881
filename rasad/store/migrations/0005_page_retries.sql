-- rasad schema 5: a feed item whose page could not be fetched is stored from the feed alone and
-- its page is tried again in later rounds, up to a limit.
ALTER TABLE seen_items ADD COLUMN page_ok INTEGER NOT NULL DEFAULT 1;
ALTER TABLE seen_items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
