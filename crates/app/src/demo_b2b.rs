//! Demo data: a B2B brokerage event of the Basque Health Cluster ("BHC B2B: hospitals meet
//! industry") with twelve participants: the member user of the demo (member@bhc.demo), a
//! research-centre user (research@bhc.demo, created here) and ten registrants without a login,
//! with profiles, marketplace items, requests in every state, slots and tables, and some
//! participants unavailable in some slots. The schedule is left for the organiser to run.

use clusterhub_core::access::Principal;
use clusterhub_core::b2b::{ItemInput, RequestStatus, SlotPlan};
use clusterhub_core::event::zone::Zone;
use clusterhub_core::model::Role;
use clusterhub_core::{Error, Result};
use clusterhub_db::{Db, b2b, clusters, q, users};

pub const RESEARCH_USER: &str = "research@bhc.demo";
const TITLE: &str = r#"{"es":"BHC B2B: hospitales y empresas","eu":"BHC B2B: ospitaleak eta industria","en":"BHC B2B: hospitals meet industry","fr":"BHC B2B : les hôpitaux rencontrent l'industrie"}"#;

/// Registrants without a login: name, profile, keywords, an item (kind, title).
const GUESTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Amaia Etxeberria",
        "Procurement of medical devices for a network of public hospitals; looking for innovative suppliers.",
        "procurement hospitals devices",
        "request",
        "Remote monitoring of chronic patients",
    ),
    (
        "Iñigo Zubiaurre",
        "We design and manufacture surgical instruments and single-use kits.",
        "surgery manufacturing kits",
        "offer",
        "Custom single-use surgical kits",
    ),
    (
        "Leire Mendizabal",
        "Clinical trials unit: we run phase I–IV trials and need recruitment partners.",
        "trials research",
        "cooperation",
        "Joint recruitment for multicentre trials",
    ),
    (
        "Joseba Aguirre",
        "Software for hospital logistics, sterilisation tracking and RFID.",
        "software logistics rfid",
        "offer",
        "Sterilisation tracking with RFID",
    ),
    (
        "Nerea Urkiola",
        "Start-up in AI-assisted radiology triage.",
        "ai imaging radiology",
        "offer",
        "AI triage for chest X-rays",
    ),
    (
        "Xabier Olaizola",
        "Hospital innovation office: pilots of new technologies with clinicians.",
        "innovation pilots hospitals",
        "request",
        "Pilots for fall prevention in wards",
    ),
    (
        "Maite Gorostiaga",
        "Contract manufacturer of electronic medical devices (ISO 13485).",
        "electronics manufacturing iso13485",
        "offer",
        "Small-series electronic assembly",
    ),
    (
        "Unai Bengoetxea",
        "Telemedicine platform for primary care and nursing homes.",
        "telemedicine primary-care",
        "cooperation",
        "Integration with hospital EHRs",
    ),
    (
        "Garazi Lasa",
        "Biomaterials for bone regeneration, looking for clinical validation.",
        "biomaterials orthopaedics",
        "request",
        "Clinical validation partner for bone grafts",
    ),
    (
        "Aitor Larrañaga",
        "Regulatory consultancy for the MDR and IVDR.",
        "regulatory mdr ivdr",
        "offer",
        "MDR gap analysis",
    ),
];

async fn org_name(db: &Db, id: i64) -> Result<String> {
    let (n,): (String,) = q!("SELECT name FROM organisations WHERE id = $1", id)
        .one(db)
        .await?;
    Ok(n)
}

pub async fn seed(db: &Db) -> Result<String> {
    let Ok(c) = clusters::by_slug(db, "bhc").await else {
        return Ok(String::new());
    };
    let done = q!(
        "SELECT COUNT(*) FROM events WHERE cluster_id = $1 AND b2b AND title LIKE '%hospitals meet industry%'",
        c.id
    )
    .int(db)
    .await?;
    if done > 0 {
        return Ok("bhc: B2B event already seeded".into());
    }
    // The demo's member user and the organisation it acts for.
    let Some(member) = users::by_email(db, "member@bhc.demo").await? else {
        return Ok(String::new());
    };
    let (member_org,): (Option<i64>,) = q!(
        "SELECT organisation_id FROM user_roles WHERE user_id = $1 AND cluster_id = $2",
        member.id,
        c.id
    )
    .one(db)
    .await?;
    let member_org =
        member_org.ok_or_else(|| Error::Internal("member@bhc.demo has no organisation".into()))?;
    // Active members of BHC only, research centres first, for the research user and the guests.
    let orgs: Vec<(i64, String)> = q!(
        "SELECT o.id, o.entity_type FROM organisations o JOIN memberships m ON m.organisation_id = o.id AND m.cluster_id = $1 AND m.status = 'active'
         WHERE o.id <> $2 ORDER BY CASE WHEN o.entity_type = 'research_centre' THEN 0 ELSE 1 END, o.id",
        c.id,
        member_org
    )
    .all(db)
    .await?;
    if orgs.len() < GUESTS.len() + 1 {
        return Ok(String::new());
    }
    let research_org = orgs[0].0;
    // The research-centre user, made as the demo makes its other users.
    let hash = clusterhub_web::auth::hash_password(crate::demo::PASSWORD)?;
    let mut tx = db.begin().await?;
    let research = users::upsert(&mut tx, RESEARCH_USER, "Mikel Arana", &hash, false).await?;
    users::set_role(&mut tx, research, c.id, Role::Member, Some(research_org)).await?;
    tx.commit().await?;

    let zone = Zone::parse("time_zone", "Europe/Madrid").map_err(|e| Error::Validation(vec![e]))?;
    let day = |h: &str| {
        clusterhub_core::b2b::parse_local(&format!("2026-12-10T{h}"))
            .map(|l| clusterhub_core::parse::stamp(zone.to_utc(l)))
            .ok_or_else(|| Error::Internal("demo date".into()))
    };
    let event = b2b::create_event(
        db,
        c.id,
        TITLE,
        &day("09:00")?,
        &day("14:00")?,
        "Europe/Madrid",
        Some("Bilbao Exhibition Centre"),
    )
    .await?;

    let mut participants = Vec::new();
    let reg = b2b::register(
        db,
        event,
        c.id,
        Some(member.id),
        Some(member_org),
        &member.name,
        &member.email,
        &org_name(db, member_org).await?,
    )
    .await?;
    participants.push(
        b2b::seed_participant(
            db,
            reg,
            "We develop home-care devices and want to meet hospitals and research centres to pilot them.",
            "home-care devices pilots",
            true,
        )
        .await?,
    );
    let reg = b2b::register(
        db,
        event,
        c.id,
        Some(research),
        Some(research_org),
        "Mikel Arana",
        RESEARCH_USER,
        &org_name(db, research_org).await?,
    )
    .await?;
    participants.push(
        b2b::seed_participant(
            db,
            reg,
            "Research centre in biomedical engineering: we look for companies to take our prototypes to market.",
            "research prototypes transfer",
            true,
        )
        .await?,
    );
    for (i, (name, profile, tags, kind, item)) in GUESTS.iter().enumerate() {
        let org = orgs[i + 1].0;
        let email = format!(
            "{}@b2b.bhc.demo",
            name.split(' ').next().unwrap_or("guest").to_lowercase()
        );
        let reg = b2b::register(
            db,
            event,
            c.id,
            None,
            Some(org),
            name,
            &email,
            &org_name(db, org).await?,
        )
        .await?;
        let p = b2b::seed_participant(db, reg, profile, tags, true).await?;
        let input = ItemInput::parse(kind, item, "").map_err(Error::Validation)?;
        b2b::seed_item(db, p, &input).await?;
        participants.push(p);
    }
    let offer = ItemInput::parse(
        "offer",
        "Home-care monitoring kit for pilots",
        "Sensors, tablet and nurse dashboard.",
    )
    .map_err(Error::Validation)?;
    b2b::seed_item(db, participants[0], &offer).await?;
    let coop = ItemInput::parse(
        "cooperation",
        "Joint EU project on rehabilitation robotics",
        "",
    )
    .map_err(Error::Validation)?;
    b2b::seed_item(db, participants[1], &coop).await?;

    // Requests among the guests in every state, and one to the member user.
    let g = |i: usize| participants[i + 2];
    let mut n = 0;
    for (from, to, status, stars) in [
        (g(0), g(1), RequestStatus::Accepted, (true, true)),
        (g(0), g(3), RequestStatus::Accepted, (false, false)),
        (g(2), g(0), RequestStatus::Accepted, (true, false)),
        (g(4), g(5), RequestStatus::Accepted, (false, false)),
        (g(5), g(6), RequestStatus::Accepted, (false, false)),
        (g(7), g(8), RequestStatus::Accepted, (false, true)),
        (g(9), g(2), RequestStatus::Declined, (false, false)),
        (g(1), g(7), RequestStatus::Pending, (false, false)),
        (
            g(3),
            participants[0],
            RequestStatus::Pending,
            (false, false),
        ),
    ] {
        b2b::seed_request(
            db,
            from,
            to,
            "We would like to present our work and explore a collaboration.",
            status,
            stars,
        )
        .await?;
        n += 1;
    }

    // Eight slots of 20 minutes from 09:30, five tables each.
    let admin = Principal {
        platform_admin: true,
        ..Default::default()
    };
    let a = b2b::access(db, &admin.scope(c.id), event).await?;
    let plan =
        SlotPlan::parse("2026-12-10T09:30", "8", "20", "5", "5").map_err(Error::Validation)?;
    let slots: Vec<(String, String)> = plan
        .slots()
        .into_iter()
        .map(|(s, e)| {
            (
                clusterhub_core::parse::stamp(zone.to_utc(s)),
                clusterhub_core::parse::stamp(zone.to_utc(e)),
            )
        })
        .collect();
    b2b::replace_slots(db, &a, &slots, 5).await?;
    let slot_ids: Vec<i64> = b2b::slots(db, &a).await?.iter().map(|s| s.id).collect();
    // Some guests leave early or arrive late.
    for s in &slot_ids[6..] {
        b2b::seed_unavailable(db, g(4), *s).await?;
    }
    b2b::seed_unavailable(db, g(7), slot_ids[0]).await?;
    Ok(format!(
        "bhc: B2B event with {} participants and {n} meeting requests",
        participants.len()
    ))
}
