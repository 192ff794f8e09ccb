//! Events as a service for pages and the API: e-mails with their .ics, calendar feeds, QR codes, certificates.

use crate::mail::Email;
use crate::{AppState, Tr};
use askama::Template;
use clusterhub_core::access::Scope;
use clusterhub_core::event::{Status, Zone};
use clusterhub_core::{Error, Result};
use clusterhub_db::clusters::{self, Cluster};
use clusterhub_db::events::{self, Event, Registration};
use clusterhub_watch::feed::{CalEvent, Calendar, icalendar};
use time::OffsetDateTime;

/// The language of a reader: their own, else the cluster's.
pub fn tr_for(state: &AppState, c: &Cluster, locale: Option<&str>) -> Tr {
    Tr {
        i18n: state.i18n.clone(),
        lang: clusterhub_i18n::negotiate(None, locale, None, None, Some(&c.default_locale)),
    }
}

pub fn title(t: &Tr, e: &Event) -> String {
    e.title
        .pick(t.lang, &["es", "en", "eu", "fr"])
        .map(|p| p.text.to_string())
        .unwrap_or_default()
}

pub fn description(t: &Tr, e: &Event) -> String {
    e.description
        .pick(t.lang, &["es", "en", "eu", "fr"])
        .map(|p| p.text.to_string())
        .unwrap_or_default()
}

/// A stored UTC instant as wall-clock time in a zone: "2026-12-10T08:30".
pub fn local_iso(zone: &str, utc: &str) -> String {
    let (Ok(z), Some(at)) = (
        Zone::parse("time_zone", zone),
        clusterhub_core::parse::parse_stamp(utc),
    ) else {
        return utc.to_string();
    };
    let l = z.to_local(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute()
    )
}

/// When an event happens, in its own zone and the reader's language:
/// "10 dic 2026 08:30–10:00 (Europe/Madrid)".
pub fn when(t: &Tr, e: &Event) -> String {
    let s = local_iso(&e.time_zone, &e.starts_at);
    let f = local_iso(&e.time_zone, &e.ends_at);
    let end = if s.get(..10) == f.get(..10) {
        f.get(11..16).unwrap_or_default().to_string()
    } else {
        t.dt(&f)
    };
    format!("{}–{end} ({})", t.dt(&s), e.time_zone)
}

/// A session's times in the event's zone: "09:30–10:15" (with the date when it differs).
pub fn session_when(t: &Tr, zone: &str, starts: &str, ends: &str) -> String {
    let s = local_iso(zone, starts);
    let f = local_iso(zone, ends);
    format!(
        "{} {}–{}",
        t.d(&s),
        s.get(11..16).unwrap_or_default(),
        f.get(11..16).unwrap_or_default()
    )
}

/// Member and guest prices in the reader's language ("" when free / not set).
pub fn price(t: &Tr, cents: Option<i64>, currency: &str) -> String {
    match cents {
        Some(0) => t.t("event-free"),
        Some(c) => t.money_in(c, currency),
        None => String::new(),
    }
}

fn cal_event(t: &Tr, e: &Event, base: &str, slug: &str) -> Option<CalEvent> {
    let start = clusterhub_core::parse::parse_stamp(&e.starts_at)?;
    let end = clusterhub_core::parse::parse_stamp(&e.ends_at);
    let stamp = clusterhub_core::parse::parse_stamp(&e.updated_at).unwrap_or(start);
    let mut summary = title(t, e);
    if e.status == "cancelled" {
        summary = format!("{} · {summary}", t.t("event-status-cancelled"));
    }
    Some(CalEvent {
        uid: format!("event-{}@clusterhub", e.id),
        summary,
        description: description(t, e),
        url: Some(format!("{base}/c/{slug}/events/{}", e.id)),
        start,
        end,
        all_day: false,
        location: e.place.clone().or_else(|| e.online_url.clone()),
        stamp,
        alarm_before: None,
        cancelled: e.status == "cancelled",
    })
}

/// A calendar of events (RFC 5545; times in UTC, so every program opens them at the right
/// local time).
pub async fn calendar(
    state: &AppState,
    t: &Tr,
    name: &str,
    list: &[Event],
    base: &str,
) -> Result<String> {
    let mut slugs = std::collections::HashMap::new();
    let mut out = Vec::new();
    for e in list {
        if let std::collections::hash_map::Entry::Vacant(v) = slugs.entry(e.cluster_id) {
            v.insert(clusters::by_id(&state.db, e.cluster_id).await?.slug);
        }
        if let Some(ce) = cal_event(t, e, base, &slugs[&e.cluster_id]) {
            out.push(ce);
        }
    }
    Ok(icalendar(&Calendar {
        name: name.to_string(),
        events: out,
    }))
}

/// The public calendar of a cluster: its published events and those shared with it.
pub async fn cluster_feed(state: &AppState, c: &Cluster, base: &str) -> Result<String> {
    let t = tr_for(state, c, None);
    let list = events::feed(&state.db, c.id).await?;
    calendar(state, &t, &c.name, &list, base).await
}

/// A user's own calendar (by their token): the events they are registered for.
pub async fn user_feed(state: &AppState, token: &str, base: &str) -> Result<String> {
    let user_id = events::calendar_user(&state.db, token).await?;
    let user = clusterhub_db::users::by_id(&state.db, user_id).await?;
    let t = Tr {
        i18n: state.i18n.clone(),
        lang: clusterhub_i18n::negotiate(None, user.locale.as_deref(), None, None, None),
    };
    let list: Vec<Event> = events::mine(&state.db, user_id)
        .await?
        .into_iter()
        .filter(|(r, _)| r.status().is_active())
        .map(|(_, e)| e)
        .collect();
    calendar(state, &t, &t.t("events-my-calendar"), &list, base).await
}

/// A QR code as inline SVG (dark modules as one path, a quiet zone of four modules), named
/// `label` for screen readers.
pub fn qr_svg(text: &str, label: &str) -> String {
    use qrcodegen::{QrCode, QrCodeEcc};
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return String::new();
    };
    let n = qr.size();
    let border = 4;
    let dim = n + 2 * border;
    let mut path = String::new();
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {dim} {dim}\" width=\"260\" height=\"260\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        label
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    )
}

/// Why a registrant gets a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Confirmed,
    Waitlisted,
    Pending,
    Promoted,
    Approved,
    Reminder,
    Cancelled,
    /// The organisers cancelled the event itself.
    EventCancelled,
}

impl Notice {
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Confirmed => "confirmed",
            Notice::Waitlisted => "waitlisted",
            Notice::Pending => "pending",
            Notice::Promoted => "promoted",
            Notice::Approved => "approved",
            Notice::Reminder => "reminder",
            Notice::Cancelled => "cancelled",
            Notice::EventCancelled => "event_cancelled",
        }
    }
    /// What a new registration's state says.
    pub fn of(r: &Registration) -> Notice {
        match r.status() {
            Status::Confirmed => Notice::Confirmed,
            Status::Waitlisted => Notice::Waitlisted,
            Status::Pending => Notice::Pending,
            _ => Notice::Cancelled,
        }
    }
}

#[derive(Template)]
#[template(path = "event_mail.html")]
struct MailHtml {
    lang: String,
    subject: String,
    greeting: String,
    body: String,
    when: String,
    place: String,
    ticket_label: String,
    ticket: String,
    footer: String,
}

/// Sends a registrant the message for `what`, in their language, with the event's .ics
/// attached. Without a mailer, nothing is sent.
pub async fn notify(state: &AppState, r: &Registration, e: &Event, what: Notice) -> Result<bool> {
    let Some(mailer) = state.mailer.as_ref() else {
        return Ok(false);
    };
    let c = clusters::by_id(&state.db, e.cluster_id).await?;
    let t = tr_for(state, &c, Some(&r.locale));
    let title = title(&t, e);
    let subject = format!(
        "{} · {title}",
        t.t(&format!("event-mail-subject-{}", what.as_str()))
    );
    let greeting = t.ts("event-mail-greeting", &r.name);
    let body = t.ts(&format!("event-mail-body-{}", what.as_str()), &title);
    let when = when(&t, e);
    let place = e
        .place
        .clone()
        .or_else(|| e.online_url.clone())
        .unwrap_or_default();
    let ticket = mailer.link(&format!("/tickets/{}", r.ticket));
    let ticket_label = t.t("event-ticket-open");
    let footer = c.name.clone();
    let text = format!(
        "{greeting}\n\n{body}\n\n{when}\n{place}\n\n{ticket_label}: {ticket}\n\n-- \n{footer}\n"
    );
    let html = MailHtml {
        lang: t.lang.to_string(),
        subject: subject.clone(),
        greeting,
        body,
        when,
        place,
        ticket_label,
        ticket,
        footer,
    }
    .render()
    .map_err(|e| Error::Internal(format!("template: {e}")))?;
    let base = mailer.link("");
    let ics = calendar(state, &t, &c.name, std::slice::from_ref(e), &base).await?;
    mailer
        .send_with_attachments(
            &Email {
                to: &r.email,
                subject: &subject,
                text: &text,
                html: &html,
            },
            &[(
                "event.ics",
                "text/calendar; charset=utf-8; method=PUBLISH",
                ics.into_bytes(),
            )],
        )
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(true)
}

/// Sends and logs: a failing relay must not undo a registration already stored.
pub async fn notify_quietly(state: &AppState, r: &Registration, e: &Event, what: Notice) {
    if let Err(err) = notify(state, r, e, what).await {
        tracing::warn!(error = %err, registration = r.id, "event mail");
    }
}

/// Sends the day-before reminder to every confirmed registrant of events starting within
/// the next 24 hours. Each is claimed before its SMTP call, so a rerun never sends twice.
pub async fn send_reminders(state: &AppState, now: OffsetDateTime) -> Result<usize> {
    reminders(state, now, None).await
}

/// The same for one cluster's events, on demand (staff).
pub async fn send_reminders_for(
    state: &AppState,
    scope: &Scope,
    now: OffsetDateTime,
) -> Result<usize> {
    scope.require(scope.can_manage())?;
    reminders(state, now, Some(scope.cluster_id())).await
}

async fn reminders(state: &AppState, now: OffsetDateTime, cluster: Option<i64>) -> Result<usize> {
    if state.mailer.is_none() {
        return Ok(0);
    }
    let from = clusterhub_core::parse::stamp(now);
    let to = clusterhub_core::parse::stamp(now + time::Duration::hours(24));
    let mut sent = 0;
    for r in events::reminders_due(&state.db, &from, &to, cluster).await? {
        if !events::claim_reminder(&state.db, r.id).await? {
            continue;
        }
        let e = events::by_id(&state.db, r.event_id).await?;
        match notify(state, &r, &e, Notice::Reminder).await {
            Ok(_) => sent += 1,
            Err(err) => tracing::warn!(error = %err, registration = r.id, "event reminder"),
        }
    }
    Ok(sent)
}

/// Reminders every 15 minutes in `serve`.
pub fn spawn_scheduler(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(900));
        loop {
            tick.tick().await;
            if let Err(e) = send_reminders(&state, OffsetDateTime::now_utc()).await {
                tracing::warn!(error = %e, "event reminders");
            }
        }
    });
}

/// Certificates of attendance for the people checked in (all, or one registration).
pub async fn certificates(
    state: &AppState,
    t: &Tr,
    e: &Event,
    only: Option<i64>,
) -> Result<Vec<u8>> {
    if !e.certificate {
        return Err(Error::NotFound);
    }
    let c = clusters::by_id(&state.db, e.cluster_id).await?;
    let attendees: Vec<_> = events::attendees(&state.db, e.id)
        .await?
        .into_iter()
        .filter(|r| only.is_none_or(|id| id == r.id))
        .map(|r| clusterhub_report::Attendee {
            name: r.name,
            organisation: r.organisation_name.unwrap_or_default(),
        })
        .collect();
    if attendees.is_empty() {
        return Err(Error::NotFound);
    }
    let today = clusterhub_db::today();
    let data = clusterhub_report::Certificates {
        lang: t.lang.to_string(),
        cluster: c.name.clone(),
        event: title(t, e),
        when: when(t, e),
        place: e.place.clone().unwrap_or_default(),
        issued: t.ts("event-certificate-issued", &t.d(&today)),
        labels: clusterhub_report::CertificateLabels {
            title: t.t("event-certificate-title"),
            certifies: t.ts("event-certificate-certifies", &c.name),
            attended: t.t("event-certificate-attended"),
        },
        attendees,
    };
    let bytes = tokio::task::spawn_blocking(move || clusterhub_report::certificates(&data))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(Error::Internal)?;
    Ok(bytes)
}

/// Component schemas of the events API for the OpenAPI document.
pub fn schemas() -> serde_json::Value {
    use serde_json::json;
    let s = |v: &str| json!({"type": v});
    let ns = || json!({"type": ["string", "null"]});
    let ni = || json!({"type": ["integer", "null"]});
    let texts = json!({"type": "object", "additionalProperties": {"type": "string"}, "description": "One text per language code"});
    let status = json!({"type": "string", "enum": ["pending", "confirmed", "waitlisted", "cancelled", "rejected"]});
    let event = json!({"type": "object", "properties": {
        "id": s("integer"), "cluster_id": s("integer"), "kind": {"type": "string", "enum": ["event", "training", "meeting", "mission", "fair"]},
        "subtype": ns(), "title": texts.clone(), "description": texts,
        "starts_at": {"type": "string", "description": "RFC 3339 UTC"}, "ends_at": {"type": "string", "description": "RFC 3339 UTC"},
        "time_zone": {"type": "string", "description": "IANA zone the event is held in"},
        "starts_local": {"type": "string", "description": "local date and time in time_zone (YYYY-MM-DDTHH:MM)"}, "ends_local": s("string"),
        "place": ns(), "online_url": ns(), "capacity": ni(), "confirmed": s("integer"), "places_left": ni(),
        "requires_approval": s("boolean"), "member_price_cents": ni(), "guest_price_cents": ni(), "currency": s("string"),
        "open_to_guests": s("boolean"), "registration_closes_at": ns(), "target_country": ns(), "sector": ns(),
        "b2b": s("boolean"), "certificate": s("boolean"), "status": {"type": "string", "enum": ["draft", "published", "cancelled"]},
        "activity_id": ni(), "updated_at": s("string")}});
    let registration = json!({"type": "object", "properties": {
        "id": s("integer"), "event_id": s("integer"), "cluster_id": {"type": "integer", "description": "the cluster the registrant came through"},
        "user_id": ni(), "person_id": ni(), "organisation_id": ni(), "name": s("string"), "email": s("string"),
        "organisation_name": ns(), "locale": s("string"), "audience": {"type": "string", "enum": ["member", "guest"]},
        "status": status, "waitlisted_at": ns(), "checked_in_at": ns(), "created_at": s("string"),
        "ticket_url": {"type": "string", "description": "the ticket page (its QR code checks the holder in)"}}});
    let session = json!({"type": "object", "properties": {"id": s("integer"), "track": s("string"), "title": {"type": "object", "additionalProperties": {"type": "string"}},
        "starts_at": s("string"), "ends_at": s("string"), "room": ns(),
        "speakers": {"type": "array", "items": {"type": "object", "properties": {"id": s("integer"), "name": s("string"), "affiliation": ns()}}}}});
    let text = |d: &str| json!({"type": "string", "description": d});
    json!({
        "Event": event,
        "EventList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}},
        "EventDetail": {"type": "object", "properties": {"event": {"$ref": "#/components/schemas/Event"}, "sessions": {"type": "array", "items": session},
            "shared_with": {"type": "array", "items": s("string"), "description": "cluster slugs (staff of the organiser)"},
            "my_registration": {"oneOf": [{"$ref": "#/components/schemas/Registration"}, {"type": "null"}]}}},
        "EventBody": {"type": "object", "required": ["kind", "start_date", "start_time", "end_time", "time_zone"], "description": "At least one title; every problem is reported at once, naming its field", "properties": {
            "kind": {"type": "string", "enum": ["event", "training", "meeting", "mission", "fair"]}, "subtype": text("a subtype of the kind (breakfast, course, webinar, conference…)"),
            "title_es": s("string"), "title_eu": s("string"), "title_en": s("string"), "title_fr": s("string"),
            "description_es": s("string"), "description_eu": s("string"), "description_en": s("string"), "description_fr": s("string"),
            "start_date": text("YYYY-MM-DD, local"), "start_time": text("HH:MM, local"), "end_date": text("YYYY-MM-DD (default: start_date)"), "end_time": text("HH:MM, local"),
            "time_zone": text("IANA zone, e.g. Europe/Madrid"), "place": s("string"), "online_url": s("string"), "capacity": text("whole number; empty: no limit"),
            "member_price": text("in the request's language, e.g. 12,50"), "guest_price": s("string"), "requires_approval": s("boolean"), "open_to_guests": s("boolean"),
            "target_country": text("ISO 3166-1 alpha-2 (missions, fairs)"), "sector": s("string"), "b2b": s("boolean"), "certificate": s("boolean"), "published": s("boolean")}},
        "GuestBody": {"type": "object", "description": "Empty for a member user registering themself", "properties": {"name": s("string"), "email": s("string"), "organisation": s("string")}},
        "Registration": registration,
        "RegistrationList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Registration"}}}},
        "Cancellation": {"type": "object", "properties": {"registration": {"$ref": "#/components/schemas/Registration"}, "promoted": {"type": "array", "items": {"$ref": "#/components/schemas/Registration"}}}},
        "MyRegistrationList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {"registration": {"$ref": "#/components/schemas/Registration"}, "event": {"$ref": "#/components/schemas/Event"}}}}}},
    })
}
