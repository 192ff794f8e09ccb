//! Staff manage who has a role in their cluster.

use super::layout::Layout;
use super::{FormErrors, PageResult, render_status};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::model::Role;
use clusterhub_db::clusters::Cluster;
use clusterhub_db::organisations;
use clusterhub_db::users::{self, Member};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/users", list)
        .post("/c/{slug}/users", grant)
        .post("/c/{slug}/users/{user}/revoke", revoke)
}

#[derive(Template)]
#[template(path = "users.html")]
struct List {
    l: Layout,
    c: Cluster,
    members: Vec<Member>,
    orgs: Vec<(i64, String)>,
    roles: Vec<&'static str>,
    f: GrantForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GrantForm {
    csrf: String,
    email: String,
    name: String,
    role: String,
    organisation: String,
    password: String,
}

async fn page(ctx: &mut Ctx, slug: &str, f: GrantForm, errors: FormErrors) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let members = users::of_cluster(ctx.db(), &scope).await?;
    let orgs = organisations::member_names(ctx.db(), &scope).await?;
    let l = Layout::new(ctx, ctx.tr().t("users-title"), Some((&c, &scope))).await;
    let roles = Role::ALL.iter().map(|r| r.as_str()).collect();
    render_status(
        errors.status(),
        &List {
            l,
            c,
            members,
            orgs,
            roles,
            f,
            errors,
        },
    )
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = GrantForm {
        role: "member".into(),
        ..Default::default()
    };
    page(&mut ctx, &slug, f, FormErrors::default()).await
}

async fn grant(mut ctx: Ctx, Path(slug): Path<String>, Form(mut f): Form<GrantForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let org = f.organisation.trim().parse::<i64>().ok();
    let password = std::mem::take(&mut f.password);
    let hash = || {
        if password.chars().count() < 10 {
            return Err(Error::invalid("password", "too_short"));
        }
        crate::auth::hash_password(&password)
    };
    match users::grant(ctx.db(), &scope, &f.email, &f.name, &f.role, org, hash).await {
        Ok(_) => Ok(Redirect::to(&format!("/c/{slug}/users")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            page(&mut ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

async fn revoke(
    mut ctx: Ctx,
    Path((slug, user)): Path<(String, i64)>,
    Form(f): Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    match users::revoke(ctx.db(), &scope, user).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/users")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            page(&mut ctx, &slug, GrantForm::default(), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
