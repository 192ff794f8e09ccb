//! Integration tests: events.
