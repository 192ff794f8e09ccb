//! B2B matchmaking as a service for pages and the API: running the scheduler on an event, agendas (.ics, PDF).
