//! Integration tests: missions.
