//! Demo data: events. For BHC: a "BHC Gosariak" breakfast, a training with certificates and
//! approval, an online webinar, a congress with two tracks and speakers shared with CPB, a
//! mission to Boston (held in Boston's time zone) and a past workshop whose attendance is
//! already in the activity log; with a few registrations (the demo member among them).
//! Dates are relative to the day the demo is seeded. Running it again adds nothing.

use clusterhub_core::access::{ClusterRole, Principal, Scope};
use clusterhub_core::event::EventInput;
use clusterhub_core::model::Role;
use clusterhub_core::{Error, Result};
use clusterhub_db::events::{self, Registrant, SessionDraft};
use clusterhub_db::{Db, clusters, q, users};

fn in_days(days: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(days);
    clusterhub_core::parse::iso_date(d)
}

fn scope_of(cluster_id: i64, user_id: Option<i64>, role: Role, org: Option<i64>) -> Scope {
    Principal {
        user_id,
        platform_admin: false,
        roles: vec![ClusterRole {
            cluster_id,
            role,
            organisation_id: org,
        }],
    }
    .scope(cluster_id)
}

struct Demo {
    kind: &'static str,
    subtype: &'static str,
    es: &'static str,
    eu: &'static str,
    en: &'static str,
    description: &'static str,
    days: i64,
    start: &'static str,
    end: &'static str,
    zone: &'static str,
    place: &'static str,
    online: &'static str,
    capacity: &'static str,
    member_price: &'static str,
    guest_price: &'static str,
    approval: bool,
    certificate: bool,
    country: &'static str,
}

const EVENTS: &[Demo] = &[
    Demo {
        kind: "event",
        subtype: "breakfast",
        es: "BHC Gosariak: inteligencia artificial en el hospital",
        eu: "BHC Gosariak: adimen artifiziala ospitalean",
        en: "BHC Gosariak: artificial intelligence in the hospital",
        description: "Desayuno de networking con Osakidetza y empresas del clúster: casos reales de IA en diagnóstico por imagen.",
        days: 10,
        start: "08:30",
        end: "10:00",
        zone: "Europe/Madrid",
        place: "Bilbao, Bizkaia Aretoa",
        online: "",
        capacity: "30",
        member_price: "0",
        guest_price: "15",
        approval: false,
        certificate: false,
        country: "",
    },
    Demo {
        kind: "training",
        subtype: "course",
        es: "Curso MDR/IVDR: requisitos para fabricantes",
        eu: "MDR/IVDR ikastaroa: fabrikatzaileentzako eskakizunak",
        en: "MDR/IVDR course: requirements for manufacturers",
        description: "Cinco horas sobre clasificación, documentación técnica y vigilancia poscomercialización. Certificado de asistencia.",
        days: 21,
        start: "09:00",
        end: "14:00",
        zone: "Europe/Madrid",
        place: "Donostia, Miramar Jauregia",
        online: "",
        capacity: "20",
        member_price: "90",
        guest_price: "180",
        approval: true,
        certificate: true,
        country: "",
    },
    Demo {
        kind: "training",
        subtype: "webinar",
        es: "Webinar: financiación europea EU4Health 2027",
        eu: "Webinarra: EU4Health 2027 Europako finantzaketa",
        en: "Webinar: EU4Health 2027 European funding",
        description: "Convocatorias abiertas, plazos y consejos para consorcios.",
        days: 5,
        start: "11:00",
        end: "12:00",
        zone: "Europe/Madrid",
        place: "",
        online: "https://meet.example.org/bhc-eu4health",
        capacity: "",
        member_price: "",
        guest_price: "",
        approval: false,
        certificate: false,
        country: "",
    },
    Demo {
        kind: "event",
        subtype: "conference",
        es: "Congreso BHC de innovación en salud",
        eu: "BHC Osasun Berrikuntzako Biltzarra",
        en: "BHC Health Innovation Congress",
        description: "Dos itinerarios: salud digital y tecnología médica. Abierto a los socios de la Communauté Pays Basque.",
        days: 45,
        start: "09:00",
        end: "18:00",
        zone: "Europe/Madrid",
        place: "Donostia, Kursaal",
        online: "",
        capacity: "200",
        member_price: "60",
        guest_price: "150",
        approval: false,
        certificate: false,
        country: "",
    },
    Demo {
        kind: "mission",
        subtype: "direct",
        es: "Misión comercial a Boston (MedTech)",
        eu: "Merkataritza-misioa Bostonera (MedTech)",
        en: "Trade mission to Boston (MedTech)",
        description: "Visitas a hospitales y aceleradoras del área de Boston. Horario local de Boston.",
        days: 60,
        start: "09:00",
        end: "17:00",
        zone: "America/New_York",
        place: "Boston, MA",
        online: "",
        capacity: "12",
        member_price: "450",
        guest_price: "",
        approval: true,
        certificate: false,
        country: "US",
    },
    Demo {
        kind: "training",
        subtype: "workshop",
        es: "Taller de ciberseguridad en dispositivos médicos",
        eu: "Gailu medikoen zibersegurtasun tailerra",
        en: "Medical device cybersecurity workshop",
        description: "Taller práctico sobre la norma IEC 81001-5-1.",
        days: 2,
        start: "15:00",
        end: "18:00",
        zone: "Europe/Madrid",
        place: "Vitoria-Gasteiz, BIC Araba",
        online: "",
        capacity: "25",
        member_price: "40",
        guest_price: "80",
        approval: false,
        certificate: true,
        country: "",
    },
];

pub async fn seed(db: &Db) -> Result<String> {
    let Ok(bhc) = clusters::by_slug(db, "bhc").await else {
        return Ok(String::new());
    };
    let staff = users::by_email(db, "staff@bhc.demo").await?.map(|u| u.id);
    let scope = scope_of(bhc.id, staff, Role::Staff, None);
    let mut created = 0;
    let mut registered = 0;
    for d in EVENTS {
        let input = EventInput {
            kind: d.kind.into(),
            subtype: d.subtype.into(),
            title_es: d.es.into(),
            title_eu: d.eu.into(),
            title_en: d.en.into(),
            description_es: d.description.into(),
            start_date: in_days(d.days),
            start_time: d.start.into(),
            end_time: d.end.into(),
            time_zone: d.zone.into(),
            place: d.place.into(),
            online_url: d.online.into(),
            capacity: d.capacity.into(),
            member_price: d.member_price.into(),
            guest_price: d.guest_price.into(),
            requires_approval: d.approval,
            open_to_guests: true,
            certificate: d.certificate,
            target_country: d.country.into(),
            published: true,
            ..Default::default()
        };
        let draft = input.parse("es")?;
        let exists = q!(
            "SELECT COUNT(*) FROM events WHERE cluster_id = $1 AND title = $2",
            bhc.id,
            draft.title.to_json()
        )
        .int(db)
        .await?;
        if exists > 0 {
            continue;
        }
        let id = events::create(db, &scope, &draft).await?;
        created += 1;
        registered += extras(db, &scope, bhc.id, id, d).await?;
    }
    if created == 0 {
        return Ok(String::new());
    }
    Ok(format!(
        "{created} events, {registered} registrations (BHC calendar at /c/bhc/events)"
    ))
}

/// (track, title, start, end, speakers as (name, affiliation))
type DemoSession = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Sessions, sharing and registrations per demo event.
async fn extras(db: &Db, scope: &Scope, cluster_id: i64, id: i64, d: &Demo) -> Result<usize> {
    let guests: &[(&str, &str, &str)] = &[
        ("Ane Etxeberria", "ane.etxeberria@osatek.example", "Osatek"),
        (
            "Jon Agirre",
            "jon.agirre@biodonostia.example",
            "Biodonostia",
        ),
        ("Miren Ibarra", "miren.ibarra@tecnalia.example", "Tecnalia"),
    ];
    let mut n = 0;
    if d.subtype == "conference" {
        let day = in_days(d.days);
        let tz = clusterhub_core::event::Zone::parse("zone", d.zone)
            .map_err(|f| Error::Validation(vec![f]))?;
        let at = |hm: &str| -> Result<String> {
            let date = clusterhub_core::parse::parse_date("date", &day)
                .map_err(|f| Error::Validation(vec![f]))?;
            let t = clusterhub_core::event::parse_time("time", hm)
                .map_err(|f| Error::Validation(vec![f]))?;
            Ok(clusterhub_core::parse::stamp(
                tz.to_utc(time::PrimitiveDateTime::new(date, t)),
            ))
        };
        let sessions: &[DemoSession] = &[
            (
                "",
                "Apertura",
                "09:00",
                "09:30",
                &[("Ane Etxeberria", "Basque Health Cluster")],
            ),
            (
                "Salud digital",
                "IA clínica: de la prueba de concepto a la práctica",
                "09:45",
                "11:00",
                &[
                    ("Itziar Larrañaga", "Osakidetza"),
                    ("Pierre Duhalde", "CHU Bordeaux"),
                ],
            ),
            (
                "Salud digital",
                "Espacio europeo de datos sanitarios",
                "11:30",
                "12:30",
                &[("Mikel Urrutia", "Vicomtech")],
            ),
            (
                "Tecnología médica",
                "Fabricación aditiva de implantes",
                "09:45",
                "11:00",
                &[("Leire Zubizarreta", "Tecnalia")],
            ),
            (
                "Tecnología médica",
                "Acceso al mercado en Estados Unidos",
                "11:30",
                "12:30",
                &[("Sarah Miller", "MassMedic")],
            ),
        ];
        for (track, title, s, e, speakers) in sessions {
            events::add_session(
                db,
                scope,
                id,
                &SessionDraft {
                    track: track.to_string(),
                    title: clusterhub_core::MultiText::new().with("es", title),
                    starts_at: at(s)?,
                    ends_at: at(e)?,
                    room: None,
                    speakers: speakers
                        .iter()
                        .map(|(n, a)| (n.to_string(), Some(a.to_string())))
                        .collect(),
                },
            )
            .await?;
        }
        events::set_share(db, scope, id, "cpb", true).await?;
    }
    let public = Principal::anonymous().scope(cluster_id);
    let count = match d.subtype {
        "breakfast" | "conference" | "workshop" => 3,
        "course" => 1,
        _ => 0,
    };
    for (name, email, org) in guests.iter().take(count) {
        events::register(
            db,
            &public,
            id,
            &Registrant {
                user_id: None,
                person_id: None,
                organisation_id: None,
                name: name.to_string(),
                email: email.to_string(),
                organisation_name: Some(org.to_string()),
                locale: "es".into(),
                audience: "guest",
            },
        )
        .await?;
        n += 1;
    }
    // The demo member is registered for the breakfast and the congress.
    if matches!(d.subtype, "breakfast" | "conference")
        && let Some(u) = users::by_email(db, "member@bhc.demo").await?
    {
        let org: Option<(Option<i64>,)> = q!(
            "SELECT organisation_id FROM user_roles WHERE user_id = $1 AND cluster_id = $2",
            u.id,
            cluster_id
        )
        .optional(db)
        .await?;
        let org = org.and_then(|o| o.0);
        let org_name = match org {
            Some(o) => Some(clusterhub_db::organisations::by_id(db, o).await?.name),
            None => None,
        };
        let member = scope_of(cluster_id, Some(u.id), Role::Member, org);
        events::register(
            db,
            &member,
            id,
            &Registrant {
                user_id: Some(u.id),
                person_id: None,
                organisation_id: org,
                name: u.name.clone(),
                email: u.email.clone(),
                organisation_name: org_name,
                locale: u.locale.clone().unwrap_or_else(|| "es".into()),
                audience: if org.is_some() { "member" } else { "guest" },
            },
        )
        .await?;
        n += 1;
    }
    // The workshop took place last month: people were checked in, certificates can be
    // printed and the attendance is in the activity log.
    if d.subtype == "workshop" {
        for r in events::registrations(db, scope, id, "").await? {
            events::check_in(db, scope, id, r.id).await?;
        }
        // Same local hours, 32 days ago (whatever the clocks did in between).
        let tz = clusterhub_core::event::Zone::parse("zone", d.zone)
            .map_err(|f| Error::Validation(vec![f]))?;
        let day = clusterhub_core::parse::parse_date("date", &in_days(-32))
            .map_err(|f| Error::Validation(vec![f]))?;
        let local = |hm: &str| -> Result<String> {
            let t = clusterhub_core::event::parse_time("time", hm)
                .map_err(|f| Error::Validation(vec![f]))?;
            Ok(clusterhub_core::parse::stamp(
                tz.to_utc(time::PrimitiveDateTime::new(day, t)),
            ))
        };
        q!(
            "UPDATE events SET starts_at = $2, ends_at = $3 WHERE id = $1",
            id,
            local(d.start)?,
            local(d.end)?
        )
        .run(db)
        .await?;
        events::close_attendance(db, scope, id).await?;
    }
    Ok(n)
}
