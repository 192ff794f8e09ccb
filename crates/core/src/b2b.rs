//! B2B matchmaking rules at an event: participant profiles, marketplace items, meeting requests, availability by slot.
