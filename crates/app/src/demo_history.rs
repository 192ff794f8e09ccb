//! Demo history: the three strategic plans of `demo/plans/` imported, and a plausible record of
//! 2024, 2025 and 2026 (up to today) for each cluster — the activity log, the annual member
//! survey, the manual figures and the roadmap statuses — so that every scorecard shows values,
//! some on target and some behind.
//!
//! Everything is generated from fixed seeds; today only decides which 2026 activities have
//! already happened. Running it again changes nothing: a plan is imported again only when its
//! text changed, and the history of a cluster is written once (when its log is empty).
//!
//! The volumes aim at the plans' targets: per indicator, the count or the set of organisations
//! a generator produces is chosen against the target of each year (see the comments "→").

use crate::demo::Rng;
use clusterhub_core::access::{Principal, Scope};
use clusterhub_core::model::{
    ActivityKind as K, Attendance, Counterpart as C, GroupKind, GroupRole, Scope as R,
};
use clusterhub_core::parse::{iso_date, parse_figure};
use clusterhub_core::{Error, MultiText, Result};
use clusterhub_db::governance::{self, NewGroup};
use clusterhub_db::{Db, Tx, activities, clusters, plans, q, survey};
use clusterhub_plan::activity::ActivityDraft;
use clusterhub_plan::{Period, Plan};
use std::collections::HashMap;
use time::{Date, Duration, Month, Weekday};

const PLANS: &[(&str, &str)] = &[
    (
        "bhc",
        include_str!("../../../demo/plans/bhc-2024-2027.toml"),
    ),
    (
        "cpb",
        include_str!("../../../demo/plans/cpb-sante-medtech.toml"),
    ),
    ("gnp", include_str!("../../../demo/plans/gnp-biotech.toml")),
];

/// Seeds the history of the three demo clusters; returns a one-line summary.
pub async fn seed(db: &Db) -> Result<String> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut summary = Vec::new();
    for (slug, text) in PLANS {
        let cid = clusters::by_slug(db, slug).await?.id;
        let scope = admin(cid);
        let plan = import_plan(db, &scope, text).await?;
        let members = load_members(db, cid).await?;
        let existing = q!("SELECT COUNT(*) FROM activities WHERE cluster_id = $1", cid)
            .int(db)
            .await?;
        let written = if existing == 0 {
            let drafts = generate(slug, &plan, &members, today)?;
            let mut tx = db.begin().await?;
            for d in &drafts {
                activities::insert_in(&mut tx, &scope, d).await?;
            }
            if *slug == "cpb" {
                cpb_working_groups(&mut tx, cid, &members).await?;
            }
            tx.commit().await?;
            drafts.len()
        } else {
            0
        };
        let answers = seed_survey(db, &scope, slug, &members, today).await?;
        if *slug == "bhc" {
            seed_manual_values(db, &scope, &plan).await?;
        }
        seed_statuses(db, &scope, slug, &plan, today).await?;
        summary.push(if written > 0 {
            format!("{slug}: {written} activities, {answers} survey answers")
        } else {
            format!("{slug}: history already there ({existing} activities)")
        });
    }
    Ok(summary.join("; "))
}

/// Staff rights without a user, as the command line uses.
fn admin(cluster_id: i64) -> Scope {
    Principal {
        user_id: None,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

// ---------------------------------------------------------------------------------------------
// Plans

/// The source stored with the current revision of a plan, if the cluster has it.
async fn current_source(db: &Db, cluster_id: i64, code: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = q!(
        "SELECT r.source FROM plans p JOIN plan_revisions r ON r.plan_id = p.id AND r.revision = p.revision
         WHERE p.cluster_id = $1 AND p.code = $2",
        cluster_id,
        code
    )
    .optional(db)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Imports the plan unless its current revision has the same text.
async fn import_plan(db: &Db, scope: &Scope, text: &str) -> Result<Plan> {
    let plan = Plan::parse(text).map_err(Error::Validation)?;
    if current_source(db, scope.cluster_id(), &plan.code)
        .await?
        .as_deref()
        != Some(text)
    {
        plans::import(db, scope, &plan, text).await?;
    }
    Ok(plan)
}

// ---------------------------------------------------------------------------------------------
// Members

struct Member {
    org: i64,
    name: String,
    entity: String,
    size: String,
    since: Option<Date>,
    active: bool,
}

/// organisation, name, entity type, size, since, status
type MemberRow = (i64, String, String, Option<String>, Option<String>, String);

struct Members {
    all: Vec<Member>,
    /// Representatives of each organisation, the primary one first.
    reps: HashMap<i64, Vec<i64>>,
    names: HashMap<i64, String>,
}

impl Members {
    /// How likely the organisation is to use the cluster's services: 0 for companies.
    fn rank(&self, org: i64) -> u8 {
        match self
            .all
            .iter()
            .find(|m| m.org == org)
            .map(|m| m.entity.as_str())
        {
            Some("company") => 0,
            Some("technology_centre" | "research_centre") => 1,
            Some("hospital" | "university") => 2,
            _ => 3,
        }
    }
    /// Active members that were members on the first day of `year`, in a fixed order.
    fn eligible(&self, year: i32) -> Vec<i64> {
        let start = ymd(year, 1, 1);
        self.all
            .iter()
            .filter(|m| m.active && m.since.is_some_and(|s| s < start))
            .map(|m| m.org)
            .collect()
    }
}

async fn load_members(db: &Db, cluster_id: i64) -> Result<Members> {
    let rows: Vec<MemberRow> = q!(
        "SELECT m.organisation_id, o.name, o.entity_type, o.size, m.since, m.status
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.cluster_id = $1 ORDER BY m.id",
        cluster_id
    )
    .all(db)
    .await?;
    let reps: Vec<(i64, i64)> = q!(
        "SELECT m.organisation_id, r.person_id FROM representatives r JOIN memberships m ON m.id = r.membership_id
         WHERE m.cluster_id = $1 ORDER BY m.organisation_id, r.kind DESC, r.person_id",
        cluster_id
    )
    .all(db)
    .await?;
    let mut by_org: HashMap<i64, Vec<i64>> = HashMap::new();
    for (o, p) in reps {
        by_org.entry(o).or_default().push(p);
    }
    let all: Vec<Member> = rows
        .into_iter()
        .map(|(org, name, entity, size, since, status)| Member {
            org,
            name,
            entity,
            size: size.unwrap_or_default(),
            since: since
                .as_deref()
                .and_then(|s| clusterhub_core::parse::parse_date("since", s).ok()),
            active: status == "active",
        })
        .collect();
    let names = all.iter().map(|m| (m.org, m.name.clone())).collect();
    Ok(Members {
        all,
        reps: by_org,
        names,
    })
}

// ---------------------------------------------------------------------------------------------
// Small tools

impl Rng {
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1).max(1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

fn ymd(y: i32, m: u8, d: u8) -> Date {
    Month::try_from(m)
        .ok()
        .and_then(|m| Date::from_calendar_date(y, m, d).ok())
        .unwrap_or(Date::MIN)
}

/// Working days of a year, without August and the Christmas and New Year weeks.
fn working_days(y: i32) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = ymd(y, 1, 8);
    let end = ymd(y, 12, 20);
    while d <= end {
        if d.month() != Month::August && !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
        {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

/// `total` split in `n` uneven parts that are multiples of `step` and add up exactly.
fn split(rng: &mut Rng, total: i64, n: usize, step: i64) -> Vec<i64> {
    if n == 0 {
        return Vec::new();
    }
    let weights: Vec<i64> = (0..n).map(|_| rng.range(6, 15)).collect();
    let sum: i64 = weights.iter().sum();
    let mut out: Vec<i64> = weights
        .iter()
        .map(|w| total * w / sum / step * step)
        .collect();
    let rest = total - out.iter().sum::<i64>();
    out[n - 1] += rest;
    out
}

/// Shares `orgs` among activities of the given sizes so that every organisation appears at
/// least once (the distinct count of the group is then exactly `orgs.len()`).
fn cover(rng: &mut Rng, orgs: &[i64], sizes: &[usize]) -> Vec<Vec<i64>> {
    let mut lists = vec![Vec::new(); sizes.len()];
    if sizes.is_empty() || orgs.is_empty() {
        return lists;
    }
    for (k, o) in orgs.iter().enumerate() {
        lists[k % sizes.len()].push(*o);
    }
    for (list, &size) in lists.iter_mut().zip(sizes) {
        let want = size.min(orgs.len());
        let mut tries = 0;
        while list.len() < want && tries < 200 {
            let o = orgs[rng.below(orgs.len())];
            if !list.contains(&o) {
                list.push(o);
            }
            tries += 1;
        }
    }
    lists
}

const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// An activity being written.
struct A(ActivityDraft);

fn act(kind: K, subtype: Option<&'static str>, date: Date, title: impl Into<String>) -> A {
    A(ActivityDraft {
        kind,
        subtype,
        scope: None,
        counterpart: None,
        external: false,
        title: title.into(),
        description: String::new(),
        starts_on: date,
        ends_on: None,
        place: None,
        attendees: 0,
        amount_cents: 0,
        items: Vec::new(),
        organisations: Vec::new(),
        people: Vec::new(),
    })
}

impl A {
    fn scope(mut self, s: R) -> Self {
        self.0.scope = Some(s);
        self
    }
    fn with(mut self, c: C) -> Self {
        self.0.counterpart = Some(c);
        self
    }
    fn external(mut self) -> Self {
        self.0.external = true;
        self
    }
    fn items(mut self, items: &[&str]) -> Self {
        self.0.items = items.iter().map(|i| i.to_string()).collect();
        self
    }
    fn orgs(mut self, mut orgs: Vec<i64>) -> Self {
        orgs.sort_unstable();
        orgs.dedup();
        self.0.organisations = orgs;
        self
    }
    fn people(mut self, mut people: Vec<i64>) -> Self {
        people.sort_unstable();
        people.dedup();
        self.0.people = people;
        self
    }
    fn attendees(mut self, n: i64) -> Self {
        self.0.attendees = n;
        self
    }
    fn euros(mut self, eur: i64) -> Self {
        self.0.amount_cents = eur * 100;
        self
    }
    fn place(mut self, p: &str) -> Self {
        self.0.place = Some(p.to_string());
        self
    }
    fn describe(mut self, d: impl Into<String>) -> Self {
        self.0.description = d.into();
        self
    }
    /// Lasts `n` days.
    fn days(mut self, n: i64) -> Self {
        self.0.ends_on = Some(self.0.starts_on + Duration::days(n - 1));
        self
    }
}

/// One year of one cluster being generated.
struct Ctx<'a> {
    y: i32,
    rng: Rng,
    /// The members of the year (active, joined before it), shuffled: windows of this list are
    /// the organisations a kind of activity reaches.
    pool: Vec<i64>,
    members: &'a Members,
    days: Vec<Date>,
    out: Vec<ActivityDraft>,
}

impl Ctx<'_> {
    /// 0 for 2024, 1 for 2025, 2 for 2026.
    fn i(&self) -> usize {
        (self.y - 2024).clamp(0, 2) as usize
    }
    fn n(&self, v: [usize; 3]) -> usize {
        v[self.i()]
    }
    fn v(&self, v: [i64; 3]) -> i64 {
        v[self.i()]
    }
    /// Members `a..b` of the year's pool.
    fn window(&self, a: usize, b: usize) -> Vec<i64> {
        let b = b.min(self.pool.len());
        self.pool[a.min(b)..b].to_vec()
    }
    /// `len` members of the pool from `start`, wrapping around.
    fn ring(&self, start: usize, len: usize) -> Vec<i64> {
        let n = self.pool.len();
        (0..len.min(n))
            .map(|k| self.pool[(start + k) % n])
            .collect()
    }
    /// `len` members of the pool from a random place.
    fn some(&mut self, len: usize) -> Vec<i64> {
        let start = self.rng.below(self.pool.len().max(1));
        self.ring(start, len)
    }
    /// A member company of the pool (or any member if there is none).
    fn company(&mut self) -> i64 {
        let companies = self
            .pool
            .iter()
            .take_while(|o| self.members.rank(**o) == 0)
            .count();
        self.pool[self.rng.below(companies.max(1).min(self.pool.len()))]
    }
    fn any_member(&mut self) -> i64 {
        self.pool[self.rng.below(self.pool.len())]
    }
    fn name(&self, org: i64) -> &str {
        self.members
            .names
            .get(&org)
            .map(String::as_str)
            .unwrap_or("")
    }
    /// The primary representatives of the first `n` organisations.
    fn reps(&self, orgs: &[i64], n: usize) -> Vec<i64> {
        orgs.iter()
            .take(n)
            .filter_map(|o| self.members.reps.get(o).and_then(|r| r.first().copied()))
            .collect()
    }
    /// `n` working days spread over the year, in order.
    fn spread(&mut self, n: usize) -> Vec<Date> {
        let len = self.days.len();
        (0..n)
            .map(|k| {
                let a = k * len / n.max(1);
                let b = ((k + 1) * len / n.max(1)).max(a + 1).min(len);
                self.days[a + self.rng.below(b - a)]
            })
            .collect()
    }
    fn date(&self, m: u8, d: u8) -> Date {
        ymd(self.y, m, d)
    }
    fn push(&mut self, a: A) {
        self.out.push(a.0);
    }
}

/// Every activity of a cluster for 2024, 2025 and 2026 up to today.
fn generate(slug: &str, plan: &Plan, members: &Members, today: Date) -> Result<Vec<ActivityDraft>> {
    let known = plan.ancestry();
    let mut all = Vec::new();
    for y in 2024..=2026 {
        let seed = 0x00D3_A0F0_u64
            ^ (slug
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
                << 8)
            ^ y as u64;
        let mut rng = Rng(seed);
        let mut pool = members.eligible(y);
        rng.shuffle(&mut pool);
        // Companies first, then centres, hospitals and universities: the windows that start at
        // the beginning of the pool (regulatory and funding support…) reach companies.
        pool.sort_by_key(|o| members.rank(*o));
        let mut c = Ctx {
            y,
            rng,
            pool,
            members,
            days: working_days(y),
            out: Vec::new(),
        };
        match slug {
            "bhc" => bhc(&mut c),
            "cpb" => cpb(&mut c),
            _ => gnp(&mut c),
        }
        all.extend(c.out.into_iter().filter(|d| d.starts_on <= today));
    }
    // A wrong code or subtype would count nowhere: refuse it here rather than seed it.
    for d in &all {
        let bad_item = d.items.iter().find(|i| !known.contains_key(*i));
        let bad_subtype = d
            .subtype
            .filter(|s| !matches!(d.kind.parse_subtype("subtype", s), Ok(Some(_))));
        if let Some(bad) = bad_item.map(String::as_str).or(bad_subtype) {
            return Err(Error::Internal(format!(
                "demo history of {slug}: {bad} does not fit {}",
                d.title
            )));
        }
    }
    all.sort_by_key(|d| d.starts_on);
    Ok(all)
}

// ---------------------------------------------------------------------------------------------
// Tables: the demo's texts and figures, one row per line, fields separated by " | "

type Row = Vec<&'static str>;

fn table(text: &'static str) -> Vec<Row> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(" | ").map(str::trim).collect())
        .collect()
}

/// The rows of a table whose first column is `year`, without that column.
fn of_year(text: &'static str, year: i32) -> Vec<Row> {
    let y = year.to_string();
    table(text)
        .into_iter()
        .filter(|r| r[0] == y)
        .map(|r| r[1..].to_vec())
        .collect()
}

fn field(r: &Row, i: usize) -> &'static str {
    r.get(i).copied().unwrap_or("")
}

/// A number of a table (the unit test checks that every one parses).
fn int(s: &str) -> i64 {
    s.replace('_', "").parse().unwrap_or(0)
}

fn reach(s: &str) -> R {
    R::parse("scope", s).unwrap_or(R::Regional)
}

fn counterpart(s: &str) -> C {
    C::parse("counterpart", s).unwrap_or(C::Other)
}

fn kind(s: &str) -> K {
    K::parse("kind", s).unwrap_or(K::Event)
}

/// The value of year `yi` in `"2024 2025 2026"`.
fn per_year(s: &str, yi: usize) -> usize {
    s.split_whitespace().nth(yi).map_or(0, |v| int(v) as usize)
}

/// `"03-17"` → (3, 17).
fn month_day(s: &str) -> (u8, u8) {
    let (m, d) = s.split_once('-').unwrap_or(("1", "1"));
    (int(m) as u8, int(d) as u8)
}

fn items(s: &'static str) -> Vec<&'static str> {
    s.split(',').map(str::trim).collect()
}

/// The subtype column of a table: its text is static, as a draft wants it.
fn subtype(s: &'static str) -> Option<&'static str> {
    (!s.is_empty() && s != "-").then_some(s)
}

fn cycle<T: Clone>(rows: &[T], k: usize) -> T {
    rows[k % rows.len()].clone()
}

// ---------------------------------------------------------------------------------------------
// Basque Health Cluster (Spanish)

const BHC_PLACES: [&str; 4] = [
    "Bilbao",
    "Donostia-San Sebastián",
    "Vitoria-Gasteiz",
    "Parque Científico y Tecnológico de Bizkaia",
];

/// subtype | plan item | place | title
const BHC_TRAININGS: &str = "
    microcredential | talent.1.3 | Leioa | Microcredencial UPV/EHU «Asuntos regulatorios de productos sanitarios»
    course | talent.1.4 | Donostia-San Sebastián | Curso de regulatoria MDR/IVDR para empresas asociadas (con la Universidad de Deusto)
    dual | talent.1.2 | Bilbao | Programa de especialización en FP dual medtech + biotech
    webinar | talent.2.1 | online | Webinar: el Reglamento Europeo de IA y el software como producto sanitario
    workshop | talent.3.1 | Bilbao | Taller de talento internacional: visados, tarjeta azul UE y fiscalidad
    course | talent.2.2 | Donostia-San Sebastián | Curso de ciberseguridad en dispositivos médicos conectados
    microcredential | talent.1.3 | Arrasate-Mondragón | Microcredencial Mondragon Unibertsitatea «Salud digital y dato clínico»
    postgraduate | talent.1.4 | Bilbao | Posgrado en Regulatory Affairs del sector salud (Universidad de Deusto)
    workshop | talent.4.1 | Vitoria-Gasteiz | Píldora formativa: marca empleadora en el sector salud
    course | talent.2.2 | Derio | Curso de Buenas Prácticas de Fabricación (GMP) para pymes biotech
    webinar | talent.2.1 | online | Webinar: evaluación de tecnologías sanitarias (HTA) para empresas medtech
    course | talent.2.2 | Barakaldo | Curso de gestión de ensayos clínicos con productos sanitarios
";

/// Topics of the BHC Gosariak breakfasts.
const GOSARIAK: &str = "
    compra pública innovadora en Osakidetza
    financiación para startups biotech: rondas y fondos especializados
    inteligencia artificial generativa en la práctica clínica
    MDR: lecciones aprendidas tras la transición
    silver economy y nuevos modelos de cuidados
    acceso al dato clínico en Euskadi
    entrada en el mercado de EE. UU.: FDA y reembolso
    sostenibilidad y huella de carbono en el sector salud
    Osasun Poloa: situación y próximos pasos
    cómo atraer perfiles de regulatoria y calidad
    ciberseguridad en hospitales y dispositivos conectados
    medicina personalizada y terapias avanzadas
    el nuevo Espacio Europeo de Datos Sanitarios
    colaboración entre startups y grandes empresas del sector
";

/// subtype | plan items | scope | with external players (yes/-) | title ({y}: the year)
const BHC_EVENTS: &str = "
    conference | excellence.7.1 | regional | - | Jornada anual Basque Health Cluster {y}
    conference | internationalisation.2.1 | international | - | BHC en HIMSS Europe {y}
    conference | cooperation.2.1 | national | yes | Participación en el Foro Transfiere {y} (Málaga)
    conference | commercialisation.2.1 | national | - | Congreso Nacional de Hospitales y Gestión Sanitaria
    conference | osasun_poloa.1.1 | regional | - | Jornada Osasun Poloa: el living lab como motor de innovación
    conference | innovation.3.1 | regional | - | Basque Health Innovation Day {y}
    conference | cooperation.2.1 | national | yes | Jornada FENIN–clústeres sobre acceso al mercado
    conference | internationalisation.2.1 | european | - | MedTech Forum {y} (Bruselas)
    conference | financing.3.1 | national | - | Jornada de ASEBIO sobre financiación de la biotecnología
    conference | excellence.7.1 | regional | - | Jornada de visibilidad del sector salud vasco con las instituciones
    conference | excellence.8.1 | regional | - | Foro de competitividad de los clústeres de Euskadi
    seminar | innovation.2.1 | regional | - | Seminario: compra pública de innovación en salud
    seminar | innovation.2.1 | regional | yes | Seminario con BRTA: capacidades tecnológicas para el sector salud
    seminar | innovation.3.1 | regional | - | Seminario: convocatorias Elkartek y Hazitek {y}
    seminar | financing.3.1 | regional | - | Seminario de fiscalidad de la I+D+i para empresas de salud
    seminar | commercialisation.2.1 | national | - | Seminario: reembolso y acceso al mercado en el Sistema Nacional de Salud
    seminar | data.2.1 | regional | - | Seminario de biobancos y muestras para la investigación
    seminar | innovation.2.1 | regional | yes | Seminario con BAIC: inteligencia artificial aplicada a la salud
    webinar | internationalisation.3.1 | european | - | Webinar: convocatorias Horizonte Europa Salud {y}
    webinar | financing.2.1 | european | - | Webinar: EIC Accelerator para empresas de salud
    webinar | data.1.3 | european | - | Webinar: el Espacio Europeo de Datos Sanitarios (EHDS)
    webinar | commercialisation.1.1 | regional | - | Webinar: oportunidades de licitación en Osakidetza
    webinar | talent.4.1 | national | - | Webinar: incentivos a la contratación de personal investigador
    webinar | regulation.2.1 | national | - | Webinar: cómo preparar la auditoría MDR del organismo notificado
    webinar | innovation.1.3 | regional | - | Webinar: ODS y economía circular en el sector salud
    workshop | innovation.1.1 | regional | - | Taller de Agenda Tecnológica BHC con empresas
    workshop | innovation.1.3 | regional | - | Taller de economía circular y ecodiseño de productos sanitarios
    workshop | osasun_poloa.1.2 | regional | - | Taller de diseño de servicios del living lab Osasun Poloa
    workshop | talent.2.1 | regional | - | Taller de detección de necesidades formativas de las asociadas
    workshop | innovation.1.2 | regional | - | Taller de grupos de trabajo prioritarios: digitalización y sostenibilidad
    forum | talent.4.1 | regional | - | Foro de talento en salud de Euskadi {y}
    forum | financing.2.2 | regional | - | Foro de inversión en salud BHC–BEAZ {y}
    forum | commercialisation.2.1 | national | - | Foro de compra pública sanitaria del norte
";

/// place | title
const BHC_NETWORKING: &str = "
    Donostia-San Sebastián | Encuentro de networking de asociadas BHC en Donostia
    Derio | Afterwork BHC en BIC Bizkaia
    Bilbao | Encuentro de bienvenida a las nuevas asociadas
    Bilbao | Encuentro BHC de startups y empresas tractoras
    Vitoria-Gasteiz | Networking BHC en el Parque Tecnológico de Álava
    Donostia-San Sebastián | Encuentro de asociadas de la cadena de valor sociosanitaria
";

/// subtype | plan item | title
const OSAKIDETZA: &str = "
    bilateral | commercialisation.1.1 | Reunión con la Subdirección de Compras y Logística de Osakidetza
    working_group | commercialisation.1.1 | Grupo de trabajo BHC–Osakidetza: seguimiento del plan de acción
    presentation | commercialisation.1.2 | Presentación de soluciones de asociadas a jefes de servicio del Hospital Universitario Cruces
    presentation | commercialisation.1.2 | Presentación de productos de asociadas en el Hospital Universitario Donostia
    bilateral | commercialisation.1.1 | Reunión con la Dirección de Asistencia Sanitaria de Osakidetza
    bilateral | commercialisation.1.2 | Reunión con Bioef sobre ensayos clínicos con empresas asociadas
    presentation | commercialisation.1.2 | Presentación de asociadas en el Hospital Universitario Araba
    bilateral | commercialisation.1.1 | Reunión con Osakidetza sobre compra pública innovadora
    working_group | commercialisation.1.2 | Mesa de trabajo con la OSI Bilbao-Basurto sobre telemonitorización
    presentation | commercialisation.1.1 | Presentación de soluciones de salud digital a la Dirección General de Osakidetza
    bilateral | commercialisation.1.2 | Reunión con la OSI Donostialdea sobre necesidades de atención primaria
    bilateral | commercialisation.1.1 | Reunión con el Hospital Universitario Basurto sobre necesidades de compra
    presentation | commercialisation.1.2 | Sesión de innovación abierta con supervisoras de enfermería de Osakidetza
";

/// subtype | scope | title
const OTHER_HEALTH: &str = "
    bilateral | national | Reunión con el Servicio Navarro de Salud–Osasunbidea sobre compra pública innovadora
    presentation | international | Presentación de asociadas a NHS Supply Chain (Reino Unido)
    bilateral | national | Reunión con el Servicio Madrileño de Salud (SERMAS)
    bilateral | national | Reunión con el Servicio Cántabro de Salud
    presentation | international | Presentación de asociadas a la AP-HP (Assistance Publique–Hôpitaux de Paris)
";

const CONSOLIDATED: &str = "
    Encuentro de asociadas con Siemens Healthineers: presentación de soluciones
    Reunión B2B de asociadas con Philips Ibérica
    Reunión con GE HealthCare sobre proveedores locales
    Presentación de asociadas a Medtronic Ibérica
    Reunión con Grifols: oportunidades de colaboración
    Reunión con Roche Diagnostics España
    Encuentro de asociadas con Fresenius Medical Care
    Reunión con B. Braun Medical
";

const FUNDS: &str = "
    Ysios Capital
    Asabys Partners
    Seed Capital Bizkaia
    Kereon Partners
    Columbus Venture Partners
    Invivo Partners
    Axon Partners Group
    Bullnet Capital
    BStartup (Banco Sabadell)
    Inveready
";

/// subtype | plan item | counterpart | title
const DATA_MEETINGS: &str = "
    working_group | data.1.1 | institution | Grupo de trabajo de dato clínico del grupo de pilotaje RIS3 Salud
    bilateral | data.1.2 | research_centre | Reunión con BAIC sobre la plataforma compartida de datos en la nube
    bilateral | data.1.3 | other | Reunión con Gaia-X Hub España: espacios de datos de salud
    working_group | data.1.1 | member | GT Dato Clínico BHC: casos de uso de datos para empresas
    bilateral | data.1.2 | research_centre | Reunión con Vicomtech sobre interoperabilidad y datos sintéticos
    bilateral | data.2.1 | research_centre | Reunión con Biobizkaia sobre acceso a muestras y cohortes
    bilateral | data.1.3 | cluster | Reunión con Gaia Exchange sobre proyectos colaborativos de datos
    working_group | data.1.1 | institution | Reunión de seguimiento del lobby del dato en el grupo de pilotaje de Salud
";

const INNOVATION_MEETINGS: &str = "
    Matchmaking con BRTA: capacidades en biomateriales
    Reunión con Tecnalia Health sobre proyectos colaborativos
    Reunión con CIC bioGUNE: transferencia a empresas
    Reunión con Ikerlan sobre electrónica médica
    Matchmaking con Biogipuzkoa: necesidades clínicas y capacidades de las asociadas
";

/// cluster | topic
const CLUSTERS: &str = "
    GAIA (clúster de conocimiento y tecnologías aplicadas) | salud digital
    ACESABIO | agenda de los clústeres de salud
    el Clúster de Alimentación de Euskadi | nutrición y salud
    HEGAN | fabricación avanzada para dispositivos médicos
    el Clúster de Energía | sostenibilidad en hospitales
    FENIN | acciones conjuntas de acceso al mercado
    el Clúster del Papel y el Packaging | envases sanitarios sostenibles
";

/// plan item | title
const UNIVERSITY_MEETINGS: &str = "
    talent.1.1 | Reunión con la UPV/EHU: acuerdo de colaboración (TFM, TFG, doctorandos)
    talent.1.4 | Reunión con la Universidad de Deusto sobre el curso de Regulatoria
    talent.1.3 | Reunión con Mondragon Unibertsitatea sobre microcredenciales
    talent.1.4 | Reunión con Tecnun sobre programas de posgrado en ingeniería biomédica
    talent.1.2 | Reunión con Tknika sobre perfiles de FP para el sector salud
";

/// area | plan item | title
const SUPPORTS: &str = "
    regulatory | regulation.1.1 | Asesoramiento regulatorio MDR: clasificación de producto
    regulatory | regulation.2.1 | Apoyo en la búsqueda de organismo notificado
    regulatory | regulation.1.1 | Orientación sobre evaluación clínica (MDR, art. 61)
    regulatory | regulation.1.1 | Consulta sobre marcado CE de software como producto sanitario
    regulatory | regulation.1.1 | Acompañamiento en la licencia previa de funcionamiento (AEMPS)
    regulatory | regulation.2.1 | Revisión de la documentación técnica IVDR
    funding | financing.2.1 | Asesoramiento en la convocatoria Hazitek
    funding | financing.2.1 | Apoyo en la solicitud de un proyecto CDTI
    funding | financing.2.2 | Conexión con inversores para una ronda semilla
    funding | financing.2.1 | Revisión de propuesta EIC Accelerator
    funding | financing.1.1 | Orientación sobre instrumentos de financiación pública
    talent | talent.4.1 | Difusión de ofertas de empleo en la bolsa BHC
    talent | talent.3.1 | Apoyo en la contratación de talento internacional
    talent | talent.3.1 | Conexión con Bizkaia Talent para perfiles internacionales
    talent | talent.1.2 | Selección de perfiles de FP dual
    internationalisation | internationalisation.1.1 | Asesoramiento para entrar en EE. UU. (FDA 510(k))
    internationalisation | internationalisation.1.2 | Búsqueda de distribuidores en Latinoamérica
    internationalisation | internationalisation.1.1 | Preparación de la participación en una feria internacional
    internationalisation | internationalisation.3.1 | Identificación de socios para un consorcio europeo
    commercialisation | commercialisation.1.1 | Preparación de una presentación a Osakidetza
    commercialisation | commercialisation.2.1 | Asesoramiento en una licitación pública
    commercialisation | commercialisation.3.1 | Presentación a una empresa tractora
    data | data.1.1 | Orientación para el acceso a datos clínicos
    data | data.2.1 | Orientación para el acceso a biobancos y muestras
    innovation | innovation.3.1 | Búsqueda de socios para un proyecto colaborativo
    innovation | innovation.2.1 | Matchmaking con un centro tecnológico
";

/// subtype | scope | outlet
const BHC_OUTLETS: &str = "
    press | regional | El Correo
    press | regional | Deia
    press | regional | Diario Vasco
    online | national | Redacción Médica
    online | national | ConSalud
    press | national | Expansión
    radio | regional | Radio Euskadi
    radio | regional | Cadena SER Euskadi
    tv | regional | ETB2 — Teknopolis
    online | national | Innovaspain
    press | regional | Berria
    online | local | Noticias de Gipuzkoa
    press | national | Cinco Días
    online | international | Science|Business
    online | regional | Estrategia Empresarial
    tv | regional | EITB Albisteak
";

const BHC_HEADLINES: &str = "
    El Basque Health Cluster reúne a sus asociadas en torno a la inteligencia artificial
    Las empresas vascas de salud facturan más y exportan más
    Osasun Poloa avanza como polo de salud de referencia
    El clúster vasco de salud impulsa la compra pública innovadora
    Euskadi refuerza su presencia en MEDICA con un pabellón agrupado
    El BHC lanza una microcredencial en asuntos regulatorios
    La regulación europea, principal reto de las medtech vascas
    El sector salud vasco busca talento internacional
    El BHC y Osakidetza acercan la innovación de las empresas a los hospitales
    Las biotech vascas captan financiación récord
    Entrevista a la directora del Basque Health Cluster
    El clúster de salud presenta su plan estratégico 2024-2027
";

/// counterpart | scope | plan item | title
const BHC_CONTACTS: &str = "
    institution | regional | excellence.8.1 | Reunión con la Viceconsejería de Industria del Gobierno Vasco
    regional_health_system | regional | excellence.8.1 | Reunión con la Viceconsejería de Salud del Gobierno Vasco
    institution | regional | excellence.3.2 | Reunión con SPRI sobre el programa de apoyo a asociaciones clúster
    institution | local | excellence.8.1 | Reunión con la Diputación Foral de Gipuzkoa (Promoción Económica)
    institution | local | financing.1.1 | Reunión con la Diputación Foral de Bizkaia (Desarrollo Económico)
    institution | local | financing.1.1 | Reunión con BEAZ sobre emprendimiento en salud
    institution | regional | commercialisation.3.2 | Reunión con Invest in the Basque Country sobre atracción de empresas
    institution | national | excellence.8.1 | Reunión con el Ministerio de Ciencia, Innovación y Universidades
    institution | national | financing.1.1 | Reunión con el CDTI sobre instrumentos de financiación
    institution | national | regulation.1.1 | Reunión con la AEMPS sobre simplificación regulatoria
    institution | national | internationalisation.1.1 | Reunión con ICEX España Exportación e Inversiones
    institution | european | internationalisation.2.1 | Reunión con la Comisión Europea (DG GROW) sobre la estrategia europea de clústeres
    institution | local | osasun_poloa.1.1 | Reunión con el Ayuntamiento de Bilbao sobre Osasun Poloa
    institution | regional | financing.1.1 | Reunión con la Dirección de Emprendimiento del Gobierno Vasco
    institution | local | excellence.8.1 | Reunión con la Diputación Foral de Álava
    institution | regional | innovation.1.3 | Reunión con Ihobe sobre sostenibilidad en el sector salud
    institution | national | commercialisation.2.1 | Reunión con el Ministerio de Sanidad sobre compra pública innovadora
";

/// year | kind | subtype | starts (month-day) | days | organisations | place | title
const BHC_MISSIONS: &str = "
    2024 | mission | direct | 05-13 | 5 | 4 | Ciudad de México | Misión comercial directa a México (Ciudad de México y Monterrey)
    2024 | fair | visit | 03-18 | 3 | 3 | Barcelona | Visita a BIO-Europe Spring 2024
    2024 | mission | study | 10-07 | 3 | 3 | Utrecht | Misión de estudio a los Países Bajos: Health~Holland y living labs
    2024 | fair | grouped | 11-11 | 4 | 6 | Düsseldorf | Pabellón agrupado BHC en MEDICA 2024
    2025 | fair | grouped | 03-17 | 3 | 3 | Milán | Stand agrupado BHC en BIO-Europe Spring 2025
    2025 | mission | reverse | 04-22 | 3 | 3 | Bilbao | Misión inversa de compradores hospitalarios de Chile y Colombia
    2025 | mission | direct | 06-09 | 5 | 3 | Boston | Misión comercial directa a Boston (EE. UU.): ecosistema medtech y biotech
    2025 | mission | study | 09-22 | 3 | 2 | Copenhague | Misión de estudio a Dinamarca: Medicon Valley y hospitales del futuro
    2025 | fair | grouped | 10-07 | 3 | 4 | Barcelona | Stand agrupado de asociadas en BIOSPAIN 2025
    2025 | fair | grouped | 11-17 | 4 | 6 | Düsseldorf | Pabellón agrupado BHC en MEDICA 2025
    2026 | fair | visit | 01-26 | 4 | 2 | Dubái | Visita a WHX Dubai 2026 (antes Arab Health)
    2026 | fair | grouped | 03-23 | 3 | 4 | Lisboa | Stand agrupado BHC en BIO-Europe Spring 2026
    2026 | mission | direct | 05-11 | 4 | 4 | Múnich | Misión comercial directa a Alemania (Baviera)
    2026 | mission | reverse | 06-16 | 3 | 3 | Donostia-San Sebastián | Misión inversa de distribuidores de Japón
    2026 | mission | study | 09-21 | 3 | 3 | Oulu | Misión de estudio a Finlandia: Oulu Health y Tampere
    2026 | mission | direct | 10-19 | 5 | 4 | Bogotá | Misión comercial directa a México y Colombia
    2026 | fair | grouped | 11-16 | 4 | 7 | Düsseldorf | Pabellón agrupado BHC en MEDICA 2026
";

/// area | the members it reaches: first and end of its window of the year's pool, for 2024,
/// 2025 and 2026 | number of supports in each year
const BHC_SUPPORT_AREAS: &str = "
    regulatory | 0 0 0 | 16 23 26 | 24 35 38
    funding | 12 18 22 | 21 29 36 | 12 18 20
    talent | 18 26 30 | 28 37 46 | 13 16 22
    internationalisation | 24 30 40 | 40 50 60 | 16 20 24
    commercialisation | 44 50 70 | 54 64 85 | 12 18 18
    innovation | 50 60 80 | 56 68 88 | 7 10 10
    data | 56 68 88 | 58 72 90 | 3 4 4
";

/// call | scope | lowest and highest budget (€)
const BHC_CALLS: &str = "
    Propuesta Horizonte Europa (Clúster 1 Salud) | european | 2500000 | 6000000
    Propuesta EU4Health | european | 800000 | 2000000
    Propuesta Interreg Sudoe | european | 700000 | 1500000
    Propuesta CDTI Misiones Ciencia e Innovación | national | 1500000 | 4000000
    Propuesta Hazitek Estratégico | local | 900000 | 2500000
    Propuesta Elkartek | local | 400000 | 1200000
    Propuesta PERTE Salud de Vanguardia | national | 1000000 | 3000000
";

/// year | scope | plan item | organisations | budget (€) | title ({}: the acronym)
const BHC_PROJECTS: &str = "
    2024 | european | internationalisation.3.2 | 3 | 4200000 | Proyecto Horizonte Europa «{}»: BHC socio de difusión
    2024 | european | internationalisation.3.2 | 2 | 1300000 | Proyecto Interreg POCTEFA «{}»
    2024 | local | data.1.2 | 2 | 1100000 | Proyecto Hazitek «{}»: plataforma federada de datos clínicos
    2025 | european | internationalisation.3.2 | 3 | 5100000 | Proyecto Horizonte Europa «{}»
    2025 | european | data.1.3 | 2 | 1600000 | Proyecto EU4Health «{}»: intercambio de datos de salud
    2025 | european | internationalisation.3.2 | 1 | 1200000 | Proyecto Interreg Sudoe «{}»
    2025 | local | data.1.2 | 2 | 800000 | Proyecto Elkartek «{}»: datos sintéticos para el desarrollo de productos
    2025 | national | innovation.3.1 | 3 | 2700000 | Proyecto CDTI Misiones «{}»
    2026 | european | internationalisation.3.2 | 3 | 4800000 | Proyecto Horizonte Europa «{}»
    2026 | european | data.1.3 | 2 | 2000000 | Proyecto Europa Digital «{}»: espacio de datos de salud
    2026 | european | internationalisation.3.2 | 2 | 1400000 | Proyecto Interreg POCTEFA «{}»
    2026 | international | internationalisation.3.2 | 1 | 600000 | Proyecto EIT Health «{}»
    2026 | local | data.2.1 | 2 | 900000 | Proyecto Hazitek «{}»: acceso a biobancos
";

/// year | subtype | scope | title
const BHC_NETWORKS: &str = "
    2024 | platform | european | Alta en la European Cluster Collaboration Platform (ECCP)
    2024 | network | european | Participación en la red EIT Health Spain
    2024 | network | international | Adhesión a ECHAlliance (European Connected Health Alliance)
    2024 | forum | international | Participación en el foro HLTH Europe 2024
    2024 | committee | regional | Grupo de pilotaje RIS3 Euskadi Salud
    2024 | committee | regional | Grupo de trabajo de industria inteligente (Basque Industry 4.0)
    2024 | committee | national | Comité de clústeres de FENIN
    2024 | council | national | Consejo asesor de ASEBIO
    2024 | forum | regional | Foro de clústeres de Euskadi (SPRI)
    2025 | network | european | Plenario anual de la red EIT Health Spain 2025
    2025 | network | international | ECHAlliance: ecosistema vasco de salud conectada
    2025 | network | european | Vanguard Initiative: piloto de fabricación avanzada para la salud
    2025 | forum | international | Participación en el foro HLTH Europe 2025
    2025 | committee | european | Comité de clústeres del Council of European BioRegions (CEBR)
    2025 | platform | european | Plataforma de asociaciones nacionales y clústeres de MedTech Europe
    2025 | committee | regional | Grupo de pilotaje RIS3 Euskadi Salud 2025
    2025 | council | regional | Consejo asesor de Osasun Poloa
    2025 | committee | national | Comité de clústeres de FENIN 2025
    2025 | committee | regional | Grupo de trabajo de industria inteligente 2025
    2025 | forum | regional | Foro de clústeres de Euskadi (SPRI) 2025
    2026 | network | european | Plenario anual de la red EIT Health Spain 2026
    2026 | network | international | ECHAlliance: ecosistema vasco de salud conectada 2026
    2026 | network | european | Vanguard Initiative: piloto de fabricación avanzada para la salud 2026
    2026 | forum | international | Participación en el foro HLTH Europe 2026
    2026 | committee | european | Comité de clústeres del Council of European BioRegions (CEBR) 2026
    2026 | platform | european | European Health Data Space: plataforma de partes interesadas
    2026 | committee | regional | Grupo de pilotaje RIS3 Euskadi Salud 2026
    2026 | council | regional | Consejo asesor de Osasun Poloa 2026
    2026 | committee | national | Comité de clústeres de FENIN 2026
    2026 | committee | regional | Grupo de trabajo de industria inteligente 2026
    2026 | council | national | Consejo de la Alianza de clústeres de salud (ACESABIO)
";

const BHC_SERVICES: &str = "
    Servicio de consultoría regulatoria MDR
    Cuota de participación en el pabellón agrupado de MEDICA
    Formación a medida en GMP
    Servicio de vigilancia tecnológica a medida
    Búsqueda de socios internacionales
    Preparación de propuesta Hazitek
";

/// year | title
const BHC_PROGRAMMES: &str = "
    2024 | Horizonte Europa «MEDIBOND»: anualidad 2024
    2024 | Interreg POCTEFA «CARE4AGE»: anualidad 2024
    2024 | Elkartek: acciones de dinamización 2024
    2025 | Horizonte Europa «MEDIBOND»: anualidad 2025
    2025 | Interreg POCTEFA «CARE4AGE»: anualidad 2025
    2025 | EU4Health «OSASUNDATA»: primer pago
    2025 | Elkartek: acciones de dinamización 2025
    2026 | Horizonte Europa «MEDIBOND»: anualidad 2026
    2026 | EU4Health «OSASUNDATA»: segundo pago
    2026 | Interreg Sudoe «NEUROLINK»: anualidad 2026
    2026 | Elkartek: acciones de dinamización 2026
";

const ACRONYMS: &str = "MEDIBOND OSASUNDATA NEUROLINK BIOPRINT-EUS CARE4AGE SMARTIMPLANT DIAGNOVA
    REHAB-AI ONKOBIDE EUSKOHEART ANTIBIO-R TELECARE+ LIVINGLAB-H NANODX CIRCULMED BIOTRAD";

fn acronym(k: usize) -> &'static str {
    let all: Vec<&str> = ACRONYMS.split_whitespace().collect();
    all[k % all.len()]
}

/// Activities of one cluster's year, counted against the plan's targets: the comments give
/// the indicator each group feeds and its targets for 2024/2025/2026.
fn bhc(c: &mut Ctx) {
    let y = c.y;
    let yi = c.i();

    // Trainings → OP-TAL-1 (6/8/10), OP-TAL-2 attendees (120/160/200); their organisations
    // feed E4 with the supports, missions and fairs below.
    let n = c.n([7, 10, 11]);
    let attendees = split(&mut c.rng, [131, 191, 205][yi], n, 1);
    let orgs = c.window([52, 66, 82][yi], [66, 88, 96][yi]);
    let sizes: Vec<usize> = attendees
        .iter()
        .map(|x| (*x as usize / 4).clamp(2, 9))
        .collect();
    let lists = cover(&mut c.rng, &orgs, &sizes);
    let dates = c.spread(n);
    let trainings = table(BHC_TRAININGS);
    for k in 0..n {
        let r = cycle(&trainings, k + 4 * yi);
        let sub = field(&r, 0);
        let people = c.reps(&lists[k], 3);
        let mut a = act(
            K::Training,
            subtype(sub),
            dates[k],
            format!("{} ({y})", field(&r, 3)),
        )
        .items(&[field(&r, 1)])
        .scope(R::Regional)
        .orgs(lists[k].clone())
        .people(people)
        .attendees(attendees[k])
        .place(field(&r, 2));
        if matches!(sub, "microcredential" | "postgraduate" | "dual") {
            a = a
                .days(60)
                .describe("Programa de varias sesiones; asistentes de empresas asociadas.");
        }
        c.push(a);
    }

    // Cooperation: BHC Gosariak, networking and inter-cluster meetings share one window of
    // organisations → OP-COO-1 (40/50/60).
    let (n_breakfast, n_networking, n_intercluster) =
        (c.n([8, 8, 9]), c.n([4, 5, 6]), c.n([5, 6, 6]));
    let coop = c.ring([20, 30, 25][yi], [42, 47, 55][yi]);
    let mut sizes = Vec::new();
    sizes.extend((0..n_breakfast).map(|_| 8 + c.rng.below(7)));
    sizes.extend((0..n_networking).map(|_| 6 + c.rng.below(7)));
    sizes.extend((0..n_intercluster).map(|_| 1 + c.rng.below(3)));
    let mut lists = cover(&mut c.rng, &coop, &sizes).into_iter();
    let topics = table(GOSARIAK);
    let dates = c.spread(n_breakfast);
    for (k, d) in dates.into_iter().enumerate() {
        let topic = field(&cycle(&topics, k + 5 * yi), 0);
        let orgs = lists.next().unwrap_or_default();
        let people = c.reps(&orgs, 4);
        let att = orgs.len() as i64 * 2 + c.rng.range(6, 14);
        c.push(
            act(
                K::Event,
                Some("breakfast"),
                d,
                format!("BHC Gosariak: {topic}"),
            )
            .items(&["cooperation.1.1"])
            .scope(R::Regional)
            .orgs(orgs)
            .people(people)
            .attendees(att)
            .place(BHC_PLACES[k % 3]),
        );
    }
    let networking = table(BHC_NETWORKING);
    let dates = c.spread(n_networking);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&networking, k + yi);
        let orgs = lists.next().unwrap_or_default();
        let people = c.reps(&orgs, 3);
        let att = orgs.len() as i64 * 2 + c.rng.range(10, 25);
        c.push(
            act(K::Event, Some("networking"), d, field(&r, 1))
                .items(&["cooperation.1.1"])
                .scope(R::Regional)
                .orgs(orgs)
                .people(people)
                .attendees(att)
                .place(field(&r, 0)),
        );
    }
    let clusters = table(CLUSTERS);
    let dates = c.spread(n_intercluster);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&clusters, k + 2 * yi);
        let orgs = lists.next().unwrap_or_default();
        let people = c.reps(&orgs, 1);
        let title = format!(
            "Reunión intercluster con {}: {}",
            field(&r, 0),
            field(&r, 1)
        );
        c.push(
            act(K::Meeting, Some("working_group"), d, title)
                .items(&["cooperation.2.1"])
                .with(C::Cluster)
                .external()
                .orgs(orgs)
                .people(people),
        );
    }

    // Other events (no organisations): with the breakfasts and networking → OP-EXC-3
    // (40/45/50); the innovation ones feed OP-INN-4 with the meetings below.
    let events = table(BHC_EVENTS);
    let n = c.n([29, 29, 37]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&events, k * 7 + yi * 3);
        let (sub, scope) = (field(&r, 0), reach(field(&r, 2)));
        let title = field(&r, 4).replace("{y}", &y.to_string());
        let mut a = act(K::Event, subtype(sub), d, title)
            .items(&items(field(&r, 1)))
            .scope(scope)
            .attendees(c.rng.range(25, 140));
        if field(&r, 3) == "yes" {
            a = a.external();
        }
        if sub == "webinar" {
            a = a.place("online");
        } else if matches!(scope, R::Regional | R::Local) {
            a = a.place(BHC_PLACES[k % 4]);
        }
        c.push(a);
    }

    // Meetings with Osakidetza → OP-COM-2 (10/14/16).
    let rows = table(OSAKIDETZA);
    let n = c.n([11, 15, 15]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + 3 * yi);
        let len = 1 + c.rng.below(3);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 2);
        c.push(
            act(K::Meeting, subtype(field(&r, 0)), d, field(&r, 2))
                .items(&[field(&r, 1)])
                .with(C::RegionalHealthSystem)
                .scope(R::Regional)
                .orgs(orgs)
                .people(people),
        );
    }
    // Other health systems → OP-COM-3 (2/4/5).
    let rows = table(OTHER_HEALTH);
    let n = c.n([2, 2, 3]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + 2 * yi);
        let orgs = c.some(2);
        c.push(
            act(K::Meeting, subtype(field(&r, 0)), d, field(&r, 2))
                .items(&["commercialisation.2.1"])
                .with(C::OtherHealthSystem)
                .scope(reach(field(&r, 1)))
                .orgs(orgs),
        );
    }
    // Companies with a consolidated commercial position → OP-COM-4 (4/6/8).
    let rows = table(CONSOLIDATED);
    let n = c.n([4, 6, 7]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let title = field(&cycle(&rows, k + 3 * yi), 0);
        let len = 2 + c.rng.below(3);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 4);
        let sub = if k % 2 == 0 {
            "presentation"
        } else {
            "bilateral"
        };
        c.push(
            act(K::Meeting, Some(sub), d, title)
                .items(&["commercialisation.3.1"])
                .with(C::ConsolidatedCompany)
                .orgs(orgs)
                .people(people),
        );
    }
    // Funds → OP-FIN-2 (5/8/10).
    let rows = table(FUNDS);
    let n = c.n([4, 5, 7]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let fund = field(&cycle(&rows, k + 4 * yi), 0);
        let len = 1 + c.rng.below(2);
        let orgs = c.some(len);
        c.push(
            act(K::Meeting, Some("bilateral"), d, format!("Reunión con {fund}"))
                .describe("Presentación del sector salud vasco y de asociadas que preparan una ronda de inversión.")
                .items(&["financing.2.2"])
                .with(C::Fund)
                .orgs(orgs),
        );
    }
    // Clinical data → OP-DAT-2 (6/8/10).
    let rows = table(DATA_MEETINGS);
    let n = c.n([6, 7, 9]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + yi);
        let len = c.rng.below(3);
        let orgs = c.some(len);
        c.push(
            act(K::Meeting, subtype(field(&r, 0)), d, field(&r, 3))
                .items(&[field(&r, 1)])
                .with(counterpart(field(&r, 2)))
                .orgs(orgs),
        );
    }
    // Science and technology players → OP-INN-4 with the innovation events.
    let rows = table(INNOVATION_MEETINGS);
    let n = c.n([2, 3, 3]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let title = field(&cycle(&rows, k + 2 * yi), 0);
        let orgs = c.some(2);
        c.push(
            act(K::Meeting, Some("working_group"), d, title)
                .items(&["innovation.2.1"])
                .with(C::ResearchCentre)
                .orgs(orgs),
        );
    }
    // Visits to members (knowing their needs) and meetings with universities.
    let n = c.n([20, 25, 24]);
    let dates = c.spread(n);
    for d in dates {
        let org = c.any_member();
        let people = c.reps(&[org], 1);
        let title = format!("Visita a {}: necesidades y servicios BHC", c.name(org));
        c.push(
            act(K::Meeting, Some("bilateral"), d, title)
                .items(&["excellence.2.1"])
                .with(C::Member)
                .orgs(vec![org])
                .people(people),
        );
    }
    let rows = table(UNIVERSITY_MEETINGS);
    let n = c.n([3, 4, 3]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + yi);
        c.push(
            act(K::Meeting, Some("bilateral"), d, field(&r, 1))
                .items(&[field(&r, 0)])
                .with(C::University)
                .external(),
        );
    }

    // Missions and fairs → OP-INT-2 (4/5/6); their members → OP-INT-3 (15/20/25).
    let missions = of_year(BHC_MISSIONS, y);
    let orgs = c.window([34, 40, 55][yi], [48, 58, 80][yi]);
    let sizes: Vec<usize> = missions.iter().map(|m| int(field(m, 4)) as usize).collect();
    let lists = cover(&mut c.rng, &orgs, &sizes);
    for (m, orgs) in missions.iter().zip(lists) {
        let (sub, title) = (field(m, 1), field(m, 6));
        let (month, day) = month_day(field(m, 2));
        let people = c.reps(&orgs, 3);
        let links: &[&str] = if sub == "study" {
            &["osasun_poloa.1.1", "internationalisation.1.1"]
        } else if title.contains("BIOSPAIN") {
            &["internationalisation.1.2"]
        } else {
            &["internationalisation.1.1"]
        };
        c.push(
            act(kind(field(m, 0)), subtype(sub), c.date(month, day), title)
                .items(links)
                .scope(R::International)
                .orgs(orgs)
                .people(people)
                .place(field(m, 5))
                .days(int(field(m, 3))),
        );
    }

    // R&D&I proposals → OP-INN-3, members taking part (8/10/12).
    let n = c.n([6, 6, 7]);
    let orgs = c.ring([5, 12, 8][yi], [8, 8, 11][yi]);
    let sizes: Vec<usize> = (0..n).map(|_| 1 + c.rng.below(3)).collect();
    let lists = cover(&mut c.rng, &orgs, &sizes);
    let calls = table(BHC_CALLS);
    let dates = c.spread(n);
    for (k, (d, orgs)) in dates.into_iter().zip(lists).enumerate() {
        let r = cycle(&calls, k + yi);
        let people = c.reps(&orgs, 2);
        let amount = c
            .rng
            .range(int(field(&r, 2)) / 10_000, int(field(&r, 3)) / 10_000)
            * 10_000;
        c.push(
            act(
                K::RdProposal,
                None,
                d,
                format!("{}: «{}»", field(&r, 0), acronym(k + 5 * yi)),
            )
            .items(&["innovation.3.1", "internationalisation.3.2"])
            .scope(reach(field(&r, 1)))
            .orgs(orgs)
            .people(people)
            .euros(amount)
            .describe("Presupuesto total solicitado por el consorcio."),
        );
    }
    // R&D&I projects won → E8 (2/3/4), OP-INT-1 (5/7/9), OP-DAT-1 (1/2/3).
    let projects = of_year(BHC_PROJECTS, y);
    let abroad = |r: &Row| matches!(reach(field(r, 0)), R::European | R::International);
    let n_abroad: usize = projects
        .iter()
        .filter(|r| abroad(r))
        .map(|r| int(field(r, 2)) as usize)
        .sum();
    let mut abroad_orgs = c.ring([60, 70, 40][yi], n_abroad).into_iter();
    let dates = c.spread(projects.len());
    for (k, (r, d)) in projects.iter().zip(dates).enumerate() {
        let n_orgs = int(field(r, 2)) as usize;
        let orgs: Vec<i64> = if abroad(r) {
            abroad_orgs.by_ref().take(n_orgs).collect()
        } else {
            c.some(n_orgs)
        };
        let people = c.reps(&orgs, 2);
        c.push(
            act(
                K::RdProject,
                None,
                d,
                field(r, 4).replace("{}", acronym(k + 7 + 3 * yi)),
            )
            .items(&[field(r, 1)])
            .scope(reach(field(r, 0)))
            .orgs(orgs)
            .people(people)
            .euros(int(field(r, 3)))
            .describe("Presupuesto total del proyecto aprobado."),
        );
    }

    // Supports by area, each to a window of the pool: regulatory → OP-REG-1 (15/20/25),
    // funding → OP-FIN-1 (8/12/15), talent → OP-TAL-3 (10/15/20); with trainings, missions
    // and fairs their union → E4 (70/80/90).
    let supports = table(SUPPORTS);
    for r in table(BHC_SUPPORT_AREAS) {
        let area = r[0];
        let (a, b, n) = (per_year(r[1], yi), per_year(r[2], yi), per_year(r[3], yi));
        let orgs = c.window(a, b);
        let lists = cover(&mut c.rng, &orgs, &vec![1; n]);
        let templates: Vec<&Row> = supports.iter().filter(|s| s[0] == area).collect();
        let dates = c.spread(n);
        for (k, (d, orgs)) in dates.into_iter().zip(lists).enumerate() {
            let r = templates[(k + yi) % templates.len()];
            let org = orgs.first().copied().unwrap_or_default();
            let people = c.reps(&orgs, 1);
            let title = format!("{} — {}", field(r, 2), c.name(org));
            c.push(
                act(K::Support, subtype(field(r, 0)), d, title)
                    .items(&[field(r, 1)])
                    .orgs(orgs)
                    .people(people),
            );
        }
    }

    // Media → E10 (60/75/90).
    let (outlets, headlines) = (table(BHC_OUTLETS), table(BHC_HEADLINES));
    let n = c.n([63, 68, 88]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&outlets, k * 5 + yi);
        let headline = field(&cycle(&headlines, k * 7 + yi * 3), 0);
        c.push(
            act(
                K::MediaMention,
                subtype(field(&r, 0)),
                d,
                format!("{}: «{headline}»", field(&r, 2)),
            )
            .items(&["excellence.7.2"])
            .scope(reach(field(&r, 1))),
        );
    }

    // Networks → E11 European or international (4/5/6), OP-EXC-5 councils and committees
    // (4/5/6).
    let networks = of_year(BHC_NETWORKS, y);
    let dates = c.spread(networks.len());
    for (r, d) in networks.iter().zip(dates) {
        let scope = reach(field(r, 1));
        let item = if matches!(scope, R::European | R::International) {
            "internationalisation.2.1"
        } else {
            "excellence.8.1"
        };
        c.push(
            act(K::Network, subtype(field(r, 0)), d, field(r, 2))
                .items(&[item])
                .scope(scope),
        );
    }

    // Institutional contacts → OP-EXC-4 (20/24/28).
    let contacts = table(BHC_CONTACTS);
    let n = c.n([21, 22, 26]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&contacts, k + 3 * yi);
        c.push(
            act(K::InstitutionalContact, None, d, field(&r, 3))
                .items(&[field(&r, 2)])
                .with(counterpart(field(&r, 0)))
                .scope(reach(field(&r, 1))),
        );
    }

    // Income → OP-EXC-1 services (150k/180k/210k), OP-EXC-2 competitive programmes
    // (100k/150k/200k), E15 their share of all income (20/24/28 %).
    let fees = c.v([540_000, 562_400, 585_000]);
    let first = fees * 55 / 100;
    for (date, half, amount) in [
        (c.date(1, 20), "primer", first),
        (c.date(7, 15), "segundo", fees - first),
    ] {
        let title = format!("Cuotas de asociadas {y}: remesa del {half} semestre");
        c.push(
            act(K::Income, Some("fees"), date, title)
                .items(&["excellence.3"])
                .euros(amount),
        );
    }
    let n = c.n([16, 18, 20]);
    let amounts = split(&mut c.rng, [152_400, 141_300, 176_000][yi], n, 100);
    let services = table(BHC_SERVICES);
    let dates = c.spread(n);
    for (k, (d, amount)) in dates.into_iter().zip(amounts).enumerate() {
        let org = c.company();
        let title = format!("{} — {}", field(&cycle(&services, k), 0), c.name(org));
        c.push(
            act(K::Income, Some("services"), d, title)
                .items(&["excellence.3.1"])
                .orgs(vec![org])
                .euros(amount),
        );
    }
    let programmes = of_year(BHC_PROGRAMMES, y);
    let amounts = split(
        &mut c.rng,
        [84_000, 162_000, 190_000][yi],
        programmes.len(),
        500,
    );
    let dates = c.spread(programmes.len());
    for ((r, amount), d) in programmes.iter().zip(amounts).zip(dates) {
        c.push(
            act(K::Income, Some("competitive_programmes"), d, field(r, 0))
                .items(&["excellence.3.2"])
                .euros(amount),
        );
    }
    let title =
        format!("Subvención del Gobierno Vasco al programa de apoyo a asociaciones clúster {y}");
    c.push(
        act(K::Income, Some("other"), c.date(6, 10), title)
            .items(&["excellence.3"])
            .euros(c.v([210_000, 215_000, 220_000])),
    );
    let amounts = split(&mut c.rng, [30_000, 36_000, 38_000][yi], 3, 500);
    for (k, amount) in amounts.into_iter().enumerate() {
        let org = c.company();
        let title = format!("Patrocinio de la Jornada anual BHC {y} — {}", c.name(org));
        let d = c.date(3 + 3 * k as u8, 5 + k as u8);
        c.push(
            act(K::Income, Some("sponsorship"), d, title)
                .items(&["excellence.3.3"])
                .orgs(vec![org])
                .euros(amount),
        );
    }
    for k in 0..2 {
        let org = c.company();
        let title = format!(
            "Acuerdo de patrocinio de BHC Gosariak {y} — {}",
            c.name(org)
        );
        let amount = c.rng.range(4, 9) * 1_000;
        c.push(
            act(K::Sponsorship, None, c.date(2 + 4 * k, 12), title)
                .items(&["excellence.3.3"])
                .orgs(vec![org])
                .euros(amount),
        );
    }

    // Bulletins: vigilance to a growing list of members → OP-COO-3 (30/45/60); newsletters.
    let (from, to, start) = ([24, 33, 41][yi], [33, 41, 52][yi], [40, 45, 50][yi]);
    for (k, m) in [1u8, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
        .into_iter()
        .enumerate()
    {
        let orgs = c.ring(start, from + (to - from) * k / 10);
        let month = ES_MONTHS[usize::from(m) - 1];
        c.push(
            act(
                K::Bulletin,
                Some("vigilance"),
                c.date(m, 6),
                format!("Boletín de vigilancia competitiva BHC — {month} de {y}"),
            )
            .items(&["innovation.1.4", "internationalisation.1.2"])
            .orgs(orgs)
            .describe("Licitaciones, convocatorias y oportunidades de mercado segmentadas por perfil de asociada."),
        );
        c.push(
            act(
                K::Bulletin,
                Some("newsletter"),
                c.date(m, 20),
                format!("Newsletter BHC — {month} de {y}"),
            )
            .items(&["excellence.7.2"])
            .describe("Enviada a los contactos de todas las asociadas."),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Communauté Pays Basque — Santé & MedTech (French)

const CPB_PLACES: [&str; 5] = [
    "Technopole Izarbel, Bidart",
    "Bayonne",
    "Technocité, Bayonne",
    "Saint-Jean-de-Luz",
    "Anglet",
];

/// "de X" or "d’X" before a vowel.
fn de(name: &str) -> String {
    match name.chars().next() {
        Some(c) if "AEIOUÉYaeiouéy".contains(c) => format!("d’{name}"),
        _ => format!("de {name}"),
    }
}

/// area | plan item | title (the first three are funding, the last the census of 2024)
const CPB_SUPPORTS: &str = "
    funding | a1.l2.1 | Orientation vers un appel à projets France 2030
    funding | a1.l2.1 | Accompagnement au dossier Bpifrance Innovation
    funding | a1.l2.1 | Mise en relation avec la Région Nouvelle-Aquitaine (AAP santé)
    commercialisation | a1.l1.2 | Accompagnement à l’accès aux achats hospitaliers (GHT Navarre–Côte Basque)
    regulatory | a1.l1.2 | Premier diagnostic réglementaire (marquage CE, MDR)
    talent | a1.l1.2 | Appui au recrutement : diffusion d’offres et lien avec l’ESTIA
    innovation | a1.l1.2 | Mise en relation avec un laboratoire de l’UPPA
    internationalisation | a1.l1.2 | Accompagnement export vers l’Espagne avec le Basque Health Cluster
    other | a3.l1.1 | Recherche de foncier et d’implantation sur une technopole
    other | a1.l1.1 | Diagnostic des besoins de l’entreprise (recensement de la filière)
";

const CPB_HEADLINES: &str = "
    La santé, futur sixième secteur technopolitain du Pays Basque
    Les industriels de la santé du Pays Basque se structurent en filière
    MedTech : la Communauté Pays Basque dévoile sa feuille de route
    Rencontres Santé & MedTech : 150 participants à Bidart
    Les entreprises de santé du territoire misent sur France 2030
    Hôpital et industriels : une coopération renforcée sur la Côte basque
    Technoflex, Renaudin, Bioluz : les fleurons de la santé au Pays Basque
";

/// subtype | scope | outlet
const CPB_OUTLETS: &str = "
    press | regional | Sud Ouest
    press | local | La Semaine du Pays Basque
    radio | local | France Bleu Pays Basque
    tv | regional | France 3 Aquitaine
    online | local | Mediabask
    online | regional | Objectif Aquitaine
    press | local | Le Journal du Pays Basque
    online | regional | La Tribune Bordeaux
";

const CPB_HEALTH: &str = "
    Réunion avec la direction des achats du Centre hospitalier de la Côte Basque
    Rencontre avec l’ARS Nouvelle-Aquitaine (délégation des Pyrénées-Atlantiques)
    Réunion avec la Clinique Belharra
    Réunion avec le GHT Navarre–Côte Basque
    Présentation d’innovations des membres au Centre hospitalier de la Côte Basque
    Réunion avec la Polyclinique Côte Basque Sud
    Réunion avec la direction de l’innovation du CHU de Bordeaux
";

/// counterpart | title
const CPB_CONTACTS: &str = "
    institution | Réunion avec la Région Nouvelle-Aquitaine (direction de l’économie)
    institution | Réunion avec ADI Nouvelle-Aquitaine
    institution | Réunion avec Bpifrance Bayonne
    institution | Réunion avec la CCI Bayonne Pays Basque
    cluster | Réunion avec le Basque Health Cluster : coopération transfrontalière
    university | Réunion avec l’Université de Pau et des Pays de l’Adour
    university | Réunion avec l’ESTIA sur les formations aux métiers de la santé
    institution | Réunion avec la sous-préfecture de Bayonne
    institution | Réunion avec l’Eurorégion Nouvelle-Aquitaine Euskadi Navarre
    cluster | Réunion avec ALLIS-NA
";

/// counterpart | title
const CPB_PARTNERS: &str = "
    university | Réunion avec l’UPPA : plateformes de recherche ouvertes aux entreprises
    university | Réunion avec l’ESTIA : projets étudiants avec les membres
    cluster | Réunion avec le Basque Health Cluster : programme d’échanges
    research_centre | Réunion avec le CEA Tech Nouvelle-Aquitaine
    research_centre | Réunion avec l’Institut Bergonié sur les essais cliniques
";

/// subtype | plan item | edition (the year follows the title) | title
const CPB_EVENTS_A2: &str = "
    conference | a2.l1.2 | yes | Rencontres Santé & MedTech Pays Basque
    networking | a2.l1.1 | yes | Journée portes ouvertes de la filière santé à Bidart
    seminar | a2.l2.1 | - | Présentation de la filière santé du Pays Basque aux porteurs de projets bordelais
    networking | a2.l1.2 | yes | Soirée des entreprises de la santé et de la MedTech
    conference | a2.l1.1 | yes | Conférence grand public : innover pour la santé au Pays Basque
    forum | a2.l1.2 | yes | Forum des métiers de la santé et de la MedTech
";

/// subtype | plan item | title
const CPB_EVENTS: &str = "
    breakfast | a3.l3.1 | Petit-déjeuner des industriels de la santé
    workshop | a1.l2.1 | Atelier France 2030 : répondre aux appels à projets santé
    webinar | a1.l1.2 | Webinaire : le règlement MDR pour les PME
    conference | a3.l1.1 | Conférence : la santé, sixième secteur technopolitain
    workshop | a3.l3.1 | Atelier industriels–établissements de santé : besoins des services
    seminar | a3.l2.1 | Séminaire des grands projets de santé de la Communauté
    breakfast | a1.l2.1 | Petit-déjeuner : financer sa croissance dans la santé
";

/// subtype | title
const CPB_TRAININGS: &str = "
    course | Formation réglementaire MDR pour les TPE de la filière
    webinar | Webinaire : marquage CE des logiciels de santé
    workshop | Atelier : vendre aux établissements de santé
    course | Formation : préparer une levée de fonds dans la santé
    workshop | Atelier qualité : ISO 13485 en pratique
";

/// year | subtype | scope | title
const CPB_NETWORKS: &str = "
    2024 | network | regional | Adhésion à ALLIS-NA (Alliance for Life Sciences and Health Nouvelle-Aquitaine)
    2024 | network | european | Groupe santé de l’Eurorégion Nouvelle-Aquitaine Euskadi Navarre (2024)
    2025 | committee | regional | Comité de pilotage de la feuille de route Nouvelle-Aquitaine Santé (2025)
    2025 | network | european | Groupe santé de l’Eurorégion Nouvelle-Aquitaine Euskadi Navarre (2025)
    2025 | network | national | Réseau des technopoles RETIS : groupe santé (2025)
    2026 | committee | regional | Comité de pilotage de la feuille de route Nouvelle-Aquitaine Santé (2026)
    2026 | network | european | Groupe santé de l’Eurorégion Nouvelle-Aquitaine Euskadi Navarre (2026)
    2026 | network | national | Réseau des technopoles RETIS : groupe santé (2026)
";

/// year | kind | subtype | starts (month-day) | days | title
const CPB_MISSIONS: &str = "
    2024 | mission | study | 06-18 | 2 | Mission d’étude au Basque Health Cluster (Bilbao)
    2025 | mission | study | 04-08 | 2 | Mission d’étude à Bilbao : Osasun Poloa et living labs
    2025 | fair | visit | 11-18 | 3 | Visite collective du salon MEDICA 2025 (Düsseldorf)
    2026 | mission | study | 05-19 | 3 | Mission d’étude en Catalogne : l’écosystème medtech de Barcelone
    2026 | fair | visit | 11-17 | 3 | Visite collective du salon MEDICA 2026 (Düsseldorf)
";

/// year | scope | budget (€) | title
const CPB_PROJECTS: &str = "
    2024 | regional | 850000 | Projet collaboratif « SUIVICARE » : suivi post-opératoire connecté (Région Nouvelle-Aquitaine)
    2025 | national | 2400000 | Projet France 2030 i-Démo « BIOPACK » : emballages stériles biosourcés
    2025 | regional | 640000 | Projet collaboratif « DERMALAB » : tests cosmétiques in vitro (Région Nouvelle-Aquitaine)
    2026 | european | 1500000 | Projet Interreg POCTEFA « TRANSMED » avec le Basque Health Cluster
    2026 | regional | 900000 | Projet collaboratif « ORTHO3D » : implants imprimés en 3D
    2026 | national | 3100000 | Projet France 2030 « PERFUSE » : dispositifs de perfusion nouvelle génération
";

fn cpb(c: &mut Ctx) {
    let y = c.y;
    let yi = c.i();
    let supports = table(CPB_SUPPORTS);

    // Supports → OP1 all areas (10/15/20), OP2 funding (4/6/8).
    let n = c.n([6, 9, 12]);
    let funding = c.window(0, [4, 5, 7][yi]);
    let lists = cover(&mut c.rng, &funding, &vec![1; n]);
    let dates = c.spread(n);
    for (k, (d, orgs)) in dates.into_iter().zip(lists).enumerate() {
        let r = &supports[k % 3];
        let title = format!("{} — {}", field(r, 2), c.name(orgs[0]));
        let people = c.reps(&orgs, 1);
        c.push(
            act(K::Support, subtype(field(r, 0)), d, title)
                .items(&[field(r, 1)])
                .orgs(orgs)
                .people(people),
        );
    }
    let n = c.n([50, 80, 85]);
    let others = c.window(3, [9, 17, 21][yi]);
    let lists = cover(&mut c.rng, &others, &vec![1; n]);
    let dates = c.spread(n);
    for (k, (d, orgs)) in dates.into_iter().zip(lists).enumerate() {
        // The first year is the census of the sector's companies (a1.l1.1).
        let r = if yi == 0 && k % 2 == 0 {
            &supports[9]
        } else {
            &supports[3 + (k + yi) % 7]
        };
        let title = format!("{} — {}", field(r, 2), c.name(orgs[0]));
        let people = c.reps(&orgs, 1);
        c.push(
            act(K::Support, subtype(field(r, 0)), d, title)
                .items(&[field(r, 1)])
                .orgs(orgs)
                .people(people),
        );
    }

    // Events promoting the sector (axis 2) → OP4 (2/4/5); attendees of all events → OP5
    // (100/200/250).
    let (n_a2, n_other) = (c.n([2, 5, 6]), c.n([4, 6, 7]));
    let mut attendees = split(&mut c.rng, [120, 185, 260][yi], n_a2 + n_other, 1).into_iter();
    let promotion = table(CPB_EVENTS_A2);
    let dates = c.spread(n_a2);
    for (k, d) in dates.into_iter().enumerate() {
        // The promotion events of a2.l1.2 and a2.l2.1 start in 2025.
        let r = if yi == 0 {
            promotion[[1, 4][k % 2]].clone()
        } else {
            cycle(&promotion, k + yi)
        };
        let att = attendees.next().unwrap_or(20);
        let orgs = c.some((att as usize / 6).clamp(2, 8));
        let people = c.reps(&orgs, 3);
        let title = if field(&r, 2) == "yes" {
            format!("{} {y}", field(&r, 3))
        } else {
            field(&r, 3).to_string()
        };
        c.push(
            act(K::Event, subtype(field(&r, 0)), d, title)
                .items(&[field(&r, 1)])
                .scope(R::Local)
                .orgs(orgs)
                .people(people)
                .attendees(att)
                .place(CPB_PLACES[k % CPB_PLACES.len()]),
        );
    }
    let events = table(CPB_EVENTS);
    let dates = c.spread(n_other);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&events, k + 2 * yi);
        let sub = field(&r, 0);
        let att = attendees.next().unwrap_or(15);
        let orgs = c.some((att as usize / 5).clamp(2, 8));
        let people = c.reps(&orgs, 2);
        let place = if sub == "webinar" {
            "en ligne"
        } else {
            CPB_PLACES[(k + 2) % CPB_PLACES.len()]
        };
        c.push(
            act(K::Event, subtype(sub), d, field(&r, 2))
                .items(&[field(&r, 1)])
                .scope(R::Local)
                .orgs(orgs)
                .people(people)
                .attendees(att)
                .place(place),
        );
    }

    // Health institutions → OP8 (4/6/8).
    let rows = table(CPB_HEALTH);
    let n = c.n([3, 6, 8]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let len = 1 + c.rng.below(2);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 2);
        let sub = if k % 3 == 2 {
            "presentation"
        } else {
            "bilateral"
        };
        c.push(
            act(
                K::Meeting,
                Some(sub),
                d,
                field(&cycle(&rows, k + 2 * yi), 0),
            )
            .items(&["a3.l3.1"])
            .with(C::RegionalHealthSystem)
            .scope(R::Local)
            .orgs(orgs)
            .people(people),
        );
    }
    // Visits to member companies: the census in 2024, then support.
    let n = c.n([30, 45, 45]);
    let dates = c.spread(n);
    for d in dates {
        let org = c.any_member();
        let people = c.reps(&[org], 1);
        let title = format!(
            "Visite {} : besoins et projets de développement",
            de(c.name(org))
        );
        c.push(
            act(K::Meeting, Some("bilateral"), d, title)
                .items(&[if yi == 0 { "a1.l1.1" } else { "a1.l1.2" }])
                .with(C::Member)
                .orgs(vec![org])
                .people(people),
        );
    }
    // Institutional contacts, knowledge players and the cross-border cluster.
    let rows = table(CPB_CONTACTS);
    let n = c.n([14, 20, 20]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + yi);
        c.push(
            act(K::InstitutionalContact, None, d, field(&r, 1))
                .items(&["a3.l2.1"])
                .with(counterpart(field(&r, 0)))
                .scope(R::Regional),
        );
    }
    let rows = table(CPB_PARTNERS);
    let n = c.n([4, 8, 8]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + yi);
        let orgs = c.some(2);
        c.push(
            act(K::Meeting, Some("working_group"), d, field(&r, 1))
                .items(&["a3.l3.1"])
                .with(counterpart(field(&r, 0)))
                .orgs(orgs),
        );
    }
    // Networks.
    let networks = of_year(CPB_NETWORKS, y);
    let dates = c.spread(networks.len());
    for (r, d) in networks.iter().zip(dates) {
        c.push(
            act(K::Network, subtype(field(r, 0)), d, field(r, 2))
                .items(&["a3.l3.1"])
                .scope(reach(field(r, 1))),
        );
    }
    // Trainings.
    let rows = table(CPB_TRAININGS);
    let n = c.n([2, 4, 4]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + yi);
        let len = 3 + c.rng.below(4);
        let orgs = c.some(len);
        let att = orgs.len() as i64 + c.rng.range(4, 12);
        c.push(
            act(K::Training, subtype(field(&r, 0)), d, field(&r, 1))
                .items(&["a1.l1.2"])
                .orgs(orgs)
                .attendees(att)
                .scope(R::Local),
        );
    }
    // Missions and fairs.
    for r in of_year(CPB_MISSIONS, y) {
        let len = 3 + c.rng.below(3);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 3);
        let (m, d) = month_day(field(&r, 2));
        c.push(
            act(
                kind(field(&r, 0)),
                subtype(field(&r, 1)),
                c.date(m, d),
                field(&r, 4),
            )
            .items(&["a2.l1.1"])
            .scope(R::International)
            .orgs(orgs)
            .people(people)
            .days(int(field(&r, 3))),
        );
    }
    // Collaborative R&D projects → S5 (1/2/3).
    let projects = of_year(CPB_PROJECTS, y);
    let dates = c.spread(projects.len());
    for (r, d) in projects.iter().zip(dates) {
        let len = 2 + c.rng.below(2);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 2);
        c.push(
            act(K::RdProject, None, d, field(r, 2))
                .items(&["a3.l2.1"])
                .scope(reach(field(r, 0)))
                .orgs(orgs)
                .people(people)
                .euros(int(field(r, 1))),
        );
    }
    // Media → OP6 (5/8/10).
    let (outlets, headlines) = (table(CPB_OUTLETS), table(CPB_HEADLINES));
    let n = c.n([5, 6, 9]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&outlets, k * 3 + yi);
        let headline = field(&cycle(&headlines, k + 2 * yi), 0);
        c.push(
            act(
                K::MediaMention,
                subtype(field(&r, 0)),
                d,
                format!("{} : « {headline} »", field(&r, 2)),
            )
            .items(&["a2.l1.1"])
            .scope(reach(field(&r, 1))),
        );
    }
    // Income and newsletters.
    c.push(
        act(
            K::Income,
            Some("fees"),
            c.date(2, 14),
            format!("Cotisations des membres {y}"),
        )
        .items(&["a3.l3.1"])
        .euros(c.v([18_000, 21_500, 24_000])),
    );
    let title = format!("Subvention de la Région Nouvelle-Aquitaine : animation de la filière {y}");
    c.push(
        act(K::Income, Some("other"), c.date(5, 20), title)
            .items(&["a1.l2.1"])
            .euros(c.v([60_000, 60_000, 65_000])),
    );
    if yi > 0 {
        let title = format!("Participation des entreprises à la visite de MEDICA {y}");
        c.push(
            act(K::Income, Some("services"), c.date(10, 6), title)
                .items(&["a2.l1.1"])
                .euros(4_800),
        );
    }
    for (q, m) in [("1er", 3u8), ("2e", 6), ("3e", 9), ("4e", 12)] {
        let title = format!("Lettre de la filière Santé & MedTech — {q} trimestre {y}");
        c.push(
            act(K::Bulletin, Some("newsletter"), c.date(m, 10), title)
                .items(&["a2.l1.1"])
                .describe(format!(
                    "Envoyée aux membres et partenaires en {} {y}.",
                    FR_MONTHS[usize::from(m) - 1]
                )),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Galicia–Northern Portugal biotech (Spanish, Galician, Portuguese)

const GNP_PLACES: [&str; 5] = [
    "Vigo",
    "Porto",
    "Santiago de Compostela",
    "Braga",
    "Ourense",
];

/// area | plan item | title (the portal, 3.3, and hybridisation, 1.3, start in 2025)
const GNP_SUPPORTS: &str = "
    funding | 3.1 | Asesoramiento en acceso a financiación
    funding | 3.2 | Preparação para ronda de investimento
    funding | 3.3 | Alta de proyecto en el portal de financiación
    funding | 3.1 | Revisión de candidatura a Portugal 2030
    talent | 2.1 | Incorporación de gerente a tiempo parcial
    talent | 2.3 | Coaching para a direção
    talent | 2.3 | Mentoría de equipo directivo
    other | 1.2 | Diagnóstico de modelo de negocio
    innovation | 1.2 | Mellora de procesos e estruturas
    commercialisation | 1.2 | Plano de comunicação e marketing
    innovation | 1.3 | Hibridación con el sector agroalimentario
    commercialisation | 4.2 | Plan de comunicación y marketing
    other | 1.2 | Aconselhamento em modelo de negócio
";

/// subtype | plan item | title
const GNP_TRAININGS: &str = "
    course | 2.2 | Programa de formación para emprendedores biotech: modelo de negocio
    workshop | 2.2 | Obradoiro de propiedade industrial para startups biotech
    course | 3.1 | Curso de acceso a financiación para startups biotech
    webinar | 2.2 | Webinar: regulação de produtos biotecnológicos na UE
    workshop | 3.1 | Taller de pitch ante inversores
    course | 2.2 | Programa de formación para emprendedores biotech: cadena de valor
    course | 2.2 | Curso de gestão de ensaios pré-clínicos
    webinar | 3.1 | Webinar: fondos europeos para biotech
";

/// year | starts (month-day) | place | title
const GNP_FORUMS: &str = "
    2025 | 05-21 | Vigo | Foro transfronterizo de inversión biotech 2025
    2025 | 11-05 | Porto | Fórum de investimento biotech Galiza–Norte de Portugal 2025
    2026 | 05-20 | Santiago de Compostela | Foro transfronterizo de inversión biotech 2026
    2026 | 10-28 | Porto | Fórum de investimento biotech Galiza–Norte de Portugal 2026
";

/// subtype | plan item | title (the first only in 2024)
const GNP_EVENTS: &str = "
    conference | 1.1 | Xornada de presentación do clúster biotech
    networking | 1.3 | Sessão de networking biotech
    workshop | 1.3 | Xornada de hibridación biotech e agroalimentación
    webinar | 4.2 | Webinar: el mercado biotech de Brasil
    conference | 4.2 | Encontro anual do cluster biotech transfronteiriço
    seminar | 1.3 | Seminario de biotecnología marina en la Eurorregión
    networking | 1.2 | Encuentro de startups y empresas consolidadas biotech
    seminar | 4.2 | Seminário: internacionalização das PME biotech
";

/// year | kind | subtype | starts (month-day) | days | place | title
const GNP_MISSIONS: &str = "
    2024 | fair | visit | 11-04 | 3 | Estocolmo | Visita conjunta a BIO-Europe 2024
    2025 | fair | grouped | 03-17 | 3 | Milán | Stand agrupado Galicia–Norte de Portugal en BIO-Europe Spring 2025
    2025 | mission | reverse | 06-16 | 3 | Porto | Missão inversa de investidores e compradores do Brasil
    2025 | mission | direct | 06-16 | 4 | Boston | Misión comercial conjunta a Boston (BIO International Convention)
    2026 | fair | grouped | 03-23 | 3 | Lisboa | Stand agrupado Galicia–Norte de Portugal en BIO-Europe Spring 2026
    2026 | mission | direct | 05-11 | 5 | Cidade do México | Missão comercial conjunta ao México
    2026 | mission | reverse | 09-14 | 3 | Vigo | Misión inversa de compradores de Alemania
    2026 | fair | grouped | 11-02 | 3 | Viena | Stand agrupado en BIO-Europe 2026
";

/// year | subtype | scope | title
const GNP_NETWORKS: &str = "
    2024 | platform | european | Alta en la European Cluster Collaboration Platform (ECCP)
    2024 | network | regional | Adhesión a la red de clústeres de Galicia
    2025 | network | european | Participação no Council of European BioRegions (CEBR)
    2025 | network | european | Participación en EIT Health InnoStars
    2025 | committee | regional | Comité de innovación de la Eurorregión Galicia–Norte de Portugal
    2026 | network | european | Council of European BioRegions (CEBR): grupo de trabajo de inversión
    2026 | forum | international | Participação no fórum BIO International 2026
    2026 | network | european | Consorcio Interreg de clústeres biotech del espacio atlántico
";

const GNP_FUNDS: &str = "
    Unirisco Galicia
    Portugal Ventures
    XesGalicia
    Caixa Capital
    Indico Capital Partners
    Columbus Venture Partners
    Vigo Activo
";

/// counterpart | title
const GNP_KNOWLEDGE: &str = "
    research_centre | Reunión con CINBIO (Universidade de Vigo) sobre transferencia a empresas
    research_centre | Reunião com o i3S (Universidade do Porto): plataformas científicas
    research_centre | Reunião com o INL (Braga) sobre nanomedicina
    university | Reunión con la Universidade de Santiago de Compostela: spin-offs biotech
    university | Reunião com a Universidade do Minho: formação avançada
";

const GNP_CONTACTS: &str = "
    Reunión con GAIN (Axencia Galega de Innovación)
    Reunião com a CCDR-N
    Reunión con la AECT Galicia–Norte de Portugal
    Reunião com a AICEP Portugal Global
    Reunión con IGAPE
    Reunión con la Consellería de Economía e Industria de la Xunta
    Reunião com a Câmara Municipal do Porto
    Reunión con el Concello de Vigo
";

/// call | scope
const GNP_CALLS: &str = "
    Propuesta Interreg VI-A España–Portugal (POCTEP) | european
    Proposta Horizonte Europa (Cluster 1 Saúde) | european
    Propuesta Conecta Peme (GAIN) | regional
";

/// subtype | scope | outlet
const GNP_OUTLETS: &str = "
    press | regional | Faro de Vigo
    press | regional | La Voz de Galicia
    press | national | Jornal de Notícias
    online | regional | Galicia Press
    press | national | Público
    online | local | Atlántico Diario
    tv | regional | TVG — Telexornal
    tv | national | RTP Notícias
    online | national | Expresso
    press | regional | El Correo Gallego
";

const GNP_HEADLINES: &str = "
    Nace o clúster transfronteirizo biotech Galicia–Norte de Portugal
    El clúster biotech de la Eurorregión busca inversores para sus startups
    Biotecnologia do Norte e da Galiza unem-se para exportar
    As empresas biotech galegas e portuguesas comparten servizos
    La biotecnología gallega y portuguesa, juntas en BIO-Europe
    Eurorregião aposta na biotecnologia como setor estratégico
";

fn gnp(c: &mut Ctx) {
    let y = c.y;
    let yi = c.i();
    let supports = table(GNP_SUPPORTS);
    let area = |a: &str| -> Vec<Row> { supports.iter().filter(|r| r[0] == a).cloned().collect() };
    let (funding, talent) = (area("funding"), area("talent"));
    let business: Vec<Row> = supports
        .iter()
        .filter(|r| !matches!(r[0], "funding" | "talent"))
        .cloned()
        .collect();

    // Supports, each group to a window of members: funding → OP7 (5/12/15), talent → OP5
    // (—/8/12), business services → OP1 (5/15/20).
    let groups: [(&[Row], usize, usize, usize); 3] = [
        (&funding, 0, [6, 13, 15][yi], c.n([14, 32, 34])),
        (&talent, [6, 10, 12][yi], [9, 16, 21][yi], c.n([3, 9, 12])),
        (
            &business,
            [8, 14, 18][yi],
            [14, 30, 39][yi],
            c.n([18, 45, 50]),
        ),
    ];
    for (gi, (rows, a, b, n)) in groups.into_iter().enumerate() {
        let orgs = c.window(a, b);
        let lists = cover(&mut c.rng, &orgs, &vec![1; n]);
        let dates = c.spread(n);
        for (k, (d, orgs)) in dates.into_iter().zip(lists).enumerate() {
            let r = match (gi, yi) {
                // Before 2025: no portal (3.3) and no hybridisation (1.3).
                (0, 0) => &rows[k % 2],
                (2, 0) => &rows[[0, 1, 2, 5][k % 4]],
                _ => &rows[(k + yi) % rows.len()],
            };
            let title = format!("{} — {}", field(r, 2), c.name(orgs[0]));
            let people = c.reps(&orgs, 1);
            c.push(
                act(K::Support, subtype(field(r, 0)), d, title)
                    .items(&[field(r, 1)])
                    .orgs(orgs)
                    .people(people),
            );
        }
    }

    // Trainings for entrepreneurs → OP3 (2/6/8), attendees → OP4 (30/90/120); in 2024 the
    // programme starts in the second semester.
    let rows = table(GNP_TRAININGS);
    let n = c.n([2, 6, 8]);
    let attendees = split(&mut c.rng, [34, 84, 118][yi], n, 1);
    let dates: Vec<Date> = if yi == 0 {
        vec![c.date(10, 15), c.date(11, 19)]
    } else {
        c.spread(n)
    };
    for (k, (d, att)) in dates.into_iter().zip(attendees).enumerate() {
        let r = cycle(&rows, k + yi);
        let sub = field(&r, 0);
        let len = (att as usize / 4).clamp(2, 7);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 2);
        let place = if sub == "webinar" {
            "online"
        } else {
            GNP_PLACES[k % 3]
        };
        c.push(
            act(
                K::Training,
                subtype(sub),
                d,
                format!("{} ({y})", field(&r, 2)),
            )
            .items(&[field(&r, 1)])
            .scope(R::Regional)
            .orgs(orgs)
            .people(people)
            .attendees(att)
            .place(place),
        );
    }

    // Funding forums → OP6 (—/1/2); other events.
    for r in of_year(GNP_FORUMS, y) {
        let orgs = c.some(6);
        let people = c.reps(&orgs, 4);
        let att = c.rng.range(60, 110);
        let (m, d) = month_day(field(&r, 0));
        c.push(
            act(K::Event, Some("forum"), c.date(m, d), field(&r, 2))
                .items(&["3.2"])
                .scope(R::International)
                .orgs(orgs)
                .people(people)
                .attendees(att)
                .place(field(&r, 1)),
        );
    }
    let events = table(GNP_EVENTS);
    let n = c.n([5, 9, 10]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = match (yi, k) {
            (0, 0) => events[0].clone(),
            (0, _) => events[[1, 3, 6, 7][k % 4]].clone(),
            _ => events[1 + (k + yi) % (events.len() - 1)].clone(),
        };
        let sub = field(&r, 0);
        let len = 3 + c.rng.below(6);
        let orgs = c.some(len);
        let att = orgs.len() as i64 * 3 + c.rng.range(10, 40);
        let title = if matches!(sub, "webinar" | "seminar" | "workshop") {
            field(&r, 2).to_string()
        } else {
            format!("{} {y}", field(&r, 2))
        };
        let place = if sub == "webinar" {
            "online"
        } else {
            GNP_PLACES[(k + 1) % GNP_PLACES.len()]
        };
        c.push(
            act(K::Event, subtype(sub), d, title)
                .items(&[field(&r, 1)])
                .scope(R::Regional)
                .orgs(orgs)
                .attendees(att)
                .place(place),
        );
    }

    // Missions and fairs → OP8 (—/3/4).
    for r in of_year(GNP_MISSIONS, y) {
        let len = 3 + c.rng.below(3);
        let orgs = c.some(len);
        let people = c.reps(&orgs, 3);
        let (m, d) = month_day(field(&r, 2));
        c.push(
            act(
                kind(field(&r, 0)),
                subtype(field(&r, 1)),
                c.date(m, d),
                field(&r, 5),
            )
            .items(&[if yi == 0 { "4.2" } else { "4.3" }])
            .scope(R::International)
            .orgs(orgs)
            .people(people)
            .place(field(&r, 4))
            .days(int(field(&r, 3))),
        );
    }

    // International groupings → OP9 (1/3/4).
    let networks = of_year(GNP_NETWORKS, y);
    let dates = c.spread(networks.len());
    for (r, d) in networks.iter().zip(dates) {
        c.push(
            act(K::Network, subtype(field(r, 0)), d, field(r, 2))
                .items(&["4.1"])
                .scope(reach(field(r, 1))),
        );
    }

    // Meetings with investors, members, knowledge players and the health services;
    // institutional contacts.
    let funds = table(GNP_FUNDS);
    let n = c.n([3, 6, 6]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let orgs = c.some(1);
        let title = format!("Reunión con {}", field(&cycle(&funds, k + 2 * yi), 0));
        c.push(
            act(K::Meeting, Some("bilateral"), d, title)
                .items(&["3.2"])
                .with(C::Fund)
                .orgs(orgs),
        );
    }
    let n = c.n([20, 35, 38]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let org = c.any_member();
        let people = c.reps(&[org], 1);
        let title = if k % 2 == 0 {
            format!(
                "Visita a {}: necesidades y servicios del clúster",
                c.name(org)
            )
        } else {
            format!(
                "Visita à {}: necessidades e serviços do cluster",
                c.name(org)
            )
        };
        c.push(
            act(K::Meeting, Some("bilateral"), d, title)
                .items(&["1.2"])
                .with(C::Member)
                .orgs(vec![org])
                .people(people),
        );
    }
    let n = c.n([1, 2, 2]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let title = [
            "Reunión con el Servizo Galego de Saúde (SERGAS) sobre compra pública innovadora",
            "Reunião com a ARS Norte sobre ensaios clínicos",
        ][k % 2];
        c.push(
            act(K::Meeting, Some("bilateral"), d, title)
                .items(&["1.3"])
                .with(C::RegionalHealthSystem),
        );
    }
    let rows = table(GNP_KNOWLEDGE);
    let n = c.n([4, 8, 8]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&rows, k + yi);
        let orgs = c.some(2);
        c.push(
            act(K::Meeting, Some("working_group"), d, field(&r, 1))
                .items(&["1.3"])
                .with(counterpart(field(&r, 0)))
                .orgs(orgs),
        );
    }
    let rows = table(GNP_CONTACTS);
    let n = c.n([10, 16, 16]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        c.push(
            act(
                K::InstitutionalContact,
                None,
                d,
                field(&cycle(&rows, k + yi), 0),
            )
            .items(&[if yi == 0 { "1.1" } else { "4.1" }])
            .with(C::Institution)
            .scope(R::Regional),
        );
    }

    // R&D.
    let calls = table(GNP_CALLS);
    let n = c.n([1, 3, 3]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&calls, k + yi);
        let len = 2 + c.rng.below(3);
        let orgs = c.some(len);
        let amount = c.rng.range(40, 300) * 10_000;
        let title = format!("{}: «{}»", field(&r, 0), acronym(k + 9 + yi));
        c.push(
            act(K::RdProposal, None, d, title)
                .items(&["1.3"])
                .scope(reach(field(&r, 1)))
                .orgs(orgs)
                .euros(amount),
        );
    }
    if yi > 0 {
        let (d, title, scope) = if yi == 1 {
            (
                c.date(7, 1),
                "Proyecto Conecta Peme «MARBIOTEC»",
                R::Regional,
            )
        } else {
            (
                c.date(4, 1),
                "Projeto Interreg POCTEP «BIOEURORREGIÃO»",
                R::European,
            )
        };
        let orgs = c.some(3);
        c.push(
            act(K::RdProject, None, d, title)
                .items(&["1.3"])
                .scope(scope)
                .orgs(orgs)
                .euros(1_150_000),
        );
    }

    // Media.
    let (outlets, headlines) = (table(GNP_OUTLETS), table(GNP_HEADLINES));
    let n = c.n([6, 12, 14]);
    let dates = c.spread(n);
    for (k, d) in dates.into_iter().enumerate() {
        let r = cycle(&outlets, k * 3 + yi);
        let headline = field(&cycle(&headlines, k + yi), 0);
        c.push(
            act(
                K::MediaMention,
                subtype(field(&r, 0)),
                d,
                format!("{}: «{headline}»", field(&r, 2)),
            )
            .items(&["4.2"])
            .scope(reach(field(&r, 1))),
        );
    }

    // Income and bulletins.
    c.push(
        act(
            K::Income,
            Some("fees"),
            c.date(if yi == 0 { 6 } else { 2 }, 3),
            format!("Cuotas de socios {y}"),
        )
        .items(&["1.1"])
        .euros(c.v([27_000, 41_500, 46_000])),
    );
    let title = format!("Interreg VI-A España–Portugal (POCTEP): anualidad {y}");
    c.push(
        act(
            K::Income,
            Some("competitive_programmes"),
            c.date(if yi == 0 { 9 } else { 3 }, 25),
            title,
        )
        .items(&["1.1"])
        .euros(c.v([95_000, 140_000, 140_000])),
    );
    if yi > 0 {
        for k in 0..3 {
            let org = c.company();
            let title = format!(
                "Cuota de participación en el stand agrupado de BIO-Europe Spring — {}",
                c.name(org)
            );
            c.push(
                act(K::Income, Some("services"), c.date(2, 10 + k), title)
                    .items(&["4.3"])
                    .orgs(vec![org])
                    .euros(2_400),
            );
        }
    }
    let months: &[u8] = if yi == 0 {
        &[7, 10, 12]
    } else {
        &[2, 4, 6, 9, 11, 12]
    };
    for (k, m) in months.iter().copied().enumerate() {
        let title = format!("Boletín do clúster / Boletim do cluster nº {} ({y})", k + 1);
        c.push(
            act(K::Bulletin, Some("newsletter"), c.date(m, 15), title)
                .items(&["4.2"])
                .describe("Edición bilingüe gallego-portugués."),
        );
    }
    if yi > 0 {
        let start = c.rng.below(c.pool.len());
        for m in [3u8, 6, 9, 11] {
            let orgs = c.ring(start, 12 + usize::from(m));
            let title = format!(
                "Boletín de vigilancia biotech — {} de {y}",
                ES_MONTHS[usize::from(m) - 1]
            );
            c.push(
                act(K::Bulletin, Some("vigilance"), c.date(m, 2), title)
                    .items(&["4.2"])
                    .orgs(orgs),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Working groups of the CPB network (action a3.l3.2, launched in 2025)

async fn cpb_working_groups(tx: &mut Tx, cluster_id: i64, members: &Members) -> Result<()> {
    let text = |fr: &str, es: &str, en: &str, eu: &str| {
        MultiText::new()
            .with("fr", fr)
            .with("es", es)
            .with("en", en)
            .with("eu", eu)
    };
    let groups = [
        (
            "gt_achats_hospitaliers",
            text(
                "GT Achats hospitaliers et accès au marché",
                "GT Compras hospitalarias y acceso al mercado",
                "Hospital procurement and market access working group",
                "Ospitaleko erosketak eta merkatura sarbidea LT",
            ),
            0usize,
        ),
        (
            "gt_attractivite_talents",
            text(
                "GT Attractivité et talents",
                "GT Atractividad y talento",
                "Attractiveness and talent working group",
                "Erakargarritasuna eta talentua LT",
            ),
            5usize,
        ),
    ];
    let pool = members.eligible(2025);
    for (gi, (code, name, offset)) in groups.into_iter().enumerate() {
        let gid = governance::ensure_group(
            tx,
            cluster_id,
            &NewGroup {
                kind: GroupKind::WorkingGroup,
                code,
                name,
                description: MultiText::new(),
                starts_on: Some("2025-03-03".into()),
                ends_on: Some("2028-12-31".into()),
            },
        )
        .await?;
        let seated: Vec<i64> = pool
            .iter()
            .skip(offset)
            .take(6)
            .filter_map(|o| members.reps.get(o).and_then(|r| r.first().copied()))
            .collect();
        for (k, pid) in seated.iter().enumerate() {
            let role = match k {
                0 => GroupRole::Chair,
                1 => GroupRole::Secretary,
                _ => GroupRole::Member,
            };
            governance::add_member(
                tx,
                gid,
                *pid,
                role,
                Some("2025-03-03".into()),
                Some("2028-12-31".into()),
            )
            .await?;
        }
        for (mi, at) in [
            "2025-04-10T09:30:00Z",
            "2025-10-16T09:30:00Z",
            "2026-05-21T09:30:00Z",
        ]
        .iter()
        .enumerate()
        {
            let title = format!("{} · {}", code.replace('_', " "), &at[..7]);
            let mid = governance::insert_meeting(
                tx,
                cluster_id,
                gid,
                &title,
                at,
                "Technopole Izarbel, Bidart",
                "1. Tour de table des besoins\n2. Plan d’action du groupe\n3. Questions diverses",
            )
            .await?;
            q!(
                "UPDATE meetings SET minutes = $1 WHERE id = $2",
                "Compte rendu validé ; actions réparties entre les membres.",
                mid
            )
            .run(&mut *tx)
            .await?;
            for (pi, pid) in seated.iter().enumerate() {
                let st = if (pi + gi + mi) % 5 == 0 {
                    Attendance::Excused
                } else {
                    Attendance::Present
                };
                governance::set_attendance(tx, mid, *pid, st).await?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Annual member survey

/// What a cluster's answers add up to, per year (2024, 2025); `None` keeps the generated sum.
struct SurveyAim {
    revenue: [Option<f64>; 2],
    exports: [Option<f64>; 2],
    rd: [Option<f64>; 2],
    funding: [Option<f64>; 2],
    employment: [Option<f64>; 2],
    satisfaction: [f64; 2],
    needs: &'static [&'static str],
    comments: &'static [&'static str],
}

fn survey_aim(slug: &str) -> SurveyAim {
    match slug {
        // E1 revenue growth 2025 5.4 % (target 6), E2 R&D, E3 new funding, OP-COM-1 exports,
        // E14 satisfaction (7.5/7.7).
        "bhc" => SurveyAim {
            revenue: [Some(1_150_000_000.0), Some(1_212_100_000.0)],
            exports: [Some(288_000_000.0), Some(301_000_000.0)],
            rd: [Some(41_200_000.0), Some(46_300_000.0)],
            funding: [Some(26_100_000.0), Some(23_200_000.0)],
            employment: [None, None],
            satisfaction: [7.6, 7.4],
            needs: &[
                "Apoyo regulatorio (MDR/IVDR)",
                "Acceso a financiación para escalar",
                "Contactos con Osakidetza",
                "Talento con perfil regulatorio y de calidad",
                "Socios para proyectos europeos",
                "Acceso a datos clínicos",
                "Apoyo para entrar en EE. UU.",
            ],
            comments: &[
                "Los desayunos BHC Gosariak nos resultan muy útiles.",
                "Echamos en falta más actividades en Álava.",
                "Muy satisfechos con el pabellón de MEDICA.",
                "El boletín de vigilancia podría estar más segmentado.",
            ],
        },
        // S2 employment (2500/2600), S3 new funding (2M/3M), OP3 satisfaction (7/7.5).
        "cpb" => SurveyAim {
            revenue: [None, None],
            exports: [None, None],
            rd: [None, None],
            funding: [Some(1_800_000.0), Some(3_300_000.0)],
            employment: [Some(2_510.0), Some(2_565.0)],
            satisfaction: [7.2, 7.6],
            needs: &[
                "Accès aux achats hospitaliers",
                "Financement France 2030",
                "Recrutement de techniciens qualifiés",
                "Foncier et locaux d’activité",
                "Accompagnement réglementaire",
            ],
            comments: &[
                "Les rencontres de la filière sont très appréciées.",
                "Besoin de plus de liens avec le CH de la Côte Basque.",
                "Bonne dynamique depuis la feuille de route.",
            ],
        },
        // S2 new funding (3M/5M), S3 satisfaction (7/7.5), S4 exports (40M/44M) and S5 their
        // growth 2025 9.1 % (target 10).
        _ => SurveyAim {
            revenue: [None, None],
            exports: [Some(41_800_000.0), Some(45_600_000.0)],
            rd: [None, None],
            funding: [Some(3_200_000.0), Some(4_400_000.0)],
            employment: [None, None],
            satisfaction: [7.1, 7.3],
            needs: &[
                "Financiación para escalar",
                "Acesso a investidores",
                "Gerencia profesional",
                "Mercados exteriores",
                "Talento técnico",
            ],
            comments: &[
                "O fórum de investimento foi muito útil.",
                "Máis actividades en Ourense e Lugo.",
                "Muy buena la coordinación transfronteriza.",
            ],
        },
    }
}

/// Scales `values` to add up to `total`, rounded to `step`, the largest taking the rest.
fn fit(values: &mut [f64], total: f64, step: f64) {
    let sum: f64 = values.iter().sum();
    if values.is_empty() || sum <= 0.0 {
        return;
    }
    for v in values.iter_mut() {
        *v = (*v * total / sum / step).round() * step;
    }
    let rest = total - values.iter().sum::<f64>();
    if let Some(max) = values
        .iter_mut()
        .max_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal))
    {
        *max += rest;
    }
}

/// Whole scores from 0 to 10 whose mean is `mean` to within 0.05.
fn scores(rng: &mut Rng, n: usize, mean: f64) -> Vec<f64> {
    let spread = [-3.0, -2.0, -1.0, -1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0];
    let mut out: Vec<f64> = (0..n)
        .map(|_| {
            (mean + spread[rng.below(spread.len())])
                .round()
                .clamp(2.0, 10.0)
        })
        .collect();
    let mut k = 0;
    while n > 0 && k < 10 * n {
        let avg = out.iter().sum::<f64>() / n as f64;
        if (avg - mean).abs() <= 0.05 {
            break;
        }
        let i = rng.below(n);
        if avg < mean && out[i] < 10.0 {
            out[i] += 1.0;
        } else if avg > mean && out[i] > 2.0 {
            out[i] -= 1.0;
        }
        k += 1;
    }
    out
}

/// One organisation's figures for a year: employment, revenue, exports, R&D, new funding.
type Figures = [f64; 5];

fn base_figures(rng: &mut Rng, m: &Member) -> Figures {
    let employment = match m.size.as_str() {
        "micro" => rng.range(2, 9),
        "small" => rng.range(10, 49),
        "medium" => rng.range(50, 249),
        _ => rng.range(250, 900),
    } as f64;
    let company = m.entity == "company";
    let per_head = if company {
        rng.range(90, 220)
    } else {
        rng.range(50, 90)
    } as f64
        * 1_000.0;
    let revenue = employment * per_head;
    let exports = revenue
        * match m.entity.as_str() {
            "company" => rng.range(10, 60) as f64 / 100.0,
            "technology_centre" | "research_centre" => rng.range(0, 10) as f64 / 100.0,
            _ => 0.0,
        };
    let rd = revenue
        * match m.entity.as_str() {
            "company" => rng.range(3, 15) as f64 / 100.0,
            "technology_centre" | "research_centre" | "university" => {
                rng.range(30, 60) as f64 / 100.0
            }
            _ => rng.range(0, 3) as f64 / 100.0,
        };
    let funding = if (company || m.entity == "research_centre") && rng.chance(40) {
        rng.range(5, 300) as f64 * 10_000.0
    } else {
        0.0
    };
    [employment, revenue, exports, rd, funding]
}

/// The next year's figures of an organisation.
fn next_year(rng: &mut Rng, f: &Figures) -> Figures {
    let g = 1.0 + (rng.range(-20, 120) as f64) / 1_000.0;
    let funding = if rng.chance(40) {
        rng.range(5, 300) as f64 * 10_000.0
    } else {
        0.0
    };
    [
        (f[0] * (1.0 + rng.range(-10, 60) as f64 / 1_000.0))
            .round()
            .max(1.0),
        f[1] * g,
        f[2] * g * (1.0 + rng.range(-30, 50) as f64 / 1_000.0),
        f[3] * (1.0 + rng.range(0, 150) as f64 / 1_000.0),
        funding,
    ]
}

async fn set_submitted_at(db: &Db, campaign_id: i64, org: i64, at: &str) -> Result<u64> {
    q!(
        "UPDATE survey_responses SET submitted_at = $1 WHERE campaign_id = $2 AND organisation_id = $3",
        at,
        campaign_id,
        org
    )
    .run(db)
    .await
}

/// Campaigns 2024 and 2025 (closed, most members answered) and 2026 (open, first answers).
/// Returns the number of answers written.
async fn seed_survey(
    db: &Db,
    scope: &Scope,
    slug: &str,
    members: &Members,
    today: Date,
) -> Result<usize> {
    let existing: Vec<i64> = survey::campaigns(db, scope)
        .await?
        .iter()
        .map(|c| c.year)
        .collect();
    if [2024, 2025, 2026].iter().all(|y| existing.contains(y)) {
        return Ok(0);
    }
    let aim = survey_aim(slug);
    let mut rng = Rng(0x5_0B5E
        ^ slug
            .bytes()
            .fold(11u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b))));
    // The panel: active members who joined before 2025, about four in five of them.
    let panel: Vec<&Member> = members
        .all
        .iter()
        .filter(|m| m.active && m.since.is_some_and(|s| s < ymd(2025, 1, 1)))
        .filter(|_| !rng.chance(18))
        .collect();
    let f24: Vec<Figures> = panel.iter().map(|m| base_figures(&mut rng, m)).collect();
    let f25: Vec<Figures> = f24.iter().map(|f| next_year(&mut rng, f)).collect();
    let mut years = [f24, f25];
    for (yi, figures) in years.iter_mut().enumerate() {
        let aims = [
            aim.employment[yi],
            aim.revenue[yi],
            aim.exports[yi],
            aim.rd[yi],
            aim.funding[yi],
        ];
        // First the size of the whole panel, from the first aimed figure among employment,
        // revenue and exports, so that the others stay in proportion; then each aimed total.
        let size = (0..3).find_map(|i| {
            let raw: f64 = figures.iter().map(|f| f[i]).sum();
            aims[i].filter(|_| raw > 0.0).map(|t| t / raw)
        });
        for f in figures.iter_mut() {
            for (i, v) in f.iter_mut().enumerate() {
                *v *= size.unwrap_or(1.0);
                if i == 0 {
                    *v = v.round().max(1.0);
                }
            }
        }
        for (field, total) in aims.iter().enumerate() {
            if let Some(total) = total {
                let mut col: Vec<f64> = figures.iter().map(|f| f[field]).collect();
                fit(&mut col, *total, if field == 0 { 1.0 } else { 1_000.0 });
                for (f, v) in figures.iter_mut().zip(col) {
                    f[field] = v;
                }
            }
        }
    }
    let sat = [
        scores(&mut rng, panel.len(), aim.satisfaction[0]),
        scores(&mut rng, panel.len(), aim.satisfaction[1]),
    ];
    let mut written = 0;
    for (year, opens, closes) in [
        (2024, "2025-02-03", "2025-03-28"),
        (2025, "2026-02-02", "2026-03-27"),
        (2026, "2026-11-02", "2027-02-26"),
    ] {
        if existing.contains(&year) {
            continue;
        }
        let campaign = survey::open(db, scope, &year.to_string(), opens, closes).await?;
        for (k, m) in panel.iter().enumerate() {
            let (f, s) = match year {
                2024 => (years[0][k], sat[0][k]),
                2025 => (years[1][k], sat[1][k]),
                // The 2026 campaign has just opened: the quickest members have answered.
                _ if k % 7 == 3 => (next_year(&mut rng, &years[1][k]), sat[1][k]),
                _ => continue,
            };
            let needs = if rng.chance(45) {
                aim.needs[rng.below(aim.needs.len())]
            } else {
                ""
            };
            let comment = if rng.chance(15) {
                aim.comments[rng.below(aim.comments.len())]
            } else {
                ""
            };
            let response = survey::Response {
                employment: Some(f[0]),
                revenue: Some(f[1].round()),
                exports: Some(f[2].round()),
                rd_investment: Some(f[3].round()),
                new_funding: Some(f[4].round()),
                satisfaction: Some(s),
                needs: needs.into(),
                comment: comment.into(),
            };
            survey::submit(db, scope, campaign, m.org, &response).await?;
            // Answered during the campaign, not on the day the demo was seeded.
            let day = if year == 2026 {
                ymd(2026, 11, 3 + (k % 15) as u8).min(today)
            } else {
                ymd(year as i32 + 1, 2, 4) + Duration::days((k * 47 % 50) as i64)
            };
            set_submitted_at(
                db,
                campaign,
                m.org,
                &format!("{}T10:{:02}:00Z", iso_date(day), k % 60),
            )
            .await?;
            written += 1;
        }
        if year < 2026 {
            survey::close(db, scope, campaign).await?;
        }
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// Manual figures of the BHC plan

/// indicator | year | value | source | note
const BHC_VALUES: &str = "
    E5 | 2024 | 1.21 | Eustat, Cuentas económicas 2024 | Valor añadido bruto de las actividades sanitarias y de la fabricación de productos farmacéuticos y sanitarios.
    E5 | 2025 | 1.19 | Eustat, Cuentas económicas 2025 (avance) | Dato provisional; revisar con la publicación definitiva.
    E6 | 2024 | 247 | Eustat, Directorio de Actividades Económicas 2024 | Empresas del núcleo biosanitario.
    E6 | 2025 | 262 | Eustat, Directorio de Actividades Económicas 2025 | Empresas del núcleo biosanitario.
    E7 | 2024 | 512000000 | Eustat, Estadística de comercio exterior 2024 | Capítulos 30 (productos farmacéuticos) y 90 (instrumentos médicos).
    E7 | 2025 | 438000000 | Eustat, Estadística de comercio exterior 2025 (provisional) | Caída por el fin de un contrato de suministro de una gran empresa.
    E9 | 2024 | 31400000 | CDTI, Participación española en Horizonte Europa 2024 | Entidades vascas, clúster 1 Salud.
    E9 | 2025 | 29600000 | CDTI / CORDIS, datos a diciembre de 2025 | Entidades vascas, clúster 1 Salud y EU4Health.
    OP-FIN-3 | 2024 | 142000000 | SPRI, Informe de inversión en el sector salud 2024 | Inversión pública y privada.
    OP-FIN-3 | 2025 | 171000000 | SPRI, Informe de inversión en el sector salud 2025 | Inversión pública y privada; incluye la primera fase de Osasun Poloa.
    OP-EXC-6 | 2024 | 5 | Memoria de actividad BHC 2024 | Plantilla a 31 de diciembre.
    OP-EXC-6 | 2025 | 6 | Memoria de actividad BHC 2025 | Plantilla a 31 de diciembre: se incorpora la responsable de comunicación.
    OP-EXC-7 | 2024 | 1 | Cluster Excellence Label GOLD (ESCA) | Sello vigente.
    OP-EXC-7 | 2025 | 1 | Cluster Excellence Label GOLD (ESCA) | Sello vigente.
";

/// Sets the figures that are missing or differ (a second seed changes nothing).
async fn seed_manual_values(db: &Db, scope: &Scope, plan: &Plan) -> Result<()> {
    let stored = plans::values(db, scope, &plan.code).await?;
    for r in table(BHC_VALUES) {
        let (indicator, year, value, source, note) = (r[0], r[1], r[2], r[3], field(&r, 4));
        let same = stored.iter().any(|v| {
            v.indicator == indicator
                && v.year.to_string() == year
                && parse_figure("en", value) == Some(v.value)
                && v.source == source
        });
        if !same {
            plans::set_value(
                db, scope, plan, "en", indicator, year, value, source, note, None,
            )
            .await?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Roadmap statuses

/// action | column | status | note: where the roadmap departs from the general rule.
const BHC_STATUSES: &str = "
    talent.1.3 | 2024-S2 | done | Primera edición de la microcredencial con la UPV/EHU: 22 participantes.
    talent.1.4 | 2025-S1 | in_progress | La Universidad de Deusto estudia integrar el curso en su máster.
    talent.1.4 | 2025-S2 | dropped | Deusto integra el curso de Regulatoria en su máster; BHC deja de impulsarlo como programa propio.
    commercialisation.1.1 | 2024-S1 | done | Plan de acción conjunto con Osakidetza firmado en mayo de 2024.
    internationalisation.1.1 | 2024-S1 | done | Estrategia segmentada aprobada por la Junta Directiva en junio de 2024.
    financing.2.1 | 2025-S1 | done | Ventanilla única de financiación en marcha desde abril de 2025.
    financing.2.2 | 2025-S1 | delayed | Pocos fondos especializados interesados; se refuerza la agenda de contactos.
    excellence.1.2 | 2025-S1 | done | CRM implantado: actividades, encuesta y cuadro de mando en ClusterHub.
    data.1.2 | 2025-S2 | delayed | Viabilidad pendiente de la decisión de BAIC sobre la infraestructura; se retoma en 2026.
    regulation.2.2 | 2025-S1 | in_progress | Contactos con dos organismos europeos, sin compromiso de implantación.
    regulation.2.2 | 2025-S2 | dropped | Se descarta atraer un organismo notificado; se priorizan acuerdos con los existentes (regulation.2.1).
    osasun_poloa.1.1 | 2025-S2 | delayed | La constitución formal de Osasun Poloa se aplaza al primer trimestre de 2026.
    osasun_poloa.2.1 | 2026 | delayed | Obras del edificio con retraso: apertura del centro físico prevista en 2027.
    excellence.5.1 | 2026 | in_progress | Renovación del Cluster Excellence Label GOLD: autoevaluación en curso, auditoría en 2027.
    cooperation.1.1 | 2025-S2 | done | BHC Gosariak y encuentros de networking en las tres capitales.
";

const CPB_STATUSES: &str = "
    a1.l1.1 | 2024 | done | Recensement réalisé : 60 entreprises identifiées, 25 rencontrées.
    a3.l3.2 | 2025 | done | Deux groupes de travail lancés en mars 2025 : achats hospitaliers, attractivité et talents.
    a2.l2.1 | 2025 | delayed | Campagne de promotion décalée à 2026 faute de budget de communication.
    a3.l1.1 | 2025 | in_progress | Préfiguration du sixième secteur technopolitain : étude de programmation en cours.
";

const GNP_STATUSES: &str = "
    1.1 | 2024-S1 | done | Clúster constituido en abril de 2024.
    3.3 | 2025-S2 | delayed | El portal de financiación se lanza en febrero de 2026.
    2.1 | 2025-S2 | in_progress | Tres gerentes a tiempo parcial incorporados; se buscan dos perfiles más.
    1.3 | 2026-S1 | dropped | El plan de hibridación se integra en el plan conjunto de promoción (4.2).
";

/// The notes of the general rule, in the cluster's language.
struct Notes {
    done: &'static [&'static str],
    continues: &'static str,
    current: &'static str,
}

/// Every scheduled action of the columns that have started: past columns done (some still in
/// progress when the action continues), the current one in progress, and the exceptions of the
/// cluster's table. Written once: a cluster that has statuses keeps them.
async fn seed_statuses(db: &Db, scope: &Scope, slug: &str, plan: &Plan, today: Date) -> Result<()> {
    if !plans::statuses(db, scope, &plan.code).await?.is_empty() {
        return Ok(());
    }
    let (exceptions, notes) = match slug {
        "bhc" => (
            BHC_STATUSES,
            Notes {
                done: &[
                    "Completado según lo previsto.",
                    "Hecho; resultados en la memoria anual.",
                    "Objetivo del periodo cumplido.",
                    "Realizado con el grupo de trabajo correspondiente.",
                ],
                continues: "Avanza; se completa en el periodo siguiente.",
                current: "En curso según el calendario.",
            },
        ),
        "cpb" => (
            CPB_STATUSES,
            Notes {
                done: &[
                    "Réalisé comme prévu.",
                    "Fait ; bilan dans le rapport annuel.",
                    "Objectif de l’année atteint.",
                ],
                continues: "Avance ; se termine l’année suivante.",
                current: "En cours selon le calendrier.",
            },
        ),
        _ => (
            GNP_STATUSES,
            Notes {
                done: &[
                    "Completado.",
                    "Hecho; ver la memoria anual.",
                    "Concluído conforme previsto.",
                ],
                continues: "Avanza; se completa en el semestre siguiente.",
                current: "En curso.",
            },
        ),
    };
    let exceptions = table(exceptions);
    for (_, _, action) in plan.actions() {
        for (ci, col) in plan.columns.iter().enumerate() {
            if !action.schedule.contains_key(col) && !action.steps.contains_key(col) {
                continue;
            }
            let Ok(period) = Period::parse("col", col) else {
                continue;
            };
            if period.start > today {
                continue;
            }
            // A fixed pick per action and column.
            let n = action
                .code
                .bytes()
                .chain(col.bytes())
                .fold(17usize, |h, b| {
                    h.wrapping_mul(31).wrapping_add(usize::from(b))
                });
            let exception = exceptions
                .iter()
                .find(|r| r[0] == action.code && r[1] == col);
            let (status, note) = match exception {
                Some(r) => (r[2], field(r, 3)),
                None if period.contains(today) => ("in_progress", notes.current),
                None => {
                    let next = plan.columns.get(ci + 1);
                    if next.is_some_and(|c| action.schedule.contains_key(c)) && n.is_multiple_of(6)
                    {
                        ("in_progress", notes.continues)
                    } else {
                        ("done", notes.done[n % notes.done.len()])
                    }
                }
            };
            plans::set_status(db, scope, plan, &action.code, col, status, note).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every enum, number and date of the tables reads as written (the parsers above fall back
    /// to a default instead of failing).
    #[test]
    fn the_tables_read_as_written() {
        let scopes = [
            (OTHER_HEALTH, 1),
            (BHC_OUTLETS, 1),
            (BHC_CONTACTS, 1),
            (BHC_CALLS, 1),
            (CPB_OUTLETS, 1),
            (GNP_OUTLETS, 1),
            (GNP_CALLS, 1),
        ];
        for (t, i) in scopes {
            for r in table(t) {
                assert!(R::parse("scope", field(&r, i)).is_ok(), "{r:?}");
            }
        }
        for (t, i) in [
            (BHC_PROJECTS, 1),
            (BHC_NETWORKS, 2),
            (CPB_NETWORKS, 2),
            (CPB_PROJECTS, 1),
            (GNP_NETWORKS, 2),
        ] {
            for r in table(t) {
                assert!(R::parse("scope", field(&r, i)).is_ok(), "{r:?}");
            }
        }
        for r in table(BHC_EVENTS) {
            assert!(R::parse("scope", field(&r, 2)).is_ok(), "{r:?}");
            assert!(K::Event.parse_subtype("s", field(&r, 0)).is_ok(), "{r:?}");
        }
        for (t, i) in [
            (DATA_MEETINGS, 2),
            (BHC_CONTACTS, 0),
            (CPB_CONTACTS, 0),
            (CPB_PARTNERS, 0),
            (GNP_KNOWLEDGE, 0),
        ] {
            for r in table(t) {
                assert!(C::parse("counterpart", field(&r, i)).is_ok(), "{r:?}");
            }
        }
        for t in [BHC_MISSIONS, CPB_MISSIONS, GNP_MISSIONS] {
            for r in table(t) {
                let k = K::parse("kind", field(&r, 1)).expect("kind");
                assert!(k.parse_subtype("s", field(&r, 2)).is_ok(), "{r:?}");
                let (m, d) = month_day(field(&r, 3));
                assert_ne!(ymd(2025, m, d), Date::MIN, "{r:?}");
                assert!(int(field(&r, 4)) > 0, "{r:?}");
            }
        }
        for r in table(BHC_VALUES) {
            assert!(parse_figure("en", field(&r, 2)).is_some(), "{r:?}");
        }
        for t in [BHC_STATUSES, CPB_STATUSES, GNP_STATUSES] {
            for r in table(t) {
                assert!(clusterhub_core::model::ActionStatus::parse("s", field(&r, 2)).is_ok());
            }
        }
    }
}
