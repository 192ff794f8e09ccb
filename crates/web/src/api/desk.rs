//! The service desk over the API: the catalogue, requests (open, read, triage, answer, close,
//! rate), their files, and the e-mail intake endpoint a mail relay delivers to.

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::html::desk::{download, triage_draft};
use crate::notify;
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::handler::Handler;
use axum::http::HeaderMap;
use clusterhub_core::access::Scope;
use clusterhub_core::desk::{
    self as rules, CloseInput, MAX_FILE_BYTES, MAX_FILES, RatingInput, RequestInput, ServiceInput,
};
use clusterhub_core::model::Role;
use clusterhub_core::{Error, FieldError, MultiText};
use clusterhub_db::desk::{self, Detail, Intake, ListFilter, Origin, RequestRow, Service};
use serde::Deserialize;
use serde_json::{Value, json};

/// Room for the most files a message takes, base64-encoded (4/3), and the JSON around them.
const JSON_LIMIT: usize = MAX_FILES * MAX_FILE_BYTES * 4 / 3 + 1024 * 1024;

pub fn routes(r: Routes) -> Routes {
    let big = DefaultBodyLimit::max(JSON_LIMIT);
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/services",
        doc("The service desk's catalogue", "desk", "ServiceList"),
        services,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/services",
        doc("Create a service, or update the one with that code", "desk", "Service")
            .body("NewService"),
        save_service,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/requests",
        doc(
            "Requests the caller may see: all for staff, its organisation's for a member, the handed ones for a partner",
            "desk",
            "RequestList",
        )
        .query(&["status", "service", "assignee", "overdue", "page"]),
        list,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/requests",
        doc("Open a request", "desk", "Request")
            .body("NewRequest")
            .created(),
        create.layer(big),
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/requests/{request}",
        doc("A request with its thread", "desk", "Request"),
        get,
    )
    .api(
        "PATCH",
        "/api/v1/clusters/{slug}/requests/{request}",
        doc(
            "Triage: status, service, assignee, partner organisation",
            "desk",
            "Request",
        )
        .body("RequestPatch"),
        patch,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/requests/{request}/messages",
        doc(
            "Add a message (staff: or an internal note) to the thread",
            "desk",
            "Request",
        )
        .body("NewMessage")
        .created(),
        message.layer(big),
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/requests/{request}/close",
        doc(
            "Close with an outcome; logs the support given as an activity",
            "desk",
            "Request",
        )
        .body("CloseRequest"),
        close,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/requests/{request}/reopen",
        doc("Open a closed request again", "desk", "Request"),
        reopen,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/requests/{request}/rating",
        doc(
            "The requesting organisation rates a closed request",
            "desk",
            "Request",
        )
        .body("Rating"),
        rate,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/requests/{request}/attachments/{attachment}",
        doc("A file of the thread", "desk", "File"),
        attachment,
    )
    .api(
        "POST",
        "/api/v1/inbound/email",
        doc(
            "Deliver a raw RFC 822 e-mail to the service desk (staff token of the addressed cluster)",
            "desk",
            "InboundResult",
        )
        .body("RawEmail"),
        inbound.layer(DefaultBodyLimit::max(JSON_LIMIT)),
    )
}

// ---------------------------------------------------------------------------------------------
// Catalogue

fn service_json(s: &Service) -> Value {
    json!({
        "code": s.code, "area": s.area, "name": MultiText::from_json(&s.name),
        "description": MultiText::from_json(&s.description), "sla_hours": s.sla_hours,
        "active": s.active, "position": s.position,
    })
}

async fn services(mut ctx: Ctx, Path(slug): Path<String>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let list = desk::services(ctx.db(), &scope, true).await?;
    ok(json!({"items": list.iter().map(service_json).collect::<Vec<_>>()}))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ServiceBody {
    code: String,
    area: String,
    name: MultiText,
    description: MultiText,
    sla_hours: Option<i64>,
    active: Option<bool>,
    position: Option<i64>,
}

async fn save_service(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let b: ServiceBody = parse_body(&body)?;
    let d = ServiceInput {
        code: b.code,
        area: b.area,
        name: b.name,
        description: b.description,
        sla_hours: b.sla_hours.map(|h| h.to_string()).unwrap_or_default(),
        active: b.active.unwrap_or(true),
        position: b.position.unwrap_or(0).to_string(),
    }
    .parse()?;
    desk::save_service(ctx.db(), &scope, &d).await?;
    let s = desk::services(ctx.db(), &scope, true)
        .await?
        .into_iter()
        .find(|s| s.code == d.code)
        .ok_or(Error::NotFound)?;
    ok(service_json(&s))
}

// ---------------------------------------------------------------------------------------------
// Requests

fn row_json(slug: &str, r: &RequestRow, now: &str, staff: bool) -> Value {
    let mut v = json!({
        "reference": rules::reference(slug, r.number), "number": r.number, "subject": r.subject,
        "status": r.status, "source": r.source,
        "service": {"code": r.service_code, "area": r.area, "name": MultiText::from_json(&r.service_name)},
        "organisation": {"id": r.organisation_id, "name": r.organisation},
        "requester": r.requester,
        "assignee": r.assignee_user_id.map(|id| json!({"id": id, "name": r.assignee})),
        "partner": r.partner_organisation_id.map(|id| json!({"id": id, "name": r.partner})),
        "opened_at": r.opened_at, "due_at": r.due_at, "overdue": r.overdue_at(now),
        "first_response_at": r.first_response_at, "closed_at": r.closed_at,
        "outcome": r.outcome, "outcome_note": r.outcome_note,
        "rating": r.rating, "rating_comment": r.rating_comment,
    });
    if staff {
        v["requester_email"] = json!(r.requester_email);
        v["activity_id"] = json!(r.activity_id);
    }
    v
}

fn detail_json(slug: &str, d: &Detail, staff: bool) -> Value {
    let now = rules::stamp(notify::now());
    let mut v = row_json(slug, &d.row, &now, staff);
    v["messages"] = json!(
        d.messages
            .iter()
            .map(|m| json!({
                "id": m.id, "author": m.author, "author_role": m.author_role, "body": m.body,
                "internal": m.internal, "created_at": m.created_at,
            }))
            .collect::<Vec<_>>()
    );
    v["attachments"] = json!(
        d.attachments
            .iter()
            .map(|a| json!({
                "id": a.id, "message_id": a.message_id, "filename": a.filename,
                "content_type": a.content_type, "size": a.size,
                "href": format!("/api/v1/clusters/{slug}/requests/{}/attachments/{}", d.row.number, a.id),
            }))
            .collect::<Vec<_>>()
    );
    v["resources"] = json!(d.resources);
    v
}

async fn detail(ctx: &Ctx, slug: &str, scope: &Scope, number: i64) -> Result<Value, Error> {
    let d = desk::get(ctx.db(), scope, number).await?;
    Ok(detail_json(slug, &d, scope.can_manage()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
    service: String,
    assignee: String,
    overdue: String,
    page: i64,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ListQuery>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let assignee = match q.assignee.trim() {
        "" => None,
        a => Some(a.parse::<i64>().map_err(|_| {
            Error::Validation(vec![FieldError::new("assignee", "not_a_number").detail(a)])
        })?),
    };
    let f = ListFilter {
        status: opt(&q.status),
        service: opt(&q.service),
        assignee,
        overdue: matches!(q.overdue.as_str(), "1" | "true" | "yes"),
        organisation: None,
        page: q.page.max(0),
    };
    let now = rules::stamp(notify::now());
    let (rows, total) = desk::list(ctx.db(), &scope, &f, &now).await?;
    let staff = scope.can_manage();
    let items: Vec<Value> = rows
        .iter()
        .map(|r| row_json(&slug, r, &now, staff))
        .collect();
    ok(json!({"items": items, "total": total, "page": f.page, "per_page": desk::PAGE}))
}

/// A file sent in a JSON body.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FileBody {
    filename: String,
    /// The bytes, base64 (standard alphabet, padding optional).
    content_base64: String,
}

fn decode_files(files: Vec<FileBody>) -> Result<Vec<rules::CheckedFile>, Error> {
    let mut raw = Vec::with_capacity(files.len());
    let mut errs = Vec::new();
    for f in files {
        match base64(&f.content_base64) {
            Some(b) => raw.push((f.filename, b)),
            None => errs.push(
                FieldError::new("attachments", "invalid_base64")
                    .detail(rules::clean_filename(&f.filename)),
            ),
        }
    }
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    rules::check_files("attachments", raw)
}

/// Standard base64 (RFC 4648), whitespace ignored, padding optional.
fn base64(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let clean = clean
        .strip_suffix(b"==")
        .or_else(|| clean.strip_suffix(b"="))
        .unwrap_or(&clean);
    if clean.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= val(*c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewRequest {
    service: String,
    subject: String,
    body: String,
    /// Staff opening on a member's behalf.
    organisation_id: Option<i64>,
    attachments: Vec<FileBody>,
}

async fn create(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage() || scope.own_organisation().is_some())?;
    let b: NewRequest = parse_body(&body)?;
    let has_files = !b.attachments.is_empty();
    let input = RequestInput {
        service: b.service,
        subject: b.subject,
        body: b.body,
        organisation: b.organisation_id,
    };
    let (draft, files) = match (input.parse(has_files), decode_files(b.attachments)) {
        (Ok(d), Ok(f)) => (d, f),
        (Err(Error::Validation(mut a)), Err(Error::Validation(mut b))) => {
            a.append(&mut b);
            return Err(Error::Validation(a).into());
        }
        (Err(e), _) | (_, Err(e)) => return Err(e.into()),
    };
    let o = notify::open(&ctx.state, &scope, &draft, &files, &Origin::api()).await?;
    created(detail(&ctx, &slug, &scope, o.number).await?)
}

async fn get(mut ctx: Ctx, Path((slug, number)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(detail(&ctx, &slug, &scope, number).await?)
}

/// Fields left out keep their value; `null` clears the assignee or takes the request back
/// from the partner.
async fn patch(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, number)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let b: serde_json::Map<String, Value> = parse_body(&body)?;
    let current = desk::row(ctx.db(), &scope, number).await?;
    let text = |k: &str, keep: &str| match b.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => keep.to_string(),
        Some(other) => other.to_string(),
    };
    let id = |k: &str, keep: Option<i64>| match b.get(k) {
        None => keep.map(|v| v.to_string()).unwrap_or_default(),
        Some(Value::Null) => String::new(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string().trim_matches('"').to_string(),
    };
    let d = triage_draft(
        &text("status", &current.status),
        &text("service", &current.service_code),
        &id("assignee_user_id", current.assignee_user_id),
        &id("partner_organisation_id", current.partner_organisation_id),
    )?;
    notify::triage(&ctx.state, &scope, number, &d).await?;
    ok(detail(&ctx, &slug, &scope, number).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewMessage {
    body: String,
    internal: bool,
    attachments: Vec<FileBody>,
}

async fn message(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, number)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    desk::row(ctx.db(), &scope, number).await?;
    let b: NewMessage = parse_body(&body)?;
    let files = decode_files(b.attachments)?;
    notify::post(
        &ctx.state,
        &scope,
        number,
        &b.body,
        b.internal,
        &files,
        &Origin::api(),
    )
    .await?;
    created(detail(&ctx, &slug, &scope, number).await?)
}

async fn close(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, number)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let input: CloseInput = parse_body(&body)?;
    let d = input.parse()?;
    notify::close(&ctx.state, &scope, number, &d).await?;
    ok(detail(&ctx, &slug, &scope, number).await?)
}

async fn reopen(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, number)): Path<(String, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    desk::reopen(ctx.db(), &scope, number).await?;
    ok(detail(&ctx, &slug, &scope, number).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RatingBody {
    rating: Value,
    comment: String,
}

async fn rate(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, number)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let b: RatingBody = parse_body(&body)?;
    let rating = match b.rating {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let (rating, comment) = RatingInput {
        rating,
        comment: b.comment,
    }
    .parse()?;
    desk::rate(ctx.db(), &scope, number, rating, &comment, notify::now()).await?;
    ok(detail(&ctx, &slug, &scope, number).await?)
}

async fn attachment(mut ctx: Ctx, Path((slug, number, id)): Path<(String, i64, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let a = desk::attachment(ctx.db(), &scope, number, id).await?;
    Ok(download(a))
}

// ---------------------------------------------------------------------------------------------
// E-mail intake

/// A mail relay (or a script beside it) delivers each message that reached a desk address here,
/// raw, with the API token of a staff user of that cluster. Opened and replied messages answer
/// 201 and 200, a message accepted before 200 with `duplicate`, a refused one 422 naming why
/// (and it is logged for staff to see; delivered again, it is refused again).
async fn inbound(ctx: Ctx, headers: HeaderMap, body: Bytes) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let p = &ctx.principal;
    let staff_somewhere = p.platform_admin || p.roles.iter().any(|r| r.role == Role::Staff);
    if !staff_somewhere {
        return Err(Error::Forbidden.into());
    }
    let r = notify::intake(&ctx.state, &body, Some(p)).await?;
    let slug_of = |cid: i64| {
        let db = ctx.db().clone();
        async move {
            clusterhub_db::clusters::by_id(&db, cid)
                .await
                .map(|c| c.slug)
        }
    };
    match r {
        Intake::Opened {
            cluster_id, number, ..
        } => {
            let slug = slug_of(cluster_id).await?;
            created(
                json!({"status": "opened", "reference": rules::reference(&slug, number), "number": number}),
            )
        }
        Intake::Replied {
            cluster_id, number, ..
        } => {
            let slug = slug_of(cluster_id).await?;
            ok(
                json!({"status": "replied", "reference": rules::reference(&slug, number), "number": number}),
            )
        }
        // A message refused before is refused again, so a relay that delivers it twice
        // bounces it the same way.
        Intake::Duplicate {
            previous, reason, ..
        } if previous == "refused" => Err(Error::Validation(vec![
            FieldError::new("message", "already_refused").detail(reason.unwrap_or_default()),
        ])
        .into()),
        Intake::Duplicate { previous, .. } => {
            ok(json!({"status": "duplicate", "previous": previous}))
        }
        Intake::Refused { reasons, .. } => Err(Error::Validation(reasons).into()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes_with_or_without_padding() {
        assert_eq!(
            super::base64("JVBERi0xLjQK").as_deref(),
            Some(&b"%PDF-1.4\n"[..])
        );
        assert_eq!(super::base64("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(super::base64("aGk").as_deref(), Some(&b"hi"[..]));
        assert_eq!(super::base64("aG\nk=").as_deref(), Some(&b"hi"[..]));
        assert!(super::base64("a").is_none());
        assert!(super::base64("a$==").is_none());
    }
}
