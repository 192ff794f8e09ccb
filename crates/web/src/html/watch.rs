//! Tender watch pages: a member's feed of matches with their reasons (save, dismiss, share),
//! alert profiles, the opportunities (eForms notices, the cluster's own and shared ones) with
//! imports for staff, the bulletin settings and staff's curated bulletins, and the token feeds
//! (Atom, iCalendar, one-click unsubscribe) that readers and calendars fetch without a session.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::routes::Routes;
use crate::watch::{self as service, RunLimits};
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::access::Scope;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::bulletins::{self, Bulletin, BulletinForm, Frequency};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::organisations;
use clusterhub_db::watch::{self, FeedFilter, MatchState, Opportunity, StoredProfile};
use clusterhub_watch::alert::{AlertForm, OpportunityKind};
use clusterhub_watch::notice::Notice;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/watch", feed)
        .post("/c/{slug}/watch/subscription", subscription)
        .post("/c/{slug}/watch/digest", digest_now)
        .post("/c/{slug}/watch/{opportunity}/state", set_state)
        .post("/c/{slug}/watch/{opportunity}/share", share)
        .get("/c/{slug}/watch/profiles", profiles)
        .get("/c/{slug}/watch/profiles/new", new_profile)
        .post("/c/{slug}/watch/profiles", create_profile)
        .get("/c/{slug}/watch/profiles/{profile}/edit", edit_profile)
        .post("/c/{slug}/watch/profiles/{profile}", update_profile)
        .post("/c/{slug}/watch/profiles/{profile}/delete", delete_profile)
        .get("/c/{slug}/opportunities", opportunities)
        .get("/c/{slug}/opportunities/new", new_opportunity)
        .post("/c/{slug}/opportunities", create_opportunity)
        .post("/c/{slug}/opportunities/import", import)
        .get("/c/{slug}/opportunities/{opportunity}", opportunity)
        .get("/c/{slug}/bulletins", bulletin_list)
        .get("/c/{slug}/bulletins/new", bulletin_new)
        .post("/c/{slug}/bulletins", bulletin_create)
        .get("/c/{slug}/bulletins/{bulletin}", bulletin_edit)
        .post("/c/{slug}/bulletins/{bulletin}", bulletin_update)
        .post("/c/{slug}/bulletins/{bulletin}/send", bulletin_send)
        .get("/watch/feed/{file}", token_feed)
        .get("/watch/unsubscribe/{token}", unsubscribe_page)
        .post("/watch/unsubscribe/{token}", unsubscribe)
}

/// Whose watch a page shows: the member user's own organisation, or the one staff picked.
fn organisation_of(scope: &Scope, picked: &str) -> Option<i64> {
    scope
        .own_organisation()
        .or_else(|| picked.trim().parse().ok().filter(|_| scope.can_manage()))
}

fn org_query(scope: &Scope, org: i64) -> String {
    if scope.can_manage() {
        format!("?organisation={org}")
    } else {
        String::new()
    }
}

pub struct Member {
    pub id: i64,
    pub name: String,
}

async fn members(ctx: &Ctx, scope: &Scope) -> Result<Vec<Member>, Error> {
    if !scope.can_manage() {
        return Ok(Vec::new());
    }
    Ok(organisations::member_names(ctx.db(), scope)
        .await?
        .into_iter()
        .map(|(id, name)| Member { id, name })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// The feed

pub struct FeedView {
    pub id: i64,
    pub title: String,
    pub meta: String,
    pub reasons: Vec<String>,
    pub profiles: String,
    pub state: &'static str,
    pub score: u32,
    pub shared_by: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "watch_feed.html")]
struct FeedPage {
    l: Layout,
    c: Cluster,
    organisation: Option<i64>,
    org_q: String,
    members: Vec<Member>,
    items: Vec<FeedView>,
    state: String,
    states: Vec<&'static str>,
    profile_count: usize,
    colleagues: Vec<(i64, String)>,
    frequency: &'static str,
    frequencies: Vec<&'static str>,
    atom: String,
    ical: String,
    overview: Option<(i64, i64, i64, i64)>,
    verdicts: Vec<&'static str>,
    notice: String,
}

impl FeedPage {
    fn picked(&self, id: &i64) -> bool {
        self.organisation == Some(*id)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FeedQuery {
    organisation: String,
    state: String,
    notice: String,
}

fn meta(t: &Tr, o: &Opportunity) -> String {
    let mut parts = vec![t.tc("opportunity-kind", o.kind.as_str())];
    if let Some(b) = &o.buyer {
        parts.push(b.clone());
    }
    if let (Some(v), Some(c)) = (o.value_cents, &o.currency) {
        parts.push(t.money_in(v, c));
    }
    if let Some(d) = &o.deadline {
        parts.push(format!("{} {}", t.t("opportunity-deadline"), t.dt(d)));
    }
    parts.join(" · ")
}

async fn feed(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<FeedQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.is_insider())?;
    let t = ctx.tr();
    let organisation = organisation_of(&scope, &q.organisation);
    let mut items = Vec::new();
    let mut profile_count = 0;
    let mut colleagues = Vec::new();
    if let Some(org) = organisation {
        let f = FeedFilter {
            state: q.state.clone(),
            ..Default::default()
        };
        for i in watch::feed(ctx.db(), &scope, org, &f).await? {
            items.push(FeedView {
                id: i.opportunity.id,
                title: service::title(&t, &i.opportunity),
                meta: meta(&t, &i.opportunity),
                reasons: service::reason_texts(&t, &i.reasons),
                profiles: i.profiles.join(", "),
                state: i.state.as_str(),
                score: i.score,
                shared_by: i.shared_by,
            });
        }
        profile_count = watch::profiles(ctx.db(), &scope, org).await?.len();
        colleagues = watch::colleagues(ctx.db(), &scope, org).await?;
    }
    let (frequency, atom, ical) = match (
        ctx.require_user().ok().map(|u| u.id),
        scope.own_organisation(),
    ) {
        (Some(uid), Some(_)) => {
            let s = bulletins::subscription(ctx.db(), uid, c.id).await?;
            (
                s.frequency.as_str(),
                format!("/watch/feed/{}.atom", s.token),
                format!("/watch/feed/{}.ics", s.token),
            )
        }
        _ => ("", String::new(), String::new()),
    };
    let overview = if scope.can_manage() {
        Some(watch::overview(ctx.db(), &scope).await?)
    } else {
        None
    };
    let l = Layout::new(&ctx, t.t("watch-title"), Some((&c, &scope))).await;
    render(&FeedPage {
        l,
        org_q: organisation
            .map(|o| org_query(&scope, o))
            .unwrap_or_default(),
        members: members(&ctx, &scope).await?,
        c,
        organisation,
        items,
        state: if q.state.is_empty() {
            "active".to_string()
        } else {
            q.state
        },
        states: vec!["active", "saved", "dismissed", "shared", "all"],
        profile_count,
        colleagues,
        frequency,
        frequencies: Frequency::ALL.iter().map(|f| f.as_str()).collect(),
        atom,
        ical,
        overview,
        verdicts: vec!["not_relevant", "not_for_us", "too_late", "too_big"],
        notice: q.notice,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StateForm {
    csrf: String,
    organisation: String,
    state: String,
    verdict: String,
    note: String,
}

async fn set_state(
    mut ctx: Ctx,
    Path((slug, opp)): Path<(String, i64)>,
    axum::Form(f): axum::Form<StateForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let org = organisation_of(&scope, &f.organisation).ok_or(Error::Forbidden)?;
    let state = MatchState::parse(&f.state).ok_or_else(|| {
        Error::Validation(vec![
            FieldError::new("state", "unknown_value").detail(f.state.clone()),
        ])
    })?;
    let verdict = Some(f.verdict.trim())
        .filter(|v| !v.is_empty())
        .or(Some("not_relevant"));
    watch::set_state(ctx.db(), &scope, org, opp, state, verdict, &f.note).await?;
    Ok(Redirect::to(&format!("/c/{slug}/watch{}", org_query(&scope, org))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShareForm {
    csrf: String,
    organisation: String,
    to: String,
    note: String,
}

async fn share(
    mut ctx: Ctx,
    Path((slug, opp)): Path<(String, i64)>,
    axum::Form(f): axum::Form<ShareForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let org = organisation_of(&scope, &f.organisation).ok_or(Error::Forbidden)?;
    let to: i64 =
        f.to.trim()
            .parse()
            .map_err(|_| Error::Validation(vec![FieldError::new("to", "required")]))?;
    watch::share(ctx.db(), &scope, org, opp, to, &f.note).await?;
    Ok(Redirect::to(&format!("/c/{slug}/watch{}", org_query(&scope, org))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FrequencyForm {
    csrf: String,
    frequency: String,
}

async fn subscription(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<FrequencyForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.own_organisation().is_some())?;
    let freq = Frequency::parse(&f.frequency).ok_or_else(|| {
        Error::Validation(vec![
            FieldError::new("frequency", "unknown_value").detail(f.frequency.clone()),
        ])
    })?;
    bulletins::set_frequency(ctx.db(), &scope, freq).await?;
    Ok(Redirect::to(&format!("/c/{slug}/watch?notice=saved")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

/// Staff send this week's digest now to their cluster's weekly readers (the scheduler would on
/// Monday morning): a run of its own, so it sends what is new even after the week's run.
async fn digest_now(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let r = service::run_digest_now(
        &ctx.state,
        c.id,
        Frequency::Weekly,
        time::OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(Redirect::to(&format!("/c/{slug}/watch?notice=digest-{}", r.sent)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Alert profiles

#[derive(Template)]
#[template(path = "watch_profiles.html")]
struct ProfilesPage {
    l: Layout,
    c: Cluster,
    organisation: Option<i64>,
    org_q: String,
    members: Vec<Member>,
    profiles: Vec<(StoredProfile, Vec<String>)>,
}

impl ProfilesPage {
    fn picked(&self, id: &i64) -> bool {
        self.organisation == Some(*id)
    }
}

async fn profiles(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.is_insider())?;
    let t = ctx.tr();
    let organisation = organisation_of(&scope, &q.organisation);
    let mut list = Vec::new();
    if let Some(org) = organisation {
        for p in watch::profiles(ctx.db(), &scope, org).await? {
            let kinds = p
                .profile
                .kinds
                .iter()
                .map(|k| t.tc("opportunity-kind", k.as_str()))
                .collect();
            list.push((p, kinds));
        }
    }
    let l = Layout::new(&ctx, t.t("watch-profiles-title"), Some((&c, &scope))).await;
    render(&ProfilesPage {
        l,
        org_q: organisation
            .map(|o| org_query(&scope, o))
            .unwrap_or_default(),
        members: members(&ctx, &scope).await?,
        c,
        organisation,
        profiles: list,
    })
}

#[derive(Template)]
#[template(path = "watch_profile_form.html")]
struct ProfileFormPage {
    l: Layout,
    c: Cluster,
    f: AlertForm,
    errors: FormErrors,
    action: String,
    organisation: i64,
    kinds: Vec<&'static str>,
    proposed: bool,
}

impl ProfileFormPage {
    fn kind_on(&self, k: &str) -> bool {
        self.f.kinds.iter().any(|x| x == k)
    }
}

async fn profile_form(
    ctx: &mut Ctx,
    slug: &str,
    organisation: i64,
    id: Option<i64>,
    f: AlertForm,
    errors: FormErrors,
    proposed: bool,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_manage() || scope.own_organisation() == Some(organisation))?;
    let t = ctx.tr();
    let action = match id {
        Some(id) => format!("/c/{slug}/watch/profiles/{id}"),
        None => format!("/c/{slug}/watch/profiles"),
    };
    let l = Layout::new(ctx, t.t("watch-profile-edit"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &ProfileFormPage {
            l,
            c,
            f,
            errors,
            action,
            organisation,
            kinds: OpportunityKind::ALL.iter().map(|k| k.as_str()).collect(),
            proposed,
        },
    )
}

async fn new_profile(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let org = organisation_of(&scope, &q.organisation).ok_or(Error::Forbidden)?;
    let t = ctx.tr();
    let existing = watch::profiles(ctx.db(), &scope, org).await?;
    let name = t.t("watch-profile-default-name");
    // The first profile starts from what the cluster knows of the member.
    let (f, proposed) = if existing.is_empty() {
        (watch::propose(ctx.db(), &scope, org, &name).await?, true)
    } else {
        (
            AlertForm {
                name,
                kinds: vec!["planning".into(), "tender".into()],
                ..Default::default()
            },
            false,
        )
    };
    profile_form(
        &mut ctx,
        &slug,
        org,
        None,
        f,
        FormErrors::default(),
        proposed,
    )
    .await
}

async fn edit_profile(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let p = watch::profile(ctx.db(), &scope, id).await?;
    let f = AlertForm::from_profile(&p.name, &p.profile);
    profile_form(
        &mut ctx,
        &slug,
        p.organisation_id,
        Some(id),
        f,
        FormErrors::default(),
        false,
    )
    .await
}

fn read_profile_form(body: &[u8]) -> (String, String, AlertForm) {
    let (mut csrf, mut org) = (String::new(), String::new());
    let mut f = AlertForm::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "csrf" => csrf = v,
            "organisation" => org = v,
            "name" => f.name = v,
            "cpv" => f.cpv = v,
            "nuts" => f.nuts = v,
            "keywords" => f.keywords = v,
            "min_value" => f.min_value = v,
            "max_value" => f.max_value = v,
            "kinds" => f.kinds.push(v),
            "innovation_only" => f.innovation_only = !v.is_empty(),
            _ => {}
        }
    }
    (csrf, org, f)
}

async fn save_profile(mut ctx: Ctx, slug: String, id: Option<i64>, body: &[u8]) -> PageResult {
    let (csrf, org, f) = read_profile_form(body);
    ctx.check_csrf(&csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let org = match id {
        Some(id) => watch::profile(ctx.db(), &scope, id).await?.organisation_id,
        None => organisation_of(&scope, &org).ok_or(Error::Forbidden)?,
    };
    let saved = match f.parse() {
        Ok(input) => watch::save_profile(ctx.db(), &scope, org, id, &input).await,
        Err(e) => Err(Error::Validation(e)),
    };
    match saved {
        Ok(_) => {
            Ok(Redirect::to(&format!("/c/{slug}/watch{}", org_query(&scope, org))).into_response())
        }
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            profile_form(&mut ctx, &slug, org, id, f, errors, false).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_profile(ctx: Ctx, Path(slug): Path<String>, body: axum::body::Bytes) -> PageResult {
    save_profile(ctx, slug, None, &body).await
}

async fn update_profile(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    save_profile(ctx, slug, Some(id), &body).await
}

async fn delete_profile(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let p = watch::profile(ctx.db(), &scope, id).await?;
    watch::archive_profile(ctx.db(), &scope, id).await?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/watch/profiles{}",
        org_query(&scope, p.organisation_id)
    ))
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// Opportunities

#[derive(Template)]
#[template(path = "opportunities.html")]
struct OpportunitiesPage {
    l: Layout,
    c: Cluster,
    rows: Vec<(Opportunity, String, String)>,
    total: i64,
    f: watch::Filter,
    kinds: Vec<&'static str>,
    origins: Vec<&'static str>,
    report: Option<service::ImportReport>,
    errors: FormErrors,
    pages: u32,
}

async fn list_page(
    ctx: &mut Ctx,
    slug: &str,
    f: watch::Filter,
    report: Option<service::ImportReport>,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let t = ctx.tr();
    let (list, total) = watch::list(ctx.db(), &scope, &f).await?;
    let rows = list
        .into_iter()
        .map(|o| {
            let title = service::title(&t, &o);
            let m = meta(&t, &o);
            (o, title, m)
        })
        .collect();
    let l = Layout::new(ctx, t.t("opportunities-title"), Some((&c, &scope))).await;
    let pages = u32::try_from((total + watch::PAGE - 1) / watch::PAGE).unwrap_or(1);
    render_status(
        errors.status(),
        &OpportunitiesPage {
            l,
            c,
            rows,
            total,
            f,
            kinds: OpportunityKind::ALL.iter().map(|k| k.as_str()).collect(),
            origins: vec!["eforms", "cluster", "shared"],
            report,
            errors,
            pages,
        },
    )
}

async fn opportunities(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(f): Query<watch::Filter>,
) -> PageResult {
    list_page(&mut ctx, &slug, f, None, FormErrors::default()).await
}

async fn import(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let bad =
        |d: String| Error::Validation(vec![FieldError::new("file", "invalid_upload").detail(d)]);
    let mut mp = mp.map_err(|e| bad(e.body_text()))?;
    let (mut csrf, mut kind, mut shared, mut name, mut data) = (
        String::new(),
        String::new(),
        false,
        String::new(),
        Vec::new(),
    );
    while let Some(field) = mp.next_field().await.map_err(|e| bad(e.to_string()))? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "kind" => kind = field.text().await.unwrap_or_default(),
            "shared" => shared = !field.text().await.unwrap_or_default().is_empty(),
            "file" => {
                name = field.file_name().unwrap_or("upload").to_string();
                data = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            }
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let result = if data.is_empty() {
        Err(Error::Validation(vec![FieldError::new("file", "required")]))
    } else {
        let kind = OpportunityKind::parse(&kind).unwrap_or(OpportunityKind::Call);
        service::import_upload(&ctx.state, &scope, &name, &data, kind, shared).await
    };
    match result {
        Ok(report) => {
            list_page(
                &mut ctx,
                &slug,
                watch::Filter::default(),
                Some(report),
                FormErrors::default(),
            )
            .await
        }
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            list_page(&mut ctx, &slug, watch::Filter::default(), None, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

pub struct LotView {
    pub id: String,
    pub title: String,
    pub cpv: Vec<(String, String)>,
    pub places: Vec<(String, String)>,
    pub value: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "opportunity.html")]
struct OpportunityPage {
    l: Layout,
    c: Cluster,
    o: Opportunity,
    title: String,
    summary: String,
    meta: String,
    cpv: Vec<(String, String)>,
    nuts: Vec<(String, String)>,
    lots: Vec<LotView>,
    winners: Vec<String>,
    procedure: String,
    buyer_type: String,
    notice: Option<Notice>,
    reasons: Vec<String>,
}

async fn opportunity(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let (o, notice) = watch::get(ctx.db(), &scope, id).await?;
    let t = ctx.tr();
    let lists = clusterhub_watch::codelist::get();
    let cpv_label = |code: &str| {
        (
            code.to_string(),
            lists.cpv_label(code).unwrap_or_default().to_string(),
        )
    };
    let nuts_label = |code: &str| {
        (
            code.to_string(),
            lists
                .nuts_label(code, t.lang)
                .unwrap_or_default()
                .to_string(),
        )
    };
    let mut reasons = Vec::new();
    if let Some(org) = scope.own_organisation() {
        let items = watch::feed(
            ctx.db(),
            &scope,
            org,
            &FeedFilter {
                state: "all".into(),
                ..Default::default()
            },
        )
        .await?;
        if let Some(i) = items.iter().find(|i| i.opportunity.id == id) {
            reasons = service::reason_texts(&t, &i.reasons);
        }
    }
    let (lots, winners, procedure, buyer_type) = match &notice {
        Some(n) => {
            let lots = n
                .lots
                .iter()
                .map(|lot| LotView {
                    id: lot.id.clone(),
                    title: lot.title.best(t.lang).unwrap_or_default().to_string(),
                    cpv: lot
                        .cpv_main
                        .iter()
                        .chain(&lot.cpv_additional)
                        .map(|c| cpv_label(c))
                        .collect(),
                    places: lot.places.iter().map(|p| nuts_label(p)).collect(),
                    value: lot
                        .estimated_value
                        .as_ref()
                        .map(|v| t.money_in(v.cents, &v.currency))
                        .unwrap_or_default(),
                    deadline: lot
                        .deadline
                        .map(|d| t.dt(&clusterhub_core::parse::stamp(d)))
                        .unwrap_or_default(),
                })
                .collect();
            let winners = n
                .awards
                .iter()
                .flat_map(|a| a.winners.iter().map(move |w| (a, w)))
                .filter_map(|(a, w)| {
                    let p = n.party(w)?;
                    let name = p.name.best(t.lang).unwrap_or(&p.id).to_string();
                    Some(match &a.value {
                        Some(v) => format!(
                            "{} · {name} · {}",
                            a.lot_id,
                            t.money_in(v.cents, &v.currency)
                        ),
                        None => format!("{} · {name}", a.lot_id),
                    })
                })
                .collect();
            let procedure = n
                .procedure
                .as_deref()
                .map(|p| lists.procedure().label(p, t.lang).unwrap_or(p).to_string())
                .unwrap_or_default();
            let buyer_type = n
                .buyer()
                .and_then(|b| b.legal_type.as_deref())
                .map(|p| lists.legal_type().label(p, t.lang).unwrap_or(p).to_string())
                .unwrap_or_default();
            (lots, winners, procedure, buyer_type)
        }
        None => (Vec::new(), Vec::new(), String::new(), String::new()),
    };
    let title = service::title(&t, &o);
    let summary = o
        .summary
        .pick(t.lang, &["en", "es", "fr", "eu"])
        .map(|p| p.text.to_string())
        .unwrap_or_default();
    let l = Layout::new(&ctx, title.clone(), Some((&c, &scope))).await;
    render(&OpportunityPage {
        l,
        c,
        meta: meta(&t, &o),
        cpv: o.cpv.iter().map(|c| cpv_label(c)).collect(),
        nuts: o.nuts.iter().map(|c| nuts_label(c)).collect(),
        title,
        summary,
        o,
        lots,
        winners,
        procedure,
        buyer_type,
        notice,
        reasons,
    })
}

/// What staff type for an opportunity of their own.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct OpportunityForm {
    csrf: String,
    kind: String,
    title: String,
    lang: String,
    summary: String,
    buyer: String,
    cpv: String,
    nuts: String,
    deadline: String,
    url: String,
    shared: String,
}

#[derive(Template)]
#[template(path = "opportunity_form.html")]
struct OpportunityFormPage {
    l: Layout,
    c: Cluster,
    f: OpportunityForm,
    errors: FormErrors,
    kinds: Vec<&'static str>,
}

async fn opportunity_form(
    ctx: &mut Ctx,
    slug: &str,
    f: OpportunityForm,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_manage())?;
    let l = Layout::new(ctx, ctx.tr().t("opportunity-new"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &OpportunityFormPage {
            l,
            c,
            f,
            errors,
            kinds: OpportunityKind::ALL.iter().map(|k| k.as_str()).collect(),
        },
    )
}

async fn new_opportunity(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = OpportunityForm {
        kind: "call".into(),
        lang: ctx.tr().lang.to_string(),
        ..Default::default()
    };
    opportunity_form(&mut ctx, &slug, f, FormErrors::default()).await
}

impl OpportunityForm {
    /// The form as the service checks it (the same checks as the API's).
    fn input(&self) -> service::OpportunityForm {
        service::OpportunityForm {
            kind: self.kind.clone(),
            title: self.title.clone(),
            lang: self.lang.clone(),
            summary: self.summary.clone(),
            buyer: self.buyer.clone(),
            cpv: self.cpv.clone(),
            nuts: self.nuts.clone(),
            deadline: self.deadline.clone(),
            url: self.url.clone(),
            shared: !self.shared.is_empty(),
        }
    }
}

async fn create_opportunity(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<OpportunityForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let saved = match service::parse_opportunity(&f.input()) {
        Ok(o) => watch::save_own(ctx.db(), &scope, &o).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(s) => Ok(Redirect::to(&format!("/c/{slug}/opportunities/{}", s.id())).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            opportunity_form(&mut ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Curated bulletins (staff)

#[derive(Template)]
#[template(path = "bulletins.html")]
struct BulletinsPage {
    l: Layout,
    c: Cluster,
    list: Vec<Bulletin>,
}

async fn bulletin_list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let list = bulletins::bulletins(ctx.db(), &scope).await?;
    let l = Layout::new(&ctx, ctx.tr().t("bulletins-title"), Some((&c, &scope))).await;
    render(&BulletinsPage { l, c, list })
}

#[derive(Template)]
#[template(path = "bulletin_form.html")]
struct BulletinFormPage {
    l: Layout,
    c: Cluster,
    f: BulletinForm,
    errors: FormErrors,
    id: Option<i64>,
    sent: bool,
    report: String,
}

async fn bulletin_page(
    ctx: &mut Ctx,
    slug: &str,
    id: Option<i64>,
    f: BulletinForm,
    errors: FormErrors,
    sent: bool,
    report: String,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_manage())?;
    let l = Layout::new(ctx, ctx.tr().t("bulletins-title"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &BulletinFormPage {
            l,
            c,
            f,
            errors,
            id,
            sent,
            report,
        },
    )
}

async fn bulletin_new(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    bulletin_page(
        &mut ctx,
        &slug,
        None,
        BulletinForm::default(),
        FormErrors::default(),
        false,
        String::new(),
    )
    .await
}

async fn bulletin_edit(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let b = bulletins::get(ctx.db(), &scope, id).await?;
    bulletin_page(
        &mut ctx,
        &slug,
        Some(id),
        BulletinForm::of(&b),
        FormErrors::default(),
        b.status == "sent",
        String::new(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BulletinPost {
    csrf: String,
    title: String,
    intro: String,
    items: String,
}

async fn bulletin_save(mut ctx: Ctx, slug: String, id: Option<i64>, p: BulletinPost) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let f = BulletinForm {
        title: p.title,
        intro: p.intro,
        items: p.items,
    };
    match bulletins::save(ctx.db(), &scope, id, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/bulletins/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            bulletin_page(&mut ctx, &slug, id, f, errors, false, String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn bulletin_create(
    ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(p): axum::Form<BulletinPost>,
) -> PageResult {
    bulletin_save(ctx, slug, None, p).await
}

async fn bulletin_update(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(p): axum::Form<BulletinPost>,
) -> PageResult {
    bulletin_save(ctx, slug, Some(id), p).await
}

async fn bulletin_send(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let r = service::send_bulletin(&ctx.state, &scope, id, RunLimits::default()).await?;
    let b = bulletins::get(ctx.db(), &scope, id).await?;
    let report = ctx.tr().tn("bulletin-sent-count", r.sent as i64);
    bulletin_page(
        &mut ctx,
        &slug,
        Some(id),
        BulletinForm::of(&b),
        FormErrors::default(),
        b.status == "sent",
        report,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Token feeds and unsubscribe (no session: the token is the key)

/// Feed readers and calendars keep absolute links: the configured public address, else the
/// address this request came to.
async fn token_feed(
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path(file): Path<String>,
) -> PageResult {
    let base = match ctx.state.mailer.as_ref() {
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
    };
    let base = base.as_str();
    if let Some(token) = file.strip_suffix(".atom") {
        let body = service::atom(&ctx.state, token, base).await?;
        Ok((
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            body,
        )
            .into_response())
    } else if let Some(token) = file.strip_suffix(".ics") {
        let body = service::ical(&ctx.state, token, base).await?;
        Ok((
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
            body,
        )
            .into_response())
    } else {
        Err(Error::NotFound.into())
    }
}

#[derive(Template)]
#[template(path = "watch_unsubscribe.html")]
struct UnsubscribePage {
    l: Layout,
    token: String,
    done: bool,
}

async fn unsubscribe_page(ctx: Ctx, Path(token): Path<String>) -> PageResult {
    bulletins::by_token(ctx.db(), &token).await?;
    let l = Layout::new(&ctx, ctx.tr().t("watch-unsubscribe-title"), None).await;
    render(&UnsubscribePage {
        l,
        token,
        done: false,
    })
}

/// RFC 8058 one-click: mail readers POST `List-Unsubscribe=One-Click` without a session or a
/// CSRF token; the unguessable token in the URL is the authority.
async fn unsubscribe(ctx: Ctx, Path(token): Path<String>) -> PageResult {
    bulletins::unsubscribe(ctx.db(), &token).await?;
    let l = Layout::new(&ctx, ctx.tr().t("watch-unsubscribe-title"), None).await;
    render(&UnsubscribePage {
        l,
        token,
        done: true,
    })
}
