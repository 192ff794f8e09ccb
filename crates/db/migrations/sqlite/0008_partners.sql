-- Year-round partner suggestions (needs ↔ capabilities): dismissed suggestions and introductions.

-- A suggestion an organisation (or staff for it) does not want to see again.
CREATE TABLE partner_dismissals (
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    candidate_id INTEGER NOT NULL REFERENCES organisations(id),
    dismissed_by INTEGER REFERENCES users(id),
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (cluster_id, organisation_id, candidate_id)
);

-- Staff introduced two organisations: a meeting activity (bilateral) links both. One pair is
-- introduced once per cluster: `organisation_a` is the lower id of the two.
CREATE TABLE partner_introductions (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    organisation_a INTEGER NOT NULL REFERENCES organisations(id),
    organisation_b INTEGER NOT NULL REFERENCES organisations(id),
    -- The organisation whose needs the suggestion was for.
    requested_for INTEGER NOT NULL REFERENCES organisations(id),
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    -- The reasons shown when staff introduced them (JSON list of core::partners::Reason).
    reasons TEXT NOT NULL DEFAULT '[]',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (cluster_id, organisation_a, organisation_b)
);
CREATE INDEX partner_introductions_b ON partner_introductions (cluster_id, organisation_b);
