//! Demo data: missions. For BHC, a direct trade mission to Boston (America/New_York: the
//! agenda shows Boston times) with a delegation from registrations and staff, and a grouped
//! stand at MEDICA in Düsseldorf shared by three members; both with follow-up outcomes.
//! Idempotent: a second run finds the missions and changes nothing.

use clusterhub_core::access::Principal;
use clusterhub_core::mission::{Outcome, Share, Stand};
use clusterhub_core::{MultiText, Result};
use clusterhub_db::{Db, clusters, missions, q};

fn staff(user: Option<i64>, cluster_id: i64) -> clusterhub_core::access::Scope {
    Principal {
        user_id: user,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

struct Spec {
    kind: &'static str,
    subtype: &'static str,
    title: [(&'static str, &'static str); 4],
    starts_at: &'static str,
    ends_at: &'static str,
    zone: &'static str,
    place: &'static str,
    country: &'static str,
    sector: &'static str,
    /// (UTC start, UTC end, title en, title es, room)
    sessions: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
}

const BOSTON: Spec = Spec {
    kind: "mission",
    subtype: "direct",
    title: [
        (
            "es",
            "Misión directa a Boston: salud digital y dispositivos médicos",
        ),
        (
            "eu",
            "Misio zuzena Bostonera: osasun digitala eta gailu medikoak",
        ),
        (
            "en",
            "Direct trade mission to Boston: digital health and medical devices",
        ),
        (
            "fr",
            "Mission directe à Boston : santé numérique et dispositifs médicaux",
        ),
    ],
    // 08:30 in Boston (EDT, UTC−4) on 5 October 2026 to 17:00 on 8 October.
    starts_at: "2026-10-05T12:30:00Z",
    ends_at: "2026-10-08T21:00:00Z",
    zone: "America/New_York",
    place: "Boston, MA",
    country: "US",
    sector: "Salud digital y dispositivos médicos",
    sessions: &[
        (
            "2026-10-05T12:30:00Z",
            "2026-10-05T14:00:00Z",
            "Welcome breakfast at the Spanish consulate",
            "Desayuno de bienvenida en el consulado",
            "Consulate General of Spain",
        ),
        (
            "2026-10-05T15:00:00Z",
            "2026-10-05T19:00:00Z",
            "Visit to the Mass General Brigham innovation unit",
            "Visita a la unidad de innovación de Mass General Brigham",
            "Mass General Brigham",
        ),
        (
            "2026-10-06T13:00:00Z",
            "2026-10-06T21:00:00Z",
            "One-to-one meetings with distributors and hospitals",
            "Reuniones bilaterales con distribuidores y hospitales",
            "MassBio",
        ),
        (
            "2026-10-07T14:00:00Z",
            "2026-10-07T16:00:00Z",
            "Investor session at the Cambridge Innovation Center",
            "Sesión con inversores en el Cambridge Innovation Center",
            "CIC Cambridge",
        ),
    ],
};

const MEDICA: Spec = Spec {
    kind: "fair",
    subtype: "grouped",
    title: [
        (
            "es",
            "MEDICA 2026 Düsseldorf: pabellón agrupado del clúster",
        ),
        (
            "eu",
            "MEDICA 2026 Düsseldorf: klusterraren pabiloi partekatua",
        ),
        (
            "en",
            "MEDICA 2026 Düsseldorf: the cluster's grouped pavilion",
        ),
        ("fr", "MEDICA 2026 Düsseldorf : pavillon groupé du cluster"),
    ],
    // 10:00 to 18:00 in Düsseldorf (CET, UTC+1), 16–19 November 2026.
    starts_at: "2026-11-16T09:00:00Z",
    ends_at: "2026-11-19T17:00:00Z",
    zone: "Europe/Berlin",
    place: "Messe Düsseldorf",
    country: "DE",
    sector: "Tecnología médica",
    sessions: &[
        (
            "2026-11-16T09:00:00Z",
            "2026-11-16T10:00:00Z",
            "Stand set-up and briefing",
            "Montaje del stand y reunión informativa",
            "Hall 13",
        ),
        (
            "2026-11-17T13:00:00Z",
            "2026-11-17T15:00:00Z",
            "Basque networking reception",
            "Recepción de networking vasca",
            "Hall 13 · C45",
        ),
    ],
};

async fn insert_event(db: &Db, cid: i64, user: Option<i64>, s: &Spec) -> Result<i64> {
    let mut title = MultiText::new();
    for (lang, t) in s.title {
        title.set(lang, t);
    }
    let now = clusterhub_db::now();
    let id = q!(
        "INSERT INTO events (cluster_id, kind, subtype, title, description, starts_at, ends_at, time_zone, place, target_country, sector, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, '{}', $5, $6, $7, $8, $9, $10, 'published', $11, $12, $12) RETURNING id",
        cid, s.kind, s.subtype, title.to_json(), s.starts_at, s.ends_at, s.zone, s.place, s.country, s.sector, user, now
    )
    .int(db)
    .await?;
    for (i, (from, to, en, es, room)) in s.sessions.iter().enumerate() {
        let t = MultiText::new().with("en", en).with("es", es);
        q!(
            "INSERT INTO event_sessions (event_id, title, starts_at, ends_at, room, position) VALUES ($1, $2, $3, $4, $5, $6)",
            id,
            t.to_json(),
            *from,
            *to,
            *room,
            i as i64
        )
        .run(db)
        .await?;
    }
    Ok(id)
}

/// A confirmed registration of one person of `org` to the event.
async fn register(db: &Db, cid: i64, event: i64, org: i64, n: usize) -> Result<()> {
    let person: Option<(i64, String, String, Option<String>)> = q!(
        "SELECT p.id, p.first_name, p.last_name, p.email FROM affiliations a JOIN people p ON p.id = a.person_id
         WHERE a.organisation_id = $1 ORDER BY p.id LIMIT 1",
        org
    )
    .optional(db)
    .await?;
    let Some((pid, first, last, email)) = person else {
        return Ok(());
    };
    let email = email.unwrap_or_else(|| format!("delegate{n}@demo.invalid"));
    clusterhub_db::events::seed_confirmed(
        db,
        event,
        cid,
        &clusterhub_db::events::Registrant {
            user_id: None,
            person_id: Some(pid),
            organisation_id: Some(org),
            name: format!("{first} {last}"),
            email,
            organisation_name: None,
            locale: "es".into(),
            audience: "member",
        },
    )
    .await?;
    Ok(())
}

fn outcome(
    contacts: i64,
    meetings: i64,
    offers: i64,
    agreements: i64,
    euros: i64,
    note: &str,
) -> Outcome {
    Outcome {
        contacts,
        meetings,
        offers,
        agreements,
        business_value_cents: euros * 100,
        note: note.into(),
    }
}

pub async fn seed(db: &Db) -> Result<String> {
    let Ok(c) = clusters::by_slug(db, "bhc").await else {
        return Ok(String::new());
    };
    // Ours are known by kind, place and start (the events demo has a Boston mission of its own,
    // upcoming; ours is the past one with outcomes).
    let mut existing = 0;
    for spec in [&BOSTON, &MEDICA] {
        existing += q!(
            "SELECT COUNT(*) FROM events WHERE cluster_id = $1 AND kind = $2 AND place = $3 AND starts_at = $4",
            c.id,
            spec.kind,
            spec.place,
            spec.starts_at
        )
        .int(db)
        .await?;
    }
    if existing > 0 {
        return Ok(format!("missions already there ({existing})"));
    }
    let companies: Vec<(i64,)> = q!(
        "SELECT o.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.cluster_id = $1 AND m.status = 'active' AND o.entity_type = 'company' ORDER BY o.id LIMIT 6",
        c.id
    )
    .all(db)
    .await?;
    let orgs: Vec<i64> = companies.into_iter().map(|(id,)| id).collect();
    if orgs.len() < 6 {
        return Ok(String::new());
    }
    let user: Option<(i64,)> = q!("SELECT id FROM users WHERE email = 'staff@bhc.demo'")
        .optional(db)
        .await?;
    let user = user.map(|u| u.0);
    let scope = staff(user, c.id);

    let boston = insert_event(db, c.id, user, &BOSTON).await?;
    register(db, c.id, boston, orgs[0], 0).await?;
    register(db, c.id, boston, orgs[1], 1).await?;
    missions::add_delegate(db, &scope, boston, orgs[2], None).await?;
    missions::save_outcome(
        db,
        &scope,
        boston,
        orgs[0],
        &outcome(
            14,
            6,
            2,
            1,
            180_000,
            "Distribution agreement under negotiation with a Boston distributor.",
        ),
    )
    .await?;
    missions::save_outcome(
        db,
        &scope,
        boston,
        orgs[1],
        &outcome(
            9,
            4,
            1,
            0,
            45_000,
            "Pilot proposal sent to a teaching hospital.",
        ),
    )
    .await?;

    let medica = insert_event(db, c.id, user, &MEDICA).await?;
    for o in &orgs[3..6] {
        missions::add_delegate(db, &scope, medica, *o, None).await?;
    }
    let stand = missions::add_stand(
        db,
        &scope,
        medica,
        &Stand {
            label: "Basque Health Pavilion".into(),
            hall: Some("Hall 13 · C45".into()),
        },
    )
    .await?;
    for (o, area, cost) in [
        (orgs[3], 1200, 480_000),
        (orgs[4], 900, 360_000),
        (orgs[5], 600, 240_000),
    ] {
        missions::set_share(
            db,
            &scope,
            medica,
            &Share {
                stand_id: stand,
                organisation_id: o,
                area_centi: area,
                cost_cents: cost,
            },
        )
        .await?;
    }
    missions::save_outcome(
        db,
        &scope,
        medica,
        orgs[3],
        &outcome(
            32,
            11,
            4,
            1,
            250_000,
            "Two distributors in Germany and Austria interested.",
        ),
    )
    .await?;
    missions::save_outcome(
        db,
        &scope,
        medica,
        orgs[4],
        &outcome(18, 5, 2, 0, 60_000, ""),
    )
    .await?;
    Ok("missions: 1 trade mission, 1 fair stand".into())
}
