//! Events: the event, its sessions and speakers, registrations (waitlist, approval, check-in), sharing.
