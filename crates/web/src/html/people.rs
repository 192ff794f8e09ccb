//! People of the cluster's member organisations.

use super::layout::Layout;
use super::{PageResult, render};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::extract::{Path, Query};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::people::{self, Person, PersonRow};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/people", list)
        .get("/c/{slug}/people/{person}", show)
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
}

async fn show(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let (p, orgs) = people::get(ctx.db(), &scope, id).await?;
    let l = Layout::new(&ctx, p.full_name(), Some((&c, &scope))).await;
    render(&Show { l, c, p, orgs })
}
