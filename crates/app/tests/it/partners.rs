//! Integration tests: partners.
