//! Events as a service for pages and the API: e-mails with their .ics, calendar feeds, QR codes, certificates.
