//! RSS 2.0 and Atom 1.0: reading feeds of opportunities, writing a member's Atom feed and an
//! iCalendar feed of deadlines.
