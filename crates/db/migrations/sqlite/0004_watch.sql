-- Opportunity and tender watch: opportunities (EU eForms notices and what staff enter or import
-- from feeds), alert profiles, matches, the surveillance bulletin.

-- eForms notices are public data: no cluster, one row per notice identifier (a change notice
-- updates its row). Other opportunities belong to the cluster that entered them and stay
-- private unless `shared`.
CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER REFERENCES clusters(id),
    shared BOOLEAN NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    source_key TEXT NOT NULL,
    -- Issue date and version ("2024-03-01/02"): a re-import applies only what is newer.
    revision TEXT,
    kind TEXT NOT NULL,
    -- JSON objects language → text
    title TEXT NOT NULL DEFAULT '{}',
    summary TEXT NOT NULL DEFAULT '{}',
    buyer TEXT,
    buyer_country TEXT,
    -- Space-separated codes: CPV (8 digits) and NUTS (buyer and places of performance).
    cpv TEXT NOT NULL DEFAULT '',
    nuts TEXT NOT NULL DEFAULT '',
    value_cents BIGINT,
    currency TEXT,
    deadline TEXT,
    published_on TEXT,
    innovation BOOLEAN NOT NULL DEFAULT 0,
    url TEXT,
    -- The parsed eForms notice (JSON), for the detail page.
    notice TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX opportunities_source ON opportunities (COALESCE(cluster_id, 0), source, source_key);
CREATE INDEX opportunities_cluster ON opportunities (cluster_id, updated_at);

CREATE TABLE alert_profiles (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    -- Space-separated prefixes; keywords as a JSON array (they may contain spaces).
    cpv TEXT NOT NULL DEFAULT '',
    nuts TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',
    min_value BIGINT,
    max_value BIGINT,
    kinds TEXT NOT NULL DEFAULT '',
    innovation_only BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Removed profiles are archived, not deleted: their matches and feedback stay.
    archived_at TEXT
);
CREATE INDEX alert_profiles_member ON alert_profiles (cluster_id, organisation_id);

-- One row per (profile, opportunity) that matched, with why.
CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    profile_id INTEGER NOT NULL REFERENCES alert_profiles(id),
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id),
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    -- new | saved | dismissed
    state TEXT NOT NULL DEFAULT 'new',
    state_by INTEGER REFERENCES users(id),
    state_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (profile_id, opportunity_id)
);
CREATE INDEX matches_member ON matches (cluster_id, organisation_id, created_at);
CREATE INDEX matches_opportunity ON matches (opportunity_id);

-- "Not relevant" and other verdicts, kept so profiles can be tuned on evidence.
CREATE TABLE match_feedback (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES matches(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- A match passed to a colleague of the same organisation.
CREATE TABLE match_shares (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES matches(id),
    from_user INTEGER NOT NULL REFERENCES users(id),
    to_user INTEGER NOT NULL REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX match_shares_to ON match_shares (to_user);

-- Bulletin settings per member user and cluster. The token signs the unsubscribe link and the
-- Atom and iCalendar feed URLs (readers cannot send cookies).
CREATE TABLE watch_subscriptions (
    user_id INTEGER NOT NULL REFERENCES users(id),
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    -- weekly | daily | off
    frequency TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, cluster_id)
);

-- Staff-composed cluster bulletins (editorial items on top of the best matches per segment).
CREATE TABLE bulletins (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    -- JSON array of editorial items {title, body, url}
    items TEXT NOT NULL DEFAULT '[]',
    -- draft | sent
    status TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    sent_at TEXT
);

-- Every bulletin e-mail, planned before any is sent. `run_key` names the run ("digest:2026-W48",
-- "bulletin:7"), one per recipient and cluster; a rerun after a crash finds the rows already planned and sends only those still
-- `pending`. A row is marked `sending` (committed) before the SMTP call, so a crash between the
-- send and the `sent` mark can lose one message but never send it twice.
CREATE TABLE bulletin_deliveries (
    id INTEGER PRIMARY KEY,
    run_key TEXT NOT NULL,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    organisation_id INTEGER REFERENCES organisations(id),
    -- JSON array of match ids the message carries
    matches TEXT NOT NULL DEFAULT '[]',
    -- pending | sending | sent | failed
    status TEXT NOT NULL,
    error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (run_key, cluster_id, user_id)
);
CREATE INDEX bulletin_deliveries_status ON bulletin_deliveries (status);
