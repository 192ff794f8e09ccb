//! Partner suggestions (needs ↔ capabilities) and introductions.
//!
//! A member user sees the partners suggested to its own organisation with the reasons, and
//! may dismiss one (or bring it back); staff pick any member organisation and may introduce a
//! suggested partner, which records a bilateral meeting linking both organisations.

use super::layout::Layout;
use super::{PageResult, render};
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::partners::Reason;
use clusterhub_db::clusters::Cluster;
use clusterhub_db::partners::{self, ALREADY};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/partners", page)
        .post("/c/{slug}/partners/{org}/dismiss", dismiss)
        .post("/c/{slug}/partners/{org}/restore", restore)
        .post("/c/{slug}/partners/{org}/introduce", introduce)
}

/// One reason in the reader's language, with its concrete terms.
pub fn reason_text(t: &Tr, r: &Reason) -> String {
    let value = match r {
        Reason::SharedTerms(words) => words.join(", "),
        Reason::Technology(s) | Reason::Territory(s) => s.clone(),
        Reason::Cpv(code) => {
            let lists = clusterhub_watch::codelist::get();
            match lists
                .cpv_lookup(code)
                .and_then(|full| lists.cpv_label(full))
            {
                Some(label) => format!("{code} ({label})"),
                None => code.clone(),
            }
        }
        Reason::ValueChain { from, to } => format!(
            "{} → {}",
            t.tc("value-chain", from.as_str()),
            t.tc("value-chain", to.as_str())
        ),
    };
    t.ts(&format!("partners-reason-{}", r.code()), &value)
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub entity_type: String,
    pub territory: String,
    pub score: String,
    pub reasons: Vec<String>,
    pub dismissed: bool,
    /// "introduced on …" and the meeting's id.
    pub introduced: Option<(String, i64)>,
}

#[derive(Template)]
#[template(path = "partners.html")]
struct Page {
    l: Layout,
    c: Cluster,
    /// The organisation the suggestions are for.
    organisation: Option<(i64, String)>,
    no_needs: bool,
    rows: Vec<Row>,
    dismissed: usize,
    show_dismissed: bool,
    manage: bool,
    /// Staff: the members to pick from (id, name, has needs).
    members: Vec<(i64, String, bool)>,
    /// Organisations this one was introduced to: id, name, "introduced on …", meeting.
    introduced: Vec<(i64, String, String, i64)>,
    /// Staff: recent introductions (names, date, meeting).
    recent: Vec<(String, String, String, i64)>,
    notice: String,
}

impl Page {
    fn picked(&self, id: &i64) -> bool {
        self.organisation.as_ref().is_some_and(|(o, _)| o == id)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    organisation: String,
    dismissed: String,
    notice: String,
}

async fn page(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PageQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.is_insider())?;
    let t = ctx.tr();
    let manage = scope.can_manage();
    let org = scope
        .own_organisation()
        .or_else(|| q.organisation.trim().parse::<i64>().ok().filter(|_| manage));
    let show_dismissed = q.dismissed == "1";
    let (mut rows, mut dismissed, mut no_needs, mut organisation) = (Vec::new(), 0, false, None);
    let mut introduced = Vec::new();
    if let Some(org) = org {
        let s = partners::suggestions(ctx.db(), &scope, org, t.lang, show_dismissed, 30).await?;
        dismissed = s.dismissed;
        no_needs = s.no_needs;
        organisation = Some((s.organisation_id, s.name.clone()));
        introduced = s
            .introductions
            .iter()
            .map(|(id, name, i)| {
                let day = &i.created_at[..10.min(i.created_at.len())];
                (
                    *id,
                    name.clone(),
                    t.ts("partners-introduced-on", &t.d(day)),
                    i.activity_id,
                )
            })
            .collect();
        rows = s
            .items
            .into_iter()
            .map(|i| Row {
                id: i.organisation_id,
                entity_type: t.tc("entity-type", &i.entity_type),
                territory: i.territory.clone().unwrap_or_default(),
                score: clusterhub_i18n::format::decimal(t.lang, i.score, 1),
                reasons: i.reasons.iter().map(|r| reason_text(&t, r)).collect(),
                dismissed: i.dismissed,
                introduced: i.introduced.map(|x| {
                    (
                        t.ts(
                            "partners-introduced-on",
                            &t.d(&x.created_at[..10.min(x.created_at.len())]),
                        ),
                        x.activity_id,
                    )
                }),
                name: i.name,
            })
            .collect();
    }
    let (members, recent) = if manage {
        (
            partners::seekers(ctx.db(), &scope).await?,
            partners::recent_introductions(ctx.db(), &scope, 10)
                .await?
                .into_iter()
                .map(|(_, a, b, activity, at)| (a, b, t.d(&at[..10.min(at.len())]), activity))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let l = Layout::new(&ctx, t.t("partners-title"), Some((&c, &scope))).await;
    render(&Page {
        l,
        c,
        organisation,
        no_needs,
        rows,
        dismissed,
        show_dismissed,
        manage,
        introduced,
        members,
        recent,
        notice: q.notice,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CandidateForm {
    csrf: String,
    candidate: String,
}

fn candidate(f: &CandidateForm) -> Result<i64, Error> {
    f.candidate.trim().parse().map_err(|_| {
        Error::Validation(vec![clusterhub_core::FieldError::new(
            "candidate",
            "invalid_number",
        )])
    })
}

fn back(slug: &str, org: i64, manage: bool, notice: &str) -> String {
    let mut q = Vec::new();
    if manage {
        q.push(format!("organisation={org}"));
    }
    if !notice.is_empty() {
        q.push(format!("notice={notice}"));
    }
    if q.is_empty() {
        format!("/c/{slug}/partners")
    } else {
        format!("/c/{slug}/partners?{}", q.join("&"))
    }
}

async fn set_dismissed(
    mut ctx: Ctx,
    slug: String,
    org: i64,
    f: CandidateForm,
    dismiss: bool,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let cand = candidate(&f)?;
    partners::set_dismissed(ctx.db(), &scope, org, cand, dismiss).await?;
    let notice = if dismiss { "dismissed" } else { "restored" };
    Ok(Redirect::to(&back(&slug, org, scope.can_manage(), notice)).into_response())
}

async fn dismiss(
    ctx: Ctx,
    Path((slug, org)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CandidateForm>,
) -> PageResult {
    set_dismissed(ctx, slug, org, f, true).await
}

async fn restore(
    ctx: Ctx,
    Path((slug, org)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CandidateForm>,
) -> PageResult {
    set_dismissed(ctx, slug, org, f, false).await
}

/// The title of the meeting an introduction records, in the staff member's language.
pub async fn title(ctx: &Ctx, a: i64, b: i64) -> String {
    let name = |id: i64| async move {
        clusterhub_db::organisations::by_id(ctx.db(), id)
            .await
            .map(|o| o.name)
            .unwrap_or_default()
    };
    let names = format!("{} – {}", name(a).await, name(b).await);
    ctx.tr().ts("partners-meeting-title", &names)
}

async fn introduce(
    mut ctx: Ctx,
    Path((slug, org)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CandidateForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let cand = candidate(&f)?;
    let title = title(&ctx, org, cand).await;
    let notice = match partners::introduce(ctx.db(), &scope, org, cand, &title).await {
        Ok(_) => "introduced",
        // A second click: nothing more is created, the page says so.
        Err(Error::Conflict(m)) if m == ALREADY => "already",
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&back(&slug, org, true, notice)).into_response())
}
