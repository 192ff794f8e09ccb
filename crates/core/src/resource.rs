//! Resource maps and their fit to a member (being written).
