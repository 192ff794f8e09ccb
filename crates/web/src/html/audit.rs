//! The audit log of the cluster.

use super::layout::Layout;
use super::{PageResult, render};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::extract::Path;
use clusterhub_db::audit::{self, Entry};
use clusterhub_db::clusters::Cluster;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/audit", list)
}

#[derive(Template)]
#[template(path = "audit.html")]
struct List {
    l: Layout,
    c: Cluster,
    entries: Vec<Entry>,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let entries = audit::list(ctx.db(), &scope, 200).await?;
    let l = Layout::new(&ctx, ctx.tr().t("nav-audit"), Some((&c, &scope))).await;
    render(&List { l, c, entries })
}
