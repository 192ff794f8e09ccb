//! Tender watch over the API: the opportunities (eForms notices, the cluster's own and other
//! clusters' shared ones), a member organisation's alert profiles and matches, and the calling
//! member user's bulletin subscription. The same services, and so the same rules, as the pages.
//!
//! A member organisation's profiles and matches are private to it and to the cluster's staff:
//! anyone else gets 404, as if they did not exist.

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use crate::watch as service;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::access::Scope;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::bulletins::{self, Frequency};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::memberships;
use clusterhub_db::watch::{self, FeedFilter, FeedItem, MatchState, Opportunity, StoredProfile};
use clusterhub_watch::alert::AlertForm;
use clusterhub_watch::matching::Reason;
use clusterhub_watch::notice::Notice;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/opportunities",
        doc(
            "Opportunities insiders of the cluster see: eForms notices, the cluster's own and other clusters' shared ones, newest first, 50 a page (page counts from 0)",
            "watch",
            "OpportunityList",
        )
        .query(&["q", "kind", "origin", "open", "page"]),
        list_opportunities,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/opportunities",
        doc(
            "Add an opportunity of the cluster's own, private to it unless shared (staff); matched against the profiles at once",
            "watch",
            "OpportunityDetail",
        )
        .body("NewOpportunity")
        .created(),
        create_opportunity,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/opportunities/{opportunity}",
        doc(
            "One opportunity, with the parsed eForms notice when it is one",
            "watch",
            "OpportunityDetail",
        ),
        get_opportunity,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}/alert-profiles",
        doc(
            "A member organisation's alert profiles (its users and the cluster's staff)",
            "watch",
            "AlertProfileList",
        ),
        list_profiles,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations/{org}/alert-profiles",
        doc(
            "Add an alert profile; it is matched against the open opportunities at once",
            "watch",
            "AlertProfile",
        )
        .body("AlertProfileBody")
        .created(),
        create_profile,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}/alert-profiles/proposal",
        doc(
            "A first profile proposed from what the cluster knows of the member (subsectors, capability tags, place), to review and post",
            "watch",
            "AlertProfileBody",
        ),
        proposal,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/alert-profiles/{profile}",
        doc("One alert profile", "watch", "AlertProfile"),
        get_profile,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/alert-profiles/{profile}",
        doc(
            "Replace an alert profile; it is matched again at once",
            "watch",
            "AlertProfile",
        )
        .body("AlertProfileBody"),
        update_profile,
    )
    .api(
        "DELETE",
        "/api/v1/clusters/{slug}/alert-profiles/{profile}",
        doc(
            "Remove an alert profile: it stops matching; matches already acted on stay",
            "watch",
            "Object",
        ),
        delete_profile,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}/matches",
        doc(
            "A member's matches, best first, with the score and the reasons (structured, and in words in the request's language); state: active (new and saved, the default), new, saved, dismissed, shared (passed on to me) or all",
            "watch",
            "MatchList",
        )
        .query(&["state", "lang"]),
        list_matches,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations/{org}/matches/{opportunity}",
        doc(
            "Save, dismiss (recording a verdict and a note) or restore a match",
            "watch",
            "Match",
        )
        .body("MatchUpdate"),
        set_match,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations/{org}/matches/{opportunity}/share",
        doc(
            "Pass a match on to a colleague of the same organisation",
            "watch",
            "MatchShared",
        )
        .body("MatchShare"),
        share_match,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/watch/subscription",
        doc(
            "The calling member user's bulletin frequency and their Atom and iCalendar feed URLs",
            "watch",
            "WatchSubscription",
        ),
        get_subscription,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/watch/subscription",
        doc(
            "Set the calling member user's bulletin frequency",
            "watch",
            "WatchSubscription",
        )
        .body("WatchSubscriptionUpdate"),
        set_subscription,
    )
}

// ---------------------------------------------------------------------------------------------
// Access and bodies

/// Whose watch this is: the organisation's own users and the cluster's staff; to anyone else
/// the organisation's watch does not exist. The organisation must be a member of the cluster.
async fn watched(ctx: &Ctx, scope: &Scope, organisation: i64) -> Result<(), Error> {
    if scope.user_id().is_none() {
        return Err(Error::Unauthorized);
    }
    if !(scope.can_manage() || scope.own_organisation() == Some(organisation)) {
        return Err(Error::NotFound);
    }
    memberships::of_organisation(ctx.db(), scope, organisation).await?;
    Ok(())
}

/// A JSON object read field by field, so that every problem names its field: texts may come
/// as strings, numbers or lists of them.
struct Fields {
    map: Map<String, Value>,
    errs: Vec<FieldError>,
}

impl Fields {
    fn parse(body: &[u8]) -> Result<Self, Error> {
        let map: Map<String, Value> = parse_body(body)?;
        Ok(Fields {
            map,
            errs: Vec::new(),
        })
    }

    fn wrong(&mut self, field: &str, v: &Value) {
        self.errs
            .push(FieldError::new(field, "invalid_type").detail(v.to_string()));
    }

    /// A text; a list is joined with `sep`.
    fn text(&mut self, field: &str, sep: &str) -> String {
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match self.map.get(field).cloned() {
            None | Some(Value::Null) => String::new(),
            Some(Value::Array(items)) => match items.iter().map(scalar).collect::<Option<Vec<_>>>()
            {
                Some(parts) => parts.join(sep),
                None => {
                    self.wrong(field, &Value::Array(items));
                    String::new()
                }
            },
            Some(v) => scalar(&v).unwrap_or_else(|| {
                self.wrong(field, &v);
                String::new()
            }),
        }
    }

    /// A list of codes: a JSON list, or one text separated by spaces or commas.
    fn list(&mut self, field: &str) -> Vec<String> {
        self.text(field, " ")
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn flag(&mut self, field: &str) -> bool {
        match self.map.get(field).cloned() {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => b,
            Some(v) => {
                self.wrong(field, &v);
                false
            }
        }
    }

    /// An id: a number or a text of digits; None when absent.
    fn id(&mut self, field: &str) -> Option<i64> {
        match self.map.get(field).cloned() {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => match v.as_str().and_then(|s| s.trim().parse().ok()) {
                Some(id) => Some(id),
                None => {
                    self.wrong(field, &v);
                    None
                }
            },
        }
    }

    /// The checked value, or every problem: those of the fields' types first, then those of
    /// the caller's checks on fields without a type problem.
    fn finish<T>(self, checked: Result<T, Vec<FieldError>>) -> Result<T, Error> {
        let mut errs = self.errs;
        match checked {
            Ok(v) if errs.is_empty() => return Ok(v),
            Ok(_) => {}
            Err(more) => {
                let typed: Vec<String> = errs.iter().map(|e| e.field.clone()).collect();
                errs.extend(more.into_iter().filter(|e| !typed.contains(&e.field)));
            }
        }
        Err(Error::Validation(errs))
    }
}

/// A value outside the field's list, or none at all.
fn unknown(field: &str, raw: &str) -> FieldError {
    match raw.trim() {
        "" => FieldError::new(field, "required"),
        v => FieldError::new(field, "unknown_value").detail(v),
    }
}

// ---------------------------------------------------------------------------------------------
// Opportunities

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
    kind: String,
    origin: String,
    open: String,
    page: String,
}

async fn list_opportunities(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.is_insider())?;
    let open = match q.open.trim() {
        "" | "0" | "false" | "no" | "off" => false,
        "1" | "true" | "yes" | "on" => true,
        v => {
            return Err(Error::Validation(vec![
                FieldError::new("open", "invalid_boolean").detail(v),
            ])
            .into());
        }
    };
    let page = match q.page.trim() {
        "" => 0,
        v => v.parse::<u32>().map_err(|_| {
            Error::Validation(vec![FieldError::new("page", "invalid_number").detail(v)])
        })?,
    };
    let f = watch::Filter {
        q: q.q,
        kind: q.kind,
        origin: q.origin,
        open,
        page,
    };
    let (items, total) = watch::list(ctx.db(), &scope, &f).await?;
    ok(json!({"items": items, "total": total, "page": page, "per_page": watch::PAGE}))
}

#[derive(Serialize)]
struct OpportunityOut {
    #[serde(flatten)]
    opportunity: Opportunity,
    /// The eForms notice as parsed, for notices.
    notice: Option<Notice>,
}

async fn get_opportunity(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let (opportunity, notice) = watch::get(ctx.db(), &scope, id).await?;
    ok(OpportunityOut {
        opportunity,
        notice,
    })
}

async fn create_opportunity(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let mut b = Fields::parse(&body)?;
    let form = service::OpportunityForm {
        kind: b.text("kind", " "),
        title: b.text("title", " "),
        lang: b.text("lang", " "),
        summary: b.text("summary", "\n"),
        buyer: b.text("buyer", " "),
        cpv: b.list("cpv").join(" "),
        nuts: b.list("nuts").join(" "),
        deadline: b.text("deadline", " "),
        url: b.text("url", " "),
        shared: b.flag("shared"),
    };
    let checked = match service::parse_opportunity(&form) {
        Ok(o) => Ok(o),
        Err(Error::Validation(v)) => Err(v),
        Err(e) => return Err(e.into()),
    };
    let o = b.finish(checked)?;
    let stored = watch::save_own(ctx.db(), &scope, &o).await?;
    let (opportunity, notice) = watch::get(ctx.db(), &scope, stored.id()).await?;
    created(OpportunityOut {
        opportunity,
        notice,
    })
}

// ---------------------------------------------------------------------------------------------
// Alert profiles

/// A profile as the API shows it: criteria as lists, values in whole euros.
fn profile_out(p: StoredProfile) -> Value {
    json!({
        "id": p.id,
        "organisation_id": p.organisation_id,
        "name": p.name,
        "cpv": p.profile.cpv,
        "nuts": p.profile.nuts,
        "keywords": p.profile.keywords,
        "min_value": p.profile.min_value,
        "max_value": p.profile.max_value,
        "kinds": p.profile.kinds,
        "innovation_only": p.profile.innovation_only,
        "updated_at": p.updated_at,
    })
}

/// The body of a profile: the page's form fields, lists allowed where the form has lines.
fn read_profile(body: &[u8]) -> Result<clusterhub_watch::alert::AlertInput, Error> {
    let mut b = Fields::parse(body)?;
    let form = AlertForm {
        name: b.text("name", " "),
        cpv: b.text("cpv", " "),
        nuts: b.text("nuts", " "),
        keywords: b.text("keywords", "\n"),
        min_value: b.text("min_value", " "),
        max_value: b.text("max_value", " "),
        kinds: b.list("kinds"),
        innovation_only: b.flag("innovation_only"),
    };
    b.finish(form.parse())
}

async fn list_profiles(mut ctx: Ctx, Path((slug, org)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    watched(&ctx, &scope, org).await?;
    let items: Vec<Value> = watch::profiles(ctx.db(), &scope, org)
        .await?
        .into_iter()
        .map(profile_out)
        .collect();
    ok(json!({"items": items}))
}

async fn create_profile(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, org)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    watched(&ctx, &scope, org).await?;
    let input = read_profile(&body)?;
    let id = watch::save_profile(ctx.db(), &scope, org, None, &input).await?;
    created(profile_out(watch::profile(ctx.db(), &scope, id).await?))
}

async fn proposal(mut ctx: Ctx, Path((slug, org)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    watched(&ctx, &scope, org).await?;
    let name = ctx.tr().t("watch-profile-default-name");
    let f = watch::propose(ctx.db(), &scope, org, &name).await?;
    let split = |s: &str, codes: bool| -> Vec<String> {
        s.split(|c: char| c == '\n' || c == ',' || c == ';' || (codes && c.is_whitespace()))
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    let euros = |s: &str| s.trim().parse::<i64>().ok();
    ok(json!({
        "name": f.name,
        "cpv": split(&f.cpv, true),
        "nuts": split(&f.nuts, true),
        "keywords": split(&f.keywords, false),
        "min_value": euros(&f.min_value),
        "max_value": euros(&f.max_value),
        "kinds": f.kinds,
        "innovation_only": f.innovation_only,
    }))
}

async fn get_profile(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(profile_out(watch::profile(ctx.db(), &scope, id).await?))
}

async fn update_profile(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let org = watch::profile(ctx.db(), &scope, id).await?.organisation_id;
    let input = read_profile(&body)?;
    watch::save_profile(ctx.db(), &scope, org, Some(id), &input).await?;
    ok(profile_out(watch::profile(ctx.db(), &scope, id).await?))
}

async fn delete_profile(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    watch::archive_profile(ctx.db(), &scope, id).await?;
    ok(json!({"deleted": id}))
}

// ---------------------------------------------------------------------------------------------
// Matches

#[derive(Serialize)]
struct SharedBy {
    from: String,
    note: String,
}

#[derive(Serialize)]
struct MatchOut {
    opportunity: Opportunity,
    /// The title in the request's language (else English, else any).
    title: String,
    score: u32,
    reasons: Vec<Reason>,
    reason_texts: Vec<String>,
    profiles: Vec<String>,
    state: MatchState,
    matched_at: String,
    shared_by: Vec<SharedBy>,
}

fn match_out(t: &crate::Tr, i: FeedItem) -> MatchOut {
    MatchOut {
        title: service::title(t, &i.opportunity),
        reason_texts: service::reason_texts(t, &i.reasons),
        opportunity: i.opportunity,
        score: i.score,
        reasons: i.reasons,
        profiles: i.profiles,
        state: i.state,
        matched_at: i.matched_at,
        shared_by: i
            .shared_by
            .into_iter()
            .map(|(from, note)| SharedBy { from, note })
            .collect(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MatchQuery {
    state: String,
}

const FEED_STATES: [&str; 7] = ["", "active", "new", "saved", "dismissed", "shared", "all"];

async fn list_matches(
    mut ctx: Ctx,
    Path((slug, org)): Path<(String, i64)>,
    Query(q): Query<MatchQuery>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    watched(&ctx, &scope, org).await?;
    let state = q.state.trim();
    if !FEED_STATES.contains(&state) {
        return Err(Error::Validation(vec![
            FieldError::new("state", "unknown_value").detail(state),
        ])
        .into());
    }
    let f = FeedFilter {
        state: state.to_string(),
        ..Default::default()
    };
    let t = ctx.tr();
    let items: Vec<MatchOut> = watch::feed(ctx.db(), &scope, org, &f)
        .await?
        .into_iter()
        .map(|i| match_out(&t, i))
        .collect();
    ok(json!({"total": items.len(), "items": items}))
}

async fn set_match(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, org, opp)): Path<(String, i64, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    watched(&ctx, &scope, org).await?;
    let mut b = Fields::parse(&body)?;
    let raw = b.text("state", " ");
    let verdict = b.text("verdict", " ");
    let note = b.text("note", "\n");
    let state =
        b.finish(MatchState::parse(raw.trim()).ok_or_else(|| vec![unknown("state", &raw)]))?;
    // As on the page: a dismissal without a verdict counts as "not relevant".
    let verdict = Some(verdict.trim())
        .filter(|v| !v.is_empty())
        .or(Some("not_relevant"));
    watch::set_state(ctx.db(), &scope, org, opp, state, verdict, &note).await?;
    let all = FeedFilter {
        state: "all".into(),
        ..Default::default()
    };
    let item = watch::feed(ctx.db(), &scope, org, &all)
        .await?
        .into_iter()
        .find(|i| i.opportunity.id == opp)
        .ok_or(Error::NotFound)?;
    ok(match_out(&ctx.tr(), item))
}

async fn share_match(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, org, opp)): Path<(String, i64, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    watched(&ctx, &scope, org).await?;
    let mut b = Fields::parse(&body)?;
    let to = b.id("to");
    let note = b.text("note", "\n");
    let to = b.finish(to.ok_or_else(|| vec![FieldError::new("to", "required")]))?;
    watch::share(ctx.db(), &scope, org, opp, to, &note).await?;
    ok(json!({"opportunity": opp, "to": to, "note": note.trim()}))
}

// ---------------------------------------------------------------------------------------------
// The bulletin subscription

/// The member user asking, in this cluster: signed in, and acting for a member organisation.
async fn member_user(ctx: &mut Ctx, slug: &str) -> Result<(Cluster, Scope, i64), Error> {
    let (c, scope) = ctx.cluster(slug).await?;
    let user = ctx.require_user()?.id;
    scope.require(scope.own_organisation().is_some())?;
    Ok((c, scope, user))
}

async fn subscription_out(ctx: &Ctx, user: i64, cluster: i64) -> ApiResult {
    let s = bulletins::subscription(ctx.db(), user, cluster).await?;
    let url = |ext: &str| {
        let path = format!("/watch/feed/{}.{ext}", s.token);
        match &ctx.state.mailer {
            Some(m) => m.link(&path),
            None => path,
        }
    };
    ok(json!({
        "frequency": s.frequency,
        "frequencies": Frequency::ALL,
        "atom": url("atom"),
        "ical": url("ics"),
    }))
}

async fn get_subscription(mut ctx: Ctx, Path(slug): Path<String>) -> ApiResult {
    let (c, _, user) = member_user(&mut ctx, &slug).await?;
    subscription_out(&ctx, user, c.id).await
}

async fn set_subscription(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (c, scope, user) = member_user(&mut ctx, &slug).await?;
    let mut b = Fields::parse(&body)?;
    let raw = b.text("frequency", " ");
    let f =
        b.finish(Frequency::parse(raw.trim()).ok_or_else(|| vec![unknown("frequency", &raw)]))?;
    bulletins::set_frequency(ctx.db(), &scope, f).await?;
    subscription_out(&ctx, user, c.id).await
}
