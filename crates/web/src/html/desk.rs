//! The service desk pages: the staff queue with filters and overdue requests marked, "My
//! requests" for members (follow, rate), the list of handed requests for partners, a request
//! with its thread, the catalogue of services, the e-mail intake log, and each user's
//! notification preferences. Writes go through `crate::notify`, shared with the API.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::notify;
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query};
use axum::handler::Handler;
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::desk::{
    self as rules, Area, CheckedFile, CloseInput, Event, MAX_FILE_BYTES, MAX_FILES, Outcome,
    RatingInput, RequestInput, ServiceInput, Status,
};
use clusterhub_core::{Error, FieldError, MultiText};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::desk::{
    self, Detail, InboundRow, ListFilter, Origin, RequestRow, Service, Stats,
};
use serde::Deserialize;

/// A multipart body may carry the most files a message takes, each at the size limit, and the
/// form around them.
pub const UPLOAD_LIMIT: usize = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024;

pub fn routes(r: Routes) -> Routes {
    let upload = DefaultBodyLimit::max(UPLOAD_LIMIT);
    r.get("/c/{slug}/desk", index)
        .get("/c/{slug}/desk/mine", mine)
        .get("/c/{slug}/desk/new", new)
        .post("/c/{slug}/desk/requests", create.layer(upload))
        .get("/c/{slug}/desk/requests/{request}", show)
        .post(
            "/c/{slug}/desk/requests/{request}/messages",
            message.layer(upload),
        )
        .post("/c/{slug}/desk/requests/{request}/triage", triage)
        .post("/c/{slug}/desk/requests/{request}/close", close)
        .post("/c/{slug}/desk/requests/{request}/reopen", reopen)
        .post("/c/{slug}/desk/requests/{request}/rating", rate)
        .post("/c/{slug}/desk/requests/{request}/resources", resources)
        .post("/c/{slug}/desk/requests/{request}/delete", delete)
        .get(
            "/c/{slug}/desk/requests/{request}/attachments/{attachment}",
            attachment,
        )
        .get("/c/{slug}/desk/services", services)
        .post("/c/{slug}/desk/services", save_service)
        .post("/c/{slug}/desk/settings", settings)
        .get("/c/{slug}/desk/inbound", inbound)
        .get("/account/notifications", preferences)
        .post("/account/notifications", save_preferences)
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// A request as lists show it.
pub struct Item {
    pub row: RequestRow,
    pub reference: String,
    pub overdue: bool,
}

fn items(c: &Cluster, rows: Vec<RequestRow>, now: &str) -> Vec<Item> {
    rows.into_iter()
        .map(|row| Item {
            reference: rules::reference(&c.slug, row.number),
            overdue: row.overdue_at(now),
            row,
        })
        .collect()
}

/// Field errors in the reader's language: the desk's own messages (`desk-invalid-<code>`)
/// where it has them, else the shared ones (`invalid-<code>`).
pub fn form_errors(t: &Tr, e: &Error) -> FormErrors {
    let Error::Validation(fields) = e else {
        return FormErrors::from_error(t, e);
    };
    FormErrors(
        fields
            .iter()
            .map(|f| {
                let own = format!("desk-invalid-{}", f.code);
                let key = if t.i18n.has(t.lang, &own) {
                    own
                } else {
                    format!("invalid-{}", f.code)
                };
                let msg = match &f.detail {
                    Some(d) => format!("{}: {d}", t.t(&key)),
                    None => t.t(&key),
                };
                (f.field.clone(), msg)
            })
            .collect(),
    )
}

fn see_other(to: &str) -> PageResult {
    Ok(Redirect::to(to).into_response())
}

/// Text fields and files of a multipart form. Files are read piece by piece so an oversized
/// one is refused (naming it) without being held whole; every file is checked before anything
/// is stored, and any refusal stores nothing.
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, Vec<u8>)>,
    pub refused: Vec<FieldError>,
}

impl Upload {
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    /// The files, checked; every refusal (too large while reading, wrong type, content that
    /// is not what the name says) at once.
    pub fn checked(&self) -> Result<Vec<CheckedFile>, Error> {
        let checked = rules::check_files("attachments", self.files.clone());
        match (checked, self.refused.is_empty()) {
            (Ok(f), true) => Ok(f),
            (Ok(_), false) => Err(Error::Validation(self.refused.clone())),
            (Err(Error::Validation(mut more)), _) => {
                let mut all = self.refused.clone();
                all.append(&mut more);
                Err(Error::Validation(all))
            }
            (Err(e), _) => Err(e),
        }
    }
}

pub async fn read_upload(mut form: Multipart) -> Result<Upload, Error> {
    let mut up = Upload {
        fields: Vec::new(),
        files: Vec::new(),
        refused: Vec::new(),
    };
    let failed = |e: axum::extract::multipart::MultipartError| {
        Error::Validation(vec![
            FieldError::new("attachments", "upload_failed").detail(e.body_text()),
        ])
    };
    while let Some(mut field) = form.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(filename) = field.file_name().map(str::to_string) {
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(failed)? {
                if too_large {
                    continue;
                }
                if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                    too_large = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if too_large {
                up.refused.push(
                    FieldError::new("attachments", "file_too_large")
                        .detail(rules::clean_filename(&filename)),
                );
            } else if !(filename.is_empty() && bytes.is_empty()) {
                // A file input left empty sends a nameless, empty part: not a file.
                up.files.push((filename, bytes));
            }
            continue;
        }
        let text = field.text().await.map_err(failed)?;
        up.fields.push((name, text));
    }
    Ok(up)
}

fn service_name(t: &Tr, s: &Service) -> String {
    t.mt(&s.name)
}

// ---------------------------------------------------------------------------------------------
// The queue (staff), handed requests (partners)

/// The figures above the queue, formatted for the reader.
pub struct StatsView {
    open: String,
    overdue: String,
    closed: String,
    first_response: String,
    rating: String,
}

impl StatsView {
    fn new(t: &Tr, s: &Stats) -> Self {
        StatsView {
            open: t.n(s.open),
            overdue: t.n(s.overdue),
            closed: t.n(s.closed_this_year),
            first_response: s
                .median_first_response_hours
                .map_or("—".into(), |h| t.tn("desk-hours", h)),
            rating: s.average_rating.map_or("—".into(), |r| {
                format!(
                    "{}\u{a0}/\u{a0}5",
                    clusterhub_i18n::format::decimal(t.lang, r, 1)
                )
            }),
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct QueueQuery {
    status: String,
    service: String,
    assignee: String,
    overdue: String,
    page: i64,
}

#[derive(Template)]
#[template(path = "desk_queue.html")]
struct Queue {
    l: Layout,
    c: Cluster,
    items: Vec<Item>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    q: QueueQuery,
    services: Vec<(String, String)>,
    staff: Vec<(i64, String)>,
    statuses: Vec<&'static str>,
    stats: Option<StatsView>,
    /// A partner's list: only the requests handed to its organisation, no filters but status.
    partner: bool,
}

/// Staff get the queue; a member user its organisation's requests; a partner the requests
/// handed to its organisation; anyone else with a role the catalogue.
async fn index(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<QueueQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.is_insider())?;
    if scope.own_organisation().is_some() && !scope.can_manage() {
        return see_other(&format!("/c/{slug}/desk/mine"));
    }
    if !scope.can_manage() && scope.partner_organisation().is_none() {
        return see_other(&format!("/c/{slug}/desk/services"));
    }
    let manage = scope.can_manage();
    let now = rules::stamp(notify::now());
    let status = if q.status.is_empty() && manage {
        "active".to_string()
    } else {
        q.status.clone()
    };
    let f = ListFilter {
        status: Some(status.clone()),
        service: Some(q.service.trim().to_string()).filter(|s| !s.is_empty() && manage),
        assignee: q.assignee.trim().parse().ok().filter(|_| manage),
        overdue: !q.overdue.is_empty() && manage,
        organisation: None,
        page: q.page.max(0),
    };
    let (rows, total) = desk::list(ctx.db(), &scope, &f, &now).await?;
    let t = ctx.tr();
    let (services, staff, stats) = if manage {
        let services = desk::services(ctx.db(), &scope, true)
            .await?
            .iter()
            .map(|s| (s.code.clone(), service_name(&t, s)))
            .collect();
        (
            services,
            desk::staff_users(ctx.db(), &scope).await?,
            Some(StatsView::new(
                &t,
                &desk::stats(ctx.db(), &scope, &now).await?,
            )),
        )
    } else {
        (Vec::new(), Vec::new(), None)
    };
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let query = format!(
        "status={}&service={}&assignee={}&overdue={}",
        enc(&status),
        enc(&q.service),
        enc(&q.assignee),
        enc(&q.overdue)
    );
    let title = t.t(if manage { "desk-queue" } else { "desk-handed" });
    let l = Layout::new(&ctx, title, Some((&c, &scope))).await;
    let mut q = q;
    q.status = status;
    render(&Queue {
        items: items(&c, rows, &now),
        total,
        page: f.page,
        pages: (total + desk::PAGE - 1) / desk::PAGE,
        query,
        q,
        services,
        staff,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        stats,
        partner: !manage,
        l,
        c,
    })
}

// ---------------------------------------------------------------------------------------------
// My requests (members)

#[derive(Template)]
#[template(path = "desk_mine.html")]
struct Mine {
    l: Layout,
    c: Cluster,
    items: Vec<MineItem>,
    services: Vec<Service>,
    errors: FormErrors,
    rated: bool,
}

/// A request of the member's organisation, with its rating form filled in: the rating given,
/// or what was typed when the form was refused.
pub struct MineItem {
    i: Item,
    stars: Vec<(i64, bool)>,
    comment: String,
    refused: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Flash {
    rated: Option<String>,
    posted: Option<String>,
}

async fn mine(mut ctx: Ctx, Path(slug): Path<String>, Query(f): Query<Flash>) -> PageResult {
    mine_page(
        &mut ctx,
        &slug,
        FormErrors::default(),
        None,
        f.rated.is_some(),
    )
    .await
}

async fn mine_page(
    ctx: &mut Ctx,
    slug: &str,
    errors: FormErrors,
    rating: Option<(i64, RatingInput)>,
    rated: bool,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.own_organisation().is_some())?;
    let now = rules::stamp(notify::now());
    let f = ListFilter {
        status: Some("all".into()),
        ..Default::default()
    };
    let (rows, _) = desk::list(ctx.db(), &scope, &f, &now).await?;
    let services = desk::services(ctx.db(), &scope, false).await?;
    let l = Layout::new(ctx, ctx.tr().t("desk-mine"), Some((&c, &scope))).await;
    let items = items(&c, rows, &now)
        .into_iter()
        .map(|i| {
            let typed = rating
                .as_ref()
                .filter(|(n, _)| *n == i.row.number)
                .map(|(_, r)| r);
            let chosen = typed
                .and_then(|r| r.rating.trim().parse::<i64>().ok())
                .or(i.row.rating);
            MineItem {
                stars: (1..=5).map(|n| (n, chosen == Some(n))).collect(),
                comment: typed
                    .map(|r| r.comment.clone())
                    .or_else(|| i.row.rating_comment.clone())
                    .unwrap_or_default(),
                refused: typed.is_some(),
                i,
            }
        })
        .collect();
    render_status(
        errors.status(),
        &Mine {
            items,
            services,
            errors,
            rated,
            l,
            c,
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Opening a request

#[derive(Template)]
#[template(path = "desk_new.html")]
struct NewPage {
    l: Layout,
    c: Cluster,
    services: Vec<Service>,
    /// Member organisations, when staff open a request on a member's behalf (and the one
    /// chosen).
    orgs: Vec<(i64, String, bool)>,
    f: RequestInput,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    service: String,
}

async fn new(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<NewQuery>) -> PageResult {
    let f = RequestInput {
        service: q.service,
        ..Default::default()
    };
    new_page(&mut ctx, &slug, f, FormErrors::default()).await
}

async fn new_page(ctx: &mut Ctx, slug: &str, f: RequestInput, errors: FormErrors) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_manage() || scope.own_organisation().is_some())?;
    let services = desk::services(ctx.db(), &scope, false).await?;
    let orgs = if scope.can_manage() {
        clusterhub_db::organisations::member_names(ctx.db(), &scope)
            .await?
            .into_iter()
            .map(|(id, n)| (id, n, f.organisation == Some(id)))
            .collect()
    } else {
        Vec::new()
    };
    let l = Layout::new(ctx, ctx.tr().t("desk-new"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &NewPage {
            l,
            c,
            services,
            orgs,
            f,
            errors,
        },
    )
}

async fn create(mut ctx: Ctx, Path(slug): Path<String>, form: Multipart) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let up = read_upload(form).await;
    let up = match up {
        Ok(up) => up,
        Err(e) => {
            let errors = form_errors(&ctx.tr(), &e);
            return new_page(&mut ctx, &slug, RequestInput::default(), errors).await;
        }
    };
    ctx.check_csrf(up.get("csrf"))?;
    scope.require(scope.can_manage() || scope.own_organisation().is_some())?;
    let f = RequestInput {
        service: up.get("service").to_string(),
        subject: up.get("subject").to_string(),
        body: up.get("body").to_string(),
        organisation: up.get("organisation").trim().parse().ok(),
    };
    let result = match (f.parse(!up.files.is_empty()), up.checked()) {
        (Ok(d), Ok(files)) => notify::open(&ctx.state, &scope, &d, &files, &Origin::web()).await,
        (Err(Error::Validation(mut a)), Err(Error::Validation(mut b))) => {
            a.append(&mut b);
            Err(Error::Validation(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(o) => see_other(&format!("/c/{slug}/desk/requests/{}?posted=1", o.number)),
        Err(e @ Error::Validation(_)) => {
            let errors = form_errors(&ctx.tr(), &e);
            new_page(&mut ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// One request

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    l: Layout,
    c: Cluster,
    d: Detail,
    reference: String,
    overdue: bool,
    staff: bool,
    /// The requesting organisation's user: may rate once closed.
    requester_side: bool,
    services: Vec<(String, String)>,
    /// Staff users and partner organisations, with the one chosen.
    staff_users: Vec<(i64, String, bool)>,
    partners: Vec<(i64, String, bool)>,
    /// 1 to 5, and whether it is the rating given.
    stars: Vec<(i64, bool)>,
    resource_choices: Vec<(i64, String, String)>,
    statuses: Vec<&'static str>,
    outcomes: Vec<&'static str>,
    /// Typed message text after a refusal.
    typed: String,
    /// What was typed in the triage, close and rating forms after a refusal.
    close: CloseInput,
    rating: RatingInput,
    errors: FormErrors,
    /// Which form the errors belong to: message, triage, close, rating, resources.
    errors_in: &'static str,
    notice: Option<String>,
    first_response: Option<String>,
}

struct Typed {
    body: String,
    close: CloseInput,
    rating: RatingInput,
    errors: FormErrors,
    errors_in: &'static str,
}

impl Typed {
    fn none() -> Self {
        Typed {
            body: String::new(),
            close: CloseInput::default(),
            rating: RatingInput::default(),
            errors: FormErrors::default(),
            errors_in: "",
        }
    }
}

async fn show(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    Query(f): Query<Flash>,
) -> PageResult {
    let notice = if f.posted.is_some() {
        Some("desk-saved")
    } else if f.rated.is_some() {
        Some("desk-rated")
    } else {
        None
    };
    request_page(&mut ctx, &slug, number, Typed::none(), notice).await
}

async fn request_page(
    ctx: &mut Ctx,
    slug: &str,
    number: i64,
    typed: Typed,
    notice: Option<&str>,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let d = desk::get(ctx.db(), &scope, number).await?;
    let t = ctx.tr();
    let staff = scope.can_manage();
    let (services, staff_users, partners, resource_choices) = if staff {
        (
            desk::services(ctx.db(), &scope, true)
                .await?
                .iter()
                .filter(|s| s.active || s.code == d.row.service_code)
                .map(|s| (s.code.clone(), service_name(&t, s)))
                .collect(),
            desk::staff_users(ctx.db(), &scope)
                .await?
                .into_iter()
                .map(|(id, n)| (id, n, d.row.assignee_user_id == Some(id)))
                .collect(),
            desk::partner_organisations(ctx.db(), &scope)
                .await?
                .into_iter()
                .map(|(id, n)| (id, n, d.row.partner_organisation_id == Some(id)))
                .collect(),
            desk::resource_choices(ctx.db(), &scope).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new(), Vec::new())
    };
    let reference = rules::reference(&c.slug, d.row.number);
    let now = rules::stamp(notify::now());
    let title = format!("{reference} · {}", d.row.subject);
    let l = Layout::new(ctx, title, Some((&c, &scope))).await;
    let status = typed.errors.status();
    render_status(
        status,
        &RequestPage {
            overdue: d.row.overdue_at(&now),
            requester_side: scope.own_organisation() == Some(d.row.organisation_id),
            first_response: d
                .row
                .first_response_at
                .as_deref()
                .and_then(|f| rules::hours_between(&d.row.opened_at, f))
                .map(|h| t.tn("desk-hours", h)),
            stars: (1..=5)
                .map(|n| {
                    let typed = typed.rating.rating.trim().parse::<i64>().ok();
                    (n, typed.or(d.row.rating) == Some(n))
                })
                .collect(),
            reference,
            staff,
            services,
            staff_users,
            partners,
            resource_choices,
            statuses: Status::ALL
                .iter()
                .filter(|s| !s.is_closed())
                .map(|s| s.as_str())
                .collect(),
            outcomes: Outcome::ALL.iter().map(|o| o.as_str()).collect(),
            typed: typed.body,
            close: typed.close,
            rating: typed.rating,
            errors: typed.errors,
            errors_in: typed.errors_in,
            notice: notice.map(|k| t.t(k)),
            l,
            c,
            d,
        },
    )
}

/// After a refused form: the request page again with the errors beside that form.
async fn refused(
    ctx: &mut Ctx,
    slug: &str,
    number: i64,
    e: Error,
    mut typed: Typed,
    errors_in: &'static str,
) -> PageResult {
    if !matches!(e, Error::Validation(_)) {
        return Err(e.into());
    }
    typed.errors = form_errors(&ctx.tr(), &e);
    typed.errors_in = errors_in;
    request_page(ctx, slug, number, typed, None).await
}

async fn message(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    form: Multipart,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let up = match read_upload(form).await {
        Ok(up) => up,
        Err(e) => return refused(&mut ctx, &slug, number, e, Typed::none(), "message").await,
    };
    ctx.check_csrf(up.get("csrf"))?;
    // Who may write at all is known before the files are looked at.
    desk::row(ctx.db(), &scope, number).await?;
    let body = up.get("body").to_string();
    let internal = !up.get("internal").is_empty();
    let result = match up.checked() {
        Ok(files) => {
            notify::post(
                &ctx.state,
                &scope,
                number,
                &body,
                internal,
                &files,
                &Origin::web(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => see_other(&format!(
            "/c/{slug}/desk/requests/{number}#m{}",
            p.message_id
        )),
        Err(e) => {
            let typed = Typed {
                body,
                ..Typed::none()
            };
            refused(&mut ctx, &slug, number, e, typed, "message").await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TriageForm {
    csrf: String,
    status: String,
    service: String,
    assignee: String,
    partner: String,
}

async fn triage(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    axum::Form(f): axum::Form<TriageForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let result = match triage_draft(&f.status, &f.service, &f.assignee, &f.partner) {
        Ok(d) => notify::triage(&ctx.state, &scope, number, &d).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other(&format!("/c/{slug}/desk/requests/{number}")),
        Err(e) => refused(&mut ctx, &slug, number, e, Typed::none(), "triage").await,
    }
}

/// The triage form's fields as typed: an empty assignee or partner means nobody.
pub fn triage_draft(
    status: &str,
    service: &str,
    assignee: &str,
    partner: &str,
) -> Result<desk::TriageDraft, Error> {
    let mut errs = clusterhub_core::error::Errors::new();
    let status = errs.take(Status::parse("status", status));
    let service = errs.take(rules::parse_code("service", service));
    let id = |field: &str, v: &str| match v.trim() {
        "" => Ok(None),
        v => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| FieldError::new(field, "not_a_number").detail(v)),
    };
    let assignee = errs.take(id("assignee", assignee)).flatten();
    let partner = errs.take(id("partner", partner)).flatten();
    errs.into_result()?;
    let (Some(status), Some(service)) = (status, service) else {
        return Err(Error::invalid("status", "required"));
    };
    Ok(desk::TriageDraft {
        status,
        service,
        assignee,
        partner,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    csrf: String,
    #[serde(flatten)]
    input: CloseInput,
}

async fn close(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CloseForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let result = match f.input.parse() {
        Ok(d) => notify::close(&ctx.state, &scope, number, &d).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other(&format!("/c/{slug}/desk/requests/{number}")),
        Err(e) => {
            let typed = Typed {
                close: f.input,
                ..Typed::none()
            };
            refused(&mut ctx, &slug, number, e, typed, "close").await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

async fn reopen(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    match desk::reopen(ctx.db(), &scope, number).await {
        Ok(_) => see_other(&format!("/c/{slug}/desk/requests/{number}")),
        Err(e) => refused(&mut ctx, &slug, number, e, Typed::none(), "close").await,
    }
}

async fn delete(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    notify::delete(&ctx.state, &scope, number).await?;
    see_other(&format!("/c/{slug}/desk"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RatingForm {
    csrf: String,
    /// `mine` when sent from "My requests", which then shows again.
    back: String,
    #[serde(flatten)]
    input: RatingInput,
}

async fn rate(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    axum::Form(f): axum::Form<RatingForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let result = match f.input.parse() {
        Ok((rating, comment)) => {
            desk::rate(ctx.db(), &scope, number, rating, &comment, notify::now()).await
        }
        Err(e) => Err(e),
    };
    let from_mine = f.back == "mine";
    match result {
        Ok(()) if from_mine => see_other(&format!("/c/{slug}/desk/mine?rated=1")),
        Ok(()) => see_other(&format!("/c/{slug}/desk/requests/{number}?rated=1#rating")),
        Err(e @ Error::Validation(_)) if from_mine => {
            let errors = form_errors(&ctx.tr(), &e);
            mine_page(&mut ctx, &slug, errors, Some((number, f.input)), false).await
        }
        Err(e) => {
            let typed = Typed {
                rating: f.input,
                ..Typed::none()
            };
            refused(&mut ctx, &slug, number, e, typed, "rating").await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResourceForm {
    csrf: String,
    resource: String,
    /// `remove` to unlink; anything else links.
    action: String,
}

async fn resources(
    mut ctx: Ctx,
    Path((slug, number)): Path<(String, i64)>,
    axum::Form(f): axum::Form<ResourceForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let result = match f.resource.trim().parse::<i64>() {
        Ok(id) => desk::link_resource(ctx.db(), &scope, number, id, f.action != "remove").await,
        Err(_) => Err(Error::invalid("resource", "required")),
    };
    match result {
        Ok(()) => see_other(&format!("/c/{slug}/desk/requests/{number}#resources")),
        Err(e) => refused(&mut ctx, &slug, number, e, Typed::none(), "resources").await,
    }
}

/// A file of the thread, as a download (never shown inline: the browser does not guess).
async fn attachment(
    mut ctx: Ctx,
    Path((slug, number, id)): Path<(String, i64, i64)>,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let a = desk::attachment(ctx.db(), &scope, number, id).await?;
    Ok(download(a))
}

pub fn download(a: desk::Attachment) -> axum::response::Response {
    let ascii: String = a
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect();
    let utf8: String = form_urlencoded::byte_serialize(a.filename.as_bytes()).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}");
    (
        [
            (header::CONTENT_TYPE, a.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        a.data,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// The catalogue of services and the desk's address

#[derive(Template)]
#[template(path = "desk_services.html")]
struct ServicesPage {
    l: Layout,
    c: Cluster,
    services: Vec<Service>,
    areas: Vec<&'static str>,
    languages: Vec<&'static str>,
    f: ServiceFields,
    errors: FormErrors,
    desk_email: String,
    can_open: bool,
}

/// The service form: one name and one description field per language.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ServiceFields {
    csrf: String,
    code: String,
    area: String,
    name_es: String,
    name_eu: String,
    name_en: String,
    name_fr: String,
    description_es: String,
    description_eu: String,
    description_en: String,
    description_fr: String,
    sla_hours: String,
    active: String,
    position: String,
}

impl ServiceFields {
    fn from_service(s: &Service) -> Self {
        let n = s.name();
        let d = MultiText::from_json(&s.description);
        ServiceFields {
            csrf: String::new(),
            code: s.code.clone(),
            area: s.area.clone(),
            name_es: n.get("es").into(),
            name_eu: n.get("eu").into(),
            name_en: n.get("en").into(),
            name_fr: n.get("fr").into(),
            description_es: d.get("es").into(),
            description_eu: d.get("eu").into(),
            description_en: d.get("en").into(),
            description_fr: d.get("fr").into(),
            sla_hours: s.sla_hours.to_string(),
            active: if s.active { "1".into() } else { String::new() },
            position: s.position.to_string(),
        }
    }
    fn input(&self) -> ServiceInput {
        let mut name = MultiText::new();
        let mut description = MultiText::new();
        for (l, n, d) in [
            ("es", &self.name_es, &self.description_es),
            ("eu", &self.name_eu, &self.description_eu),
            ("en", &self.name_en, &self.description_en),
            ("fr", &self.name_fr, &self.description_fr),
        ] {
            name.set(l, n);
            description.set(l, d);
        }
        ServiceInput {
            code: self.code.clone(),
            area: self.area.clone(),
            name,
            description,
            sla_hours: self.sla_hours.clone(),
            active: !self.active.is_empty(),
            position: self.position.clone(),
        }
    }
    /// The value of `name_<lang>` or `description_<lang>` for the template.
    fn text(&self, what: &str, lang: &str) -> &str {
        match (what, lang) {
            ("name", "es") => &self.name_es,
            ("name", "eu") => &self.name_eu,
            ("name", "en") => &self.name_en,
            ("name", "fr") => &self.name_fr,
            ("description", "es") => &self.description_es,
            ("description", "eu") => &self.description_eu,
            ("description", "en") => &self.description_en,
            ("description", "fr") => &self.description_fr,
            _ => "",
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ServicesQuery {
    edit: String,
}

async fn services(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ServicesQuery>,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let f = if q.edit.is_empty() {
        ServiceFields {
            active: "1".into(),
            sla_hours: "72".into(),
            ..Default::default()
        }
    } else {
        desk::services(ctx.db(), &scope, true)
            .await?
            .iter()
            .find(|s| s.code == q.edit)
            .map(ServiceFields::from_service)
            .ok_or(Error::NotFound)?
    };
    services_page(&mut ctx, &slug, f, FormErrors::default()).await
}

async fn services_page(
    ctx: &mut Ctx,
    slug: &str,
    f: ServiceFields,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let services = desk::services(ctx.db(), &scope, true).await?;
    let desk_email = desk::desk_email(ctx.db(), &scope)
        .await?
        .unwrap_or_default();
    let l = Layout::new(ctx, ctx.tr().t("desk-services"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &ServicesPage {
            l,
            c,
            services,
            areas: Area::ALL.iter().map(|a| a.as_str()).collect(),
            languages: vec!["es", "eu", "en", "fr"],
            f,
            errors,
            desk_email,
            can_open: scope.can_manage() || scope.own_organisation().is_some(),
        },
    )
}

async fn save_service(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<ServiceFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let result = match f.input().parse() {
        Ok(d) => desk::save_service(ctx.db(), &scope, &d).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other(&format!("/c/{slug}/desk/services")),
        Err(e @ Error::Validation(_)) => {
            let errors = form_errors(&ctx.tr(), &e);
            services_page(&mut ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    csrf: String,
    desk_email: String,
}

async fn settings(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<SettingsForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    match desk::set_desk_email(ctx.db(), &scope, &f.desk_email).await {
        Ok(()) => see_other(&format!("/c/{slug}/desk/services")),
        Err(e @ Error::Validation(_)) => {
            let errors = form_errors(&ctx.tr(), &e);
            let fields = ServiceFields {
                active: "1".into(),
                ..Default::default()
            };
            services_page(&mut ctx, &slug, fields, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The e-mail intake log

#[derive(Template)]
#[template(path = "desk_inbound.html")]
struct InboundPage {
    l: Layout,
    c: Cluster,
    rows: Vec<InboundRow>,
    desk_email: String,
}

async fn inbound(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let rows = desk::inbound(ctx.db(), &scope, 200).await?;
    let desk_email = desk::desk_email(ctx.db(), &scope)
        .await?
        .unwrap_or_default();
    let l = Layout::new(&ctx, ctx.tr().t("desk-inbound"), Some((&c, &scope))).await;
    render(&InboundPage {
        l,
        c,
        rows,
        desk_email,
    })
}

// ---------------------------------------------------------------------------------------------
// Notification preferences

#[derive(Template)]
#[template(path = "notification_preferences.html")]
struct PreferencesPage {
    l: Layout,
    prefs: Vec<(&'static str, bool)>,
    saved: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    saved: Option<String>,
}

async fn preferences(ctx: Ctx, Query(q): Query<SavedQuery>) -> PageResult {
    let prefs = notify::preferences(&ctx).await?;
    let l = Layout::new(&ctx, ctx.tr().t("notification-title"), None).await;
    render(&PreferencesPage {
        l,
        prefs: prefs.into_iter().map(|(e, on)| (e.as_str(), on)).collect(),
        saved: q.saved.is_some(),
    })
}

/// Checkboxes: an event is on when its box was sent.
async fn save_preferences(ctx: Ctx, body: axum::body::Bytes) -> PageResult {
    let mut csrf = String::new();
    let mut on = Vec::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "event" => {
                if let Ok(e) = Event::parse("event", &v) {
                    on.push(e);
                }
            }
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let u = ctx.require_user()?;
    clusterhub_db::notifications::set_preferences(ctx.db(), u.id, &on).await?;
    see_other("/account/notifications?saved=1")
}
