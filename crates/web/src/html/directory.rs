//! Directory search: one box over names, descriptions, capabilities, products and tags in every
//! language, with facets; inside a cluster (at the reader's tier) and on the public site (public
//! documents of the clusters that share their directories).

use super::layout::Layout;
use super::{PageResult, render};
use crate::Ctx;
use crate::routes::Routes;
use crate::search::{self, Ask, Outcome};
use askama::Template;
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Redirect};
use clusterhub_db::clusters::{self, Cluster, Term, Typology};
use clusterhub_db::search_docs;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/search", cluster_search)
        .get("/c/{slug}/search/suggest", cluster_suggest)
        .post("/c/{slug}/search/sharing", set_sharing)
        .get("/search", public_search)
}

/// A facet as the page shows it: its name, and each value with its label, count and state.
pub struct FacetBox {
    pub name: &'static str,
    pub values: Vec<FacetValue>,
}

pub struct FacetValue {
    pub code: String,
    pub label: String,
    pub count: u64,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    l: Layout,
    /// The cluster searched from; none on the public site.
    c: Option<Cluster>,
    ask: Ask,
    out: Outcome,
    facets: Vec<FacetBox>,
    subsectors: Vec<Term>,
    /// The cluster shares its directory (so "all clusters" is offered), and whether the reader
    /// may change that.
    shares: bool,
    can_manage: bool,
    prev: Option<String>,
    next: Option<String>,
    action: String,
}

const FACET_ORDER: &[&str] = &[
    "entity_type",
    "subsector",
    "typology",
    "territory",
    "certification",
    "trl",
    "value_chain",
];

fn facet_boxes(
    t: &crate::Tr,
    out: &Outcome,
    ask: &Ask,
    subsectors: &[Term],
    typologies: &[Typology],
) -> Vec<FacetBox> {
    FACET_ORDER
        .iter()
        .filter_map(|name| {
            let values = out.facets.get(name)?;
            if values.is_empty() {
                return None;
            }
            let param = facet_param(name);
            Some(FacetBox {
                name: param,
                values: values
                    .iter()
                    .map(|(code, count)| FacetValue {
                        label: facet_label(t, name, code, subsectors, typologies),
                        checked: ask.has(param, code),
                        code: code.clone(),
                        count: *count,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The query parameter of a facet (the index names them in the singular too).
fn facet_param(name: &str) -> &'static str {
    FACET_ORDER
        .iter()
        .find(|f| **f == name)
        .copied()
        .unwrap_or("q")
}

fn facet_label(
    t: &crate::Tr,
    facet: &str,
    code: &str,
    subsectors: &[Term],
    typologies: &[Typology],
) -> String {
    match facet {
        "entity_type" => t.tc("entity-type", code),
        "certification" => t.tc("certification", code),
        "value_chain" => t.tc("value-chain", code),
        "trl" => format!("TRL {code}"),
        "subsector" => subsectors
            .iter()
            .find(|s| s.code == code)
            .map(|s| t.mt(&s.name))
            .unwrap_or_else(|| code.to_string()),
        "typology" => typologies
            .iter()
            .find(|s| s.code == code)
            .map(|s| t.mt(&s.name))
            .unwrap_or_else(|| code.to_string()),
        _ => code.to_string(),
    }
}

fn pager(base: &str, ask: &Ask, out: &Outcome) -> (Option<String>, Option<String>) {
    let link = |p: usize| {
        let qs = ask.query_string(p);
        if qs.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{qs}")
        }
    };
    (
        (out.page > 1).then(|| link(out.page - 1)),
        (out.page < out.pages).then(|| link(out.page + 1)),
    )
}

async fn cluster_search(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let ask = Ask::parse(raw.as_deref().unwrap_or(""))?;
    let sharing = search_docs::sharing_clusters(ctx.db()).await?;
    let views = search::views(&scope, &sharing, ask.all);
    let out = search::run(&ctx.state, &views, &ask, ctx.lang).await?;
    let t = ctx.tr();
    let subsectors = clusters::subsectors(ctx.db(), c.id).await?;
    let typologies = clusters::typologies(ctx.db(), c.id).await?;
    let facets = facet_boxes(&t, &out, &ask, &subsectors, &typologies);
    let action = format!("/c/{}/search", c.slug);
    let (prev, next) = pager(&action, &ask, &out);
    let l = Layout::new(&ctx, t.t("search-title"), Some((&c, &scope))).await;
    render(&SearchPage {
        l,
        shares: sharing.contains(&c.id),
        can_manage: scope.can_manage(),
        c: Some(c),
        ask,
        out,
        facets,
        subsectors,
        prev,
        next,
        action,
    })
}

async fn public_search(ctx: Ctx, RawQuery(raw): RawQuery) -> PageResult {
    let ask = Ask::parse(raw.as_deref().unwrap_or(""))?;
    let sharing = search_docs::sharing_clusters(ctx.db()).await?;
    let views = search::public_views(&sharing);
    let out = search::run(&ctx.state, &views, &ask, ctx.lang).await?;
    let t = ctx.tr();
    // Subsectors and typologies are each cluster's own words: the public page facets on the
    // shared vocabularies only.
    let mut out = out;
    out.facets.remove("subsector");
    out.facets.remove("typology");
    let facets = facet_boxes(&t, &out, &ask, &[], &[]);
    let action = "/search".to_string();
    let (prev, next) = pager(&action, &ask, &out);
    let l = Layout::new(&ctx, t.t("search-title"), None).await;
    render(&SearchPage {
        l,
        c: None,
        ask,
        out,
        facets,
        subsectors: Vec::new(),
        shares: true,
        can_manage: false,
        prev,
        next,
        action,
    })
}

#[derive(Template)]
#[template(path = "search_suggest.html")]
struct Suggest {
    items: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SuggestQuery {
    q: String,
}

async fn cluster_suggest(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<SuggestQuery>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let sharing = search_docs::sharing_clusters(ctx.db()).await?;
    let views = search::views(&scope, &sharing, false);
    let prefix: String = q.q.trim().chars().take(60).collect();
    let found = if prefix.chars().count() >= 2 {
        search::suggest(&ctx.state, &views, &prefix).await?
    } else {
        Vec::new()
    };
    render(&Suggest {
        items: found
            .into_iter()
            .map(|(id, _, name)| (format!("/c/{}/organisations/{id}", c.slug), name))
            .collect(),
    })
}

#[derive(Deserialize)]
struct SharingForm {
    csrf: String,
    #[serde(default)]
    share: String,
}

async fn set_sharing(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<SharingForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    search_docs::set_sharing(ctx.db(), &scope, f.share == "1").await?;
    Ok(Redirect::to(&format!("/c/{}/search", c.slug)).into_response())
}
