-- Trade missions and fairs: delegation, grouped stand participation, follow-up outcomes.
-- The mission or fair itself is an event (0005_events: kind mission or fair, target country,
-- sector, sessions as the agenda abroad); these tables add what only missions and fairs have.

-- Organisations (and optionally one of their people) staff put in the delegation directly;
-- confirmed registrations to the event are part of it too.
CREATE TABLE mission_delegates (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER REFERENCES people(id),
    added_by INTEGER REFERENCES users(id),
    added_at TEXT NOT NULL
);
CREATE INDEX mission_delegates_event ON mission_delegates (event_id, organisation_id);

-- A grouped stand at a fair, shared by several organisations.
CREATE TABLE mission_stands (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    label TEXT NOT NULL,
    hall TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX mission_stands_event ON mission_stands (event_id);

-- One organisation's part of a stand: area in hundredths of m², its share of the cost.
CREATE TABLE mission_stand_shares (
    stand_id INTEGER NOT NULL REFERENCES mission_stands(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    area_centi INTEGER NOT NULL DEFAULT 0,
    cost_cents INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (stand_id, organisation_id)
);

-- Follow-up outcomes reported by (or for) each organisation of the delegation.
CREATE TABLE mission_outcomes (
    event_id INTEGER NOT NULL REFERENCES events(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    contacts INTEGER NOT NULL DEFAULT 0,
    meetings INTEGER NOT NULL DEFAULT 0,
    offers INTEGER NOT NULL DEFAULT 0,
    agreements INTEGER NOT NULL DEFAULT 0,
    business_value_cents INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, organisation_id)
);
