-- Events, trainings, missions and fairs: the event with its sessions and speakers,
-- registrations (members and guests, waitlist, approval, check-in) and sharing with other
-- clusters. B2B matchmaking, missions and partner suggestions have their own migrations.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    -- An activity kind (training, event, meeting, mission, fair) and one of its subtypes, so
    -- attendance becomes an activity of the same kind for the plan's indicators.
    kind TEXT NOT NULL,
    subtype TEXT,
    -- JSON objects language → text
    title TEXT NOT NULL DEFAULT '{}',
    description TEXT NOT NULL DEFAULT '{}',
    -- UTC instants; `time_zone` is the IANA zone the event is held in (its local times).
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    place TEXT,
    online_url TEXT,
    -- NULL: no limit. `confirmed` counts confirmed registrations and is only ever changed by a
    -- conditional UPDATE (`confirmed < capacity`), so two concurrent registrations cannot
    -- both take the last seat on either database.
    capacity INTEGER,
    confirmed INTEGER NOT NULL DEFAULT 0,
    requires_approval BOOLEAN NOT NULL DEFAULT 0,
    -- Prices shown to members and to guests; payment itself is out of scope.
    member_price_cents INTEGER,
    guest_price_cents INTEGER,
    currency TEXT NOT NULL DEFAULT 'EUR',
    open_to_guests BOOLEAN NOT NULL DEFAULT TRUE,
    registration_closes_at TEXT,
    -- Missions and fairs: target country (ISO 3166-1 alpha-2) and sector.
    target_country TEXT,
    sector TEXT,
    -- One-to-one B2B meetings at this event (see 0006_b2b).
    b2b BOOLEAN NOT NULL DEFAULT 0,
    certificate BOOLEAN NOT NULL DEFAULT 0,
    -- draft, published, cancelled
    status TEXT NOT NULL,
    -- Set when attendance has been turned into the activity log.
    activity_id INTEGER REFERENCES activities(id),
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_cluster_start ON events (cluster_id, starts_at);

-- Other clusters an event is shared with: it appears in their calendar, and their members
-- may register (as members of their own cluster).
CREATE TABLE event_shares (
    event_id INTEGER NOT NULL REFERENCES events(id),
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    shared_at TEXT NOT NULL,
    PRIMARY KEY (event_id, cluster_id)
);
CREATE INDEX event_shares_cluster ON event_shares (cluster_id, event_id);

CREATE TABLE event_sessions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    track TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '{}',
    description TEXT NOT NULL DEFAULT '{}',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    room TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

CREATE TABLE event_speakers (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES event_sessions(id),
    person_id INTEGER REFERENCES people(id),
    name TEXT NOT NULL,
    affiliation TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_speakers_session ON event_speakers (session_id);

CREATE TABLE event_registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    -- The cluster the registrant came through (the organiser's, or one the event is shared with).
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    user_id INTEGER REFERENCES users(id),
    person_id INTEGER REFERENCES people(id),
    organisation_id INTEGER REFERENCES organisations(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- Lower-cased e-mail: one registration per address and event.
    email_key TEXT NOT NULL,
    organisation_name TEXT,
    locale TEXT NOT NULL,
    -- member or guest (which price applies)
    audience TEXT NOT NULL,
    -- pending (awaiting approval), confirmed, waitlisted, cancelled, rejected
    status TEXT NOT NULL,
    -- Order on the waitlist: promotion takes the lowest.
    waitlisted_at TEXT,
    -- A random secret: the ticket's QR code and the guest's manage link.
    ticket TEXT NOT NULL UNIQUE,
    checked_in_at TEXT,
    checked_in_by INTEGER REFERENCES users(id),
    reminder_sent_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, email_key)
);
CREATE INDEX event_registrations_event ON event_registrations (event_id, status, waitlisted_at);
CREATE INDEX event_registrations_user ON event_registrations (user_id);

-- Per-user calendar feeds: a secret token in the URL, so calendar programs can subscribe.
CREATE TABLE calendar_tokens (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
