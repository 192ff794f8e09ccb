//! Applying for membership (public form) and deciding on applications (staff and board).

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use clusterhub_core::model::{EntityType, MembershipStatus};
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters::{self, Cluster, Term, Typology};
use clusterhub_db::memberships::{self, Application, NewMembership};
use clusterhub_db::organisations::{self, OrganisationForm};
use clusterhub_db::people::{self, PersonForm};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/applications", list)
        .get("/c/{slug}/apply", apply_form)
        .post("/c/{slug}/apply", apply)
}

#[derive(Template)]
#[template(path = "applications.html")]
struct List {
    l: Layout,
    c: Cluster,
    apps: Vec<Application>,
    typologies: Vec<Typology>,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let apps = memberships::applications(ctx.db(), &scope).await?;
    let typologies = clusters::typologies(ctx.db(), c.id).await?;
    let l = Layout::new(&ctx, ctx.tr().t("applications-title"), Some((&c, &scope))).await;
    render(&List {
        l,
        c,
        apps,
        typologies,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ApplyFields {
    csrf: String,
    name: String,
    legal_id: String,
    entity_type: String,
    website: String,
    territory: String,
    typology: String,
    subsector: String,
    first_name: String,
    last_name: String,
    email: String,
    message: String,
}

#[derive(Template)]
#[template(path = "apply.html")]
struct Apply {
    l: Layout,
    c: Cluster,
    f: ApplyFields,
    errors: FormErrors,
    typologies: Vec<Typology>,
    subsectors: Vec<Term>,
    entity_types: Vec<&'static str>,
    done: bool,
}

async fn apply_page(
    ctx: &mut Ctx,
    slug: &str,
    f: ApplyFields,
    errors: FormErrors,
    done: bool,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let typologies = clusters::typologies(ctx.db(), c.id).await?;
    let subsectors = clusters::subsectors(ctx.db(), c.id).await?;
    let l = Layout::new(ctx, ctx.tr().ts("apply-title", &c.name), Some((&c, &scope))).await;
    let status = errors.status();
    render_status(
        status,
        &Apply {
            l,
            c,
            f,
            errors,
            typologies,
            subsectors,
            entity_types: EntityType::ALL.iter().map(|e| e.as_str()).collect(),
            done,
        },
    )
}

async fn apply_form(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = ApplyFields {
        entity_type: "company".into(),
        typology: "ordinary".into(),
        ..Default::default()
    };
    apply_page(&mut ctx, &slug, f, FormErrors::default(), false).await
}

/// Creates (or finds, by legal id) the organisation, its contact person and an applicant
/// membership, all or nothing.
async fn apply(mut ctx: Ctx, Path(slug): Path<String>, Form(f): Form<ApplyFields>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (c, scope) = ctx.cluster(&slug).await?;
    let result = async {
        let org = OrganisationForm {
            name: f.name.clone(),
            legal_id: f.legal_id.clone(),
            entity_type: f.entity_type.clone(),
            website: f.website.clone(),
            territory: f.territory.clone(),
            ..Default::default()
        };
        let person = PersonForm {
            first_name: f.first_name.clone(),
            last_name: f.last_name.clone(),
            email: f.email.clone(),
            ..Default::default()
        };
        let mut errs = Vec::new();
        let org_in = org
            .parse()
            .map_err(|e| {
                if let Error::Validation(v) = e {
                    errs.extend(v)
                }
            })
            .ok();
        let person_in = person
            .parse()
            .map_err(|e| {
                if let Error::Validation(v) = e {
                    errs.extend(v)
                }
            })
            .ok();
        if f.legal_id.trim().is_empty() {
            errs.push(FieldError::new("legal_id", "required"));
        }
        if f.email.trim().is_empty() {
            errs.push(FieldError::new("email", "required"));
        }
        let (Some(org_in), Some(person_in)) = (org_in, person_in) else {
            return Err(Error::Validation(errs));
        };
        if !errs.is_empty() {
            return Err(Error::Validation(errs));
        }
        let mut tx = ctx.db().begin().await?;
        let (org_id, _) =
            organisations::find_or_create(&mut tx, Some(c.id), scope.user_id(), &org_in).await?;
        let subs: Vec<String> = if f.subsector.is_empty() {
            Vec::new()
        } else {
            vec![f.subsector.clone()]
        };
        let m = NewMembership {
            organisation_id: org_id,
            typology: &f.typology,
            status: MembershipStatus::Applicant,
            since: None,
            subsectors: &subs,
            value_chains: &[],
            application_message: Some(f.message.trim().to_string()).filter(|m| !m.is_empty()),
        };
        let ms = memberships::insert(&mut tx, c.id, scope.user_id(), &m).await?;
        let (pid, _) =
            people::find_or_create(&mut tx, Some(c.id), scope.user_id(), &person_in).await?;
        people::affiliate(&mut tx, pid, org_id, None).await?;
        people::set_representative(&mut tx, ms, pid, "primary").await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => {
            apply_page(
                &mut ctx,
                &slug,
                ApplyFields::default(),
                FormErrors::default(),
                true,
            )
            .await
        }
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            apply_page(&mut ctx, &slug, f, errors, false).await
        }
        Err(e) => Err(e.into()),
    }
}
