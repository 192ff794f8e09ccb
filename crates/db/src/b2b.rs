//! B2B matchmaking at an event: participants, marketplace items, meeting requests, availability, slots and tables, the schedule, outcomes.
