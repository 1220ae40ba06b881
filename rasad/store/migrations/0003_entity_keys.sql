-- rasad schema 3: entities get a folded key, so that search can filter and facet by them.
ALTER TABLE entities ADD COLUMN key TEXT;
CREATE INDEX entities_type_key ON entities (type, key);
