//! Demo data: partners. A BHC hospital states a need for imaging diagnosis and a BHC company
//! offers diagnostic imaging, so the hospital's suggestions open with it and its reasons; staff
//! have introduced the two (a bilateral meeting). Idempotent: a second run changes nothing.

use clusterhub_core::access::Principal;
use clusterhub_core::profile::{Profile, ValueChainStage};
use clusterhub_core::{Error, Result};
use clusterhub_db::{Db, clusters, partners, q};

fn staff(db_user: Option<i64>, cluster_id: i64) -> clusterhub_core::access::Scope {
    Principal {
        user_id: db_user,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

/// The first active BHC member of this entity type (and, for companies, this subsector).
async fn first(db: &Db, cid: i64, entity: &str, subsector: Option<&str>) -> Result<Option<i64>> {
    let row: Option<(i64,)> = match subsector {
        Some(s) => q!(
            "SELECT o.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id
             JOIN membership_subsectors ms ON ms.membership_id = m.id JOIN subsectors s ON s.id = ms.subsector_id
             WHERE m.cluster_id = $1 AND m.status = 'active' AND o.entity_type = $2 AND s.code = $3
             ORDER BY o.id LIMIT 1",
            cid,
            entity,
            s
        )
        .optional(db)
        .await?,
        None => q!(
            "SELECT o.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id
             WHERE m.cluster_id = $1 AND m.status = 'active' AND o.entity_type = $2 ORDER BY o.id LIMIT 1",
            cid,
            entity
        )
        .optional(db)
        .await?,
    };
    Ok(row.map(|(id,)| id))
}

async fn profile(db: &Db, org: i64) -> Result<Option<Profile>> {
    let p: Option<(String,)> = q!(
        "SELECT profile FROM organisation_profiles WHERE organisation_id = $1",
        org
    )
    .optional(db)
    .await?;
    Ok(p.map(|(p,)| Profile::from_json(&p)))
}

async fn store(db: &Db, org: i64, p: &Profile) -> Result<()> {
    q!(
        "UPDATE organisation_profiles SET profile = $1, updated_at = $2 WHERE organisation_id = $3",
        p.to_json(),
        clusterhub_db::now(),
        org
    )
    .run(db)
    .await?;
    Ok(())
}

fn append(text: &mut clusterhub_core::MultiText, lang: &str, more: &str) {
    let now = text.get(lang).trim().to_string();
    let joined = if now.is_empty() {
        more.to_string()
    } else {
        format!("{now} {more}")
    };
    text.set(lang, &joined);
}

pub async fn seed(db: &Db) -> Result<String> {
    let Ok(c) = clusters::by_slug(db, "bhc").await else {
        return Ok(String::new());
    };
    let (Some(hospital), Some(company)) = (
        first(db, c.id, "hospital", None).await?,
        first(db, c.id, "company", Some("medical_devices")).await?,
    ) else {
        return Ok(String::new());
    };
    if let Some(mut p) = profile(db, hospital).await?
        && !p.need_tags.iter().any(|t| t == "imagen médica")
    {
        append(
            &mut p.needs,
            "es",
            "Buscamos socios en diagnóstico por imagen con inteligencia artificial para radiología.",
        );
        append(
            &mut p.needs,
            "en",
            "We look for partners in imaging diagnosis with artificial intelligence for radiology.",
        );
        append(
            &mut p.needs,
            "eu",
            "Irudi bidezko diagnostikoan bazkideak bilatzen ditugu erradiologiarako.",
        );
        append(
            &mut p.needs,
            "fr",
            "Nous cherchons des partenaires en diagnostic par imagerie avec intelligence artificielle pour la radiologie.",
        );
        p.need_tags.push("imagen médica".into());
        if !p.value_chain.contains(&ValueChainStage::Care) {
            p.value_chain.push(ValueChainStage::Care);
        }
        store(db, hospital, &p).await?;
    }
    if let Some(mut p) = profile(db, company).await?
        && !p.capability_tags.iter().any(|t| t == "imagen diagnóstica")
    {
        append(
            &mut p.capabilities,
            "es",
            "Software de imagen diagnóstica: análisis de imágenes médicas para el diagnóstico asistido.",
        );
        append(
            &mut p.capabilities,
            "en",
            "Diagnostic imaging software: medical image analysis for assisted diagnosis.",
        );
        append(
            &mut p.capabilities,
            "eu",
            "Irudi diagnostikoko softwarea: irudi medikoen analisia diagnostiko lagundurako.",
        );
        append(
            &mut p.capabilities,
            "fr",
            "Logiciel d'imagerie diagnostique : analyse d'images médicales pour le diagnostic assisté.",
        );
        p.capability_tags.push("imagen diagnóstica".into());
        if !p.value_chain.contains(&ValueChainStage::Manufacturing) {
            p.value_chain.push(ValueChainStage::Manufacturing);
        }
        store(db, company, &p).await?;
    }
    let user: Option<(i64,)> = q!("SELECT id FROM users WHERE email = 'staff@bhc.demo'")
        .optional(db)
        .await?;
    let scope = staff(user.map(|u| u.0), c.id);
    let names: Vec<(String,)> = q!(
        "SELECT name FROM organisations WHERE id IN ($1, $2) ORDER BY id",
        hospital,
        company
    )
    .all(db)
    .await?;
    let names: Vec<String> = names.into_iter().map(|n| n.0).collect();
    let title = format!("Presentación: {}", names.join(" – "));
    match partners::introduce(db, &scope, hospital, company, &title).await {
        Ok(_) => Ok("partners: 1 introduction".into()),
        Err(Error::Conflict(_)) => Ok("partners: already introduced".into()),
        Err(e) => Err(e),
    }
}
