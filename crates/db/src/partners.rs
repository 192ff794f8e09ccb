//! Year-round partner suggestions (needs ↔ capabilities) and introductions.
