//! Mission and fair pages: delegation, stand, follow-up outcomes.
//!
//! `/c/{slug}/events/{event}/mission` shows a mission or fair of the cluster to its insiders:
//! target country and sector, the delegation (confirmed registrations and organisations staff
//! add), the agenda abroad in the mission's own time zone, the grouped stands of a fair with
//! each organisation's area and cost share, and the follow-up outcomes (each organisation sees
//! and edits its own; staff all of them and the totals).

use super::layout::Layout;
use super::{FormErrors, PageResult, render_status};
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::access::Scope;
use clusterhub_core::event::zone::Zone;
use clusterhub_core::mission::{DelegateForm, OutcomeForm, ShareForm, StandForm, Totals};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::missions::{self, Delegate, Mission, OutcomeRow, StandRow};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/missions", list)
        .get("/c/{slug}/events/{event}/mission", page)
        .post("/c/{slug}/events/{event}/mission/delegates", add_delegate)
        .post(
            "/c/{slug}/events/{event}/mission/delegates/remove",
            remove_delegate,
        )
        .post("/c/{slug}/events/{event}/mission/stands", add_stand)
        .post("/c/{slug}/events/{event}/mission/shares", set_share)
        .get(
            "/c/{slug}/events/{event}/mission/outcomes/{org}",
            outcome_form,
        )
        .post(
            "/c/{slug}/events/{event}/mission/outcomes/{org}",
            save_outcome,
        )
}

/// A stored UTC instant as wall-clock time in `zone`, "2026-12-10T08:30".
fn local(zone: &Option<Zone>, utc: &str) -> String {
    match (zone, clusterhub_core::parse::parse_stamp(utc)) {
        (Some(z), Some(at)) => {
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
        _ => utc.to_string(),
    }
}

/// "10 dic 2026 08:30–10:00" in the reader's language, local to the zone.
fn span(t: &Tr, zone: &Option<Zone>, from: &str, to: &str) -> String {
    let (s, f) = (local(zone, from), local(zone, to));
    let end = if s.get(..10) == f.get(..10) {
        f.get(11..16).unwrap_or_default().to_string()
    } else {
        t.dt(&f)
    };
    format!("{}–{end}", t.dt(&s))
}

/// What the page shows about the mission itself, translated.
pub struct Head {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub subtype: String,
    pub when: String,
    pub zone: String,
    pub place: String,
    pub country: String,
    pub sector: String,
    pub fair: bool,
    pub draft: bool,
}

fn head(t: &Tr, m: &Mission) -> Head {
    let zone = Zone::parse("time_zone", &m.time_zone).ok();
    let country = m
        .target_country
        .as_deref()
        .map(|c| match clusterhub_core::country::name(c) {
            Some(n) => format!("{n} ({c})"),
            None => c.to_string(),
        })
        .unwrap_or_default();
    Head {
        id: m.id,
        title: t.mt(&m.title),
        kind: t.tc("activity-kind", &m.kind),
        subtype: m
            .subtype
            .as_deref()
            .map(|s| t.tc("subtype", s))
            .unwrap_or_default(),
        when: span(t, &zone, &m.starts_at, &m.ends_at),
        zone: m.time_zone.clone(),
        place: m.place.clone().unwrap_or_default(),
        country,
        sector: m.sector.clone().unwrap_or_default(),
        fair: m.is_fair(),
        draft: m.status == "draft",
    }
}

pub struct AgendaRow {
    pub when: String,
    pub title: String,
    pub room: String,
    pub track: String,
}

pub struct ShareView {
    pub name: String,
    pub area: String,
    pub cost: String,
}

pub struct StandView {
    pub id: i64,
    pub label: String,
    pub hall: String,
    pub shares: Vec<ShareView>,
    pub area: String,
    pub cost: String,
}

pub struct OutcomeView {
    pub organisation_id: i64,
    pub name: String,
    pub reported: bool,
    pub contacts: String,
    pub meetings: String,
    pub offers: String,
    pub agreements: String,
    pub value: String,
    pub note: String,
    pub updated: String,
}

pub struct TotalsView {
    pub reported: String,
    pub contacts: String,
    pub meetings: String,
    pub offers: String,
    pub agreements: String,
    pub value: String,
}

fn area(t: &Tr, centi: i64) -> String {
    format!(
        "{} m²",
        clusterhub_i18n::format::decimal(t.lang, centi as f64 / 100.0, 2)
    )
}

#[derive(Template)]
#[template(path = "mission.html")]
struct Page {
    l: Layout,
    c: Cluster,
    m: Head,
    delegation: Vec<Delegate>,
    agenda: Vec<AgendaRow>,
    stands: Vec<StandView>,
    outcomes: Vec<OutcomeView>,
    totals: Option<TotalsView>,
    manage: bool,
    /// Staff forms: member organisations, people (id, organisation, name).
    organisations: Vec<(i64, String)>,
    people: Vec<(i64, i64, String)>,
    errors: FormErrors,
    /// Which staff form the errors are about: delegate, stand or share.
    form: String,
    stand_form: StandForm,
    share_form: ShareForm,
    delegate_form: DelegateForm,
}

impl Page {
    fn err(&self, form: &str, field: &str) -> Option<&str> {
        if self.form == form {
            self.errors.get(field)
        } else {
            None
        }
    }
}

#[derive(Default)]
struct Again {
    errors: FormErrors,
    form: String,
    stand: StandForm,
    share: ShareForm,
    delegate: DelegateForm,
}

async fn show(ctx: &Ctx, c: Cluster, scope: &Scope, id: i64, again: Again) -> PageResult {
    let t = ctx.tr();
    let m = missions::get(ctx.db(), scope, id).await?;
    let zone = Zone::parse("time_zone", &m.time_zone).ok();
    let delegation = missions::delegation(ctx.db(), scope, &m).await?;
    let agenda = missions::agenda(ctx.db(), &m)
        .await?
        .into_iter()
        .map(|s| AgendaRow {
            when: span(&t, &zone, &s.starts_at, &s.ends_at),
            title: t.mt(&s.title),
            room: s.room.unwrap_or_default(),
            track: s.track,
        })
        .collect();
    let stands = missions::stands(ctx.db(), scope, &m)
        .await?
        .into_iter()
        .map(|s: StandRow| StandView {
            id: s.id,
            label: s.label,
            hall: s.hall.unwrap_or_default(),
            area: area(&t, s.area_centi),
            cost: t.money(s.cost_cents),
            shares: s
                .shares
                .into_iter()
                .map(|x| ShareView {
                    name: x.name,
                    area: area(&t, x.area_centi),
                    cost: t.money(x.cost_cents),
                })
                .collect(),
        })
        .collect();
    let (rows, totals) = missions::outcomes(ctx.db(), scope, &m).await?;
    let outcomes = rows.into_iter().map(|r| outcome_view(&t, r)).collect();
    let totals = totals.map(|x: Totals| TotalsView {
        reported: format!("{} / {}", t.n(x.reported), t.n(x.organisations)),
        contacts: t.n(x.contacts),
        meetings: t.n(x.meetings),
        offers: t.n(x.offers),
        agreements: t.n(x.agreements),
        value: t.money(x.business_value_cents),
    });
    let manage = scope.can_manage();
    let (organisations, people) = if manage {
        missions::candidates(ctx.db(), scope).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let head = head(&t, &m);
    let l = Layout::new(ctx, head.title.clone(), Some((&c, scope))).await;
    let status = if again.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &Page {
            l,
            c,
            m: head,
            delegation,
            agenda,
            stands,
            outcomes,
            totals,
            manage,
            organisations,
            people,
            errors: again.errors,
            form: again.form,
            stand_form: again.stand,
            share_form: again.share,
            delegate_form: again.delegate,
        },
    )
}

fn outcome_view(t: &Tr, r: OutcomeRow) -> OutcomeView {
    let o = r.outcome.clone().unwrap_or_default();
    OutcomeView {
        organisation_id: r.organisation_id,
        name: r.name,
        reported: r.outcome.is_some(),
        contacts: t.n(o.contacts),
        meetings: t.n(o.meetings),
        offers: t.n(o.offers),
        agreements: t.n(o.agreements),
        value: t.money(o.business_value_cents),
        note: o.note,
        updated: r.updated_at.map(|u| t.dt(&u)).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "missions.html")]
struct List {
    l: Layout,
    c: Cluster,
    items: Vec<(Head, String)>,
}

/// Every mission and fair of the cluster, newest first, each with its delegation's size.
async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let items = missions::list(ctx.db(), &scope)
        .await?
        .into_iter()
        .map(|(m, n)| (head(&t, &m), t.tn("mission-delegation-count", n)))
        .collect();
    let l = Layout::new(&ctx, t.t("mission-list-title"), Some((&c, &scope))).await;
    render_status(StatusCode::OK, &List { l, c, items })
}

async fn page(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    show(&ctx, c, &scope, id, Again::default()).await
}

fn back(slug: &str, id: i64, anchor: &str) -> PageResult {
    Ok(Redirect::to(&format!("/c/{slug}/events/{id}/mission#{anchor}")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DelegateBody {
    csrf: String,
    organisation: String,
    person: String,
}

async fn add_delegate(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<DelegateBody>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let form = DelegateForm {
        organisation: f.organisation,
        person: f.person,
    };
    let r = match form.parse() {
        Ok((org, person)) => missions::add_delegate(ctx.db(), &scope, id, org, person).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => back(&slug, id, "delegation"),
        Err(e @ Error::Validation(_)) => {
            let again = Again {
                errors: FormErrors::from_error(&ctx.tr(), &e),
                form: "delegate".into(),
                delegate: form,
                ..Default::default()
            };
            show(&ctx, c, &scope, id, again).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn remove_delegate(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<DelegateBody>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let org: i64 = f.organisation.trim().parse().map_err(|_| Error::NotFound)?;
    missions::remove_delegate(ctx.db(), &scope, id, org).await?;
    back(&slug, id, "delegation")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StandBody {
    csrf: String,
    label: String,
    hall: String,
}

async fn add_stand(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<StandBody>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let form = StandForm {
        label: f.label,
        hall: f.hall,
    };
    let r = match form.parse() {
        Ok(s) => missions::add_stand(ctx.db(), &scope, id, &s)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => back(&slug, id, "stands"),
        Err(e @ Error::Validation(_)) => {
            let again = Again {
                errors: FormErrors::from_error(&ctx.tr(), &e),
                form: "stand".into(),
                stand: form,
                ..Default::default()
            };
            show(&ctx, c, &scope, id, again).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShareBody {
    csrf: String,
    stand: String,
    organisation: String,
    area: String,
    cost: String,
}

async fn set_share(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<ShareBody>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let form = ShareForm {
        stand: f.stand,
        organisation: f.organisation,
        area: f.area,
        cost: f.cost,
    };
    let lang = ctx.tr().lang;
    let r = match form.parse(lang) {
        Ok(s) => missions::set_share(ctx.db(), &scope, id, &s).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => back(&slug, id, "stands"),
        Err(e @ Error::Validation(_)) => {
            let again = Again {
                errors: FormErrors::from_error(&ctx.tr(), &e),
                form: "share".into(),
                share: form,
                ..Default::default()
            };
            show(&ctx, c, &scope, id, again).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "mission_outcome.html")]
struct OutcomePage {
    l: Layout,
    c: Cluster,
    m: Head,
    organisation: String,
    organisation_id: i64,
    f: OutcomeForm,
    errors: FormErrors,
}

impl OutcomePage {
    /// The count fields, in order, with what was typed.
    fn counts(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("contacts", self.f.contacts.as_str()),
            ("meetings", self.f.meetings.as_str()),
            ("offers", self.f.offers.as_str()),
            ("agreements", self.f.agreements.as_str()),
        ]
    }
}

async fn outcome_page(
    ctx: &Ctx,
    c: Cluster,
    scope: &Scope,
    id: i64,
    org: i64,
    typed: Option<(OutcomeForm, FormErrors)>,
) -> PageResult {
    let t = ctx.tr();
    let (m, row) = missions::outcome(ctx.db(), scope, id, org).await?;
    let (f, errors) = typed.unwrap_or_else(|| {
        (
            row.outcome
                .as_ref()
                .map(|o| OutcomeForm::of(o, t.lang))
                .unwrap_or_default(),
            FormErrors::default(),
        )
    });
    let head = head(&t, &m);
    let l = Layout::new(
        ctx,
        format!("{} · {}", t.t("mission-outcomes"), row.name),
        Some((&c, scope)),
    )
    .await;
    let status = errors.status();
    render_status(
        status,
        &OutcomePage {
            l,
            c,
            m: head,
            organisation: row.name,
            organisation_id: org,
            f,
            errors,
        },
    )
}

async fn outcome_form(mut ctx: Ctx, Path((slug, id, org)): Path<(String, i64, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    outcome_page(&ctx, c, &scope, id, org, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OutcomeBody {
    csrf: String,
    #[serde(flatten)]
    f: OutcomeForm,
}

async fn save_outcome(
    mut ctx: Ctx,
    Path((slug, id, org)): Path<(String, i64, i64)>,
    axum::Form(b): axum::Form<OutcomeBody>,
) -> PageResult {
    ctx.check_csrf(&b.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    let lang = ctx.tr().lang;
    let r = match b.f.parse(lang) {
        Ok(o) => missions::save_outcome(ctx.db(), &scope, id, org, &o).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => back(&slug, id, "outcomes"),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            outcome_page(&ctx, c, &scope, id, org, Some((b.f, errors))).await
        }
        Err(e) => Err(e.into()),
    }
}
