//! People of the cluster's member organisations.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_db::clusters::Cluster;
use clusterhub_db::people::{self, Person, PersonForm, PersonRow};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/people", list)
        .get("/c/{slug}/people/{person}", show)
        .get("/c/{slug}/people/{person}/edit", edit_form)
        .post("/c/{slug}/people/{person}/edit", edit)
        .get("/c/{slug}/organisations/{org}/people/new", new_form)
        .post("/c/{slug}/organisations/{org}/people/new", create)
}

#[derive(Template)]
#[template(path = "person_form.html")]
struct PersonFormPage {
    l: Layout,
    action: String,
    cancel: String,
    f: PersonForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PersonFields {
    csrf: String,
    #[serde(flatten)]
    form: PersonForm,
}

async fn form_page(
    ctx: &mut Ctx,
    slug: &str,
    title: String,
    action: String,
    cancel: String,
    f: PersonForm,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let l = Layout::new(ctx, title, Some((&c, &scope))).await;
    let st = errors.status();
    render_status(
        st,
        &PersonFormPage {
            l,
            action,
            cancel,
            f,
            errors,
        },
    )
}

async fn edit_form(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let (p, orgs) = people::get(ctx.db(), &scope, id).await?;
    scope.require(
        scope.can_manage()
            || orgs
                .iter()
                .any(|o| scope.can_edit_organisation(o.organisation_id)),
    )?;
    let f = PersonForm {
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        email: p.email.clone().unwrap_or_default(),
        phone: p.phone.clone().unwrap_or_default(),
        job_title: p.job_title.clone().unwrap_or_default(),
        birth_date: String::new(),
    };
    let here = format!("/c/{slug}/people/{id}");
    form_page(
        &mut ctx,
        &slug,
        p.full_name(),
        format!("{here}/edit"),
        here,
        f,
        FormErrors::default(),
    )
    .await
}

async fn edit(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Form(p): Form<PersonFields>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let result = match p.form.parse() {
        Ok(input) => people::update(ctx.db(), &scope, id, &input).await,
        Err(e) => Err(e),
    };
    let here = format!("/c/{slug}/people/{id}");
    match result {
        Ok(()) => Ok(Redirect::to(&here).into_response()),
        Err(e @ Error::Validation(_)) => {
            let (_, orgs) = people::get(ctx.db(), &scope, id).await?;
            scope.require(
                scope.can_manage()
                    || orgs
                        .iter()
                        .any(|o| scope.can_edit_organisation(o.organisation_id)),
            )?;
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let title = format!("{} {}", p.form.first_name, p.form.last_name);
            form_page(
                &mut ctx,
                &slug,
                title,
                format!("{here}/edit"),
                here,
                p.form,
                errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn new_form(mut ctx: Ctx, Path((slug, org)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    clusterhub_db::organisations::get(ctx.db(), &scope, org).await?;
    scope.require(scope.can_edit_organisation(org))?;
    let title = ctx.tr().t("person-new-title");
    let (action, cancel) = (
        format!("/c/{slug}/organisations/{org}/people/new"),
        format!("/c/{slug}/organisations/{org}"),
    );
    form_page(
        &mut ctx,
        &slug,
        title,
        action,
        cancel,
        PersonForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn create(
    mut ctx: Ctx,
    Path((slug, org)): Path<(String, i64)>,
    Form(p): Form<PersonFields>,
) -> PageResult {
    ctx.check_csrf(&p.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let result = match p.form.parse() {
        Ok(input) => people::add_to_organisation(ctx.db(), &scope, org, &input).await,
        Err(e) => Err(e),
    };
    let (action, cancel) = (
        format!("/c/{slug}/organisations/{org}/people/new"),
        format!("/c/{slug}/organisations/{org}"),
    );
    match result {
        Ok(_) => Ok(Redirect::to(&cancel).into_response()),
        Err(e @ Error::Validation(_)) => {
            clusterhub_db::organisations::get(ctx.db(), &scope, org).await?;
            scope.require(scope.can_edit_organisation(org))?;
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let title = ctx.tr().t("person-new-title");
            form_page(&mut ctx, &slug, title, action, cancel, p.form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeopleQuery {
    q: String,
    page: i64,
}

#[derive(Template)]
#[template(path = "people.html")]
struct List {
    l: Layout,
    c: Cluster,
    q: String,
    rows: Vec<PersonRow>,
    total: i64,
    page: i64,
    pages: i64,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PeopleQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let page = q.page.max(1);
    let (rows, total) = people::list(ctx.db(), &scope, &q.q, 50, (page - 1) * 50).await?;
    let l = Layout::new(&ctx, ctx.tr().t("nav-people"), Some((&c, &scope))).await;
    render(&List {
        l,
        c,
        q: q.q,
        rows,
        total,
        page,
        pages: ((total + 49) / 50).max(1),
    })
}

#[derive(Template)]
#[template(path = "person.html")]
struct Show {
    l: Layout,
    c: Cluster,
    p: Person,
    orgs: Vec<PersonRow>,
    can_edit: bool,
}

async fn show(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let (p, orgs) = people::get(ctx.db(), &scope, id).await?;
    let can_edit = scope.can_manage()
        || orgs
            .iter()
            .any(|o| scope.can_edit_organisation(o.organisation_id));
    let l = Layout::new(&ctx, p.full_name(), Some((&c, &scope))).await;
    render(&Show {
        l,
        c,
        p,
        orgs,
        can_edit,
    })
}
