//! The organisation directory, organisation pages, profile editing and membership changes.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::model::{EntityType, MembershipStatus, OrgSize};
use clusterhub_core::{Error, MultiText};
use clusterhub_db::clusters::{self, Cluster, Term, Typology};
use clusterhub_db::memberships::{self, Membership, MembershipUpdate, NewMembership};
use clusterhub_db::organisations::{
    self, DirectoryFilter, DirectoryRow, Organisation, OrganisationForm, Page,
};
use clusterhub_db::people::{self, Person, Representative};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/organisations", directory)
        .get("/c/{slug}/organisations/new", new_form)
        .post("/c/{slug}/organisations/new", create)
        .get("/c/{slug}/organisations/{org}", show)
        .get("/c/{slug}/organisations/{org}/edit", edit_form)
        .post("/c/{slug}/organisations/{org}/edit", edit)
        .post(
            "/c/{slug}/organisations/{org}/membership",
            update_membership,
        )
        .post("/c/{slug}/organisations/{org}/status", change_status)
        .post("/c/{slug}/organisations/{org}/merge", merge)
        .post("/c/{slug}/organisations/{org}/representatives", appoint)
        .post(
            "/c/{slug}/organisations/{org}/representatives/{person}/remove",
            dismiss,
        )
}

#[derive(Template)]
#[template(path = "directory.html")]
struct Directory {
    l: Layout,
    c: Cluster,
    f: DirectoryFilter,
    page: Page<DirectoryRow>,
    typologies: Vec<Typology>,
    subsectors: Vec<Term>,
    entity_types: Vec<&'static str>,
    statuses: Vec<&'static str>,
    territories: Vec<String>,
    sorts: &'static [&'static str],
    prev: Option<String>,
    next: Option<String>,
}

fn page_link(slug: &str, f: &DirectoryFilter, page: i64) -> String {
    let mut f = f.clone();
    f.page = page;
    f.per_page = 0;
    let q: Vec<String> = [
        ("q", &f.q),
        ("typology", &f.typology),
        ("subsector", &f.subsector),
        ("entity_type", &f.entity_type),
        ("territory", &f.territory),
        ("status", &f.status),
        ("sort", &f.sort),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", crate::error::url_encode(v)))
    .chain(std::iter::once(format!("page={page}")))
    .collect();
    format!("/c/{slug}/organisations?{}", q.join("&"))
}

async fn directory(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(f): Query<DirectoryFilter>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let page = organisations::directory(ctx.db(), &scope, &f).await?;
    let prev = (page.page > 1).then(|| page_link(&slug, &f, page.page - 1));
    let next = (page.page < page.pages()).then(|| page_link(&slug, &f, page.page + 1));
    let typologies = clusters::typologies(ctx.db(), c.id).await?;
    let subsectors = clusters::subsectors(ctx.db(), c.id).await?;
    let territories = c.territory_list().iter().map(|s| s.to_string()).collect();
    let statuses = if scope.can_see_private() {
        MembershipStatus::ALL.iter().map(|s| s.as_str()).collect()
    } else {
        Vec::new()
    };
    let l = Layout::new(&ctx, ctx.tr().t("directory-title"), Some((&c, &scope))).await;
    render(&Directory {
        l,
        c,
        f,
        page,
        typologies,
        subsectors,
        entity_types: EntityType::ALL.iter().map(|e| e.as_str()).collect(),
        statuses,
        territories,
        sorts: organisations::SORTS,
        prev,
        next,
    })
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct Show {
    l: Layout,
    c: Cluster,
    o: Organisation,
    membership: Option<Membership>,
    subsectors: Vec<String>,
    value_chains: Vec<String>,
    people: Vec<Person>,
    representatives: Vec<Representative>,
    other_clusters: Vec<String>,
    can_edit: bool,
    can_manage: bool,
    typologies: Vec<Typology>,
    all_subsectors: Vec<Term>,
    all_value_chains: Vec<Term>,
    errors: FormErrors,
    pv: clusterhub_db::profiles::ProfileView,
    /// Completeness score and missing fields, for those who can act on it.
    completeness: Option<(u8, Vec<&'static str>)>,
}

impl Show {
    fn pick<'a>(&self, mt: &'a clusterhub_core::MultiText) -> &'a str {
        mt.pick(self.l.t.lang, &["es", "en", "eu", "fr", "pt", "gl"])
            .map(|p| p.text)
            .unwrap_or("")
    }
}

async fn show_page(ctx: &mut Ctx, slug: &str, id: i64, errors: FormErrors) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    let membership = memberships::of_organisation(ctx.db(), &scope, id)
        .await
        .ok();
    let (subsectors, value_chains) = memberships::terms_of(ctx.db(), &scope, id).await?;
    let people = people::of_organisation(ctx.db(), &scope, id).await?;
    let representatives = people::representatives(ctx.db(), &scope, id).await?;
    let other_clusters = memberships::other_clusters(ctx.db(), &scope, id).await?;
    let typologies = clusters::typologies(ctx.db(), c.id).await?;
    let all_subsectors = clusters::subsectors(ctx.db(), c.id).await?;
    let all_value_chains = clusters::value_chains(ctx.db(), c.id).await?;
    let pv = clusterhub_db::profiles::view(ctx.db(), &scope, id).await?;
    let completeness = scope.can_edit_organisation(id).then(|| {
        let et = clusterhub_core::model::EntityType::parse("entity_type", &o.entity_type)
            .unwrap_or(clusterhub_core::model::EntityType::Company);
        pv.profile.completeness(
            et,
            &clusterhub_core::profile::Basics {
                description: !o.description().is_empty(),
                website: o.website.is_some(),
                logo: pv.logo,
            },
        )
    });
    let l = Layout::new(ctx, o.name.clone(), Some((&c, &scope))).await;
    let status = errors.status();
    render_status(
        status,
        &Show {
            l,
            can_edit: scope.can_edit_organisation(id),
            can_manage: scope.can_manage(),
            c,
            o,
            membership,
            subsectors,
            value_chains,
            people,
            representatives,
            other_clusters,
            typologies,
            all_subsectors,
            all_value_chains,
            errors,
            pv,
            completeness,
        },
    )
}

async fn show(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    show_page(&mut ctx, &slug, id, FormErrors::default()).await
}

#[derive(Template)]
#[template(path = "organisation_form.html")]
struct EditForm {
    l: Layout,
    action: String,
    cancel: String,
    f: OrganisationForm,
    errors: FormErrors,
    entity_types: Vec<&'static str>,
    sizes: Vec<&'static str>,
    desc_fields: Vec<(String, &'static str)>,
    is_new: bool,
    typologies: Vec<Typology>,
    typology: String,
}

/// Raw fields of the profile form: descriptions arrive as `description_<lang>`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileFields {
    csrf: String,
    name: String,
    legal_id: String,
    entity_type: String,
    size: String,
    territory: String,
    country: String,
    city: String,
    website: String,
    email: String,
    phone: String,
    description_es: String,
    description_eu: String,
    description_en: String,
    description_fr: String,
    typology: String,
}

impl ProfileFields {
    fn form(&self) -> OrganisationForm {
        let mut d = MultiText::new();
        for (l, v) in [
            ("es", &self.description_es),
            ("eu", &self.description_eu),
            ("en", &self.description_en),
            ("fr", &self.description_fr),
        ] {
            d.set(l, v);
        }
        OrganisationForm {
            name: self.name.clone(),
            legal_id: self.legal_id.clone(),
            entity_type: self.entity_type.clone(),
            size: self.size.clone(),
            territory: self.territory.clone(),
            country: self.country.clone(),
            city: self.city.clone(),
            website: self.website.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            description: d,
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    ctx: &Ctx,
    c: Cluster,
    scope: &clusterhub_core::access::Scope,
    f: OrganisationForm,
    errors: FormErrors,
    id: Option<i64>,
    typology: String,
) -> PageResult {
    let t = ctx.tr();
    let title = match id {
        Some(_) => t.ts("org-edit-title", &f.name),
        None => t.t("org-new-title"),
    };
    let (action, cancel) = match id {
        Some(id) => (
            format!("/c/{}/organisations/{id}/edit", c.slug),
            format!("/c/{}/organisations/{id}", c.slug),
        ),
        None => (
            format!("/c/{}/organisations/new", c.slug),
            format!("/c/{}/organisations", c.slug),
        ),
    };
    let typologies = clusters::typologies(ctx.db(), c.id).await?;
    let status = errors.status();
    let l = Layout::new(ctx, title, Some((&c, scope))).await;
    render_status(
        status,
        &EditForm {
            l,
            action,
            cancel,
            f,
            errors,
            entity_types: EntityType::ALL.iter().map(|e| e.as_str()).collect(),
            sizes: OrgSize::ALL.iter().map(|e| e.as_str()).collect(),
            desc_fields: clusterhub_i18n::LOCALES
                .iter()
                .map(|l| (format!("description_{l}"), *l))
                .collect(),
            is_new: id.is_none(),
            typologies,
            typology,
        },
    )
}

async fn edit_form(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    scope.require(scope.can_edit_organisation(id))?;
    form_page(
        &ctx,
        c,
        &scope,
        OrganisationForm::from_organisation(&o),
        FormErrors::default(),
        Some(id),
        String::new(),
    )
    .await
}

async fn edit(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Form(p): Form<ProfileFields>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    organisations::get(ctx.db(), &scope, id).await?;
    scope.require(scope.can_edit_organisation(id))?;
    let form = p.form();
    let result = match form.parse() {
        Ok(input) => organisations::update(ctx.db(), &scope, id, &input)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/organisations/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            form_page(&ctx, c, &scope, form, errors, Some(id), String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn new_form(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let f = OrganisationForm {
        entity_type: "company".into(),
        ..Default::default()
    };
    form_page(
        &ctx,
        c,
        &scope,
        f,
        FormErrors::default(),
        None,
        "ordinary".into(),
    )
    .await
}

async fn create(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Form(p): Form<ProfileFields>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let form = p.form();
    let result = async {
        let input = form.parse()?;
        let mut tx = ctx.db().begin().await?;
        let (id, _) =
            organisations::find_or_create(&mut tx, Some(c.id), scope.user_id(), &input).await?;
        let m = NewMembership {
            organisation_id: id,
            typology: &p.typology,
            status: MembershipStatus::Active,
            since: Some(clusterhub_db::today()),
            subsectors: &[],
            value_chains: &[],
            application_message: None,
        };
        memberships::insert(&mut tx, c.id, scope.user_id(), &m).await?;
        tx.commit().await?;
        Ok::<i64, Error>(id)
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/organisations/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            form_page(&ctx, c, &scope, form, errors, None, p.typology.clone()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The first value of a form field; checkbox lists repeat their key, so forms with them arrive
/// as pairs rather than a struct.
fn first(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn all(pairs: &[(String, String)], k: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(n, _)| n == k)
        .map(|(_, v)| v.clone())
        .collect()
}

async fn update_membership(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Form(m): Form<Vec<(String, String)>>,
) -> PageResult {
    ctx.check_csrf(&first(&m, "csrf"))?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let u = MembershipUpdate {
        typology: first(&m, "typology"),
        subsectors: all(&m, "subsectors"),
        value_chains: all(&m, "value_chains"),
        notes: first(&m, "notes"),
    };
    let result = memberships::update(ctx.db(), &scope, id, &u).await;
    let to = format!("/c/{slug}/organisations/{id}");
    done_or_show(&mut ctx, &slug, id, result, to).await
}

/// Redirects to `to` after a change, or shows the organisation page again with the problems.
async fn done_or_show(
    ctx: &mut Ctx,
    slug: &str,
    id: i64,
    result: Result<(), Error>,
    to: String,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&to).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            show_page(ctx, slug, id, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    csrf: String,
    status: String,
    reason: String,
    back: String,
}

/// Approve, reject, suspend, reinstate or withdraw a membership.
async fn change_status(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<StatusForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let to =
        MembershipStatus::parse("status", &f.status).map_err(|e| Error::Validation(vec![e]))?;
    let result = memberships::set_status(ctx.db(), &scope, id, to, Some(&f.reason)).await;
    let back = if f.back == "applications" {
        format!("/c/{slug}/applications")
    } else {
        format!("/c/{slug}/organisations/{id}")
    };
    done_or_show(&mut ctx, &slug, id, result, back).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MergeForm {
    csrf: String,
    duplicate: String,
}

async fn merge(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<MergeForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let dup: i64 = match f.duplicate.trim().parse() {
        Ok(d) => d,
        Err(_) => {
            let errors =
                FormErrors::from_error(&ctx.tr(), &Error::invalid("duplicate", "invalid_number"));
            return show_page(&mut ctx, &slug, id, errors).await;
        }
    };
    match organisations::merge(ctx.db(), &scope, id, dup).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/organisations/{id}")).into_response()),
        Err(e @ (Error::Validation(_) | Error::NotFound)) if scope.can_manage() => {
            let e = if matches!(e, Error::NotFound) {
                Error::invalid("duplicate", "not_found")
            } else {
                e
            };
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            show_page(&mut ctx, &slug, id, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AppointForm {
    csrf: String,
    person: String,
    kind: String,
}

async fn appoint(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<AppointForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let person: i64 = f.person.trim().parse().unwrap_or(0);
    let result = people::appoint(ctx.db(), &scope, id, person, &f.kind).await;
    done_or_show(
        &mut ctx,
        &slug,
        id,
        result,
        format!("/c/{slug}/organisations/{id}"),
    )
    .await
}

async fn dismiss(
    mut ctx: Ctx,
    Path((slug, id, person)): Path<(String, i64, i64)>,
    Form(f): Form<AppointForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let result = people::dismiss(ctx.db(), &scope, id, person).await;
    done_or_show(
        &mut ctx,
        &slug,
        id,
        result,
        format!("/c/{slug}/organisations/{id}"),
    )
    .await
}
