-- rasad schema 11: reprocessing runs (`rasad reprocess`) and how far each got, partition by
-- partition, so that a run killed midway resumes at its first partition not written back.
CREATE TABLE reprocess_runs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX reprocess_runs_key ON reprocess_runs (key, finished_at);
CREATE TABLE reprocess_partitions (
    run_id INTEGER NOT NULL REFERENCES reprocess_runs (id) ON DELETE CASCADE,
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    done_at TEXT,
    counts TEXT NOT NULL DEFAULT '{}',
    relink TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, first_id)
);
