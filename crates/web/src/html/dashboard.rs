//! The cluster's home: counts by membership status and recent activity.

use super::layout::Layout;
use super::{PageResult, render};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::extract::Path;
use clusterhub_db::{audit, clusters::Cluster, organisations};

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}", dashboard)
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    l: Layout,
    c: Cluster,
    counts: Vec<(String, i64)>,
    active: i64,
    recent: Vec<audit::Entry>,
    groups: i64,
}

async fn dashboard(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let counts = organisations::status_counts(ctx.db(), &scope).await?;
    let active = counts
        .iter()
        .find(|(s, _)| s == "active")
        .map(|(_, n)| *n)
        .unwrap_or(0);
    let counts = if scope.can_see_private() {
        counts
    } else {
        Vec::new()
    };
    let recent = if scope.can_see_private() {
        audit::list(ctx.db(), &scope, 10).await?
    } else {
        Vec::new()
    };
    let groups = if scope.is_insider() {
        clusterhub_db::governance::list(ctx.db(), &scope)
            .await?
            .len() as i64
    } else {
        0
    };
    let l = Layout::new(&ctx, c.name.clone(), Some((&c, &scope))).await;
    render(&Dashboard {
        l,
        c,
        counts,
        active,
        recent,
        groups,
    })
}
