-- rasad schema 10: watches (what to match, where to deliver), the alerts they recorded (one per
-- watch and article, whatever re-ingests or crashes), the outbox of deliveries the alerts owe (a
-- process claims a row, sends, marks it sent), and the accounts of the web app's writers.
CREATE TABLE watches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,                  -- JSON: rasad.store.watch_values.WatchSpec
    secret TEXT NOT NULL,                -- the webhook's HMAC-SHA256 key
    feed_token TEXT NOT NULL UNIQUE,     -- the Atom feed's unguessable path part
    owner TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    watch_id INTEGER NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    quote TEXT,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (watch_id, article_id)
);
CREATE INDEX alerts_by_time ON alerts (created_at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    watch_id INTEGER NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,               -- webhook, email
    target TEXT NOT NULL,                -- the URL or the address
    state TEXT NOT NULL DEFAULT 'pending',  -- pending, sending, sent, failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try TEXT NOT NULL,              -- ISO 8601 UTC: due from then (a digest: the end of its hour or day)
    claimed_until TEXT,                  -- a claim's lease: after it another process may take the row
    last_error TEXT,
    sent_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (alert_id, channel)
);
CREATE INDEX outbox_due ON outbox (state, next_try);
CREATE INDEX outbox_by_watch ON outbox (watch_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,         -- argon2id
    created_at TEXT NOT NULL
);

INSERT INTO meta (key, value) VALUES ('watch_generation', 0);
