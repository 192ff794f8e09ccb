//! Demo service desk: each cluster's catalogue of services in its languages, its desk address
//! (desk@<slug>.demo), a partner user for BHC acting for one of its technology centres
//! (partner-tc@bhc.demo), and a deterministic history of requests from 2025 to today: threads
//! between members and staff, some handed to the partner, most closed with an outcome (their
//! support activities in the log) and a rating, some still open and past their due time.
//!
//! The requests go through the desk's own repository functions, so the demo holds exactly what
//! the application would have written. A cluster that already has requests keeps them: running
//! the demo again changes nothing.

use crate::demo::Rng;
use clusterhub_core::access::{ClusterRole, Principal, Scope};
use clusterhub_core::desk::{CloseInput, RequestInput, ServiceInput};
use clusterhub_core::model::Role;
use clusterhub_core::{MultiText, Result};
use clusterhub_db::desk::{self, Origin, TriageDraft};
use clusterhub_db::{Db, clusters, q, users};
use time::{Date, Duration, Month, OffsetDateTime, Time};

/// Name and description of a service area in es, eu, en, fr.
struct AreaText {
    area: &'static str,
    name: [&'static str; 4],
    description: [&'static str; 4],
}

const AREAS: &[AreaText] = &[
    AreaText {
        area: "regulatory",
        name: [
            "Asesoría regulatoria (MDR/IVDR)",
            "Arauzko aholkularitza (MDR/IVDR)",
            "Regulatory advice (MDR/IVDR)",
            "Conseil réglementaire (MDR/IVDR)",
        ],
        description: [
            "Clasificación de productos, marcado CE, organismos notificados, documentación técnica y vigilancia poscomercialización.",
            "Produktuen sailkapena, CE marka, erakunde jakinaraziak, dokumentazio teknikoa eta merkaturatze osteko zaintza.",
            "Device classification, CE marking, notified bodies, technical documentation and post-market surveillance.",
            "Classification des dispositifs, marquage CE, organismes notifiés, documentation technique et surveillance après commercialisation.",
        ],
    },
    AreaText {
        area: "funding",
        name: [
            "Búsqueda de financiación",
            "Finantzaketa bilatzea",
            "Finding funding",
            "Recherche de financements",
        ],
        description: [
            "Ayudas públicas, convocatorias europeas, inversores y rondas: qué encaja con tu proyecto y cómo presentarlo.",
            "Laguntza publikoak, Europako deialdiak, inbertitzaileak eta txandak: zer datorren bat zure proiektuarekin eta nola aurkeztu.",
            "Public grants, European calls, investors and rounds: what fits your project and how to present it.",
            "Aides publiques, appels européens, investisseurs et levées : ce qui convient à votre projet et comment le présenter.",
        ],
    },
    AreaText {
        area: "talent",
        name: [
            "Talento y formación",
            "Talentua eta prestakuntza",
            "Talent and training",
            "Talents et formation",
        ],
        description: [
            "Perfiles difíciles de cubrir, prácticas, formación continua y atracción de talento internacional.",
            "Betetzen zailak diren profilak, praktikak, etengabeko prestakuntza eta nazioarteko talentua erakartzea.",
            "Hard-to-fill profiles, internships, continuous training and international talent attraction.",
            "Profils difficiles à pourvoir, stages, formation continue et attraction de talents internationaux.",
        ],
    },
    AreaText {
        area: "internationalisation",
        name: [
            "Internacionalización",
            "Nazioartekotzea",
            "Internationalisation",
            "Développement international",
        ],
        description: [
            "Mercados objetivo, misiones y ferias, socios en el extranjero y requisitos de acceso a mercado.",
            "Xede-merkatuak, misioak eta azokak, atzerriko bazkideak eta merkatura sartzeko baldintzak.",
            "Target markets, missions and fairs, partners abroad and market-access requirements.",
            "Marchés cibles, missions et salons, partenaires à l’étranger et conditions d’accès au marché.",
        ],
    },
    AreaText {
        area: "commercialisation",
        name: [
            "Primera venta y compra pública",
            "Lehen salmenta eta erosketa publikoa",
            "First sale and public procurement",
            "Première vente et achat public",
        ],
        description: [
            "Validación con hospitales, compra pública innovadora, licitaciones y acceso al sistema de salud.",
            "Ospitaleekin baliozkotzea, erosketa publiko berritzailea, lizitazioak eta osasun-sistemarako sarbidea.",
            "Validation with hospitals, innovative public procurement, tenders and access to the health system.",
            "Validation avec les hôpitaux, achat public innovant, appels d’offres et accès au système de santé.",
        ],
    },
    AreaText {
        area: "data",
        name: [
            "Acceso a datos y biomuestras",
            "Datuetarako eta biolaginetarako sarbidea",
            "Access to data and biosamples",
            "Accès aux données et aux échantillons",
        ],
        description: [
            "Biobancos, cohortes, datos clínicos e imagen: a quién pedirlos y con qué requisitos éticos y legales.",
            "Biobankuak, kohorteak, datu klinikoak eta irudiak: nori eskatu eta zein baldintza etiko eta legalekin.",
            "Biobanks, cohorts, clinical data and imaging: whom to ask and under which ethical and legal conditions.",
            "Biobanques, cohortes, données cliniques et imagerie : à qui les demander et à quelles conditions éthiques et juridiques.",
        ],
    },
    AreaText {
        area: "other",
        name: [
            "Otras consultas",
            "Bestelako kontsultak",
            "Other questions",
            "Autres questions",
        ],
        description: [
            "Cualquier otra necesidad: el equipo la estudia y la deriva a quien mejor pueda ayudar.",
            "Beste edozein behar: taldeak aztertu eta laguntzeko egokiena denari bideratzen dio.",
            "Anything else: staff look into it and refer it to whoever can help best.",
            "Tout autre besoin : l’équipe l’étudie et l’oriente vers qui peut le mieux aider.",
        ],
    },
];

/// A cluster's desk: service codes and answer times (hours) per area, languages, requests.
struct DeskSpec {
    slug: &'static str,
    /// Indexes into [es, eu, en, fr] of the languages the catalogue is written in.
    langs: &'static [usize],
    /// (area, code, SLA hours)
    services: &'static [(&'static str, &'static str, i64)],
    requests: usize,
    seed: u64,
}

const DESKS: &[DeskSpec] = &[
    DeskSpec {
        slug: "bhc",
        langs: &[0, 1, 2],
        services: &[
            ("regulatory", "mdr-ivdr", 72),
            ("funding", "funding", 120),
            ("talent", "talent", 72),
            ("internationalisation", "international", 120),
            ("commercialisation", "first-sale", 120),
            ("data", "data-biobanks", 168),
            ("other", "other", 48),
        ],
        requests: 30,
        seed: 0x0de5_c0de_0001,
    },
    DeskSpec {
        slug: "cpb",
        langs: &[3, 1, 0],
        services: &[
            ("regulatory", "reglementaire", 96),
            ("funding", "financement", 120),
            ("internationalisation", "international", 120),
            ("commercialisation", "achat-public", 120),
            ("other", "other", 72),
        ],
        requests: 10,
        seed: 0x0de5_c0de_0002,
    },
    DeskSpec {
        slug: "gnp",
        langs: &[0, 2],
        services: &[
            ("regulatory", "regulatorio", 96),
            ("funding", "financiacion", 120),
            ("talent", "talento", 96),
            ("data", "biobancos", 168),
            ("other", "other", 72),
        ],
        requests: 8,
        seed: 0x0de5_c0de_0003,
    },
];

const LANGS: [&str; 4] = ["es", "eu", "en", "fr"];

/// What members ask, per area: subject and first message, in Spanish and in French.
fn asks(area: &str, fr: bool) -> &'static [(&'static str, &'static str)] {
    match (area, fr) {
        ("regulatory", false) => &[
            (
                "Clasificación de nuestro software de triaje según MDR",
                "Estamos desarrollando un software que prioriza pacientes en urgencias. ¿Sería clase IIa o IIb según la regla 11? Necesitamos saberlo para elegir organismo notificado.",
            ),
            (
                "Transición de un reactivo IVD a IVDR",
                "Tenemos un reactivo comercializado con la directiva antigua. ¿Qué plazos y qué documentación nos pide el IVDR para mantenerlo en el mercado?",
            ),
            (
                "Organismo notificado con plazos razonables",
                "Nuestro organismo notificado nos da más de 18 meses para la auditoría. ¿Conocéis alternativas con plazos más cortos para clase IIa?",
            ),
        ],
        ("funding", false) => &[
            (
                "Convocatoria para validar un prototipo en hospital",
                "Buscamos financiación para validar nuestro dispositivo en un hospital de Osakidetza durante 2026. ¿Qué convocatorias encajan?",
            ),
            (
                "Preparar una ronda semilla",
                "Queremos levantar 1,5 M€ el próximo año. ¿Podéis ponernos en contacto con inversores especializados en salud?",
            ),
            (
                "EIC Accelerator: ¿merece la pena?",
                "Nos planteamos presentar al EIC Accelerator. ¿Nos podéis orientar sobre si nuestro proyecto tiene opciones y cómo prepararlo?",
            ),
        ],
        ("talent", false) => &[
            (
                "Perfil de ingeniero de calidad y asuntos regulatorios",
                "Llevamos meses buscando un perfil de calidad con experiencia en ISO 13485. ¿Tenéis contactos o bolsas de empleo recomendadas?",
            ),
            (
                "Formación en ciberseguridad de dispositivos",
                "Nos gustaría formar a dos personas del equipo en ciberseguridad de productos sanitarios. ¿Hay algún curso del clúster o de socios?",
            ),
        ],
        ("internationalisation", false) => &[
            (
                "Entrada en el mercado alemán",
                "Queremos empezar a vender en Alemania. ¿Qué requisitos de reembolso hay y conocéis distribuidores del sector?",
            ),
            (
                "Misión comercial a Estados Unidos",
                "Nos interesa la misión a Boston. ¿Qué perfil de empresas participa y qué apoyo ofrecéis para preparar las reuniones?",
            ),
        ],
        ("commercialisation", false) => &[
            (
                "Compra pública innovadora en Osakidetza",
                "Osakidetza ha publicado una consulta preliminar al mercado sobre monitorización domiciliaria. ¿Cómo podemos participar?",
            ),
            (
                "Primera venta a un hospital privado",
                "Tenemos un primer hospital interesado. ¿Nos ayudáis a preparar la propuesta y el modelo de precio?",
            ),
        ],
        ("data", false) => &[
            (
                "Acceso a muestras del biobanco para validación",
                "Necesitamos 200 muestras de suero para validar un test. ¿Qué procedimiento sigue el biobanco y cuánto tarda el comité de ética?",
            ),
            (
                "Datos de imagen para entrenar un algoritmo",
                "Buscamos imágenes de resonancia anonimizadas para entrenar un modelo. ¿Qué vías hay para acceder a ellas?",
            ),
        ],
        (_, false) => &[(
            "Contacto con otro socio del clúster",
            "Queremos colaborar con una empresa de impresión 3D del clúster. ¿Nos podéis presentar?",
        )],
        ("regulatory", true) => &[
            (
                "Classification d’un logiciel de suivi à domicile",
                "Notre logiciel suit des patients chroniques à domicile. Relève-t-il de la classe IIa selon la règle 11 ? Nous devons choisir un organisme notifié.",
            ),
            (
                "Passage au règlement IVDR",
                "Nous commercialisons un réactif sous l’ancienne directive. Quels délais et quels documents pour rester sur le marché ?",
            ),
        ],
        ("funding", true) => &[
            (
                "Financer une étude clinique",
                "Nous cherchons un financement pour une étude clinique multicentrique en 2026. Quels dispositifs régionaux ou européens conviennent ?",
            ),
            (
                "Préparer une levée d’amorçage",
                "Nous voulons lever 1 M€ l’an prochain. Pouvez-vous nous présenter des investisseurs spécialisés en santé ?",
            ),
        ],
        ("internationalisation", true) => &[(
            "Accès au marché espagnol",
            "Nous souhaitons vendre en Espagne. Quels sont les circuits d’achat des hôpitaux et connaissez-vous des distributeurs ?",
        )],
        ("commercialisation", true) => &[(
            "Répondre à un appel d’offres hospitalier",
            "Un CHU publie un appel d’offres pour des dispositifs de télésurveillance. Pouvez-vous nous aider à préparer notre réponse ?",
        )],
        (_, true) => &[(
            "Mise en relation avec un adhérent",
            "Nous aimerions travailler avec un laboratoire du cluster spécialisé en biomatériaux. Pouvez-vous nous présenter ?",
        )],
    }
}

/// Staff answers and member follow-ups, in Spanish and in French.
const ANSWER: [&str; 2] = [
    "Gracias por la consulta. Os enviamos una primera orientación y un par de contactos; si os encaja, organizamos una reunión esta semana.",
    "Merci pour votre demande. Voici une première orientation et deux contacts ; si cela vous convient, nous organisons un échange cette semaine.",
];
const FOLLOW_UP: [&str; 2] = [
    "Muchas gracias. Nos viene muy bien; os confirmamos disponibilidad para la reunión.",
    "Merci beaucoup, c’est très utile ; nous vous confirmons nos disponibilités.",
];
const NOTE: [&str; 2] = [
    "Nota interna: hablar con el centro tecnológico antes de responder; ya trabajó con esta empresa.",
    "Note interne : voir d’abord avec le partenaire qui a déjà accompagné cette entreprise.",
];
const PARTNER_ANSWER: &str = "Desde el centro tecnológico podemos hacer los ensayos de verificación; os enviamos propuesta y calendario.";
const CLOSE_NOTE: [&str; 2] = [
    "Cerramos la solicitud con la orientación enviada y el contacto realizado. Cualquier cosa, abrid una nueva.",
    "Nous clôturons la demande après l’orientation et la mise en relation. N’hésitez pas à en ouvrir une nouvelle.",
];

/// Seeds the desks of the three demo clusters; returns a one-line summary.
pub async fn seed(db: &Db) -> Result<String> {
    let now = OffsetDateTime::now_utc();
    let mut summary = Vec::new();
    for spec in DESKS {
        let Ok(c) = clusters::by_slug(db, spec.slug).await else {
            continue;
        };
        let staff = staff_scope(db, c.id, spec.slug).await?;
        seed_catalogue(db, &staff, spec).await?;
        let partner = if spec.slug == "bhc" {
            partner_user(db, c.id).await?
        } else {
            None
        };
        let existing = q!("SELECT COUNT(*) FROM requests WHERE cluster_id = $1", c.id)
            .int(db)
            .await?;
        if existing > 0 {
            summary.push(format!(
                "{}: desk already there ({existing} requests)",
                spec.slug
            ));
            continue;
        }
        let n = seed_requests(db, c.id, spec, &staff, partner, now).await?;
        summary.push(format!("{}: {n} desk requests", spec.slug));
    }
    Ok(summary.join("; "))
}

async fn seed_catalogue(db: &Db, staff: &Scope, spec: &DeskSpec) -> Result<()> {
    let mut tx = db.begin().await?;
    for (i, (area, code, sla)) in spec.services.iter().enumerate() {
        let Some(text) = AREAS.iter().find(|a| a.area == *area) else {
            continue;
        };
        let mut name = MultiText::new();
        let mut description = MultiText::new();
        for l in spec.langs {
            name.set(LANGS[*l], text.name[*l]);
            description.set(LANGS[*l], text.description[*l]);
        }
        let draft = ServiceInput {
            code: code.to_string(),
            area: area.to_string(),
            name,
            description,
            sla_hours: sla.to_string(),
            active: true,
            position: i.to_string(),
        }
        .parse()?;
        desk::save_service_in(&mut tx, staff, &draft).await?;
    }
    q!(
        "UPDATE clusters SET desk_email = $1 WHERE id = $2 AND desk_email IS NULL",
        format!("desk@{}.demo", spec.slug),
        staff.cluster_id()
    )
    .run(&mut tx)
    .await?;
    tx.commit().await
}

/// The cluster's demo staff user acting, or staff rights without a user.
async fn staff_scope(db: &Db, cluster_id: i64, slug: &str) -> Result<Scope> {
    let user = users::by_email(db, &format!("staff@{slug}.demo")).await?;
    Ok(Principal {
        user_id: user.map(|u| u.id),
        platform_admin: false,
        roles: vec![ClusterRole {
            cluster_id,
            role: Role::Staff,
            organisation_id: None,
        }],
    }
    .scope(cluster_id))
}

/// partner-tc@bhc.demo, acting for BHC's first technology centre; its organisation id.
async fn partner_user(db: &Db, cluster_id: i64) -> Result<Option<i64>> {
    let org: Option<(i64, String)> = q!(
        "SELECT o.id, o.name FROM organisations o JOIN memberships m ON m.organisation_id = o.id
         WHERE m.cluster_id = $1 AND m.status = 'active' AND o.entity_type = 'technology_centre'
         ORDER BY o.id LIMIT 1",
        cluster_id
    )
    .optional(db)
    .await?;
    let Some((org, name)) = org else {
        return Ok(None);
    };
    // The demo password's hash, as the other demo users have it (hashing again is slow).
    let hash: Option<(String,)> =
        q!("SELECT password_hash FROM users WHERE email = 'member@bhc.demo'")
            .optional(db)
            .await?;
    let Some((hash,)) = hash else {
        return Ok(None);
    };
    let mut tx = db.begin().await?;
    let existing: Option<(i64,)> = q!("SELECT id FROM users WHERE email = 'partner-tc@bhc.demo'")
        .optional(&mut tx)
        .await?;
    let uid = match existing {
        Some((id,)) => id,
        None => users::upsert(&mut tx, "partner-tc@bhc.demo", &name, &hash, false).await?,
    };
    users::set_role(&mut tx, uid, cluster_id, Role::Partner, Some(org)).await?;
    tx.commit().await?;
    Ok(Some(org))
}

/// Who writes for a member organisation: its member user when it has one (member@bhc.demo),
/// else the organisation without a user account, with a contact's address.
async fn member_scope(db: &Db, cluster_id: i64, org: i64) -> Result<(Scope, Option<String>)> {
    let user: Option<(i64,)> = q!(
        "SELECT user_id FROM user_roles WHERE cluster_id = $1 AND organisation_id = $2 AND role = 'member' ORDER BY user_id LIMIT 1",
        cluster_id,
        org
    )
    .optional(db)
    .await?;
    let email: Option<(Option<String>,)> = q!(
        "SELECT p.email FROM people p JOIN affiliations a ON a.person_id = p.id WHERE a.organisation_id = $1 AND p.email IS NOT NULL ORDER BY p.id LIMIT 1",
        org
    )
    .optional(db)
    .await?;
    let scope = Principal {
        user_id: user.map(|u| u.0),
        platform_admin: false,
        roles: vec![ClusterRole {
            cluster_id,
            role: Role::Member,
            organisation_id: Some(org),
        }],
    }
    .scope(cluster_id);
    Ok((scope, email.and_then(|e| e.0)))
}

fn at(day: Date, hour: u8, minute: u8) -> OffsetDateTime {
    day.with_time(Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc()
}

async fn seed_requests(
    db: &Db,
    cluster_id: i64,
    spec: &DeskSpec,
    staff: &Scope,
    partner: Option<i64>,
    now: OffsetDateTime,
) -> Result<usize> {
    let fr = spec.slug == "cpb";
    let l = usize::from(fr);
    let mut rng = Rng(spec.seed);
    // Active members; the member user's organisation asks now and then, so "My requests" has
    // a history.
    let orgs: Vec<(i64,)> = q!(
        "SELECT organisation_id FROM memberships WHERE cluster_id = $1 AND status = 'active' ORDER BY organisation_id",
        cluster_id
    )
    .all(db)
    .await?;
    if orgs.is_empty() {
        return Ok(0);
    }
    let with_user: Option<(i64,)> = q!(
        "SELECT organisation_id FROM user_roles WHERE cluster_id = $1 AND role = 'member' AND organisation_id IS NOT NULL ORDER BY user_id LIMIT 1",
        cluster_id
    )
    .optional(db)
    .await?;
    let start = Date::from_calendar_date(2025, Month::January, 13).unwrap_or(Date::MIN);
    let span = 660 / spec.requests as i64;
    let mut written = 0;
    for i in 0..spec.requests {
        let (area, code, _) = spec.services[rng.below(spec.services.len())];
        let ask = asks(area, fr);
        let (subject, body) = ask[rng.below(ask.len())];
        let org = match with_user {
            Some((o,)) if i % 7 == 3 => o,
            _ => orgs[rng.below(orgs.len())].0,
        };
        let day = start + Duration::days(i as i64 * span + rng.below(9) as i64);
        let opened = at(day, 8 + rng.below(9) as u8, (rng.below(4) * 15) as u8);
        if opened > now - Duration::days(2) {
            continue;
        }
        let (member, email) = member_scope(db, cluster_id, org).await?;
        let origin = Origin {
            source: if i % 4 == 1 {
                clusterhub_core::desk::Source::Email
            } else {
                clusterhub_core::desk::Source::Web
            },
            message_id: None,
            email,
        };
        let draft = RequestInput {
            service: code.to_string(),
            subject: subject.to_string(),
            body: body.to_string(),
            organisation: None,
        }
        .parse(false)?;
        let o = desk::open(db, &member, &draft, &[], &origin, opened).await?;
        written += 1;
        // Most requests are answered within a day or two; every fifth is late.
        let late = i % 5 == 2;
        let answered = opened + Duration::hours(if late { 200 } else { 3 + rng.below(40) as i64 });
        let handed = partner.filter(|_| i % 6 == 5);
        if answered > now {
            continue;
        }
        desk::triage(
            db,
            staff,
            o.number,
            &TriageDraft {
                status: if handed.is_some() {
                    clusterhub_core::desk::Status::WithPartner
                } else {
                    clusterhub_core::desk::Status::Open
                },
                service: code.to_string(),
                assignee: staff.user_id(),
                partner: handed,
            },
        )
        .await?;
        if i % 3 == 0 {
            desk::post(
                db,
                staff,
                o.number,
                NOTE[l],
                true,
                &[],
                &Origin::web(),
                answered - Duration::hours(1),
            )
            .await?;
        }
        desk::post(
            db,
            staff,
            o.number,
            ANSWER[l],
            false,
            &[],
            &Origin::web(),
            answered,
        )
        .await?;
        if handed.is_some()
            && let Some(p) = partner_scope(db, cluster_id).await?
        {
            desk::post(
                db,
                &p,
                o.number,
                PARTNER_ANSWER,
                false,
                &[],
                &Origin::web(),
                answered + Duration::days(2),
            )
            .await?;
        }
        if i == 13 {
            // Staff asked the member for more and are waiting.
            desk::triage(
                db,
                staff,
                o.number,
                &TriageDraft {
                    status: clusterhub_core::desk::Status::WaitingMember,
                    service: code.to_string(),
                    assignee: staff.user_id(),
                    partner: None,
                },
            )
            .await?;
            continue;
        }
        let followed = answered + Duration::days(1 + rng.below(4) as i64);
        if followed > now {
            continue;
        }
        desk::post(
            db,
            &member,
            o.number,
            FOLLOW_UP[l],
            false,
            &[],
            &origin,
            followed,
        )
        .await?;
        // The newest requests (and one in nine of the others) are still open: past their due
        // time, they show as overdue in the queue.
        let closes = followed + Duration::days(3 + rng.below(20) as i64);
        if closes > now - Duration::days(20) || i % 9 == 4 || i == 11 {
            continue;
        }
        let outcome = match rng.below(10) {
            0 => "referred",
            1 if i > 3 => "not_possible",
            2 if i % 2 == 0 => "withdrawn",
            _ => "resolved",
        };
        let close = CloseInput {
            outcome: outcome.into(),
            note: CLOSE_NOTE[l].into(),
        }
        .parse()?;
        desk::close(db, staff, o.number, &close, closes).await?;
        if outcome != "withdrawn" && rng.below(3) > 0 {
            let rating = 3 + rng.below(3) as i64;
            desk::rate(
                db,
                &member,
                o.number,
                rating,
                "",
                closes + Duration::days(1),
            )
            .await?;
        }
    }
    // One fresh request, not yet triaged and not yet due.
    if let Some((org,)) = with_user {
        let (member, email) = member_scope(db, cluster_id, org).await?;
        let (area, code, _) = spec.services[0];
        let (subject, body) = asks(area, fr)[0];
        let draft = RequestInput {
            service: code.to_string(),
            subject: subject.to_string(),
            body: body.to_string(),
            organisation: None,
        }
        .parse(false)?;
        let origin = Origin {
            source: clusterhub_core::desk::Source::Web,
            message_id: None,
            email,
        };
        desk::open(db, &member, &draft, &[], &origin, now - Duration::hours(2)).await?;
        written += 1;
    }
    Ok(written)
}

async fn partner_scope(db: &Db, cluster_id: i64) -> Result<Option<Scope>> {
    let Some(u) = users::by_email(db, "partner-tc@bhc.demo").await? else {
        return Ok(None);
    };
    Ok(Some(users::principal(db, &u).await?.scope(cluster_id)))
}
