//! Service desk rules (being written).
