use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::Error;
use clusterhub_core::model::MembershipStatus;
use clusterhub_db::memberships::{self, MembershipUpdate, NewMembership};
use clusterhub_db::organisations::{self, DirectoryFilter, OrganisationForm};
use serde::Deserialize;
use serde_json::{Value, json};

const FILTERS: &[&str] = &[
    "q",
    "typology",
    "subsector",
    "entity_type",
    "territory",
    "status",
    "sort",
    "page",
    "per_page",
];

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/organisations",
        doc(
            "List the cluster's member organisations",
            "organisations",
            "OrganisationPage",
        )
        .query(FILTERS),
        list,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations",
        doc(
            "Create an organisation (or find it by legal id) and make it a member",
            "organisations",
            "Organisation",
        )
        .body("NewOrganisation")
        .created(),
        create,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}",
        doc("One organisation", "organisations", "Organisation"),
        get,
    )
    .api(
        "PATCH",
        "/api/v1/clusters/{slug}/organisations/{org}",
        doc(
            "Update an organisation's profile",
            "organisations",
            "Organisation",
        )
        .body("OrganisationPatch"),
        update,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}/membership",
        doc(
            "The organisation's membership of this cluster",
            "memberships",
            "Membership",
        ),
        membership,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/organisations/{org}/membership",
        doc(
            "Change typology, subsectors, value chains and notes",
            "memberships",
            "Membership",
        )
        .body("MembershipUpdate"),
        update_membership,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations/{org}/status",
        doc(
            "Approve, reject, suspend, reinstate or withdraw a membership",
            "memberships",
            "Membership",
        )
        .body("StatusChange"),
        change_status,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/applications",
        doc(
            "Pending membership applications",
            "memberships",
            "ApplicationList",
        ),
        applications,
    )
}

async fn list(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(f): Query<DirectoryFilter>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let page = organisations::directory(ctx.db(), &scope, &f).await?;
    let private = scope.can_see_private();
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|r| {
            let mut v = json!({"id": r.id, "name": r.name, "entity_type": r.entity_type, "size": r.size, "territory": r.territory,
                "country": r.country, "website": r.website, "typology": r.typology, "subsectors": r.subsectors});
            if private {
                v["status"] = json!(r.status);
                v["fee_class"] = json!(r.fee_class);
                v["since"] = json!(r.since);
            }
            v
        })
        .collect();
    ok(json!({"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}))
}

async fn get(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    ok(organisation_json(&o))
}

fn organisation_json(o: &organisations::Organisation) -> Value {
    json!({"id": o.id, "name": o.name, "legal_id": o.legal_id, "entity_type": o.entity_type, "size": o.size, "territory": o.territory,
        "country": o.country, "city": o.city, "website": o.website, "email": o.email, "phone": o.phone, "description": o.description().0,
        "created_at": o.created_at, "updated_at": o.updated_at})
}

#[derive(Deserialize)]
struct NewOrg {
    #[serde(flatten)]
    profile: OrganisationForm,
    #[serde(default = "ordinary")]
    typology: String,
    #[serde(default)]
    subsectors: Vec<String>,
    #[serde(default)]
    value_chains: Vec<String>,
    #[serde(default)]
    status: Option<String>,
}

fn ordinary() -> String {
    "ordinary".into()
}

async fn create(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let n: NewOrg = parse_body(&body)?;
    let input = n.profile.parse()?;
    let status = match n.status.as_deref() {
        Some(s) => MembershipStatus::parse("status", s).map_err(|e| Error::Validation(vec![e]))?,
        None => MembershipStatus::Active,
    };
    let mut tx = ctx.db().begin().await?;
    let (id, _) =
        organisations::find_or_create(&mut tx, Some(c.id), scope.user_id(), &input).await?;
    let since = (status != MembershipStatus::Applicant).then(clusterhub_db::today);
    let m = NewMembership {
        organisation_id: id,
        typology: &n.typology,
        status,
        since,
        subsectors: &n.subsectors,
        value_chains: &n.value_chains,
        application_message: None,
    };
    memberships::insert(&mut tx, c.id, scope.user_id(), &m).await?;
    tx.commit().await?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    created(organisation_json(&o))
}

/// Fields present in the body replace the current ones; absent fields stay.
async fn update(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let current = organisations::get(ctx.db(), &scope, id).await?;
    scope.require(scope.can_edit_organisation(id))?;
    let patch: Value = parse_body(&body)?;
    let Value::Object(patch) = patch else {
        return Err(Error::invalid("body", "invalid_json").into());
    };
    let mut merged = serde_json::to_value(OrganisationForm::from_organisation(&current))
        .map_err(|e| Error::Internal(e.to_string()))?;
    for (k, v) in patch {
        if k == "description" {
            if let (Some(cur), Value::Object(langs)) = (
                merged.get_mut("description").and_then(Value::as_object_mut),
                v,
            ) {
                for (l, t) in langs {
                    cur.insert(l, t);
                }
            }
        } else if merged.get(&k).is_some() {
            merged[k.as_str()] = if v.is_null() { json!("") } else { v };
        } else {
            return Err(Error::invalid(&k, "unknown_field").into());
        }
    }
    let form: OrganisationForm = serde_json::from_value(merged).map_err(|e| {
        Error::Validation(vec![
            clusterhub_core::FieldError::new("body", "invalid_json").detail(e.to_string()),
        ])
    })?;
    let o = organisations::update(ctx.db(), &scope, id, &form.parse()?).await?;
    ok(organisation_json(&o))
}

async fn membership_json(
    ctx: &Ctx,
    scope: &clusterhub_core::access::Scope,
    id: i64,
) -> Result<Value, Error> {
    let m = memberships::of_organisation(ctx.db(), scope, id).await?;
    let subsectors = memberships::subsector_codes(ctx.db(), m.id).await?;
    let value_chains = memberships::value_chain_codes(ctx.db(), m.id).await?;
    let mut v = serde_json::to_value(&m).map_err(|e| Error::Internal(e.to_string()))?;
    v["subsectors"] = json!(subsectors);
    v["value_chains"] = json!(value_chains);
    Ok(v)
}

async fn membership(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    organisations::get(ctx.db(), &scope, id).await?;
    ok(membership_json(&ctx, &scope, id).await?)
}

#[derive(Deserialize)]
struct MembershipBody {
    typology: String,
    #[serde(default)]
    subsectors: Vec<String>,
    #[serde(default)]
    value_chains: Vec<String>,
    #[serde(default)]
    notes: String,
}

async fn update_membership(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    organisations::get(ctx.db(), &scope, id).await?;
    let b: MembershipBody = parse_body(&body)?;
    let u = MembershipUpdate {
        typology: b.typology,
        subsectors: b.subsectors,
        value_chains: b.value_chains,
        notes: b.notes,
    };
    memberships::update(ctx.db(), &scope, id, &u).await?;
    ok(membership_json(&ctx, &scope, id).await?)
}

#[derive(Deserialize)]
struct StatusBody {
    status: String,
    #[serde(default)]
    reason: Option<String>,
}

async fn change_status(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    organisations::get(ctx.db(), &scope, id).await?;
    let b: StatusBody = parse_body(&body)?;
    let to =
        MembershipStatus::parse("status", &b.status).map_err(|e| Error::Validation(vec![e]))?;
    memberships::set_status(ctx.db(), &scope, id, to, b.reason.as_deref()).await?;
    ok(membership_json(&ctx, &scope, id).await?)
}

async fn applications(mut ctx: Ctx, Path(slug): Path<String>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(json!({"items": memberships::applications(ctx.db(), &scope).await?}))
}
