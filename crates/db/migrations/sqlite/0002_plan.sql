-- Strategy as data: plans with their revisions, the activity log, roadmap statuses, manual
-- indicator figures, and the annual member survey.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    code TEXT NOT NULL,
    revision INTEGER NOT NULL,
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (cluster_id, code)
);

CREATE TABLE plan_revisions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    revision INTEGER NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL,
    imported_by INTEGER REFERENCES users(id),
    imported_at TEXT NOT NULL,
    UNIQUE (plan_id, revision)
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    kind TEXT NOT NULL,
    subtype TEXT,
    scope TEXT,
    counterpart TEXT,
    external BOOLEAN NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    place TEXT,
    attendees INTEGER NOT NULL DEFAULT 0,
    amount_cents INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX activities_cluster_date ON activities (cluster_id, starts_on);

CREATE TABLE activity_links (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    item TEXT NOT NULL,
    PRIMARY KEY (activity_id, item)
);

CREATE TABLE activity_organisations (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (activity_id, organisation_id)
);

CREATE TABLE activity_people (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (activity_id, person_id)
);

CREATE TABLE action_statuses (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    plan_code TEXT NOT NULL,
    action TEXT NOT NULL,
    col TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (cluster_id, plan_code, action, col)
);

CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    plan_code TEXT NOT NULL,
    indicator TEXT NOT NULL,
    year INTEGER NOT NULL,
    value REAL NOT NULL,
    source TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    evidence_name TEXT,
    evidence_type TEXT,
    evidence BLOB,
    entered_by INTEGER REFERENCES users(id),
    entered_at TEXT NOT NULL,
    UNIQUE (cluster_id, plan_code, indicator, year)
);

CREATE TABLE survey_campaigns (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    year INTEGER NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    closed BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (cluster_id, year)
);

CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    employment REAL,
    revenue REAL,
    exports REAL,
    rd_investment REAL,
    new_funding REAL,
    satisfaction REAL,
    needs TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    submitted_by INTEGER REFERENCES users(id),
    submitted_at TEXT NOT NULL,
    UNIQUE (campaign_id, organisation_id)
);

CREATE TABLE survey_reminders (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL,
    sent_at TEXT NOT NULL
);

-- Bumped by every write that changes what indicators are computed from, so each server node
-- knows when its in-memory scorecard is stale.
CREATE TABLE facts_versions (
    cluster_id INTEGER PRIMARY KEY REFERENCES clusters(id),
    version INTEGER NOT NULL
);
