-- Core membership schema. Timestamps are ISO 8601 UTC text and dates YYYY-MM-DD text in both
-- databases, so the same SQL sorts and compares them the same way.
CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    default_locale TEXT NOT NULL,
    locales TEXT NOT NULL,
    territories TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);

CREATE TABLE typologies (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    has_vote INTEGER NOT NULL,
    fee_class TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (cluster_id, code)
);

CREATE TABLE subsectors (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (cluster_id, code)
);

CREATE TABLE value_chains (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (cluster_id, code)
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    legal_id TEXT UNIQUE,
    entity_type TEXT NOT NULL,
    size TEXT,
    territory TEXT,
    country TEXT,
    city TEXT,
    website TEXT,
    email TEXT,
    phone TEXT,
    description TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_name_key ON organisations (name_key);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT UNIQUE,
    phone TEXT,
    job_title TEXT,
    birth_date TEXT,
    country TEXT,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE affiliations (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    job_title TEXT,
    UNIQUE (person_id, organisation_id)
);
CREATE INDEX affiliations_org ON affiliations (organisation_id);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    typology_id INTEGER NOT NULL REFERENCES typologies(id),
    status TEXT NOT NULL,
    since TEXT,
    until TEXT,
    withdrawal_reason TEXT,
    fee_class TEXT NOT NULL,
    application_message TEXT,
    applied_at TEXT,
    decided_at TEXT,
    decided_by INTEGER,
    notes TEXT,
    -- The organisation's folded name, copied here so the directory reads one index in order
    -- instead of sorting every member on each page.
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (cluster_id, organisation_id)
);
CREATE INDEX memberships_cluster_status ON memberships (cluster_id, status, name_key, organisation_id);
CREATE INDEX memberships_cluster_name ON memberships (cluster_id, name_key, organisation_id);
CREATE INDEX memberships_cluster_typology ON memberships (cluster_id, typology_id);

CREATE TABLE membership_subsectors (
    membership_id INTEGER NOT NULL REFERENCES memberships(id),
    subsector_id INTEGER NOT NULL REFERENCES subsectors(id),
    PRIMARY KEY (membership_id, subsector_id)
);
CREATE INDEX membership_subsectors_subsector ON membership_subsectors (subsector_id, membership_id);

CREATE TABLE membership_value_chains (
    membership_id INTEGER NOT NULL REFERENCES memberships(id),
    value_chain_id INTEGER NOT NULL REFERENCES value_chains(id),
    PRIMARY KEY (membership_id, value_chain_id)
);

CREATE TABLE representatives (
    membership_id INTEGER NOT NULL REFERENCES memberships(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (membership_id, person_id)
);

CREATE TABLE cluster_groups (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    starts_on TEXT,
    ends_on TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (cluster_id, code)
);

CREATE TABLE group_members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES cluster_groups(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    role TEXT NOT NULL,
    term_start TEXT,
    term_end TEXT,
    UNIQUE (group_id, person_id)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    group_id INTEGER NOT NULL REFERENCES cluster_groups(id),
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    location TEXT,
    agenda TEXT,
    minutes TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX meetings_group ON meetings (group_id, starts_at);

CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    status TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT,
    is_platform_admin INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE user_roles (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    role TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id),
    UNIQUE (user_id, cluster_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER REFERENCES clusters(id),
    user_id INTEGER,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_cluster ON audit_log (cluster_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
