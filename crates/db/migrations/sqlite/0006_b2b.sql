-- B2B matchmaking at an event: participant profiles, marketplace items, meeting requests, availability, slots and tables, the schedule and outcomes.
--
-- A participant is a confirmed registration of an event flagged `b2b` (0005). Every row here
-- carries its event; the event carries its cluster, and every query joins through it.
-- Double-booking is impossible by constraint: a scheduled meeting holds its (slot, table)
-- (UNIQUE in b2b_meetings) and each of its two people holds the slot (UNIQUE in b2b_bookings),
-- both written in the same transaction.

-- Per event: the organiser's last run and publication.
CREATE TABLE b2b_events (
    event_id INTEGER PRIMARY KEY REFERENCES events(id),
    run_at TEXT,
    run_held INTEGER NOT NULL DEFAULT 0,
    run_weight INTEGER NOT NULL DEFAULT 0,
    run_optimal BOOLEAN NOT NULL DEFAULT FALSE,
    -- Set when the organiser publishes the schedule; a rerun clears it until published again.
    published_at TEXT
);

CREATE TABLE b2b_participants (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    registration_id INTEGER NOT NULL UNIQUE REFERENCES event_registrations(id),
    user_id INTEGER REFERENCES users(id),
    person_id INTEGER REFERENCES people(id),
    organisation_id INTEGER REFERENCES organisations(id),
    name TEXT NOT NULL,
    organisation_name TEXT NOT NULL DEFAULT '',
    profile TEXT NOT NULL DEFAULT '',
    -- Space-separated keywords.
    tags TEXT NOT NULL DEFAULT '',
    -- Only published profiles are seen (and can be asked for a meeting) by other participants.
    published BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX b2b_participants_event ON b2b_participants (event_id, published);
CREATE INDEX b2b_participants_user ON b2b_participants (user_id);

-- The marketplace: what a participant offers, looks for, or proposes to do together.
CREATE TABLE b2b_items (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    participant_id INTEGER NOT NULL REFERENCES b2b_participants(id),
    -- offer, request, cooperation
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX b2b_items_event ON b2b_items (event_id, participant_id);

-- Meeting slots; times are UTC instants (entered in the event's local time).
CREATE TABLE b2b_slots (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    number INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    tables INTEGER NOT NULL,
    UNIQUE (event_id, number)
);

-- A participant's answer per slot; no row: available.
CREATE TABLE b2b_availability (
    participant_id INTEGER NOT NULL REFERENCES b2b_participants(id),
    slot_id INTEGER NOT NULL REFERENCES b2b_slots(id),
    available BOOLEAN NOT NULL,
    PRIMARY KEY (participant_id, slot_id)
);

CREATE TABLE b2b_requests (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    from_participant INTEGER NOT NULL REFERENCES b2b_participants(id),
    to_participant INTEGER NOT NULL REFERENCES b2b_participants(id),
    -- The pair in order, so one request per pair whoever asked first.
    low_participant INTEGER NOT NULL,
    high_participant INTEGER NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    -- pending, accepted, declined, cancelled
    status TEXT NOT NULL,
    -- Both asked each other: the second request accepted the first.
    mutual BOOLEAN NOT NULL DEFAULT FALSE,
    from_starred BOOLEAN NOT NULL DEFAULT FALSE,
    to_starred BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    answered_at TEXT,
    UNIQUE (event_id, low_participant, high_participant)
);
CREATE INDEX b2b_requests_to ON b2b_requests (to_participant, status);
CREATE INDEX b2b_requests_from ON b2b_requests (from_participant, status);

-- The schedule: an accepted request placed at a table in a slot.
CREATE TABLE b2b_meetings (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    request_id INTEGER NOT NULL UNIQUE REFERENCES b2b_requests(id),
    slot_id INTEGER NOT NULL REFERENCES b2b_slots(id),
    -- Counted from 1.
    table_no INTEGER NOT NULL,
    -- Kept where it is by reruns of the scheduler.
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, slot_id, table_no)
);

-- Each person of a scheduled meeting holds the slot: nobody is in two places at once.
CREATE TABLE b2b_bookings (
    event_id INTEGER NOT NULL REFERENCES events(id),
    participant_id INTEGER NOT NULL REFERENCES b2b_participants(id),
    slot_id INTEGER NOT NULL REFERENCES b2b_slots(id),
    meeting_id INTEGER NOT NULL REFERENCES b2b_meetings(id),
    PRIMARY KEY (event_id, participant_id, slot_id)
);
CREATE INDEX b2b_bookings_meeting ON b2b_bookings (meeting_id);

-- After the event, each side records what came of a meeting.
CREATE TABLE b2b_outcomes (
    meeting_id INTEGER NOT NULL REFERENCES b2b_meetings(id),
    participant_id INTEGER NOT NULL REFERENCES b2b_participants(id),
    -- held, no_show
    outcome TEXT NOT NULL,
    follow_up BOOLEAN NOT NULL DEFAULT FALSE,
    agreement BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, participant_id)
);
