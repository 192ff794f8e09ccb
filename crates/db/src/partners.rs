//! Year-round partner suggestions (needs ↔ capabilities) and introductions.
//!
//! The cluster's active members become [`Party`] values: their profile texts analysed with the
//! watch crate's Snowball analysis (per language, accents folded), their subsectors mapped to
//! CPV subtrees as the tender watch proposes them, their value chain and territory. What a
//! reader may not see of a profile is emptied *before* scoring (`Profile::visible`), so a field
//! an organisation keeps to the staff neither adds to a score nor shows up in a reason for
//! another member; staff read everything. The scoring itself is `core::partners`.

use crate::{Db, Result, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::model::{ActivityKind, EntityType};
use clusterhub_core::partners::{Combined, Party, Reason, Terms, rank};
use clusterhub_core::profile::{Profile, Visibility, VisibilityMap};
use clusterhub_core::{Error, MultiText};
use clusterhub_plan::activity::ActivityDraft;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// Languages the tags (written in no particular language) are analysed in.
const TAG_LANGS: &[&str] = &["es", "en", "eu", "fr"];

/// Words (folded) that say nothing about what is needed or offered.
const STOPWORDS: &[&str] = &[
    // es
    "para",
    "como",
    "sobre",
    "entre",
    "nuestro",
    "nuestra",
    "nuestros",
    "nuestras",
    "buscamos",
    "necesitamos",
    "queremos",
    "tenemos",
    "estamos",
    "desde",
    "hasta",
    "otros",
    "otras",
    "todo",
    "todos",
    "cada",
    "tambien",
    "mediante",
    "acceso",
    "apoyo",
    "ayuda",
    "empresa",
    "empresas",
    "socios",
    "proyecto",
    "proyectos",
    "desarrollo",
    "nuevos",
    "nuevas",
    "este",
    "esta",
    "estos",
    "sus",
    "con",
    "los",
    "las",
    "del",
    "por",
    "una",
    "uno",
    // en
    "with",
    "from",
    "that",
    "this",
    "looking",
    "need",
    "needs",
    "want",
    "into",
    "their",
    "they",
    "have",
    "more",
    "also",
    "other",
    "others",
    "access",
    "support",
    "help",
    "company",
    "companies",
    "partners",
    "project",
    "projects",
    "development",
    "new",
    "and",
    "for",
    "the",
    "our",
    "seek",
    "seeking",
    "find",
    // fr
    "pour",
    "avec",
    "dans",
    "nous",
    "notre",
    "besoin",
    "cherchons",
    "recherchons",
    "souhaitons",
    "sont",
    "autres",
    "acces",
    "aide",
    "aides",
    "entreprise",
    "entreprises",
    "partenaires",
    "projet",
    "projets",
    "developpement",
    "des",
    "les",
    "une",
    "aux",
    // eu
    "eta",
    "behar",
    "dugu",
    "dute",
    "gure",
    "bilatzen",
    "ditugu",
    "nahi",
    "laguntza",
    "enpresa",
    "enpresak",
    "bazkideak",
    "proiektu",
    "proiektuak",
    "garapena",
];

/// Adds the words of `text` (in `lang`) of `min` characters or more to `terms`.
fn analyse(terms: &mut Terms, lang: &str, text: &str, min: usize) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let folded = clusterhub_core::fold(word);
        if folded.chars().count() < min || STOPWORDS.contains(&folded.as_str()) {
            continue;
        }
        if folded.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some(stem) = clusterhub_watch::text::tokens(lang, word)
            .into_iter()
            .next()
        {
            terms.add(lang, &stem, &word.to_lowercase());
        }
    }
}

fn analyse_multi(terms: &mut Terms, text: &MultiText) {
    for (lang, t) in &text.0 {
        analyse(terms, lang, t, 4);
    }
}

fn analyse_tags(terms: &mut Terms, tags: &[String]) {
    for tag in tags {
        for lang in TAG_LANGS {
            analyse(terms, lang, tag, 2);
        }
    }
}

/// CPV prefixes of subsectors, by the tender watch's subsector rules.
fn cpv_of(subsectors: &[String]) -> Vec<String> {
    clusterhub_watch::proposal::propose("", subsectors, &[], None)
        .cpv
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// One organisation as the scorers see it, from what the reader may see of its profile.
pub fn party(
    organisation_id: i64,
    name: &str,
    entity_type: Option<EntityType>,
    territory: Option<String>,
    subsectors: &[String],
    p: &Profile,
) -> Party {
    let mut needs = Terms::default();
    analyse_multi(&mut needs, &p.needs);
    analyse_tags(&mut needs, &p.need_tags);
    let mut offers = Terms::default();
    for t in [&p.capabilities, &p.equipment, &p.products] {
        analyse_multi(&mut offers, t);
    }
    analyse_tags(&mut offers, &p.capability_tags);
    analyse_tags(&mut offers, &p.technologies);
    analyse_tags(&mut offers, &p.rd_areas);
    Party {
        organisation_id,
        name: name.to_string(),
        entity_type,
        territory: territory.map(|t| t.trim().to_uppercase()),
        needs,
        offers,
        technologies: p.technologies.clone(),
        cpv: cpv_of(subsectors),
        value_chain: p.value_chain.clone(),
    }
}

/// A member as loaded: the party plus what pages show.
struct Member {
    party: Party,
    entity_type: String,
    territory: Option<String>,
    /// The seeker has needs the ranking can read.
    has_needs: bool,
}

type MemberRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Every active member of the scope's cluster as the reader may see it: everything for staff,
/// the `members` fields of others for a member user (its own organisation in full).
async fn members(db: &Db, scope: &Scope) -> Result<Vec<Member>> {
    let rows: Vec<MemberRow> = q!(
        "SELECT m.id, o.id, o.name, o.entity_type, o.territory, p.profile, p.visibility
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         LEFT JOIN organisation_profiles p ON p.organisation_id = o.id
         WHERE m.cluster_id = $1 AND m.status = 'active' ORDER BY o.id",
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let subs: Vec<(i64, String)> = q!(
        "SELECT ms.membership_id, s.code FROM membership_subsectors ms
         JOIN subsectors s ON s.id = ms.subsector_id
         JOIN memberships m ON m.id = ms.membership_id
         WHERE m.cluster_id = $1 ORDER BY ms.membership_id, s.position",
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let mut by_membership: HashMap<i64, Vec<String>> = HashMap::new();
    for (m, code) in subs {
        by_membership.entry(m).or_default().push(code);
    }
    Ok(rows
        .into_iter()
        .map(|(m, id, name, entity_type, territory, profile, vis)| {
            let profile = profile.map(|p| Profile::from_json(&p)).unwrap_or_default();
            let vis = vis
                .map(|v| VisibilityMap::from_json(&v))
                .unwrap_or_default();
            let level = if scope.can_edit_organisation(id) {
                Visibility::Staff
            } else {
                Visibility::Members
            };
            let p = profile.visible(&vis, level);
            let subsectors = by_membership.remove(&m).unwrap_or_default();
            let party = party(
                id,
                &name,
                EntityType::parse("entity_type", &entity_type).ok(),
                territory.clone(),
                &subsectors,
                &p,
            );
            Member {
                has_needs: !party.needs.is_empty(),
                party,
                entity_type,
                territory,
            }
        })
        .collect())
}

/// When and by which activity two organisations were introduced.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Introduction {
    pub id: i64,
    pub activity_id: i64,
    pub requested_for: i64,
    pub created_at: String,
}

/// A suggested partner with the reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub organisation_id: i64,
    pub name: String,
    pub entity_type: String,
    pub territory: Option<String>,
    pub score: f64,
    pub reasons: Vec<Reason>,
    pub dismissed: bool,
    pub introduced: Option<Introduction>,
}

/// The suggestions for one organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestions {
    pub organisation_id: i64,
    pub name: String,
    /// The organisation's profile says nothing about its needs: only taxonomies could match.
    pub no_needs: bool,
    pub items: Vec<Item>,
    /// How many suggestions were dismissed (not in `items` unless asked for).
    pub dismissed: usize,
    /// Every organisation it was introduced to (suggested now or not): id, name, when.
    pub introductions: Vec<(i64, String, Introduction)>,
}

/// Staff may ask for any member; a member user for its own organisation. Anyone else, and
/// organisations that are not active members here, get not found.
fn may_read(scope: &Scope, organisation_id: i64) -> Result<()> {
    if scope.can_manage() || scope.own_organisation() == Some(organisation_id) {
        Ok(())
    } else if scope.user_id().is_none() {
        Err(Error::Unauthorized)
    } else {
        Err(Error::NotFound)
    }
}

/// The partners suggested to `organisation_id`, best first, at most `limit`; dismissed ones
/// only when `with_dismissed`.
/// Shared words are named in `lang` (the reader's) where the two share some in it.
pub async fn suggestions(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    lang: &str,
    with_dismissed: bool,
    limit: usize,
) -> Result<Suggestions> {
    may_read(scope, organisation_id)?;
    let all = members(db, scope).await?;
    let seeker = all
        .iter()
        .find(|m| m.party.organisation_id == organisation_id)
        .ok_or(Error::NotFound)?;
    let parties: Vec<Party> = all.iter().map(|m| m.party.clone()).collect();
    let scorer = Combined::standard(&parties, lang);
    let ranked = rank(&scorer, &seeker.party, &parties);
    let dismissed: Vec<(i64,)> = q!(
        "SELECT candidate_id FROM partner_dismissals WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        organisation_id
    )
    .all(db)
    .await?;
    let intros = introductions_of(db, scope, organisation_id).await?;
    let intros: Vec<(i64, Introduction)> = {
        let mut v: Vec<(i64, Introduction)> = intros.into_iter().collect();
        v.sort_by_key(|(o, _)| *o);
        v
    };
    let info: HashMap<i64, &Member> = all.iter().map(|m| (m.party.organisation_id, m)).collect();
    let mut n_dismissed = 0;
    let mut items = Vec::new();
    for s in ranked {
        let is_dismissed = dismissed.iter().any(|(c,)| *c == s.organisation_id);
        if is_dismissed {
            n_dismissed += 1;
            if !with_dismissed {
                continue;
            }
        }
        if items.len() >= limit {
            continue;
        }
        let m = info.get(&s.organisation_id);
        items.push(Item {
            organisation_id: s.organisation_id,
            entity_type: m.map(|m| m.entity_type.clone()).unwrap_or_default(),
            territory: m.and_then(|m| m.territory.clone()),
            name: s.name,
            score: s.score,
            reasons: s.reasons,
            dismissed: is_dismissed,
            introduced: intros
                .iter()
                .find(|(o, _)| *o == s.organisation_id)
                .map(|(_, i)| i.clone()),
        });
    }
    let mut introductions: Vec<(i64, String, Introduction)> = intros
        .into_iter()
        .map(|(other, i)| {
            let name = info
                .get(&other)
                .map(|m| m.party.name.clone())
                .unwrap_or_default();
            (other, name, i)
        })
        .collect();
    introductions.sort_by(|a, b| b.2.created_at.cmp(&a.2.created_at).then(a.0.cmp(&b.0)));
    Ok(Suggestions {
        organisation_id,
        name: seeker.party.name.clone(),
        no_needs: !seeker.has_needs,
        items,
        dismissed: n_dismissed,
        introductions,
    })
}

/// The introductions of an organisation in the scope's cluster, by the other organisation.
async fn introductions_of(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
) -> Result<HashMap<i64, Introduction>> {
    let rows: Vec<(i64, i64, i64, i64, i64, String)> = q!(
        "SELECT organisation_a, organisation_b, id, activity_id, requested_for, created_at FROM partner_introductions
         WHERE cluster_id = $1 AND (organisation_a = $2 OR organisation_b = $2)",
        scope.cluster_id(),
        organisation_id
    )
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(a, b, id, activity_id, requested_for, created_at)| {
            let other = if a == organisation_id { b } else { a };
            (
                other,
                Introduction {
                    id,
                    activity_id,
                    requested_for,
                    created_at,
                },
            )
        })
        .collect())
}

async fn active_member(db: &Db, scope: &Scope, organisation_id: i64) -> Result<i64> {
    q!(
        "SELECT id FROM memberships WHERE cluster_id = $1 AND organisation_id = $2 AND status = 'active'",
        scope.cluster_id(),
        organisation_id
    )
    .int(db)
    .await
}

/// Hides (or, with `dismiss` false, shows again) a suggestion for an organisation.
pub async fn set_dismissed(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    candidate_id: i64,
    dismiss: bool,
) -> Result<()> {
    may_read(scope, organisation_id)?;
    active_member(db, scope, organisation_id).await?;
    active_member(db, scope, candidate_id).await?;
    if dismiss {
        q!(
            "INSERT INTO partner_dismissals (cluster_id, organisation_id, candidate_id, dismissed_by, dismissed_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            scope.cluster_id(),
            organisation_id,
            candidate_id,
            scope.user_id(),
            crate::now()
        )
        .run(db)
        .await?;
    } else {
        q!(
            "DELETE FROM partner_dismissals WHERE cluster_id = $1 AND organisation_id = $2 AND candidate_id = $3",
            scope.cluster_id(),
            organisation_id,
            candidate_id
        )
        .run(db)
        .await?;
    }
    Ok(())
}

/// What an introduction created.
#[derive(Debug, Clone, Serialize)]
pub struct Introduced {
    pub introduction: Introduction,
    pub organisations: [i64; 2],
    pub people: Vec<i64>,
}

/// The error when two organisations have already been introduced (code `already_introduced`).
pub const ALREADY: &str = "already_introduced";

/// Staff introduce `candidate_id` to `organisation_id`: a meeting activity (bilateral) with
/// both organisations and their representatives, titled `title`, and the record that keeps
/// the pair from being introduced twice (a second call is a conflict, `already_introduced`).
pub async fn introduce(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    candidate_id: i64,
    title: &str,
) -> Result<Introduced> {
    scope.require(scope.can_manage())?;
    if organisation_id == candidate_id {
        return Err(Error::Validation(vec![clusterhub_core::FieldError::new(
            "candidate",
            "same_organisation",
        )]));
    }
    let ma = active_member(db, scope, organisation_id).await?;
    let mb = active_member(db, scope, candidate_id).await?;
    let (a, b) = if organisation_id < candidate_id {
        (organisation_id, candidate_id)
    } else {
        (candidate_id, organisation_id)
    };
    let exists: Option<(i64,)> = q!(
        "SELECT id FROM partner_introductions WHERE cluster_id = $1 AND organisation_a = $2 AND organisation_b = $3",
        scope.cluster_id(),
        a,
        b
    )
    .optional(db)
    .await?;
    if exists.is_some() {
        return Err(Error::Conflict(ALREADY.into()));
    }
    // The reasons as staff saw them, kept with the introduction.
    let reasons = suggestions(db, scope, organisation_id, "", true, usize::MAX)
        .await?
        .items
        .into_iter()
        .find(|i| i.organisation_id == candidate_id)
        .map(|i| i.reasons)
        .unwrap_or_default();
    let people: Vec<(i64,)> = q!(
        "SELECT DISTINCT person_id FROM representatives WHERE membership_id IN ($1, $2) ORDER BY person_id",
        ma,
        mb
    )
    .all(db)
    .await?;
    let people: Vec<i64> = people.into_iter().map(|(p,)| p).collect();
    let today = time::OffsetDateTime::now_utc().date();
    let draft = ActivityDraft {
        kind: ActivityKind::Meeting,
        subtype: Some("bilateral"),
        scope: None,
        counterpart: None,
        external: false,
        title: title.chars().take(300).collect(),
        description: String::new(),
        starts_on: today,
        ends_on: None,
        place: None,
        attendees: people.len() as i64,
        amount_cents: 0,
        items: Vec::new(),
        organisations: vec![organisation_id, candidate_id],
        people: people.clone(),
    };
    let mut tx = db.begin().await?;
    let (activity_id, _) = crate::activities::insert_in(&mut tx, scope, &draft).await?;
    let now = crate::now();
    let id = q!(
        "INSERT INTO partner_introductions (cluster_id, organisation_a, organisation_b, requested_for, activity_id, reasons, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        scope.cluster_id(),
        a,
        b,
        organisation_id,
        activity_id,
        serde_json::to_string(&reasons).unwrap_or_else(|_| "[]".into()),
        scope.user_id(),
        now.clone()
    )
    .int(&mut tx)
    .await
    .map_err(|e| match e {
        Error::Conflict(_) => Error::Conflict(ALREADY.into()),
        other => other,
    })?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "partner_introduction",
        id,
        "create",
        json!({"organisations": [organisation_id, candidate_id], "activity": activity_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(Introduced {
        introduction: Introduction {
            id,
            activity_id,
            requested_for: organisation_id,
            created_at: now,
        },
        organisations: [organisation_id, candidate_id],
        people,
    })
}

/// Member organisations staff may pick, with whether their profile states needs.
pub async fn seekers(db: &Db, scope: &Scope) -> Result<Vec<(i64, String, bool)>> {
    scope.require(scope.can_manage())?;
    let all = members(db, scope).await?;
    let mut out: Vec<(i64, String, bool)> = all
        .into_iter()
        .map(|m| (m.party.organisation_id, m.party.name, m.has_needs))
        .collect();
    out.sort_by_cached_key(|(id, n, _)| (clusterhub_core::fold(n), *id));
    Ok(out)
}

/// Introductions of the scope's cluster, newest first (staff): ids, names and date.
pub async fn recent_introductions(
    db: &Db,
    scope: &Scope,
    limit: i64,
) -> Result<Vec<(i64, String, String, i64, String)>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT i.id, oa.name, ob.name, i.activity_id, i.created_at FROM partner_introductions i
         JOIN organisations oa ON oa.id = i.organisation_a JOIN organisations ob ON ob.id = i.organisation_b
         WHERE i.cluster_id = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT $2",
        scope.cluster_id(),
        limit
    )
    .all(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_words_stem_and_fold() {
        let mut t = Terms::default();
        analyse(&mut t, "es", "Diagnóstico por imagen para hospitales", 4);
        let es = &t.0["es"];
        assert!(es.values().any(|w| w == "diagnóstico"));
        assert!(es.values().any(|w| w == "imagen"));
        assert!(!es.values().any(|w| w == "para" || w == "por"));
        let mut u = Terms::default();
        analyse(&mut u, "es", "imágenes diagnósticas", 4);
        let shared = u.0["es"]
            .keys()
            .filter(|k| es.keys().any(|e| clusterhub_core::partners::meets(k, e)))
            .count();
        assert_eq!(shared, 2, "{:?} {:?}", u, t);
    }

    #[test]
    fn subsectors_give_cpv_subtrees() {
        assert_eq!(cpv_of(&["medical_devices".into()]), vec!["331"]);
        assert!(cpv_of(&["other".into()]).is_empty());
    }

    #[test]
    fn tags_count_in_every_language() {
        let p = Profile {
            capability_tags: vec!["PCR".into()],
            ..Default::default()
        };
        let party = party(1, "x", None, None, &[], &p);
        assert_eq!(party.offers.0.len(), TAG_LANGS.len());
    }
}
