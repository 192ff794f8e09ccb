## events
