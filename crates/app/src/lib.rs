//! The `clusterhub` binary: command line, configuration and wiring. Also a library so the
//! integration tests can seed and start the real application.

pub mod cli;
mod cli_desk;
mod cli_resources;
mod cli_watch;
pub mod demo;
mod demo_b2b;
mod demo_desk;
mod demo_events;
mod demo_history;
mod demo_missions;
mod demo_partners;
mod demo_profiles;
mod demo_resources;
mod demo_watch;
