-- rasad PostgreSQL schema 10: the planner's statistics of `postings.term` keep the 5,000 commonest
-- terms (PostgreSQL's default keeps 100). A search of two common words joins their postings; how
-- many each has decides between a merge of the two lists (already in id order in the key) and a
-- hash of one of them. With 100 most common values sampled from hundreds of millions of rows, a
-- word held by 100,000 articles was estimated at 12,000, and the hash chosen cost twice the merge
-- (`وزیر کشور` at 500,000 articles: the window's statement 137 -> 69 ms; docs/benchmarks.md,
-- "PostgreSQL: the planner's statistics of postings"). ANALYZE then samples 1.5 million rows,
-- whatever the size of the table (~40 s at 500,000 articles).
ALTER TABLE postings ALTER COLUMN term SET STATISTICS 5000;
ANALYZE postings;
