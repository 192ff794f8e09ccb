//! The `clusterhub` binary: command line, configuration and wiring. Also a library so the
//! integration tests can seed and start the real application.

pub mod cli;
pub mod demo;
mod demo_history;
