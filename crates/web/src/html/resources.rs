//! Resource maps: the list by kind with filters and a "For you" section for members, one
//! resource with whom it fits (and why it fits the reader), staff forms, members' suggestions
//! and their moderation.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::access::Scope;
use clusterhub_core::model::{EntityType, OrgSize};
use clusterhub_core::profile::Stage;
use clusterhub_core::resource::{
    self, FundingType, Kind, Offer, Reason, Regulation, ResourceForm, Status,
};
use clusterhub_db::clusters::{self, Cluster, Term};
use clusterhub_db::organisations;
use clusterhub_db::resources::{self, Filter, Resource};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/resources", list)
        .get("/c/{slug}/resources/new", new)
        .post("/c/{slug}/resources", create)
        .get("/c/{slug}/resources/suggest", suggest_form)
        .get("/c/{slug}/resources/suggestions", suggestions)
        .post("/c/{slug}/resources/suggestions", suggest)
        .get("/c/{slug}/resources/{resource}", show)
        .get("/c/{slug}/resources/{resource}/edit", edit)
        .post("/c/{slug}/resources/{resource}", update)
        .post("/c/{slug}/resources/{resource}/delete", delete)
        .post("/c/{slug}/resources/{resource}/approve", approve)
        .post("/c/{slug}/resources/{resource}/reject", reject)
}

/// Languages a description can be written in, in the order forms show them.
const LANGS: &[&str] = &["es", "eu", "en", "fr"];

/// A resource as a list or a card shows it: translated chips of whom it fits.
pub struct Item {
    pub r: Resource,
    pub description: String,
    pub chips: Vec<String>,
    pub closed: bool,
    pub upcoming: bool,
    /// "Because: …" for the For-you list.
    pub reasons: Vec<String>,
}

pub struct Group {
    pub kind: String,
    pub items: Vec<Item>,
}

fn subsector_name(t: &Tr, subsectors: &[Term], code: &str) -> String {
    subsectors
        .iter()
        .find(|s| s.code == code)
        .map(|s| t.mt(&s.name))
        .unwrap_or_else(|| code.to_string())
}

/// One reason in the reader's language.
pub fn reason_text(t: &Tr, subsectors: &[Term], r: &Reason) -> String {
    let key = format!("resource-reason-{}", r.code());
    let v = r.value();
    let name = match r {
        Reason::DeviceClass(c) => t.tc("certification", c),
        Reason::Regulation(x) => t.tc("regulation", x.as_str()),
        Reason::Subsector(s) => subsector_name(t, subsectors, s),
        Reason::Stage(s) => t.tc("stage", s.as_str()),
        Reason::EntityType(e) => t.tc("entity-type", e.as_str()),
        Reason::Size(s) => t.tc("org-size", s.as_str()),
        Reason::ClosesSoon(d) => t.d(d),
        Reason::Need(_) | Reason::Trl(_) | Reason::Territory(_) | Reason::SameCountry(_) => v,
    };
    t.ts(&key, &name)
}

/// The reasons in the reader's language, the needs met said once ("you need: a, b").
pub fn reason_texts(t: &Tr, subsectors: &[Term], reasons: &[Reason]) -> Vec<String> {
    let needs: Vec<String> = reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Need(w) => Some(w.clone()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut needs_said = false;
    for r in reasons {
        match r {
            Reason::Need(_) if needs_said => {}
            Reason::Need(_) => {
                out.push(t.ts("resource-reason-need", &needs.join(", ")));
                needs_said = true;
            }
            other => out.push(reason_text(t, subsectors, other)),
        }
    }
    out
}

/// Translated chips of whom a resource fits (and its funding type).
fn chips(t: &Tr, subsectors: &[Term], r: &Resource) -> Vec<String> {
    let f = &r.fit;
    let mut out = Vec::new();
    if let Some(ft) = f.funding_type {
        out.push(t.tc("funding-type", ft.as_str()));
    }
    out.extend(f.regulations.iter().map(|x| t.tc("regulation", x.as_str())));
    out.extend(
        f.entity_types
            .iter()
            .map(|x| t.tc("entity-type", x.as_str())),
    );
    out.extend(f.sizes.iter().map(|x| t.tc("org-size", x.as_str())));
    out.extend(
        f.subsectors
            .iter()
            .map(|x| subsector_name(t, subsectors, x)),
    );
    out.extend(f.stages.iter().map(|x| t.tc("stage", x.as_str())));
    if let Some(trl) = f.trl_range() {
        out.push(format!("TRL {trl}"));
    }
    out.extend(f.territories.iter().cloned());
    out
}

fn item(t: &Tr, subsectors: &[Term], r: Resource, today: &str) -> Item {
    Item {
        description: t.mt(&r.description.to_json()),
        chips: chips(t, subsectors, &r),
        closed: r.is_closed(today),
        upcoming: r.is_upcoming(today),
        reasons: Vec::new(),
        r,
    }
}

#[derive(Template)]
#[template(path = "resources.html")]
struct List {
    l: Layout,
    c: Cluster,
    groups: Vec<Group>,
    total: i64,
    f: Filter,
    kinds: Vec<(&'static str, i64)>,
    statuses: Vec<&'static str>,
    for_you: Option<ForYouView>,
    /// Staff pick the member whose fit they want to see.
    members: Vec<Member>,
    organisation: Option<i64>,
    pending: usize,
    can_suggest: bool,
}

impl List {
    fn picked(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.organisation == Some(*id.borrow())
    }
}

pub struct Member {
    pub id: i64,
    pub name: String,
}

pub struct ForYouView {
    pub items: Vec<Item>,
    /// The member's profile says nothing the ranking can use beyond type and place.
    pub thin_profile: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    kind: String,
    q: String,
    country: String,
    status: String,
    organisation: String,
}

async fn for_you_view(
    ctx: &Ctx,
    scope: &Scope,
    subsectors: &[Term],
    org: i64,
) -> Result<ForYouView, Error> {
    let t = ctx.tr();
    let today = clusterhub_db::today();
    let fy = resources::for_you(ctx.db(), scope, org, 12).await?;
    let f = &fy.facts;
    let thin = f.device_classes.is_empty()
        && f.needs.is_empty()
        && f.trl.is_none()
        && f.stage.is_none()
        && f.subsectors.is_empty();
    let items = fy
        .items
        .into_iter()
        .map(|x| {
            let reasons = reason_texts(&t, subsectors, &x.reasons);
            Item {
                reasons,
                ..item(&t, subsectors, x.resource, &today)
            }
        })
        .collect();
    Ok(ForYouView {
        items,
        thin_profile: thin,
    })
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ListQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let subsectors = clusters::subsectors(ctx.db(), c.id).await?;
    let f = Filter {
        kind: q.kind.clone(),
        q: q.q.clone(),
        country: q.country.clone(),
        status: q.status.clone(),
    };
    let today = clusterhub_db::today();
    let all = resources::list(ctx.db(), &scope, &f).await?;
    let total = all.len() as i64;
    let mut groups: Vec<Group> = Vec::new();
    for r in all {
        let it = item(&t, &subsectors, r, &today);
        match groups.last_mut() {
            Some(g) if g.kind == it.r.kind => g.items.push(it),
            _ => groups.push(Group {
                kind: it.r.kind.clone(),
                items: vec![it],
            }),
        }
    }
    let counts = resources::kind_counts(ctx.db(), &scope).await?;
    let kinds = Kind::ALL
        .iter()
        .map(|k| {
            let n = counts
                .iter()
                .find(|(c, _)| c == k.as_str())
                .map_or(0, |(_, n)| *n);
            (k.as_str(), n)
        })
        .collect();
    let organisation = scope.own_organisation().or_else(|| {
        q.organisation
            .trim()
            .parse()
            .ok()
            .filter(|_| scope.can_manage())
    });
    let for_you = match organisation {
        Some(org) => Some(for_you_view(&ctx, &scope, &subsectors, org).await?),
        None => None,
    };
    let (members, pending) = if scope.can_manage() {
        (
            organisations::member_names(ctx.db(), &scope)
                .await?
                .into_iter()
                .map(|(id, name)| Member { id, name })
                .collect(),
            resources::suggestions(ctx.db(), &scope).await?.len(),
        )
    } else {
        (Vec::new(), 0)
    };
    let l = Layout::new(&ctx, t.t("resources-title"), Some((&c, &scope))).await;
    render(&List {
        l,
        c,
        groups,
        total,
        f,
        kinds,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        for_you,
        members,
        organisation,
        pending,
        can_suggest: scope.is_insider() && !scope.can_manage(),
    })
}

#[derive(Template)]
#[template(path = "resource.html")]
struct Show {
    l: Layout,
    c: Cluster,
    it: Item,
    subsectors: Vec<String>,
    device_classes: Vec<String>,
    description_lang: String,
    /// Why it fits the member user reading it.
    reasons: Vec<String>,
    manage: bool,
    suggested: bool,
    suggested_by: Option<String>,
}

async fn show(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let r = resources::get(ctx.db(), &scope, id).await?;
    let t = ctx.tr();
    let subs = clusters::subsectors(ctx.db(), c.id).await?;
    let today = clusterhub_db::today();
    let mut reasons = Vec::new();
    if let Some(org) = scope.own_organisation() {
        let facts = resources::member_facts(ctx.db(), &scope, org).await?;
        let text = r.need_text();
        let date = |s: &Option<String>| {
            s.as_deref()
                .and_then(|d| clusterhub_core::parse::parse_date("d", d).ok())
        };
        let offer = Offer {
            fit: &r.fit,
            text: &text,
            country: r.country.as_deref(),
            opens_on: date(&r.opens_on),
            closes_on: date(&r.closes_on),
        };
        if let Some(day) = date(&Some(today.clone()))
            && let Some((_, why)) = resource::score(&offer, &facts, day)
        {
            reasons = reason_texts(&t, &subs, &why);
        }
    }
    let suggested_by = match r.suggested_by_organisation {
        Some(o) if scope.can_manage() => {
            organisations::by_id(ctx.db(), o).await.ok().map(|o| o.name)
        }
        _ => None,
    };
    let subsectors = r
        .fit
        .subsectors
        .iter()
        .map(|s| subsector_name(&t, &subs, s))
        .collect();
    let device_classes = r
        .fit
        .device_classes
        .iter()
        .map(|d| t.tc("certification", d))
        .collect();
    let description_lang = t.mt_lang(&r.description.to_json());
    let suggested = r.status == Status::Suggested.as_str();
    let l = Layout::new(&ctx, r.name.clone(), Some((&c, &scope))).await;
    render(&Show {
        l,
        c,
        it: item(&t, &subs, r, &today),
        subsectors,
        device_classes,
        description_lang,
        reasons,
        manage: scope.can_manage(),
        suggested,
        suggested_by,
    })
}

/// What the form is for: a new resource, a change, or a member's suggestion.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    New,
    Edit(i64),
    Suggest,
}

#[derive(Template)]
#[template(path = "resource_form.html")]
struct FormPage {
    l: Layout,
    c: Cluster,
    f: ResourceForm,
    errors: FormErrors,
    action: String,
    heading: String,
    staff: bool,
    kinds: Vec<&'static str>,
    funding_types: Vec<&'static str>,
    entity_types: Vec<&'static str>,
    sizes: Vec<&'static str>,
    stages: Vec<&'static str>,
    device_classes: Vec<&'static str>,
    regulations: Vec<&'static str>,
    subsectors: Vec<(String, String)>,
    langs: &'static [&'static str],
}

impl FormPage {
    fn description(&self, lang: &str) -> &str {
        self.f.description.get(lang)
    }
    fn desc_error(&self, lang: &str) -> Option<&str> {
        self.errors.get(&format!("description_{lang}"))
    }
    /// Whether the list `field` of the form holds `v` (a checked box).
    fn on(&self, field: &str, v: &str) -> bool {
        let list = match field {
            "entity_types" => &self.f.entity_types,
            "sizes" => &self.f.sizes,
            "subsectors" => &self.f.subsectors,
            "stages" => &self.f.stages,
            "device_classes" => &self.f.device_classes,
            "regulations" => &self.f.regulations,
            _ => return false,
        };
        list.iter().any(|x| x == v)
    }
}

async fn form_page(
    ctx: &mut Ctx,
    slug: &str,
    mode: Mode,
    f: ResourceForm,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    match mode {
        Mode::Suggest => scope.require(scope.is_insider())?,
        _ => scope.require(scope.can_manage())?,
    }
    let t = ctx.tr();
    let subsectors = clusters::subsectors(ctx.db(), c.id)
        .await?
        .into_iter()
        .map(|s| (s.code.clone(), t.mt(&s.name)))
        .collect();
    let (action, heading) = match mode {
        Mode::New => (format!("/c/{slug}/resources"), t.t("resource-new")),
        Mode::Edit(id) => (format!("/c/{slug}/resources/{id}"), f.name.clone()),
        Mode::Suggest => (
            format!("/c/{slug}/resources/suggestions"),
            t.t("resource-suggest"),
        ),
    };
    let l = Layout::new(ctx, heading.clone(), Some((&c, &scope))).await;
    let names = |xs: &[&'static str]| xs.to_vec();
    render_status(
        errors.status(),
        &FormPage {
            l,
            c,
            f,
            errors,
            action,
            heading,
            staff: mode != Mode::Suggest,
            kinds: Kind::ALL.iter().map(|k| k.as_str()).collect(),
            funding_types: FundingType::ALL.iter().map(|k| k.as_str()).collect(),
            entity_types: EntityType::ALL.iter().map(|k| k.as_str()).collect(),
            sizes: OrgSize::ALL.iter().map(|k| k.as_str()).collect(),
            stages: Stage::ALL.iter().map(|k| k.as_str()).collect(),
            device_classes: names(&resource::device_classes()),
            regulations: Regulation::ALL.iter().map(|k| k.as_str()).collect(),
            subsectors,
            langs: LANGS,
        },
    )
}

async fn new(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = ResourceForm {
        kind: "funding".into(),
        ..Default::default()
    };
    form_page(&mut ctx, &slug, Mode::New, f, FormErrors::default()).await
}

async fn suggest_form(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = ResourceForm {
        kind: "funding".into(),
        ..Default::default()
    };
    form_page(&mut ctx, &slug, Mode::Suggest, f, FormErrors::default()).await
}

/// The form of a stored resource.
pub fn form_of(r: &Resource) -> ResourceForm {
    ResourceForm::of(
        &r.kind,
        r.code.as_deref(),
        &r.name,
        r.provider.as_deref(),
        r.description.clone(),
        r.url.as_deref(),
        r.email.as_deref(),
        r.country.as_deref(),
        r.opens_on.as_deref(),
        r.closes_on.as_deref(),
        &r.fit,
    )
}

async fn edit(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let r = resources::get(ctx.db(), &scope, id).await?;
    form_page(
        &mut ctx,
        &slug,
        Mode::Edit(id),
        form_of(&r),
        FormErrors::default(),
    )
    .await
}

/// Reads the form, where the lists of codes repeat.
fn read_form(body: &[u8]) -> (String, ResourceForm) {
    let mut csrf = String::new();
    let mut f = ResourceForm::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "csrf" => csrf = v,
            "kind" => f.kind = v,
            "funding_type" => f.funding_type = v,
            "code" => f.code = v,
            "name" => f.name = v,
            "provider" => f.provider = v,
            "url" => f.url = v,
            "email" => f.email = v,
            "country" => f.country = v,
            "opens_on" => f.opens_on = v,
            "closes_on" => f.closes_on = v,
            "entity_types" => f.entity_types.push(v),
            "sizes" => f.sizes.push(v),
            "subsectors" => f.subsectors.push(v),
            "stages" => f.stages.push(v),
            "trl_min" => f.trl_min = v,
            "trl_max" => f.trl_max = v,
            "device_classes" => f.device_classes.push(v),
            "territories" => f.territories = v,
            "regulations" => f.regulations.push(v),
            "tags" => f.tags = v,
            "unverified" => f.unverified = !v.is_empty(),
            other => {
                if let Some(lang) = other.strip_prefix("description_")
                    && LANGS.contains(&lang)
                {
                    f.description.set(lang, &v);
                }
            }
        }
    }
    (csrf, f)
}

async fn save(mut ctx: Ctx, slug: String, mode: Mode, body: Bytes) -> PageResult {
    let (csrf, f) = read_form(&body);
    ctx.check_csrf(&csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    match mode {
        Mode::Suggest => scope.require(scope.is_insider())?,
        _ => scope.require(scope.can_manage())?,
    }
    if let Mode::Edit(id) = mode {
        resources::get(ctx.db(), &scope, id).await?;
    }
    let codes: Vec<String> = clusters::subsectors(ctx.db(), c.id)
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    let saved = match f.parse(&codes) {
        Ok(input) => match mode {
            Mode::New => resources::create(ctx.db(), &scope, &input).await,
            Mode::Edit(id) => resources::update(ctx.db(), &scope, id, &input)
                .await
                .map(|r| r.id),
            Mode::Suggest => resources::suggest(ctx.db(), &scope, &input).await,
        },
        Err(e) => Err(e),
    };
    match saved {
        Ok(id) if mode == Mode::Suggest => {
            Ok(Redirect::to(&format!("/c/{slug}/resources/{id}?suggested=1")).into_response())
        }
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/resources/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            form_page(&mut ctx, &slug, mode, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create(ctx: Ctx, Path(slug): Path<String>, body: Bytes) -> PageResult {
    save(ctx, slug, Mode::New, body).await
}

async fn update(ctx: Ctx, Path((slug, id)): Path<(String, i64)>, body: Bytes) -> PageResult {
    save(ctx, slug, Mode::Edit(id), body).await
}

async fn suggest(ctx: Ctx, Path(slug): Path<String>, body: Bytes) -> PageResult {
    save(ctx, slug, Mode::Suggest, body).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

async fn delete(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    resources::delete(ctx.db(), &scope, id).await?;
    Ok(Redirect::to(&format!("/c/{slug}/resources")).into_response())
}

async fn decide(mut ctx: Ctx, slug: String, id: i64, csrf: &str, to: Status) -> PageResult {
    ctx.check_csrf(csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    resources::decide(ctx.db(), &scope, id, to).await?;
    Ok(Redirect::to(&format!("/c/{slug}/resources/suggestions")).into_response())
}

async fn approve(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    decide(ctx, slug, id, &f.csrf, Status::Published).await
}

async fn reject(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    decide(ctx, slug, id, &f.csrf, Status::Rejected).await
}

#[derive(Template)]
#[template(path = "resources_suggestions.html")]
struct Suggestions {
    l: Layout,
    c: Cluster,
    items: Vec<(Item, String)>,
}

async fn suggestions(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let t = ctx.tr();
    let subs = clusters::subsectors(ctx.db(), c.id).await?;
    let names = resources::suggester_names(ctx.db(), &scope).await?;
    let today = clusterhub_db::today();
    let items = resources::suggestions(ctx.db(), &scope)
        .await?
        .into_iter()
        .map(|r| {
            let by = r
                .suggested_by_organisation
                .and_then(|o| names.iter().find(|(id, _)| *id == o))
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            (item(&t, &subs, r, &today), by)
        })
        .collect();
    let l = Layout::new(&ctx, t.t("resource-suggestions"), Some((&c, &scope))).await;
    render(&Suggestions { l, c, items })
}
