//! Demo tender watch: alert profiles for a few members of each cluster (the first one proposed
//! from the member's subsectors and tags, as a member would start), the clusters' own calls,
//! fairs and partner searches (some shared between clusters), and eight real eForms example
//! notices imported last so the profiles catch them.

use clusterhub_core::MultiText;
use clusterhub_core::access::{ClusterRole, Principal};
use clusterhub_core::model::Role;
use clusterhub_core::{Error, Result};
use clusterhub_db::watch::{self, NewOpportunity};
use clusterhub_db::{Db, clusters, q};
use clusterhub_watch::alert::{AlertForm, OpportunityKind};

const NOTICES: &[(&str, &[u8])] = &[
    (
        "pin-buyer_24.xml",
        include_bytes!("../../../demo/eforms/pin-buyer_24.xml"),
    ),
    (
        "veat_24.xml",
        include_bytes!("../../../demo/eforms/veat_24.xml"),
    ),
    (
        "can_24_maximal.xml",
        include_bytes!("../../../demo/eforms/can_24_maximal.xml"),
    ),
    (
        "cn-social_24.xml",
        include_bytes!("../../../demo/eforms/cn-social_24.xml"),
    ),
    (
        "t02_ESP.xml",
        include_bytes!("../../../demo/eforms/t02_ESP.xml"),
    ),
    (
        "cn_24_multilingual.xml",
        include_bytes!("../../../demo/eforms/cn_24_multilingual.xml"),
    ),
    (
        "pin-only_24.xml",
        include_bytes!("../../../demo/eforms/pin-only_24.xml"),
    ),
    (
        "can-social_24.xml",
        include_bytes!("../../../demo/eforms/can-social_24.xml"),
    ),
];

/// (cluster, kind, language, title, summary, CPV, NUTS, deadline, shared)
type Own = (
    &'static str,
    OpportunityKind,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const OWN: &[Own] = &[
    (
        "bhc",
        OpportunityKind::Call,
        "es",
        "Hazitek 2027: I+D empresarial en salud",
        "Convocatoria del Gobierno Vasco para proyectos de I+D de empresas; prioridad a dispositivos médicos, diagnóstico in vitro y salud digital.",
        "73100000",
        "ES21",
        "2027-04-30",
        false,
    ),
    (
        "bhc",
        OpportunityKind::Fair,
        "es",
        "MEDICA 2027 Düsseldorf: pabellón agrupado",
        "Espacio compartido para asociadas en la feria de tecnología médica; diagnóstico, imagen médica y productos sanitarios.",
        "33100000",
        "DEA11",
        "2027-06-15",
        false,
    ),
    (
        "bhc",
        OpportunityKind::PartnerSearch,
        "es",
        "Búsqueda de socio: ensayo clínico de un dispositivo de clase IIb",
        "Una asociada busca hospital y CRO para la investigación clínica de un dispositivo de diagnóstico por imagen.",
        "73110000",
        "ES2",
        "2027-02-28",
        true,
    ),
    (
        "cpb",
        OpportunityKind::Call,
        "fr",
        "Appel à projets santé Nouvelle-Aquitaine 2027",
        "Financement de projets collaboratifs en dispositifs médicaux et diagnostic.",
        "73100000",
        "FRI",
        "2027-03-31",
        true,
    ),
    (
        "gnp",
        OpportunityKind::Market,
        "pt",
        "Oportunidade de mercado: reagentes de diagnóstico no Brasil",
        "Distribuidor procura fabricantes europeus de reagentes e dispositivos de diagnóstico in vitro.",
        "33696000",
        "",
        "2027-05-31",
        false,
    ),
];

/// (cluster, profile name, CPV, NUTS, keywords) for the member users' organisations and two more
/// members of each cluster.
const PROFILES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "bhc",
        "Salud y servicios sociales",
        "85 33",
        "",
        "diagnóstico\nimagen médica\nhealth",
    ),
    (
        "cpb",
        "Santé et dispositifs",
        "331 851 731",
        "FR",
        "diagnostic\ndispositif médical",
    ),
    (
        "gnp",
        "Diagnóstico e reagentes",
        "33696 731",
        "",
        "diagnóstico\nreagentes",
    ),
];

fn staff(cluster_id: i64) -> clusterhub_core::access::Scope {
    Principal {
        user_id: None,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

fn member(cluster_id: i64, org: i64) -> clusterhub_core::access::Scope {
    Principal {
        user_id: None,
        platform_admin: false,
        roles: vec![ClusterRole {
            cluster_id,
            role: Role::Member,
            organisation_id: Some(org),
        }],
    }
    .scope(cluster_id)
}

pub async fn seed(db: &Db) -> Result<String> {
    let existing = q!("SELECT COUNT(*) FROM alert_profiles").int(db).await?;
    if existing > 0 {
        return Ok(format!("watch already there ({existing} alert profiles)"));
    }
    let mut profiles = 0;
    let mut own = 0;
    for (slug, name, cpv, nuts, keywords) in PROFILES {
        let Ok(c) = clusters::by_slug(db, slug).await else {
            continue;
        };
        // The member user's organisation first, then two other members.
        let orgs: Vec<(i64,)> = q!(
            "SELECT m.organisation_id FROM memberships m LEFT JOIN user_roles r ON r.organisation_id = m.organisation_id AND r.cluster_id = m.cluster_id AND r.role = 'member'
             WHERE m.cluster_id = $1 AND m.status = 'active' ORDER BY (r.user_id IS NULL), m.organisation_id LIMIT 3",
            c.id
        )
        .all(db)
        .await?;
        for (i, (org,)) in orgs.into_iter().enumerate() {
            let scope = member(c.id, org);
            let form = if i == 0 {
                AlertForm {
                    name: (*name).to_string(),
                    cpv: (*cpv).to_string(),
                    nuts: (*nuts).to_string(),
                    keywords: (*keywords).to_string(),
                    kinds: Vec::new(),
                    ..Default::default()
                }
            } else {
                watch::propose(db, &scope, org, name).await?
            };
            let Ok(input) = form.parse() else { continue };
            watch::save_profile(db, &scope, org, None, &input).await?;
            profiles += 1;
        }
    }
    for (slug, kind, lang, title, summary, cpv, nuts, deadline, shared) in OWN {
        let Ok(c) = clusters::by_slug(db, slug).await else {
            continue;
        };
        let o = NewOpportunity {
            source: watch::SOURCE_MANUAL.into(),
            source_key: format!("demo-{own}"),
            kind: Some(*kind),
            title: MultiText::new().with(lang, title),
            summary: MultiText::new().with(lang, summary),
            cpv: vec![(*cpv).to_string()],
            nuts: nuts.split_whitespace().map(str::to_string).collect(),
            deadline: Some(format!("{deadline}T23:59:59Z")),
            published_on: Some(clusterhub_db::today()),
            shared: *shared,
            ..Default::default()
        };
        watch::save_own(db, &staff(c.id), &o).await?;
        own += 1;
    }
    let mut notices = Vec::new();
    for (name, bytes) in NOTICES {
        match clusterhub_watch::eforms::parse(bytes) {
            Ok(n) => notices.push(n),
            Err(e) => return Err(Error::Internal(format!("demo notice {name}: {e}"))),
        }
    }
    let (stored, _) = watch::import_notices(db, &notices).await?;
    let matches = q!("SELECT COUNT(*) FROM matches").int(db).await?;
    Ok(format!(
        "watch: {profiles} alert profiles, {own} cluster opportunities, {} eForms notices, {matches} matches",
        stored.len()
    ))
}
