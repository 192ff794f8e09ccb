//! Demo data: the three clusters of the seed documents with fictional, deterministically
//! generated members, people, governance bodies and meetings. Running it twice changes nothing.

use clusterhub_core::model::{GroupKind, GroupRole, MembershipStatus, RepresentativeKind, Role};
use clusterhub_core::{MultiText, Result};
use clusterhub_db::clusters::{self, NewCluster};
use clusterhub_db::governance::{self, NewGroup};
use clusterhub_db::memberships::{self, NewMembership};
use clusterhub_db::organisations::{self, OrganisationForm};
use clusterhub_db::people::{self, PersonForm};
use clusterhub_db::{Db, Tx, q, users};

pub const PASSWORD: &str = "clusterhub-demo";

pub const LOGINS: &[(&str, &str)] = &[
    ("admin@clusterhub.demo", "platform admin"),
    ("staff@bhc.demo", "Basque Health Cluster staff"),
    ("board@bhc.demo", "Basque Health Cluster board"),
    ("member@bhc.demo", "member user of a BHC organisation"),
    (
        "research@bhc.demo",
        "member user of a BHC research centre (B2B demo)",
    ),
    ("partner@bhc.demo", "partner (investor) of BHC"),
    ("staff@cpb.demo", "Communauté Pays Basque staff"),
    ("member@cpb.demo", "member user of a CPB organisation"),
    ("staff@gnp.demo", "Galicia–Northern Portugal staff"),
];

/// A small deterministic generator (xorshift), so every demo has the same members.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn mt(es: &str, eu: &str, en: &str, fr: &str) -> MultiText {
    MultiText::new()
        .with("es", es)
        .with("eu", eu)
        .with("en", en)
        .with("fr", fr)
}

const TYPOLOGIES: &[(&str, [&str; 4], bool, &str)] = &[
    (
        "founding",
        [
            "Socio fundador",
            "Bazkide sortzailea",
            "Founding member",
            "Membre fondateur",
        ],
        true,
        "A",
    ),
    (
        "ordinary",
        [
            "Socio ordinario",
            "Bazkide arrunta",
            "Ordinary member",
            "Membre ordinaire",
        ],
        true,
        "B",
    ),
    (
        "honorary",
        [
            "Socio de honor",
            "Ohorezko bazkidea",
            "Honorary member",
            "Membre d'honneur",
        ],
        false,
        "exempt",
    ),
    (
        "adhered",
        [
            "Socio adherido",
            "Atxikitako bazkidea",
            "Adhered member",
            "Membre adhérent",
        ],
        false,
        "C",
    ),
    (
        "collaborating",
        [
            "Entidad colaboradora",
            "Erakunde laguntzailea",
            "Collaborating entity",
            "Entité partenaire",
        ],
        false,
        "D",
    ),
];

const SUBSECTORS: &[(&str, [&str; 4])] = &[
    (
        "pharma_dermo",
        [
            "Farma y dermo",
            "Farma eta dermo",
            "Pharma & dermo",
            "Pharma et dermo",
        ],
    ),
    (
        "biotech",
        [
            "Biotecnología",
            "Bioteknologia",
            "Biotechnology",
            "Biotechnologie",
        ],
    ),
    (
        "medical_devices",
        [
            "Dispositivos médicos",
            "Gailu medikoak",
            "Medical devices",
            "Dispositifs médicaux",
        ],
    ),
    (
        "ivd",
        [
            "Diagnóstico in vitro",
            "In vitro diagnostikoa",
            "In-vitro diagnostics",
            "Diagnostic in vitro",
        ],
    ),
    (
        "healthcare",
        [
            "Provisión sanitaria",
            "Osasun-zerbitzuak",
            "Healthcare provision",
            "Soins de santé",
        ],
    ),
    (
        "ehealth",
        ["Salud digital", "Osasun digitala", "e-Health", "e-santé"],
    ),
    (
        "complementary_services",
        [
            "Servicios complementarios",
            "Zerbitzu osagarriak",
            "Complementary services",
            "Services complémentaires",
        ],
    ),
];

const VALUE_CHAINS: &[(&str, [&str; 4])] = &[
    (
        "sanitaria",
        [
            "Cadena de valor sanitaria",
            "Osasun balio-katea",
            "Healthcare value chain",
            "Chaîne de valeur sanitaire",
        ],
    ),
    (
        "sociosanitaria",
        [
            "Cadena de valor sociosanitaria",
            "Gizarte eta osasun balio-katea",
            "Social-care value chain",
            "Chaîne de valeur médico-sociale",
        ],
    ),
];

struct ClusterSpec {
    slug: &'static str,
    name: &'static str,
    short: &'static str,
    default_locale: &'static str,
    locales: &'static str,
    territories: &'static [&'static str],
    description: [&'static str; 4],
    orgs: usize,
    seed: u64,
    words: &'static [&'static str],
    first: &'static [&'static str],
    last: &'static [&'static str],
    /// How many of the last members (before the applicants) joined in 2024, 2025 and 2026.
    recent: [usize; 3],
}

const BASQUE_WORDS: &[&str] = &[
    "Osasun", "Biolan", "Gaitek", "Ibaia", "Arrasate", "Txingudi", "Bizkaia", "Aralar", "Urdaibai",
    "Elkano", "Goierri", "Lurra", "Mendi", "Itsaso", "Argia", "Zubia", "Hegoa", "Ipar", "Bidasoa",
    "Zuhaitz", "Harri", "Oihana", "Kresala", "Ekain",
];
const FRENCH_WORDS: &[&str] = &[
    "Adour",
    "Nive",
    "Rhune",
    "Atalaye",
    "Océane",
    "Labourd",
    "Soule",
    "Basse-Navarre",
    "Errobi",
    "Côte",
    "Ondarra",
    "Ur",
];
const GALICIAN_WORDS: &[&str] = &[
    "Miño",
    "Atlántica",
    "Compostela",
    "Rías",
    "Douro",
    "Minho",
    "Vigo",
    "Braga",
    "Lugo",
    "Ourense",
    "Sar",
    "Ulla",
    "Cávado",
];
const SUFFIX: &[(&str, &str)] = &[
    ("Biotech", "company"),
    ("Medical", "company"),
    ("Diagnostics", "company"),
    ("Pharma", "company"),
    ("Health Data", "company"),
    ("Devices", "company"),
    ("Labs", "company"),
    ("Innova", "company"),
    ("Care", "company"),
    ("Digital Health", "company"),
    ("Research Institute", "research_centre"),
    ("Tech Centre", "technology_centre"),
    ("Hospital", "hospital"),
    ("University", "university"),
    ("Capital", "investor"),
    ("Agency", "public_body"),
    ("Association", "association"),
];

const CLUSTERS: &[ClusterSpec] = &[
    ClusterSpec {
        slug: "bhc",
        name: "Basque Health Cluster",
        short: "BHC",
        default_locale: "es",
        locales: "es,eu,en",
        territories: &["ES21", "ES211", "ES212", "ES213"],
        description: [
            "Asociación que impulsa la competitividad del sector salud en Euskadi: empresas, centros de investigación, hospitales y agentes públicos.",
            "Euskadiko osasun sektorearen lehiakortasuna bultzatzen duen elkartea.",
            "The association that drives the competitiveness of the Basque health sector: companies, research centres, hospitals and public bodies.",
            "L'association qui renforce la compétitivité du secteur de la santé au Pays basque espagnol.",
        ],
        orgs: 130,
        seed: 0x5EED_0B4C,
        recent: [6, 8, 5],
        words: BASQUE_WORDS,
        first: &[
            "Ane", "Iker", "Maite", "Jon", "Leire", "Unai", "Nerea", "Aitor", "Irati", "Mikel",
            "Amaia", "Gorka", "Itziar", "Xabier",
        ],
        last: &[
            "Etxeberria",
            "Goikoetxea",
            "Aguirre",
            "Zubizarreta",
            "Larrañaga",
            "Arrieta",
            "Olano",
            "Ibarra",
            "Mendizabal",
            "Urrutia",
            "Garmendia",
        ],
    },
    ClusterSpec {
        slug: "cpb",
        name: "Communauté Pays Basque — Santé & MedTech",
        short: "CPB Santé",
        default_locale: "fr",
        locales: "fr,eu,es",
        territories: &["FRI15"],
        description: [
            "Hoja de ruta salud y MedTech de la Communauté Pays Basque.",
            "Ipar Euskal Herriko osasun eta MedTech ibilbide-orria.",
            "The health and MedTech roadmap of the Communauté Pays Basque.",
            "La feuille de route santé et MedTech de la Communauté Pays Basque : trois axes stratégiques.",
        ],
        orgs: 40,
        seed: 0xC0FF_EE15,
        recent: [5, 6, 3],
        words: FRENCH_WORDS,
        first: &[
            "Camille", "Mathieu", "Élodie", "Julien", "Maïa", "Peio", "Sophie", "Antoine", "Maddi",
            "Lucas",
        ],
        last: &[
            "Etcheverry",
            "Dupuy",
            "Harriague",
            "Laborde",
            "Elissalde",
            "Durruty",
            "Bidart",
            "Lafitte",
            "Irigoyen",
        ],
    },
    ClusterSpec {
        slug: "gnp",
        name: "Galicia–Norte de Portugal Biotech",
        short: "GNP Biotech",
        default_locale: "es",
        locales: "es,en",
        territories: &["ES11", "ES111", "ES112", "ES113", "ES114", "PT11"],
        description: [
            "Clúster biotecnológico transfronterizo Galicia–Norte de Portugal: 4 ejes y 12 líneas de actuación.",
            "Galizia eta Portugal iparraldeko muga gaineko bioteknologia klusterra.",
            "The cross-border biotech cluster of Galicia and Northern Portugal: 4 axes, 12 lines of action.",
            "Le cluster biotech transfrontalier Galice–Nord du Portugal : 4 axes, 12 lignes d'action.",
        ],
        orgs: 50,
        seed: 0x06A1_1C1A,
        recent: [6, 9, 4],
        words: GALICIAN_WORDS,
        first: &[
            "Uxía", "Brais", "Sabela", "Xoán", "Iria", "Martiño", "Beatriz", "João", "Inês",
            "Tiago",
        ],
        last: &[
            "Castro",
            "Otero",
            "Vázquez",
            "Pereira",
            "Santos",
            "Rodríguez",
            "Fernandes",
            "Lema",
            "Souto",
        ],
    },
];

fn slugify(s: &str) -> String {
    clusterhub_core::fold(s)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Seeds everything; returns a one-line summary.
pub async fn seed(db: &Db) -> Result<String> {
    let mut tx = db.begin().await?;
    let mut summary = Vec::new();
    let mut shared: Vec<(OrganisationForm, Vec<String>)> = Vec::new();
    for spec in CLUSTERS {
        let cid = clusters::ensure(
            &mut tx,
            NewCluster {
                slug: spec.slug,
                name: spec.name,
                short_name: spec.short,
                default_locale: spec.default_locale,
                locales: spec.locales,
                territories: &spec.territories.join(","),
                description: mt(
                    spec.description[0],
                    spec.description[1],
                    spec.description[2],
                    spec.description[3],
                ),
            },
        )
        .await?;
        for (i, (code, n, vote, fee)) in TYPOLOGIES.iter().enumerate() {
            clusters::ensure_typology(
                &mut tx,
                cid,
                code,
                &mt(n[0], n[1], n[2], n[3]),
                *vote,
                fee,
                i as i64,
            )
            .await?;
        }
        for (i, (code, n)) in SUBSECTORS.iter().enumerate() {
            clusters::ensure_term(
                &mut tx,
                "subsectors",
                cid,
                code,
                &mt(n[0], n[1], n[2], n[3]),
                i as i64,
            )
            .await?;
        }
        for (i, (code, n)) in VALUE_CHAINS.iter().enumerate() {
            clusters::ensure_term(
                &mut tx,
                "value_chains",
                cid,
                code,
                &mt(n[0], n[1], n[2], n[3]),
                i as i64,
            )
            .await?;
        }
        let existing = q!(
            "SELECT COUNT(*) FROM memberships WHERE cluster_id = $1",
            cid
        )
        .int(&mut tx)
        .await?;
        if existing == 0 {
            let n = seed_members(&mut tx, cid, spec, &mut shared).await?;
            seed_governance(&mut tx, cid, spec).await?;
            summary.push(format!("{}: {n} member organisations", spec.slug));
        } else {
            summary.push(format!(
                "{}: already seeded ({existing} memberships)",
                spec.slug
            ));
        }
    }
    seed_users(&mut tx).await?;
    tx.commit().await?;
    summary.push(crate::demo_history::seed(db).await?);
    summary.push(crate::demo_profiles::seed(db).await?);
    summary.push(crate::demo_resources::seed(db).await?);
    summary.push(crate::demo_desk::seed(db).await?);
    summary.push(crate::demo_watch::seed(db).await?);
    summary.push(crate::demo_events::seed(db).await?);
    summary.push(crate::demo_b2b::seed(db).await?);
    summary.push(crate::demo_missions::seed(db).await?);
    summary.push(crate::demo_partners::seed(db).await?);
    summary.retain(|s| !s.is_empty());
    Ok(summary.join("; "))
}

async fn seed_members(
    tx: &mut Tx,
    cid: i64,
    spec: &ClusterSpec,
    shared: &mut Vec<(OrganisationForm, Vec<String>)>,
) -> Result<usize> {
    let mut rng = Rng(spec.seed);
    let mut count = 0;
    // Some organisations of earlier clusters also join this one: they exist once.
    let reuse: Vec<(OrganisationForm, Vec<String>)> = match spec.slug {
        "gnp" => shared.iter().take(8).cloned().collect(),
        "cpb" => shared.iter().skip(8).take(4).cloned().collect(),
        _ => Vec::new(),
    };
    let mut forms: Vec<(OrganisationForm, Vec<String>)> = Vec::new();
    let mut used = std::collections::HashSet::new();
    while forms.len() < spec.orgs {
        let w = rng.pick(spec.words);
        let (suffix, kind) = *rng.pick(SUFFIX);
        let name = format!("{w} {suffix}");
        if !used.insert(name.clone()) {
            let name2 = format!("{w} {} {suffix}", rng.pick(spec.words));
            if !used.insert(name2.clone()) {
                continue;
            }
            forms.push(org_form(&mut rng, spec, &name2, kind));
            continue;
        }
        forms.push(org_form(&mut rng, spec, &name, kind));
    }
    for (i, (form, subs)) in reuse.iter().chain(forms.iter()).enumerate() {
        let input = form.parse()?;
        let (oid, _) = organisations::find_or_create(tx, Some(cid), None, &input).await?;
        let typology = match i % 40 {
            0..=2 => "founding",
            3 => "honorary",
            4..=8 => "adhered",
            9..=11 => "collaborating",
            _ => "ordinary",
        };
        let status = match i {
            _ if i + 4 >= spec.orgs + reuse.len() => MembershipStatus::Applicant,
            _ if i % 37 == 5 => MembershipStatus::Suspended,
            _ if i % 43 == 7 => MembershipStatus::Withdrawn,
            _ => MembershipStatus::Active,
        };
        let since = (status != MembershipStatus::Applicant).then(|| {
            match recent_year(spec, i, reuse.len() + spec.orgs, status) {
                // Joined in the period of the plans (and before today in 2026).
                Some(y) => format!(
                    "{y}-{:02}-{:02}",
                    1 + i % if y == 2026 { 10 } else { 12 },
                    1 + i % 28
                ),
                None => format!("{}-{:02}-{:02}", 2008 + (i % 16), 1 + i % 12, 1 + i % 28),
            }
        });
        let chains: Vec<String> = if i % 3 == 0 {
            vec!["sanitaria".into()]
        } else if i % 5 == 0 {
            vec!["sociosanitaria".into()]
        } else {
            Vec::new()
        };
        let m = NewMembership {
            organisation_id: oid,
            typology,
            status,
            since,
            subsectors: subs,
            value_chains: &chains,
            application_message: (status == MembershipStatus::Applicant).then(|| {
                "Nos gustaría participar en los grupos de trabajo del clúster.".to_string()
            }),
        };
        let mid = memberships::insert(tx, cid, None, &m).await?;
        if status == MembershipStatus::Withdrawn {
            q!(
                "UPDATE memberships SET until = $1, withdrawal_reason = $2 WHERE id = $3",
                "2025-12-31",
                "Cese de actividad",
                mid
            )
            .run(&mut *tx)
            .await?;
        }
        if i % 9 == 0 {
            q!(
                "UPDATE memberships SET notes = $1 WHERE id = $2",
                format!(
                    "Private note of {} about {}: fee 2026 pending.",
                    spec.short, form.name
                ),
                mid
            )
            .run(&mut *tx)
            .await?;
        }
        let slug = slugify(&form.name);
        for k in 0..(1 + i % 2) {
            let first = *rng.pick(spec.first);
            let last = *rng.pick(spec.last);
            let p = PersonForm {
                first_name: first.into(),
                last_name: last.into(),
                email: format!("{}.{}{k}@{slug}.example", slugify(first), slugify(last)),
                job_title: (if k == 0 { "CEO" } else { "R&D manager" }).into(),
                ..Default::default()
            }
            .parse()?;
            let (pid, _) = people::find_or_create(tx, Some(cid), None, &p).await?;
            people::affiliate(tx, pid, oid, p.job_title.as_deref()).await?;
            let kind = if k == 0 {
                RepresentativeKind::Primary
            } else {
                RepresentativeKind::Alternate
            };
            people::set_representative(tx, mid, pid, kind.as_str()).await?;
        }
        if spec.slug == "bhc" && i % 5 == 1 {
            shared.push((form.clone(), subs.clone()));
        }
        count += 1;
    }
    Ok(count)
}

/// The year the `i`-th of `total` members joined when it is one of the recent ones: the last
/// members before the four applicants, the latest joining last. A withdrawn member stays old.
fn recent_year(
    spec: &ClusterSpec,
    i: usize,
    total: usize,
    status: MembershipStatus,
) -> Option<usize> {
    let last = total.checked_sub(5)?;
    if status == MembershipStatus::Withdrawn || i > last {
        return None;
    }
    let back = last - i;
    let [a, b, c] = spec.recent;
    match back {
        _ if back < c => Some(2026),
        _ if back < c + b => Some(2025),
        _ if back < c + b + a => Some(2024),
        _ => None,
    }
}

fn org_form(
    rng: &mut Rng,
    spec: &ClusterSpec,
    name: &str,
    kind: &str,
) -> (OrganisationForm, Vec<String>) {
    let territory = spec.territories[spec
        .territories
        .len()
        .min(1 + rng.below(spec.territories.len().max(2) - 1))
        .min(spec.territories.len() - 1)];
    let letter = match kind {
        "company" | "investor" => "B",
        "association" => "G",
        _ => "Q",
    };
    let legal = format!("{letter}{:08}", rng.next() % 100_000_000);
    let size = ["micro", "small", "medium", "large"][rng.below(4)];
    let sub_pool = SUBSECTORS.iter().map(|s| s.0).collect::<Vec<_>>();
    let mut subs = vec![rng.pick(&sub_pool).to_string()];
    let second = rng.pick(&sub_pool).to_string();
    if rng.below(2) == 0 && second != subs[0] {
        subs.push(second);
    }
    // Subsector names in one language (index into SUBSECTORS' names: 0 es, 1 eu, 2 en).
    let label = |lang: usize| {
        subs.iter()
            .filter_map(|c| {
                SUBSECTORS
                    .iter()
                    .find(|s| s.0 == c)
                    .map(|s| s.1[lang].to_lowercase())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    // French is left out on purpose: pages then show the visible fallback.
    let description = mt(
        &format!(
            "{name} trabaja en {} con clientes hospitalarios y socios europeos.",
            label(0)
        ),
        &format!("{name} erakundeak {} arloan lan egiten du.", label(1)),
        &format!(
            "{name} works in {} with hospital customers and European partners.",
            label(2)
        ),
        "",
    );
    let form = OrganisationForm {
        name: name.into(),
        legal_id: legal,
        entity_type: kind.into(),
        size: size.into(),
        territory: territory.into(),
        website: format!("https://www.{}.example", slugify(name)),
        email: format!("info@{}.example", slugify(name)),
        phone: format!(
            "+34 94{} {:03} {:03}",
            rng.below(10),
            rng.below(1000),
            rng.below(1000)
        ),
        description,
        ..Default::default()
    };
    (form, subs)
}

async fn seed_governance(tx: &mut Tx, cid: i64, spec: &ClusterSpec) -> Result<()> {
    let groups: Vec<(GroupKind, &str, MultiText, Option<&str>)> = match spec.slug {
        "bhc" => vec![
            (
                GroupKind::Board,
                "junta",
                mt(
                    "Junta Directiva",
                    "Zuzendaritza Batzordea",
                    "Board of directors",
                    "Conseil d'administration",
                ),
                None,
            ),
            (
                GroupKind::Assembly,
                "asamblea",
                mt(
                    "Asamblea General",
                    "Batzar Nagusia",
                    "General assembly",
                    "Assemblée générale",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "biofarma",
                mt(
                    "Comité Biofarma",
                    "Biofarma batzordea",
                    "Biopharma committee",
                    "Comité Biopharma",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "digital_tech",
                mt(
                    "Comité Digital Tech",
                    "Digital Tech batzordea",
                    "Digital Tech committee",
                    "Comité Digital Tech",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "medical_devices",
                mt(
                    "Comité Medical Devices",
                    "Medical Devices batzordea",
                    "Medical Devices committee",
                    "Comité Dispositifs médicaux",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "cadena_sanitaria",
                mt(
                    "Comité Cadena de valor sanitaria",
                    "Osasun balio-katearen batzordea",
                    "Healthcare value chain committee",
                    "Comité chaîne de valeur sanitaire",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "cadena_sociosanitaria",
                mt(
                    "Comité Cadena de valor sociosanitaria",
                    "Gizarte eta osasun balio-katearen batzordea",
                    "Social-care value chain committee",
                    "Comité chaîne de valeur médico-sociale",
                ),
                None,
            ),
            (
                GroupKind::WorkingGroup,
                "internacionalizacion",
                mt(
                    "GT Internacionalización",
                    "Nazioartekotze LT",
                    "Internationalisation working group",
                    "GT Internationalisation",
                ),
                Some("2027-12-31"),
            ),
            (
                GroupKind::WorkingGroup,
                "dato_clinico",
                mt(
                    "GT Dato Clínico",
                    "Datu Kliniko LT",
                    "Clinical data working group",
                    "GT Données cliniques",
                ),
                Some("2027-12-31"),
            ),
            (
                GroupKind::WorkingGroup,
                "talento",
                mt(
                    "GT Talento",
                    "Talentu LT",
                    "Talent working group",
                    "GT Talents",
                ),
                Some("2027-12-31"),
            ),
            (
                GroupKind::WorkingGroup,
                "innovacion_tecnologia",
                mt(
                    "GT Innovación y tecnología",
                    "Berrikuntza eta teknologia LT",
                    "Innovation and technology working group",
                    "GT Innovation et technologie",
                ),
                Some("2027-12-31"),
            ),
        ],
        "cpb" => vec![
            (
                GroupKind::Board,
                "bureau",
                mt("Mesa", "Bulegoa", "Bureau", "Bureau"),
                None,
            ),
            (
                GroupKind::Assembly,
                "assemblee",
                mt("Asamblea", "Batzarra", "Assembly", "Assemblée plénière"),
                None,
            ),
            (
                GroupKind::Committee,
                "axe1",
                mt(
                    "Eje 1: Innovación",
                    "1. ardatza: Berrikuntza",
                    "Axis 1: Innovation",
                    "Axe 1 : Innovation",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "axe2",
                mt(
                    "Eje 2: Formación",
                    "2. ardatza: Prestakuntza",
                    "Axis 2: Training",
                    "Axe 2 : Formation",
                ),
                None,
            ),
            (
                GroupKind::Committee,
                "axe3",
                mt(
                    "Eje 3: Atractividad",
                    "3. ardatza: Erakargarritasuna",
                    "Axis 3: Attractiveness",
                    "Axe 3 : Attractivité",
                ),
                None,
            ),
        ],
        _ => vec![
            (
                GroupKind::Board,
                "xunta",
                mt("Junta Directiva", "Zuzendaritza", "Board", "Conseil"),
                None,
            ),
            (
                GroupKind::Assembly,
                "asemblea",
                mt("Asamblea", "Batzarra", "Assembly", "Assemblée"),
                None,
            ),
            (
                GroupKind::WorkingGroup,
                "financiacion",
                mt(
                    "GT Portal de financiación",
                    "Finantzaketa LT",
                    "Funding portal working group",
                    "GT Portail de financement",
                ),
                Some("2026-12-31"),
            ),
        ],
    };
    let people: Vec<(i64,)> = q!(
        "SELECT DISTINCT r.person_id FROM representatives r JOIN memberships m ON m.id = r.membership_id WHERE m.cluster_id = $1 AND m.status = 'active' AND r.kind = 'primary' ORDER BY r.person_id",
        cid
    )
    .all(&mut *tx)
    .await?;
    let mut rng = Rng(spec.seed ^ 0xABCD);
    for (gi, (kind, code, name, ends)) in groups.into_iter().enumerate() {
        let gid = governance::ensure_group(
            tx,
            cid,
            &NewGroup {
                kind,
                code,
                name,
                description: MultiText::new(),
                starts_on: Some("2024-01-01".into()),
                ends_on: ends.map(str::to_string),
            },
        )
        .await?;
        let size = match kind {
            GroupKind::Assembly => people.len().min(60),
            GroupKind::Board => 9,
            _ => 6 + rng.below(5),
        };
        let start = rng.below(people.len().max(1));
        let mut members = Vec::new();
        for k in 0..size.min(people.len()) {
            let pid = people[(start + k * 7) % people.len()].0;
            if members.contains(&pid) {
                continue;
            }
            let role = match k {
                0 => GroupRole::Chair,
                1 => GroupRole::ViceChair,
                2 => GroupRole::Secretary,
                _ => GroupRole::Member,
            };
            governance::add_member(
                tx,
                gid,
                pid,
                role,
                Some("2024-01-01".into()),
                Some("2027-12-31".into()),
            )
            .await?;
            members.push(pid);
        }
        for (mi, date) in [
            "2025-03-12T10:00:00Z",
            "2025-10-08T10:00:00Z",
            "2026-12-10T10:00:00Z",
        ]
        .iter()
        .enumerate()
        {
            let title = format!("{} · {}", code.replace('_', " "), &date[..7]);
            let mid = governance::insert_meeting(
                tx,
                cid,
                gid,
                &title,
                date,
                "Bilbao Exhibition Centre",
                "1. Approval of the minutes\n2. Progress of the action plan\n3. Any other business",
            )
            .await?;
            if mi < 2 {
                q!(
                    "UPDATE meetings SET minutes = $1 WHERE id = $2",
                    "Minutes approved. Action plan on track; next steps agreed.",
                    mid
                )
                .run(&mut *tx)
                .await?;
                for (pi, pid) in members.iter().enumerate() {
                    let st = match (pi + gi + mi) % 6 {
                        0 => clusterhub_core::model::Attendance::Excused,
                        1 => clusterhub_core::model::Attendance::Absent,
                        _ => clusterhub_core::model::Attendance::Present,
                    };
                    governance::set_attendance(tx, mid, *pid, st).await?;
                }
            }
        }
    }
    Ok(())
}

async fn seed_users(tx: &mut Tx) -> Result<()> {
    let hash = clusterhub_web::auth::hash_password(PASSWORD)?;
    users::upsert(tx, "admin@clusterhub.demo", "Platform Admin", &hash, true).await?;
    for (email, name, slug, role, member_org) in [
        (
            "staff@bhc.demo",
            "Itziar Goikoetxea (BHC)",
            "bhc",
            Role::Staff,
            false,
        ),
        (
            "board@bhc.demo",
            "Jon Arrieta (BHC board)",
            "bhc",
            Role::Board,
            false,
        ),
        ("member@bhc.demo", "Ane Olano", "bhc", Role::Member, true),
        (
            "partner@bhc.demo",
            "Basque Capital Partners",
            "bhc",
            Role::Partner,
            false,
        ),
        (
            "staff@cpb.demo",
            "Camille Laborde (CPB)",
            "cpb",
            Role::Staff,
            false,
        ),
        (
            "member@cpb.demo",
            "Peio Etcheverry",
            "cpb",
            Role::Member,
            true,
        ),
        (
            "staff@gnp.demo",
            "Uxía Otero (GNP)",
            "gnp",
            Role::Staff,
            false,
        ),
    ] {
        let uid = users::upsert(tx, email, name, &hash, false).await?;
        let c = clusters::by_slug(&mut *tx, slug).await?;
        // A member user acts for the first active organisation that belongs to this cluster only.
        let org = if member_org {
            let r: Option<(i64,)> = q!(
                "SELECT m.organisation_id FROM memberships m WHERE m.cluster_id = $1 AND m.status = 'active'
                 AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.organisation_id = m.organisation_id AND o.cluster_id <> m.cluster_id)
                 ORDER BY m.organisation_id LIMIT 1",
                c.id
            )
            .optional(&mut *tx)
            .await?;
            r.map(|r| r.0)
        } else {
            None
        };
        users::set_role(tx, uid, c.id, role, org).await?;
    }
    Ok(())
}
