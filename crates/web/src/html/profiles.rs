//! Editing a rich profile (the organisation itself or the cluster's staff), its logo, and the
//! staff's view of how complete their members' profiles are.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::model::EntityType;
use clusterhub_core::profile::{
    Certification, Contact, FIELDS, ProfileForm, ValueChainStage, Visibility, VisibilityMap,
};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::organisations::{self, Organisation};
use clusterhub_db::profiles::{self, Completeness};

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/organisations/{org}/profile", edit_form)
        .post("/c/{slug}/organisations/{org}/profile", save)
        .get("/c/{slug}/organisations/{org}/logo", logo)
        .post("/c/{slug}/organisations/{org}/logo", upload_logo)
        .get("/c/{slug}/profiles", completeness)
}

/// Empty contact rows offered below the filled ones.
const SPARE_CONTACTS: usize = 2;

#[derive(Template)]
#[template(path = "profile_form.html")]
struct FormPage {
    l: Layout,
    c: Cluster,
    o: Organisation,
    f: ProfileForm,
    langs: Vec<String>,
    certifications: Vec<&'static str>,
    value_chain: Vec<&'static str>,
    stages: Vec<&'static str>,
    fields: &'static [&'static str],
    levels: Vec<&'static str>,
    errors: FormErrors,
}

impl FormPage {
    fn text(&self, field: &str, lang: &str) -> &str {
        let mt = match field {
            "capabilities" => &self.f.capabilities,
            "needs" => &self.f.needs,
            "products" => &self.f.products,
            _ => &self.f.equipment,
        };
        mt.get(lang)
    }
    fn vis(&self, field: &str) -> String {
        self.f
            .visibility
            .get(field)
            .cloned()
            .unwrap_or_else(|| VisibilityMap::default_for(field).as_str().to_string())
    }
    /// Each contact row's cells: input id, part, value.
    fn contact_rows(&self) -> Vec<Vec<(String, &'static str, String)>> {
        self.f
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                [
                    ("topic", &c.topic),
                    ("name", &c.name),
                    ("email", &c.email),
                    ("phone", &c.phone),
                ]
                .into_iter()
                .map(|(part, v)| (format!("contact_{i}_{part}"), part, v.clone()))
                .collect()
            })
            .collect()
    }
    /// What the error summary calls a field: `contact_1_email` is "Contacts 2 · E-mail",
    /// `capabilities_eu` is "Capabilities (Basque)".
    fn field_label(&self, field: &str) -> String {
        let t = &self.l.t;
        if let Some(rest) = field.strip_prefix("contact_")
            && let Some((i, part)) = rest.split_once('_')
        {
            let n = i.parse::<usize>().map(|i| i + 1).unwrap_or(0);
            return format!(
                "{} {n} · {}",
                t.t("profile-field-contacts"),
                t.tc("profile-contact", part)
            );
        }
        if let Some(f) = field.strip_prefix("visibility_") {
            return format!(
                "{} · {}",
                t.t("profile-visibility"),
                t.tc("profile-field", f)
            );
        }
        if let Some((f, lang)) = field.rsplit_once('_')
            && matches!(f, "capabilities" | "needs" | "products" | "equipment")
        {
            return format!("{} ({})", t.tc("profile-field", f), t.tc("lang", lang));
        }
        t.tc("profile-field", field)
    }
    fn certified(&self, code: &str) -> bool {
        self.f.certifications.iter().any(|c| c == code)
    }
    fn in_chain(&self, code: &str) -> bool {
        self.f.value_chain.iter().any(|c| c == code)
    }
}

async fn form_page(
    ctx: &Ctx,
    c: Cluster,
    scope: &clusterhub_core::access::Scope,
    o: Organisation,
    mut f: ProfileForm,
    errors: FormErrors,
) -> PageResult {
    let status = errors.status();
    f.contacts
        .extend(std::iter::repeat_n(Contact::default(), SPARE_CONTACTS));
    let langs = c.locale_list().iter().map(|s| s.to_string()).collect();
    let l = Layout::new(
        ctx,
        format!("{} · {}", ctx.tr().t("profile-edit-title"), o.name),
        Some((&c, scope)),
    )
    .await;
    render_status(
        status,
        &FormPage {
            l,
            c,
            o,
            f,
            langs,
            certifications: Certification::ALL.iter().map(|c| c.as_str()).collect(),
            value_chain: ValueChainStage::ALL.iter().map(|c| c.as_str()).collect(),
            stages: clusterhub_core::profile::Stage::ALL
                .iter()
                .map(|c| c.as_str())
                .collect(),
            fields: FIELDS,
            levels: Visibility::ALL.iter().map(|v| v.as_str()).collect(),
            errors,
        },
    )
}

async fn edit_form(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    scope.require(scope.can_edit_organisation(id))?;
    let v = profiles::view(ctx.db(), &scope, id).await?;
    let f = ProfileForm::from_profile(&v.profile, &v.visibility);
    form_page(&ctx, c, &scope, o, f, FormErrors::default()).await
}

/// Reads the form: texts per language (`capabilities_es`), repeated checkboxes, contact rows
/// (`contact_0_topic`) and one visibility per field (`visibility_needs`).
fn read_form(body: &[u8]) -> (String, ProfileForm) {
    let mut csrf = String::new();
    let mut f = ProfileForm::default();
    let mut contacts: std::collections::BTreeMap<usize, Contact> = Default::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        let k = k.as_ref();
        match k {
            "csrf" => csrf = v,
            "capability_tags" => f.capability_tags = v,
            "need_tags" => f.need_tags = v,
            "technologies" => f.technologies = v,
            "certifications" => f.certifications.push(v),
            "trl" => f.trl = v,
            "stage" => f.stage = v,
            "markets" => f.markets = v,
            "export_countries" => f.export_countries = v,
            "value_chain" => f.value_chain.push(v),
            "rd_areas" => f.rd_areas = v,
            _ => {
                if let Some(field) = k.strip_prefix("visibility_") {
                    f.visibility.insert(field.to_string(), v);
                } else if let Some(rest) = k.strip_prefix("contact_") {
                    if let Some((i, part)) = rest.split_once('_')
                        && let Ok(i) = i.parse::<usize>()
                        && i < 50
                    {
                        let c = contacts.entry(i).or_default();
                        match part {
                            "topic" => c.topic = v,
                            "name" => c.name = v,
                            "email" => c.email = v,
                            "phone" => c.phone = v,
                            _ => {}
                        }
                    }
                } else if let Some((field, lang)) = k.rsplit_once('_')
                    && lang.len() == 2
                {
                    let mt = match field {
                        "capabilities" => &mut f.capabilities,
                        "needs" => &mut f.needs,
                        "products" => &mut f.products,
                        "equipment" => &mut f.equipment,
                        _ => continue,
                    };
                    // Kept as typed (even blank) so the form shows it again unchanged.
                    mt.0.insert(lang.to_string(), v);
                }
            }
        }
    }
    // Rows left empty are dropped before checking, so an error names the row as shown again.
    f.contacts = contacts
        .into_values()
        .filter(|c| {
            !(c.topic.trim().is_empty()
                && c.name.trim().is_empty()
                && c.email.trim().is_empty()
                && c.phone.trim().is_empty())
        })
        .collect();
    (csrf, f)
}

async fn save(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>, body: Bytes) -> PageResult {
    let (csrf, f) = read_form(&body);
    ctx.check_csrf(&csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    scope.require(scope.can_edit_organisation(id))?;
    let result = match f.parse() {
        Ok((p, vis)) => profiles::save(ctx.db(), &scope, id, &p, &vis).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/organisations/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            form_page(&ctx, c, &scope, o, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn logo(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let (bytes, kind) = profiles::logo(ctx.db(), &scope, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "private, max-age=300".to_string()),
        ],
        bytes,
    )
        .into_response())
}

async fn upload_logo(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    mut form: Multipart,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let mut csrf = String::new();
    let mut bytes = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "logo" => bytes = field.bytes().await.unwrap_or_default().to_vec(),
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let o = organisations::get(ctx.db(), &scope, id).await?;
    match profiles::set_logo(ctx.db(), &scope, id, &bytes).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/organisations/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let v = profiles::view(ctx.db(), &scope, id).await?;
            let f = ProfileForm::from_profile(&v.profile, &v.visibility);
            form_page(&ctx, c, &scope, o, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "profiles_completeness.html")]
struct CompletenessPage {
    l: Layout,
    c: Cluster,
    rows: Vec<Completeness>,
    average: i64,
}

async fn completeness(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let rows = profiles::completeness(ctx.db(), &scope).await?;
    let average = if rows.is_empty() {
        0
    } else {
        rows.iter().map(|r| r.score as i64).sum::<i64>() / rows.len() as i64
    };
    let l = Layout::new(&ctx, ctx.tr().t("profiles-title"), Some((&c, &scope))).await;
    render(&CompletenessPage {
        l,
        c,
        rows,
        average,
    })
}

/// Whether an organisation of this kind is asked for equipment and facilities.
pub fn has_facilities(entity_type: &str) -> bool {
    matches!(
        EntityType::parse("entity_type", entity_type),
        Ok(EntityType::ResearchCentre
            | EntityType::TechnologyCentre
            | EntityType::Hospital
            | EntityType::University)
    )
}
