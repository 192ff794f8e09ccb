//! The integration suite: the real application (router, repositories, migrations, demo data) on
//! SQLite, or on PostgreSQL when TEST_DATABASE_URL is set. One binary on purpose.

mod support;

mod api;
mod b2b;
mod demo;
mod desk;
mod directory;
mod events;
mod forms;
mod import;
mod isolation;
mod membership;
mod missions;
mod partners;
mod plan;
mod resources;
mod schema;
mod survey;
mod watch;
mod watch_api;
mod web;
