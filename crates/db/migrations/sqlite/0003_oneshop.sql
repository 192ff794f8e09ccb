-- One-stop shop: rich organisation profiles, the search outbox, resource maps, the service desk
-- and notification preferences.

CREATE TABLE organisation_profiles (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations(id),
    profile TEXT NOT NULL DEFAULT '{}',
    visibility TEXT NOT NULL DEFAULT '{}',
    logo BLOB,
    logo_type TEXT,
    updated_at TEXT NOT NULL
);

-- A cluster that shares its public directory is searched by the other sharing clusters and on
-- the public site (public fields only).
ALTER TABLE clusters ADD COLUMN share_directory BOOLEAN NOT NULL DEFAULT 0;
-- The address members write to for the service desk (e-mail intake).
ALTER TABLE clusters ADD COLUMN desk_email TEXT;

-- Organisations whose search documents must be rebuilt. Filled by triggers, so no write path
-- can forget it; every node tails it into its own index.
CREATE TABLE search_outbox (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX search_outbox_created ON search_outbox (created_at);
-- Search documents and results are assembled per organisation, across its clusters.
CREATE INDEX memberships_organisation ON memberships (organisation_id);
-- A random name for this database, so a node's on-disk index built from another database (a
-- restored backup, a fresh demo) is recognised and rebuilt instead of trusted.
CREATE TABLE search_epoch (epoch TEXT NOT NULL);
INSERT INTO search_epoch (epoch) VALUES (lower(hex(randomblob(16))));

CREATE TRIGGER organisations_outbox_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER organisations_outbox_update AFTER UPDATE ON organisations BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER organisations_outbox_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (OLD.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER profiles_outbox_insert AFTER INSERT ON organisation_profiles BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (NEW.organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER profiles_outbox_update AFTER UPDATE ON organisation_profiles BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (NEW.organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER memberships_outbox_insert AFTER INSERT ON memberships BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (NEW.organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER memberships_outbox_update AFTER UPDATE ON memberships BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (NEW.organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER memberships_outbox_delete AFTER DELETE ON memberships BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) VALUES (OLD.organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER membership_subsectors_outbox_insert AFTER INSERT ON membership_subsectors BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) SELECT organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM memberships WHERE id = NEW.membership_id;
END;
CREATE TRIGGER membership_subsectors_outbox_delete AFTER DELETE ON membership_subsectors BEGIN
    INSERT INTO search_outbox (organisation_id, created_at) SELECT organisation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM memberships WHERE id = OLD.membership_id;
END;

-- Resource maps: funding instruments, notified bodies, service providers, training, living labs…
CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    kind TEXT NOT NULL,
    code TEXT,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    provider TEXT,
    url TEXT,
    email TEXT,
    country TEXT,
    -- JSON: whom the resource fits (entity types, sizes, subsectors, stages, TRL range, device
    -- classes, territories, regulations).
    fit TEXT NOT NULL DEFAULT '{}',
    opens_on TEXT,
    closes_on TEXT,
    status TEXT NOT NULL,
    suggested_by INTEGER REFERENCES users(id),
    suggested_by_organisation INTEGER REFERENCES organisations(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (cluster_id, code)
);
CREATE INDEX resources_cluster_kind ON resources (cluster_id, status, kind);

-- Service desk.
CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    code TEXT NOT NULL,
    area TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    sla_hours INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    position INTEGER NOT NULL,
    UNIQUE (cluster_id, code)
);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    number INTEGER NOT NULL,
    service_id INTEGER NOT NULL REFERENCES services(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    requester_user_id INTEGER REFERENCES users(id),
    requester_email TEXT,
    subject TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    message_id TEXT,
    assignee_user_id INTEGER REFERENCES users(id),
    partner_organisation_id INTEGER REFERENCES organisations(id),
    opened_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    first_response_at TEXT,
    closed_at TEXT,
    outcome TEXT,
    outcome_note TEXT,
    rating INTEGER,
    rating_comment TEXT,
    rated_at TEXT,
    activity_id INTEGER REFERENCES activities(id),
    updated_at TEXT NOT NULL,
    UNIQUE (cluster_id, number),
    UNIQUE (cluster_id, message_id)
);
CREATE INDEX requests_cluster_status ON requests (cluster_id, status, due_at);
CREATE INDEX requests_organisation ON requests (organisation_id, cluster_id);
CREATE INDEX requests_partner ON requests (partner_organisation_id, cluster_id);

CREATE TABLE request_messages (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    author_user_id INTEGER REFERENCES users(id),
    author_email TEXT,
    body TEXT NOT NULL,
    internal BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX request_messages_request ON request_messages (request_id, id);

CREATE TABLE request_attachments (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    message_id INTEGER NOT NULL REFERENCES request_messages(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX request_attachments_request ON request_attachments (request_id);

CREATE TABLE request_resources (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    PRIMARY KEY (request_id, resource_id)
);

-- Every message that reached the desk's address, accepted or refused, so a message delivered
-- twice is handled once and a refusal can be explained.
CREATE TABLE inbound_emails (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER REFERENCES clusters(id),
    message_id TEXT NOT NULL UNIQUE,
    sender TEXT,
    subject TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    request_id INTEGER REFERENCES requests(id),
    received_at TEXT NOT NULL
);

-- Which e-mails a user wants; an event not listed is on.
CREATE TABLE notification_preferences (
    user_id INTEGER NOT NULL REFERENCES users(id),
    event TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, event)
);
