//! Integration tests: b2b.
