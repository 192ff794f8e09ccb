//! Event pages: calendar, event, registration, check-in, certificates.
//!
//! The calendar (`/c/{slug}/events`) shows the cluster's events and those shared with it; an
//! event page shows sessions by track with speakers, local times in the event's zone, prices
//! and places left, and registration. Staff create and edit events, add sessions, share them,
//! and run the door: the registrations list with a check-in button per person, and the QR
//! code on each ticket, which opens a check-in URL for staff. Tickets and personal calendar
//! feeds open with their secret, without a session.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::events::{self as service, Notice};
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::access::Scope;
use clusterhub_core::event::{EventInput, GuestInput, KINDS, LANGS, ZONES};
use clusterhub_core::{Error, MultiText};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::events::{self, Event, ListFilter, Registrant, Registration, SessionDraft};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/events", calendar)
        .get("/c/{slug}/events.ics", cluster_ics)
        .get("/c/{slug}/events/new", new_event)
        .post("/c/{slug}/events/reminders", send_reminders)
        .post("/c/{slug}/events", create_event)
        .get("/c/{slug}/events/{event}", event_page)
        .get("/c/{slug}/events/{event}/edit", edit_event)
        .post("/c/{slug}/events/{event}", update_event)
        .post("/c/{slug}/events/{event}/cancel", cancel_event)
        .post("/c/{slug}/events/{event}/sessions", add_session)
        .post(
            "/c/{slug}/events/{event}/sessions/{session}/delete",
            delete_session,
        )
        .post("/c/{slug}/events/{event}/share", share)
        .post("/c/{slug}/events/{event}/register", register)
        .get("/c/{slug}/events/{event}/registrations", registrations)
        .post(
            "/c/{slug}/events/{event}/registrations/{registration}/{action}",
            registration_action,
        )
        .post("/c/{slug}/events/{event}/attendance", close_attendance)
        .get(
            "/c/{slug}/events/{event}/certificates.pdf",
            certificates_all,
        )
        .get(
            "/c/{slug}/events/{event}/registrations/{registration}/certificate.pdf",
            certificate_one,
        )
        .get("/c/{slug}/checkin/{ticket}", checkin_by_qr)
        .get("/tickets/{ticket}", ticket_page)
        .post("/tickets/{ticket}/cancel", ticket_cancel)
        .get("/tickets/{ticket}/certificate.pdf", ticket_certificate)
        .get("/calendar/{file}", user_ics)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

/// Absolute links for feeds and QR codes: the configured public address, else this request's.
fn base_url(ctx: &Ctx, headers: &axum::http::HeaderMap) -> String {
    match ctx.state.mailer.as_ref() {
        Some(m) => m.link(""),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            let scheme = if ctx.state.secure_cookies {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{host}")
        }
    }
}

fn ics(body: String, name: &str) -> PageResult {
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

fn pdf(name: String, bytes: Vec<u8>) -> PageResult {
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One line of the calendar.
pub struct Row {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub kind: String,
    pub place: String,
    pub status: String,
    pub shared: bool,
    pub places: String,
}

fn row(t: &Tr, c: &Cluster, e: &Event) -> Row {
    Row {
        id: e.id,
        title: service::title(t, e),
        when: service::when(t, e),
        kind: match &e.subtype {
            Some(s) => format!(
                "{} · {}",
                t.tc("activity-kind", &e.kind),
                t.tc("subtype", s)
            ),
            None => t.tc("activity-kind", &e.kind),
        },
        place: e
            .place
            .clone()
            .or_else(|| e.online_url.as_ref().map(|_| t.t("event-online")))
            .unwrap_or_default(),
        status: e.status.clone(),
        shared: e.cluster_id != c.id,
        places: match e.places_left() {
            Some(n) => t.tn("event-places-left", n),
            None => String::new(),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// The calendar

#[derive(Template)]
#[template(path = "events.html")]
struct CalendarPage {
    l: Layout,
    c: Cluster,
    kind: String,
    kinds: Vec<&'static str>,
    upcoming: Vec<Row>,
    past: Vec<Row>,
    mine: Vec<(String, String, String, String)>,
    feed: String,
    my_feed: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CalendarQuery {
    kind: String,
}

async fn calendar(
    mut ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<CalendarQuery>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let kind = if KINDS.iter().any(|k| k.as_str() == q.kind) {
        q.kind.clone()
    } else {
        String::new()
    };
    let list = |upcoming| ListFilter {
        kind: kind.clone(),
        upcoming: Some(upcoming),
    };
    let upcoming = events::list(ctx.db(), &scope, &list(true))
        .await?
        .iter()
        .map(|e| row(&t, &c, e))
        .collect();
    let past = events::list(ctx.db(), &scope, &list(false))
        .await?
        .iter()
        .take(50)
        .map(|e| row(&t, &c, e))
        .collect();
    let base = base_url(&ctx, &headers);
    let mut mine = Vec::new();
    let mut my_feed = String::new();
    if let Some(u) = &ctx.user {
        for (r, e) in events::mine(ctx.db(), u.id).await? {
            if r.status().is_active() && e.ends_at > clusterhub_db::now() {
                mine.push((
                    format!("/tickets/{}", r.ticket),
                    service::title(&t, &e),
                    service::when(&t, &e),
                    t.tc("event-status", &r.status),
                ));
            }
        }
        let token = events::calendar_token(ctx.db(), u.id).await?;
        my_feed = format!("{base}/calendar/{token}.ics");
    }
    let l = Layout::new(&ctx, t.t("events-title"), Some((&c, &scope))).await;
    render(&CalendarPage {
        feed: format!("{base}/c/{}/events.ics", c.slug),
        l,
        c,
        kind,
        kinds: KINDS.iter().map(|k| k.as_str()).collect(),
        upcoming,
        past,
        mine,
        my_feed,
    })
}

#[derive(Template)]
#[template(path = "event_reminders.html")]
struct RemindersPage {
    l: Layout,
    c: Cluster,
    sent: usize,
    mail_on: bool,
}

/// Staff send the day-before reminders of their cluster's events now (the scheduler does it
/// every 15 minutes; each person gets one reminder either way).
async fn send_reminders(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    let sent =
        service::send_reminders_for(&ctx.state, &scope, time::OffsetDateTime::now_utc()).await?;
    let l = Layout::new(&ctx, ctx.tr().t("events-reminders"), Some((&c, &scope))).await;
    render(&RemindersPage {
        mail_on: ctx.state.mailer.is_some(),
        l,
        c,
        sent,
    })
}

async fn cluster_ics(
    mut ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(slug): Path<String>,
) -> PageResult {
    let (c, _) = ctx.cluster(&slug).await?;
    let base = base_url(&ctx, &headers);
    let body = service::cluster_feed(&ctx.state, &c, &base).await?;
    ics(body, &format!("{}-events.ics", c.slug))
}

async fn user_ics(
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(file): Path<String>,
) -> PageResult {
    let token = file.strip_suffix(".ics").ok_or(Error::NotFound)?;
    let base = base_url(&ctx, &headers);
    let body = service::user_feed(&ctx.state, token, &base).await?;
    ics(body, "events.ics")
}

// ---------------------------------------------------------------------------------------------
// The event page

pub struct SessionView {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub room: String,
    pub speakers: String,
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    l: Layout,
    c: Cluster,
    e: Event,
    title: String,
    title_lang: String,
    description: String,
    when: String,
    kind: String,
    member_price: String,
    guest_price: String,
    places: String,
    tracks: Vec<(String, Vec<SessionView>)>,
    own: bool,
    open: bool,
    mine: Option<Registration>,
    member: bool,
    guest: GuestInput,
    errors: FormErrors,
    shares: Vec<(String, String)>,
    others: Vec<(String, String)>,
    session: SessionInput,
    session_errors: FormErrors,
    notice: String,
    organiser: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoticeQuery {
    notice: String,
}

/// Everything the event page needs besides the forms' state.
#[derive(Default)]
struct Forms {
    guest: GuestInput,
    errors: FormErrors,
    session: SessionInput,
    session_errors: FormErrors,
    notice: String,
}

async fn show_event(ctx: &mut Ctx, slug: &str, id: i64, f: Forms) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let e = events::get(ctx.db(), &scope, id).await?;
    let t = ctx.tr();
    let picked = e.title.pick(t.lang, &["es", "en", "eu", "fr"]);
    let title = picked
        .as_ref()
        .map(|p| p.text.to_string())
        .unwrap_or_default();
    let title_lang = picked
        .and_then(|p| p.fallback.map(str::to_string))
        .unwrap_or_default();
    let mut tracks: Vec<(String, Vec<SessionView>)> = Vec::new();
    for s in events::sessions(ctx.db(), e.id).await? {
        let view = SessionView {
            id: s.id,
            title: s
                .title
                .pick(t.lang, &["es", "en", "eu", "fr"])
                .map(|p| p.text.to_string())
                .unwrap_or_default(),
            when: service::session_when(&t, &e.time_zone, &s.starts_at, &s.ends_at),
            room: s.room.clone().unwrap_or_default(),
            speakers: s
                .speakers
                .iter()
                .map(|sp| match &sp.affiliation {
                    Some(a) => format!("{} ({a})", sp.name),
                    None => sp.name.clone(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        };
        match tracks.iter_mut().find(|(k, _)| *k == s.track) {
            Some((_, v)) => v.push(view),
            None => tracks.push((s.track.clone(), vec![view])),
        }
    }
    let own = e.cluster_id == c.id && scope.can_manage();
    let mine = match &ctx.user {
        Some(u) if !scope.can_manage() => events::mine_for(ctx.db(), u.id, &u.email, e.id)
            .await?
            .filter(|r| {
                r.status().is_active() || r.status() == clusterhub_core::event::Status::Rejected
            }),
        _ => None,
    };
    let member = ctx.user.is_some() && !scope.can_manage();
    let (shares, others) = if own {
        let shares = events::shares(ctx.db(), e.id).await?;
        let others = clusterhub_db::clusters::list(ctx.db())
            .await?
            .into_iter()
            .filter(|o| o.id != c.id && !shares.iter().any(|(s, _)| *s == o.slug))
            .map(|o| (o.slug, o.name))
            .collect();
        (shares, others)
    } else {
        (Vec::new(), Vec::new())
    };
    let organiser = if e.cluster_id != c.id {
        clusterhub_db::clusters::by_id(ctx.db(), e.cluster_id)
            .await?
            .name
    } else {
        String::new()
    };
    let mut session = f.session;
    if session.date.is_empty() {
        session.date = service::local_iso(&e.time_zone, &e.starts_at)
            .get(..10)
            .unwrap_or_default()
            .to_string();
    }
    let l = Layout::new(ctx, title.clone(), Some((&c, &scope))).await;
    let status = if f.errors.is_empty() && f.session_errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &EventPage {
            description: service::description(&t, &e),
            when: service::when(&t, &e),
            kind: row(&t, &c, &e).kind,
            member_price: service::price(&t, e.member_price_cents, &e.currency),
            guest_price: service::price(&t, e.guest_price_cents, &e.currency),
            places: match e.places_left() {
                Some(n) => t.tn("event-places-left", n),
                None => String::new(),
            },
            open: e.is_open(&clusterhub_db::now()),
            l,
            c,
            e,
            title,
            title_lang,
            tracks,
            own,
            mine,
            member,
            guest: f.guest,
            errors: f.errors,
            shares,
            others,
            session,
            session_errors: f.session_errors,
            notice: f.notice,
            organiser,
        },
    )
}

async fn event_page(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<NoticeQuery>,
) -> PageResult {
    let notice = if matches!(
        q.notice.as_str(),
        "confirmed" | "waitlisted" | "pending" | "cancelled" | "saved" | "shared" | "closed"
    ) {
        q.notice
    } else {
        String::new()
    };
    show_event(
        &mut ctx,
        &slug,
        id,
        Forms {
            notice,
            ..Default::default()
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Registration

#[derive(Deserialize, Default)]
#[serde(default)]
struct RegisterPost {
    csrf: String,
    name: String,
    email: String,
    organisation: String,
}

async fn register(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(p): axum::Form<RegisterPost>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let guest = GuestInput {
        name: p.name,
        email: p.email,
        organisation: p.organisation,
    };
    let who = registrant(&ctx, &scope, &guest).await;
    let result = match who {
        Ok(w) => events::register(ctx.db(), &scope, id, &w).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(r) => {
            let e = events::by_id(ctx.db(), id).await?;
            service::notify_quietly(&ctx.state, &r, &e, Notice::of(&r)).await;
            let to = if scope.can_manage() && e.cluster_id == scope.cluster_id() {
                format!("/c/{slug}/events/{id}/registrations")
            } else {
                format!("/c/{slug}/events/{id}?notice={}", r.status)
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            show_event(
                &mut ctx,
                &slug,
                id,
                Forms {
                    guest,
                    errors,
                    ..Default::default()
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Who a registration is for: a signed-in user registers themself (as a member when they act
/// for a member organisation of this cluster); staff and visitors fill in a guest's details.
pub async fn registrant(ctx: &Ctx, scope: &Scope, guest: &GuestInput) -> Result<Registrant, Error> {
    if let Some(u) = ctx.user.as_ref().filter(|_| !scope.can_manage()) {
        let org = scope.own_organisation();
        let organisation_name = match org {
            Some(o) => Some(clusterhub_db::organisations::by_id(ctx.db(), o).await?.name),
            None => None,
        };
        return Ok(Registrant {
            user_id: Some(u.id),
            person_id: None,
            organisation_id: org,
            name: u.name.clone(),
            email: u.email.clone(),
            organisation_name,
            locale: u.locale.clone().unwrap_or_else(|| ctx.lang.to_string()),
            audience: if org.is_some() { "member" } else { "guest" },
        });
    }
    let g = guest.parse()?;
    Ok(Registrant {
        user_id: None,
        person_id: None,
        organisation_id: None,
        name: g.name,
        email: g.email,
        organisation_name: g.organisation,
        locale: ctx.lang.to_string(),
        audience: "guest",
    })
}

// ---------------------------------------------------------------------------------------------
// Creating and editing (staff)

#[derive(Template)]
#[template(path = "event_form.html")]
struct FormPage {
    l: Layout,
    c: Cluster,
    id: Option<i64>,
    f: EventInput,
    errors: FormErrors,
    kinds: Vec<&'static str>,
    subtypes: Vec<(&'static str, &'static str)>,
    zones: Vec<&'static str>,
    langs: Vec<&'static str>,
}

impl FormPage {
    fn title_of(&self, lang: &str) -> &str {
        match lang {
            "es" => &self.f.title_es,
            "eu" => &self.f.title_eu,
            "en" => &self.f.title_en,
            _ => &self.f.title_fr,
        }
    }
    fn description_of(&self, lang: &str) -> &str {
        match lang {
            "es" => &self.f.description_es,
            "eu" => &self.f.description_eu,
            "en" => &self.f.description_en,
            _ => &self.f.description_fr,
        }
    }
}

async fn event_form(
    ctx: &mut Ctx,
    slug: &str,
    id: Option<i64>,
    f: EventInput,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_manage())?;
    let t = ctx.tr();
    let title = if id.is_some() {
        t.t("event-edit")
    } else {
        t.t("event-new")
    };
    let l = Layout::new(ctx, title, Some((&c, &scope))).await;
    let mut zones: Vec<&'static str> = ZONES.to_vec();
    zones.sort_unstable();
    render_status(
        errors.status(),
        &FormPage {
            l,
            c,
            id,
            f,
            errors,
            kinds: KINDS.iter().map(|k| k.as_str()).collect(),
            subtypes: KINDS
                .iter()
                .flat_map(|k| k.subtypes().iter().map(move |s| (k.as_str(), *s)))
                .collect(),
            zones,
            langs: LANGS.to_vec(),
        },
    )
}

async fn new_event(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = EventInput {
        kind: "event".into(),
        time_zone: "Europe/Madrid".into(),
        start_time: "09:00".into(),
        end_time: "11:00".into(),
        open_to_guests: true,
        published: true,
        ..Default::default()
    };
    event_form(&mut ctx, &slug, None, f, FormErrors::default()).await
}

/// An event as its form shows it: local dates and times in its zone.
pub fn input_of(t: &Tr, e: &Event) -> EventInput {
    let s = service::local_iso(&e.time_zone, &e.starts_at);
    let f = service::local_iso(&e.time_zone, &e.ends_at);
    let part = |x: &str, a: usize, b: usize| x.get(a..b).unwrap_or_default().to_string();
    let price = |c: Option<i64>| {
        c.map(|c| {
            clusterhub_i18n::format::decimal(t.lang, c as f64 / 100.0, 2)
                .replace(['.', '\u{202f}', '\u{a0}'], "")
                .replace(',', if t.lang == "en" { "." } else { "," })
        })
        .unwrap_or_default()
    };
    EventInput {
        kind: e.kind.clone(),
        subtype: e.subtype.clone().unwrap_or_default(),
        title_es: e.title.get("es").to_string(),
        title_eu: e.title.get("eu").to_string(),
        title_en: e.title.get("en").to_string(),
        title_fr: e.title.get("fr").to_string(),
        description_es: e.description.get("es").to_string(),
        description_eu: e.description.get("eu").to_string(),
        description_en: e.description.get("en").to_string(),
        description_fr: e.description.get("fr").to_string(),
        start_date: part(&s, 0, 10),
        start_time: part(&s, 11, 16),
        end_date: part(&f, 0, 10),
        end_time: part(&f, 11, 16),
        time_zone: e.time_zone.clone(),
        place: e.place.clone().unwrap_or_default(),
        online_url: e.online_url.clone().unwrap_or_default(),
        capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
        requires_approval: e.requires_approval,
        member_price: price(e.member_price_cents),
        guest_price: price(e.guest_price_cents),
        open_to_guests: e.open_to_guests,
        target_country: e.target_country.clone().unwrap_or_default(),
        sector: e.sector.clone().unwrap_or_default(),
        b2b: e.b2b,
        certificate: e.certificate,
        published: e.status != "draft",
    }
}

async fn edit_event(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let e = events::owned(ctx.db(), &scope, id).await?;
    let f = input_of(&ctx.tr(), &e);
    event_form(&mut ctx, &slug, Some(id), f, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EventPost {
    csrf: String,
    #[serde(flatten)]
    f: EventForm,
}

/// The form as posted: checkboxes arrive only when ticked.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct EventForm {
    kind: String,
    subtype: String,
    title_es: String,
    title_eu: String,
    title_en: String,
    title_fr: String,
    description_es: String,
    description_eu: String,
    description_en: String,
    description_fr: String,
    start_date: String,
    start_time: String,
    end_date: String,
    end_time: String,
    time_zone: String,
    place: String,
    online_url: String,
    capacity: String,
    requires_approval: String,
    member_price: String,
    guest_price: String,
    open_to_guests: String,
    target_country: String,
    sector: String,
    b2b: String,
    certificate: String,
    published: String,
}

impl EventForm {
    fn input(self) -> EventInput {
        EventInput {
            kind: self.kind,
            subtype: self.subtype,
            title_es: self.title_es,
            title_eu: self.title_eu,
            title_en: self.title_en,
            title_fr: self.title_fr,
            description_es: self.description_es,
            description_eu: self.description_eu,
            description_en: self.description_en,
            description_fr: self.description_fr,
            start_date: self.start_date,
            start_time: self.start_time,
            end_date: self.end_date,
            end_time: self.end_time,
            time_zone: self.time_zone,
            place: self.place,
            online_url: self.online_url,
            capacity: self.capacity,
            requires_approval: !self.requires_approval.is_empty(),
            member_price: self.member_price,
            guest_price: self.guest_price,
            open_to_guests: !self.open_to_guests.is_empty(),
            target_country: self.target_country,
            sector: self.sector,
            b2b: !self.b2b.is_empty(),
            certificate: !self.certificate.is_empty(),
            published: !self.published.is_empty(),
        }
    }
}

async fn save_event(mut ctx: Ctx, slug: String, id: Option<i64>, p: EventPost) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let input = p.f.input();
    let saved = match input.parse(ctx.lang) {
        Ok(d) => match id {
            None => events::create(ctx.db(), &scope, &d).await,
            Some(id) => match events::update(ctx.db(), &scope, id, &d).await {
                Ok(promoted) => {
                    let e = events::by_id(ctx.db(), id).await?;
                    for r in &promoted {
                        service::notify_quietly(&ctx.state, r, &e, Notice::Promoted).await;
                    }
                    Ok(id)
                }
                Err(e) => Err(e),
            },
        },
        Err(e) => Err(e),
    };
    match saved {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/events/{id}?notice=saved")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            event_form(&mut ctx, &slug, id, input, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_event(
    ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(p): axum::Form<EventPost>,
) -> PageResult {
    save_event(ctx, slug, None, p).await
}

async fn update_event(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(p): axum::Form<EventPost>,
) -> PageResult {
    save_event(ctx, slug, Some(id), p).await
}

async fn cancel_event(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    events::cancel_event(ctx.db(), &scope, id).await?;
    let e = events::by_id(ctx.db(), id).await?;
    for r in events::registrations(ctx.db(), &scope, id, "").await? {
        if r.status().is_active() {
            service::notify_quietly(&ctx.state, &r, &e, Notice::EventCancelled).await;
        }
    }
    Ok(Redirect::to(&format!("/c/{slug}/events/{id}")).into_response())
}

// ---------------------------------------------------------------------------------------------
// Sessions and sharing (staff)

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SessionInput {
    pub track: String,
    pub title: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub room: String,
    /// One speaker a line: "Name" or "Name, affiliation".
    pub speakers: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SessionPost {
    csrf: String,
    #[serde(flatten)]
    s: SessionInput,
}

fn parse_session(lang: &str, zone: &str, s: &SessionInput) -> Result<SessionDraft, Error> {
    use clusterhub_core::FieldError;
    let mut errs = clusterhub_core::error::Errors::new();
    let title = s.title.trim();
    if title.is_empty() {
        errs.push(FieldError::new("session_title", "required"));
    }
    let date = errs.take(clusterhub_core::parse::parse_date("session_date", &s.date));
    let st = errs.take(clusterhub_core::event::parse_time(
        "session_start",
        &s.start_time,
    ));
    let et = errs.take(clusterhub_core::event::parse_time(
        "session_end",
        &s.end_time,
    ));
    let z = errs.take(clusterhub_core::event::Zone::parse("time_zone", zone));
    let mut times = None;
    if let (Some(d), Some(st), Some(et), Some(z)) = (date, st, et, z) {
        let a = z.to_utc(time::PrimitiveDateTime::new(d, st));
        let b = z.to_utc(time::PrimitiveDateTime::new(d, et));
        if b <= a {
            errs.push(FieldError::new("session_end", "before_start"));
        } else {
            times = Some((
                clusterhub_core::parse::stamp(a),
                clusterhub_core::parse::stamp(b),
            ));
        }
    }
    errs.into_result()?;
    let (starts_at, ends_at) = times.ok_or_else(|| Error::invalid("session_date", "required"))?;
    let speakers = s
        .speakers
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(',') {
            Some((n, a)) if !a.trim().is_empty() => {
                (n.trim().to_string(), Some(a.trim().to_string()))
            }
            _ => (l.trim_end_matches(',').trim().to_string(), None),
        })
        .collect();
    Ok(SessionDraft {
        track: s.track.trim().to_string(),
        title: MultiText::new().with(lang, title),
        starts_at,
        ends_at,
        room: Some(s.room.trim().to_string()).filter(|r| !r.is_empty()),
        speakers,
    })
}

async fn add_session(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(p): axum::Form<SessionPost>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let e = events::owned(ctx.db(), &scope, id).await?;
    let saved = match parse_session(ctx.lang, &e.time_zone, &p.s) {
        Ok(d) => events::add_session(ctx.db(), &scope, id, &d).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/c/{slug}/events/{id}#sessions")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let session_errors = FormErrors::from_error(&ctx.tr(), &e);
            show_event(
                &mut ctx,
                &slug,
                id,
                Forms {
                    session: p.s,
                    session_errors,
                    ..Default::default()
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_session(
    mut ctx: Ctx,
    Path((slug, id, session)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    events::delete_session(ctx.db(), &scope, id, session).await?;
    Ok(Redirect::to(&format!("/c/{slug}/events/{id}#sessions")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SharePost {
    csrf: String,
    cluster: String,
    stop: String,
}

async fn share(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(p): axum::Form<SharePost>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    events::set_share(ctx.db(), &scope, id, &p.cluster, p.stop.is_empty()).await?;
    Ok(Redirect::to(&format!("/c/{slug}/events/{id}?notice=shared")).into_response())
}

// ---------------------------------------------------------------------------------------------
// Registrations and check-in (staff)

pub struct RegView {
    pub r: Registration,
    pub status: String,
    pub checked_in: String,
}

#[derive(Template)]
#[template(path = "event_registrations.html")]
struct RegistrationsPage {
    l: Layout,
    c: Cluster,
    e: Event,
    title: String,
    when: String,
    q: String,
    list: Vec<RegView>,
    confirmed: i64,
    checked_in: i64,
    waitlisted: i64,
    pending: i64,
    notice: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RegistrationsQuery {
    q: String,
    notice: String,
}

async fn registrations(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<RegistrationsQuery>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let e = events::owned(ctx.db(), &scope, id).await?;
    let t = ctx.tr();
    let all = events::registrations(ctx.db(), &scope, id, "").await?;
    let count = |s: &str| all.iter().filter(|r| r.status == s).count() as i64;
    let (confirmed, waitlisted, pending) =
        (count("confirmed"), count("waitlisted"), count("pending"));
    let checked_in = all.iter().filter(|r| r.checked_in_at.is_some()).count() as i64;
    let list = events::registrations(ctx.db(), &scope, id, &q.q)
        .await?
        .into_iter()
        .map(|r| RegView {
            status: t.tc("event-status", &r.status),
            checked_in: r
                .checked_in_at
                .as_deref()
                .map(|at| {
                    service::local_iso(&e.time_zone, at)
                        .get(11..16)
                        .unwrap_or_default()
                        .to_string()
                })
                .unwrap_or_default(),
            r,
        })
        .collect();
    let notice = match q.notice.as_str() {
        "checked_in" | "already" | "closed" | "cancelled" | "approved" | "rejected" => {
            q.notice.clone()
        }
        _ => String::new(),
    };
    let l = Layout::new(&ctx, t.t("event-registrations"), Some((&c, &scope))).await;
    render(&RegistrationsPage {
        title: service::title(&t, &e),
        when: service::when(&t, &e),
        l,
        c,
        e,
        q: q.q,
        list,
        confirmed,
        checked_in,
        waitlisted,
        pending,
        notice,
    })
}

async fn registration_action(
    mut ctx: Ctx,
    Path((slug, id, reg, action)): Path<(String, i64, i64, String)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let e = events::owned(ctx.db(), &scope, id).await?;
    let notice = match action.as_str() {
        "checkin" => {
            events::check_in(ctx.db(), &scope, id, reg).await?;
            "checked_in"
        }
        "cancel" => {
            let done = events::cancel_by_staff(ctx.db(), &scope, id, reg).await?;
            for p in &done.promoted {
                service::notify_quietly(&ctx.state, p, &e, Notice::Promoted).await;
            }
            "cancelled"
        }
        "approve" => {
            let r = events::approve(ctx.db(), &scope, id, reg).await?;
            let what = if r.status == "confirmed" {
                Notice::Approved
            } else {
                Notice::Waitlisted
            };
            service::notify_quietly(&ctx.state, &r, &e, what).await;
            "approved"
        }
        "reject" => {
            events::reject(ctx.db(), &scope, id, reg).await?;
            "rejected"
        }
        _ => return Err(Error::NotFound.into()),
    };
    Ok(Redirect::to(&format!(
        "/c/{slug}/events/{id}/registrations?notice={notice}#r{reg}"
    ))
    .into_response())
}

async fn close_attendance(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    events::close_attendance(ctx.db(), &scope, id).await?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/events/{id}/registrations?notice=closed"
    ))
    .into_response())
}

#[derive(Template)]
#[template(path = "event_checkin.html")]
struct CheckinPage {
    l: Layout,
    c: Cluster,
    e: Event,
    title: String,
    r: Registration,
    already: bool,
}

/// The URL in a ticket's QR code: staff of the organising cluster scanning it check the
/// holder in at once (a second scan says so and changes nothing).
async fn checkin_by_qr(mut ctx: Ctx, Path((slug, ticket)): Path<(String, String)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let (before, e) = events::by_ticket(ctx.db(), &ticket).await?;
    if e.cluster_id != c.id {
        return Err(Error::NotFound.into());
    }
    let already = before.checked_in_at.is_some();
    let r = events::check_in_ticket(ctx.db(), &scope, &ticket).await?;
    let t = ctx.tr();
    let l = Layout::new(&ctx, t.t("event-checkin"), Some((&c, &scope))).await;
    render(&CheckinPage {
        title: service::title(&t, &e),
        l,
        c,
        e,
        r,
        already,
    })
}

async fn certificates_all(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let e = events::owned(ctx.db(), &scope, id).await?;
    let bytes = service::certificates(&ctx.state, &ctx.tr(), &e, None).await?;
    pdf(format!("certificates-{id}.pdf"), bytes)
}

async fn certificate_one(
    mut ctx: Ctx,
    Path((slug, id, reg)): Path<(String, i64, i64)>,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let e = events::owned(ctx.db(), &scope, id).await?;
    events::owned_registration(ctx.db(), &scope, id, reg).await?;
    let bytes = service::certificates(&ctx.state, &ctx.tr(), &e, Some(reg)).await?;
    pdf(format!("certificate-{id}-{reg}.pdf"), bytes)
}

// ---------------------------------------------------------------------------------------------
// Tickets (the secret is the key)

#[derive(Template)]
#[template(path = "event_ticket.html")]
struct TicketPage {
    l: Layout,
    r: Registration,
    e: Event,
    slug: String,
    title: String,
    when: String,
    qr: String,
    checkin_url: String,
    price: String,
    cancelled_now: bool,
}

async fn ticket_view(
    ctx: &Ctx,
    headers: &axum::http::HeaderMap,
    ticket: &str,
    cancelled_now: bool,
) -> PageResult {
    let (r, e) = events::by_ticket(ctx.db(), ticket).await?;
    let c = clusterhub_db::clusters::by_id(ctx.db(), e.cluster_id).await?;
    let t = ctx.tr();
    let checkin_url = format!(
        "{}/c/{}/checkin/{}",
        base_url(ctx, headers),
        c.slug,
        r.ticket
    );
    let price = if r.audience == "member" {
        service::price(&t, e.member_price_cents, &e.currency)
    } else {
        service::price(&t, e.guest_price_cents, &e.currency)
    };
    let l = Layout::new(ctx, t.t("event-ticket"), None).await;
    render(&TicketPage {
        title: service::title(&t, &e),
        when: service::when(&t, &e),
        qr: service::qr_svg(&checkin_url, &t.t("event-qr-label")),
        checkin_url,
        price,
        slug: c.slug,
        l,
        r,
        e,
        cancelled_now,
    })
}

async fn ticket_page(
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(ticket): Path<String>,
) -> PageResult {
    ticket_view(&ctx, &headers, &ticket, false).await
}

async fn ticket_cancel(
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(ticket): Path<String>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let done = events::cancel_by_ticket(ctx.db(), &ticket).await?;
    let e = events::by_id(ctx.db(), done.registration.event_id).await?;
    for p in &done.promoted {
        service::notify_quietly(&ctx.state, p, &e, Notice::Promoted).await;
    }
    ticket_view(&ctx, &headers, &ticket, true).await
}

async fn ticket_certificate(ctx: Ctx, Path(ticket): Path<String>) -> PageResult {
    let (r, e) = events::by_ticket(ctx.db(), &ticket).await?;
    if r.checked_in_at.is_none() {
        return Err(Error::NotFound.into());
    }
    let bytes = service::certificates(&ctx.state, &ctx.tr(), &e, Some(r.id)).await?;
    pdf(format!("certificate-{}.pdf", e.id), bytes)
}
