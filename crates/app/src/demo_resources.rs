//! Demo resource maps: for each demo cluster, the notified bodies of `demo/notified-bodies.csv`
//! (an unverified seed list, labelled so on every page) and about twenty-five real programmes,
//! investors, providers, trainings, technology centres, living labs and biobanks of its region
//! and of the EU, with fit criteria that give different members different "for you" lists.
//! Each member user also has one suggestion waiting for the staff. Running it again adds only
//! what is missing (resources are found by their code, suggestions by their name).
//!
//! Call windows are set relative to the day the demo is seeded, so there are always calls
//! closing soon, open later and open-ended programmes to look at.

use clusterhub_core::access::{ClusterRole, Principal, Scope};
use clusterhub_core::model::Role;
use clusterhub_core::resource::ResourceForm;
use clusterhub_core::{MultiText, Result};
use clusterhub_db::{Db, clusters, q, resources};

const NOTIFIED_BODIES: &str = include_str!("../../../demo/notified-bodies.csv");

/// A resource of the demo. `window` is (opens, closes) in days from the seeding day.
struct Spec {
    code: &'static str,
    kind: &'static str,
    funding: &'static str,
    name: &'static str,
    provider: &'static str,
    country: &'static str,
    url: &'static str,
    /// (language, text)
    text: &'static [(&'static str, &'static str)],
    entity: &'static [&'static str],
    sizes: &'static [&'static str],
    subsectors: &'static [&'static str],
    stages: &'static [&'static str],
    trl: (u8, u8),
    classes: &'static [&'static str],
    regs: &'static [&'static str],
    territories: &'static [&'static str],
    tags: &'static [&'static str],
    window: Option<(i64, i64)>,
}

const BASE: Spec = Spec {
    code: "",
    kind: "funding",
    funding: "",
    name: "",
    provider: "",
    country: "",
    url: "",
    text: &[],
    entity: &[],
    sizes: &[],
    subsectors: &[],
    stages: &[],
    trl: (0, 0),
    classes: &[],
    regs: &[],
    territories: &[],
    tags: &[],
    window: None,
};

const SME: &[&str] = &["micro", "small", "medium"];
const COMPANY: &[&str] = &["company"];
const KNOWLEDGE: &[&str] = &[
    "research_centre",
    "technology_centre",
    "university",
    "hospital",
];
const MDR_IVDR: &[&str] = &["mdr", "ivdr"];
const ALL_CLASSES: &[&str] = &[
    "mdr_i", "mdr_iia", "mdr_iib", "mdr_iii", "ivdr_a", "ivdr_b", "ivdr_c", "ivdr_d",
];

/// EU programmes, in every demo cluster.
const EU: &[Spec] = &[
    Spec {
        code: "eic-accelerator",
        funding: "eu_programme",
        name: "EIC Accelerator",
        provider: "European Innovation Council",
        url: "https://eic.ec.europa.eu",
        text: &[
            (
                "es",
                "Subvención de hasta 2,5 M€ y capital de hasta 15 M€ para pymes y startups deep tech que escalan una innovación disruptiva.",
            ),
            (
                "eu",
                "2,5 M€ arteko diru-laguntza eta 15 M€ arteko kapitala berrikuntza disruptiboa eskalatzen duten deep tech ETE eta startupentzat.",
            ),
            (
                "en",
                "Grant of up to €2.5 M and equity of up to €15 M for deep-tech SMEs and start-ups scaling up a breakthrough innovation.",
            ),
            (
                "fr",
                "Subvention jusqu'à 2,5 M€ et fonds propres jusqu'à 15 M€ pour les PME et start-up deep tech qui passent à l'échelle une innovation de rupture.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        stages: &["startup", "growth"],
        trl: (5, 8),
        tags: &["deep tech", "scale-up", "equity", "funding", "financiación"],
        window: Some((-60, 40)),
        ..BASE
    },
    Spec {
        code: "horizon-europe-health",
        funding: "eu_programme",
        name: "Horizon Europe — Cluster 1 Health",
        provider: "European Commission (HaDEA)",
        url: "https://research-and-innovation.ec.europa.eu",
        text: &[
            (
                "es",
                "Convocatorias colaborativas de I+D en salud: consorcios europeos de empresas, centros de investigación y hospitales.",
            ),
            (
                "eu",
                "Osasuneko I+G deialdi kolaboratiboak: enpresen, ikerketa-zentroen eta ospitaleen Europako partzuergoak.",
            ),
            (
                "en",
                "Collaborative health R&D calls: European consortia of companies, research centres and hospitals.",
            ),
            (
                "fr",
                "Appels collaboratifs de R&D en santé : consortiums européens d'entreprises, de centres de recherche et d'hôpitaux.",
            ),
        ],
        entity: &[
            "company",
            "research_centre",
            "technology_centre",
            "university",
            "hospital",
        ],
        trl: (2, 7),
        tags: &["consortium", "research", "clinical trials", "funding"],
        window: Some((20, 150)),
        ..BASE
    },
    Spec {
        code: "eit-health-wild-card",
        funding: "eu_programme",
        name: "EIT Health — start-up programmes",
        provider: "EIT Health",
        url: "https://eithealth.eu",
        text: &[
            (
                "es",
                "Aceleración, mentoría y financiación para startups de salud en fase temprana (Catapult, Wild Card, Bridgehead).",
            ),
            (
                "eu",
                "Azelerazioa, mentoretza eta finantzaketa hasierako faseko osasun-startupentzat.",
            ),
            (
                "en",
                "Acceleration, mentoring and funding for early-stage health start-ups (Catapult, Wild Card, Bridgehead).",
            ),
            (
                "fr",
                "Accélération, mentorat et financement pour les start-up santé en phase précoce (Catapult, Wild Card, Bridgehead).",
            ),
        ],
        entity: COMPANY,
        sizes: &["micro", "small"],
        stages: &["idea", "startup"],
        trl: (3, 7),
        tags: &["accelerator", "startup", "mentoring", "funding"],
        window: Some((-30, 25)),
        ..BASE
    },
    Spec {
        code: "ihi-calls",
        funding: "eu_programme",
        name: "Innovative Health Initiative (IHI) calls",
        provider: "IHI Joint Undertaking",
        url: "https://www.ihi.europa.eu",
        text: &[
            (
                "es",
                "Asociación público-privada europea: proyectos intersectoriales de farma, tecnología médica, diagnóstico y salud digital.",
            ),
            (
                "eu",
                "Europako lankidetza publiko-pribatua: farmazia, teknologia mediko, diagnostiko eta osasun digitaleko proiektuak.",
            ),
            (
                "en",
                "European public-private partnership: cross-sector projects in pharma, medtech, diagnostics and digital health.",
            ),
            (
                "fr",
                "Partenariat public-privé européen : projets intersectoriels pharma, medtech, diagnostic et santé numérique.",
            ),
        ],
        subsectors: &[
            "pharma_dermo",
            "medical_devices",
            "ivd",
            "ehealth",
            "biotech",
        ],
        trl: (3, 7),
        tags: &["consortium", "public-private partnership", "funding"],
        window: Some((45, 180)),
        ..BASE
    },
];

const BHC: &[Spec] = &[
    Spec {
        code: "hazitek",
        funding: "regional_programme",
        name: "Hazitek",
        provider: "SPRI — Agencia Vasca de Desarrollo Empresarial",
        url: "https://www.spri.eus",
        text: &[
            (
                "es",
                "Ayudas a proyectos de I+D empresarial (investigación industrial y desarrollo experimental) de empresas vascas.",
            ),
            (
                "eu",
                "Euskal enpresen I+G proiektuetarako laguntzak (industria-ikerketa eta garapen esperimentala).",
            ),
            (
                "en",
                "Grants for business R&D projects (industrial research and experimental development) of Basque companies.",
            ),
        ],
        entity: COMPANY,
        trl: (3, 8),
        territories: &["ES21"],
        tags: &[
            "I+D",
            "R&D",
            "industrial research",
            "funding",
            "financiación",
        ],
        window: Some((-20, 25)),
        ..BASE
    },
    Spec {
        code: "elkartek",
        funding: "regional_programme",
        name: "Elkartek",
        provider: "Gobierno Vasco — Departamento de Desarrollo Económico",
        text: &[
            (
                "es",
                "Investigación colaborativa de los agentes de la Red Vasca de Ciencia, Tecnología e Innovación en áreas RIS3, salud incluida.",
            ),
            (
                "eu",
                "Zientzia, Teknologia eta Berrikuntzaren Euskal Sareko eragileen ikerketa kolaboratiboa RIS3 arloetan, osasuna barne.",
            ),
            (
                "en",
                "Collaborative research by the agents of the Basque Science, Technology and Innovation Network in RIS3 areas, health included.",
            ),
        ],
        entity: KNOWLEDGE,
        trl: (1, 5),
        territories: &["ES21"],
        tags: &["research", "investigación", "RIS3"],
        window: Some((30, 90)),
        ..BASE
    },
    Spec {
        code: "spri-industria-40",
        funding: "regional_programme",
        name: "SPRI Basque Industry 4.0",
        provider: "SPRI",
        url: "https://www.spri.eus",
        text: &[
            (
                "es",
                "Proyectos de digitalización y fabricación avanzada en pymes industriales, incluidas las de tecnología sanitaria.",
            ),
            (
                "eu",
                "Digitalizazio eta fabrikazio aurreratuko proiektuak industria-ETEetan, osasun-teknologiakoak barne.",
            ),
            (
                "en",
                "Digitalisation and advanced manufacturing projects in industrial SMEs, health technology included.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        subsectors: &["medical_devices", "pharma_dermo", "ivd"],
        territories: &["ES21"],
        tags: &[
            "digitalisation",
            "advanced manufacturing",
            "fabricación",
            "funding",
        ],
        window: Some((-10, 60)),
        ..BASE
    },
    Spec {
        code: "ekintzaile",
        funding: "seed_capital",
        name: "Ekintzaile",
        provider: "SPRI",
        url: "https://www.spri.eus",
        text: &[
            (
                "es",
                "Préstamos sin intereses para poner en marcha empresas innovadoras y de base tecnológica en Euskadi.",
            ),
            (
                "eu",
                "Interesik gabeko maileguak Euskadin enpresa berritzaileak eta teknologia-oinarrikoak abian jartzeko.",
            ),
            (
                "en",
                "Interest-free loans to start innovative and technology-based companies in the Basque Country.",
            ),
        ],
        entity: COMPANY,
        sizes: &["micro", "small"],
        stages: &["idea", "startup"],
        territories: &["ES21"],
        tags: &["startup", "seed", "loan", "funding"],
        ..BASE
    },
    Spec {
        code: "cdti-neotec",
        funding: "grant",
        name: "CDTI Neotec",
        provider: "CDTI — Centro para el Desarrollo Tecnológico y la Innovación",
        url: "https://www.cdti.es",
        text: &[
            (
                "es",
                "Subvenciones para empresas de base tecnológica de menos de tres años con un plan de negocio basado en tecnología propia.",
            ),
            (
                "eu",
                "Diru-laguntzak hiru urte baino gutxiagoko teknologia-oinarriko enpresentzat, teknologia propioan oinarritutako negozio-planarekin.",
            ),
            (
                "en",
                "Grants for technology-based companies under three years old with a business plan built on their own technology.",
            ),
        ],
        entity: COMPANY,
        sizes: &["micro", "small"],
        stages: &["startup"],
        territories: &["ES"],
        tags: &["startup", "technology-based", "funding", "financiación"],
        window: Some((-5, 70)),
        ..BASE
    },
    Spec {
        code: "cdti-pid",
        funding: "grant",
        name: "CDTI — Proyectos de I+D",
        provider: "CDTI",
        url: "https://www.cdti.es",
        text: &[
            (
                "es",
                "Ayuda parcialmente reembolsable para proyectos empresariales de desarrollo experimental, todo el año.",
            ),
            (
                "eu",
                "Partzialki itzuli beharreko laguntza garapen esperimentaleko enpresa-proiektuetarako, urte osoan.",
            ),
            (
                "en",
                "Partly repayable aid for company experimental development projects, all year round.",
            ),
        ],
        entity: COMPANY,
        trl: (4, 8),
        territories: &["ES"],
        tags: &["R&D", "I+D", "loan", "funding"],
        ..BASE
    },
    Spec {
        code: "enisa",
        funding: "public_investor",
        name: "ENISA — préstamos participativos",
        provider: "ENISA",
        url: "https://www.enisa.es",
        text: &[
            (
                "es",
                "Préstamos participativos sin garantías para startups y pymes innovadoras en crecimiento.",
            ),
            (
                "eu",
                "Bermerik gabeko partaidetza-maileguak hazten ari diren startup eta ETE berritzaileentzat.",
            ),
            (
                "en",
                "Participative loans without collateral for innovative start-ups and growing SMEs.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        stages: &["startup", "growth"],
        territories: &["ES"],
        tags: &["loan", "funding", "financiación"],
        ..BASE
    },
    Spec {
        code: "seed-capital-bizkaia",
        funding: "seed_capital",
        name: "Seed Capital Bizkaia",
        provider: "Diputación Foral de Bizkaia",
        text: &[
            (
                "es",
                "Capital semilla y préstamos para empresas innovadoras en sus primeras etapas en Bizkaia.",
            ),
            (
                "eu",
                "Hazi-kapitala eta maileguak Bizkaiko lehen urratsetako enpresa berritzaileentzat.",
            ),
            (
                "en",
                "Seed capital and loans for early-stage innovative companies in Bizkaia.",
            ),
        ],
        entity: COMPANY,
        stages: &["idea", "startup"],
        territories: &["ES213"],
        tags: &["seed", "capital semilla", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "ysios-capital",
        funding: "private_investor",
        name: "Ysios Capital",
        provider: "Ysios Capital",
        url: "https://www.ysioscapital.com",
        text: &[
            (
                "es",
                "Capital riesgo especializado en ciencias de la vida: biotecnología y tecnología médica, de la fase preclínica a la clínica.",
            ),
            (
                "eu",
                "Bizitza-zientzietan espezializatutako arrisku-kapitala: bioteknologia eta teknologia medikoa.",
            ),
            (
                "en",
                "Venture capital specialised in life sciences: biotech and medtech, from preclinical to clinical stage.",
            ),
        ],
        entity: COMPANY,
        subsectors: &["biotech", "pharma_dermo", "medical_devices"],
        stages: &["startup", "growth"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "asabys-partners",
        funding: "private_investor",
        name: "Asabys Partners",
        provider: "Asabys Partners",
        url: "https://www.asabys.com",
        text: &[
            (
                "es",
                "Fondo de capital riesgo en salud: tecnología médica, salud digital y biotecnología en Europa.",
            ),
            (
                "eu",
                "Osasuneko arrisku-kapitaleko funtsa: teknologia medikoa, osasun digitala eta bioteknologia.",
            ),
            (
                "en",
                "Healthcare venture fund: medtech, digital health and biotech in Europe.",
            ),
        ],
        entity: COMPANY,
        subsectors: &["medical_devices", "ehealth", "biotech"],
        stages: &["startup", "growth"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "invivo-partners",
        funding: "private_investor",
        name: "Invivo Partners",
        provider: "Invivo Partners",
        text: &[
            (
                "es",
                "Capital riesgo para compañías biotecnológicas y de diagnóstico en fases tempranas.",
            ),
            (
                "eu",
                "Arrisku-kapitala hasierako faseko bioteknologia- eta diagnostiko-enpresentzat.",
            ),
            (
                "en",
                "Venture capital for early-stage biotech and diagnostics companies.",
            ),
        ],
        entity: COMPANY,
        subsectors: &["biotech", "ivd"],
        stages: &["startup"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "bhc-regulatory-desk",
        kind: "regulatory_service",
        name: "Asesoría MDR/IVDR del clúster",
        provider: "Basque Health Cluster",
        text: &[
            (
                "es",
                "Primer diagnóstico regulatorio gratuito para socios: clasificación del producto, ruta de marcado CE, documentación técnica y elección de organismo notificado.",
            ),
            (
                "eu",
                "Bazkideentzako doako lehen diagnostiko arautzailea: produktuaren sailkapena, CE markaren bidea, dokumentazio teknikoa eta erakunde jakinarazlea aukeratzea.",
            ),
            (
                "en",
                "Free first regulatory diagnosis for members: product classification, CE-marking route, technical documentation and choice of notified body.",
            ),
        ],
        subsectors: &["medical_devices", "ivd", "ehealth"],
        classes: ALL_CLASSES,
        regs: MDR_IVDR,
        territories: &["ES21"],
        tags: &["regulatory", "CE marking", "MDR", "IVDR", "notified body"],
        ..BASE
    },
    Spec {
        code: "aemps-innovation-office",
        kind: "regulatory_service",
        name: "AEMPS — Oficina de apoyo a la innovación",
        provider: "Agencia Española de Medicamentos y Productos Sanitarios",
        country: "ES",
        url: "https://www.aemps.gob.es",
        text: &[
            (
                "es",
                "Asesoramiento científico y regulatorio temprano sobre medicamentos, terapias avanzadas y productos sanitarios innovadores.",
            ),
            (
                "eu",
                "Aholkularitza zientifiko eta arautzaile goiztiarra botika, terapia aurreratu eta produktu sanitario berritzaileei buruz.",
            ),
            (
                "en",
                "Early scientific and regulatory advice on medicines, advanced therapies and innovative medical devices.",
            ),
        ],
        subsectors: &["pharma_dermo", "biotech", "medical_devices"],
        regs: MDR_IVDR,
        tags: &["regulatory", "scientific advice", "advanced therapies"],
        ..BASE
    },
    Spec {
        code: "tecnalia-medical-testing",
        kind: "testing_service",
        name: "Tecnalia — ensayos de productos sanitarios",
        provider: "Tecnalia",
        country: "ES",
        url: "https://www.tecnalia.com",
        text: &[
            (
                "es",
                "Ensayos de seguridad eléctrica (IEC 60601), compatibilidad electromagnética, biomecánica y usabilidad para productos sanitarios.",
            ),
            (
                "eu",
                "Segurtasun elektrikoko (IEC 60601), bateragarritasun elektromagnetikoko, biomekanikako eta erabilgarritasuneko saiakuntzak.",
            ),
            (
                "en",
                "Electrical safety (IEC 60601), electromagnetic compatibility, biomechanics and usability testing for medical devices.",
            ),
        ],
        subsectors: &["medical_devices", "ehealth"],
        classes: &["mdr_i", "mdr_iia", "mdr_iib", "mdr_iii"],
        tags: &["testing", "IEC 60601", "EMC", "usability"],
        ..BASE
    },
    Spec {
        code: "gaiker-biocompatibility",
        kind: "testing_service",
        name: "GAIKER — biocompatibilidad ISO 10993",
        provider: "GAIKER",
        country: "ES",
        url: "https://www.gaiker.es",
        text: &[
            (
                "es",
                "Ensayos de biocompatibilidad, citotoxicidad y microbiología según ISO 10993 para dispositivos y materiales en contacto con el paciente.",
            ),
            (
                "eu",
                "Biobateragarritasun, zitotoxikotasun eta mikrobiologia saiakuntzak ISO 10993 arauaren arabera.",
            ),
            (
                "en",
                "Biocompatibility, cytotoxicity and microbiology testing to ISO 10993 for devices and materials in contact with patients.",
            ),
        ],
        subsectors: &["medical_devices", "pharma_dermo"],
        classes: &["mdr_iia", "mdr_iib", "mdr_iii"],
        tags: &["testing", "biocompatibility", "ISO 10993"],
        ..BASE
    },
    Spec {
        code: "bhc-mdr-training",
        kind: "training",
        name: "Programa MDR/IVDR para pymes",
        provider: "Basque Health Cluster",
        text: &[
            (
                "es",
                "Seis sesiones prácticas: sistema de calidad ISO 13485, evaluación clínica, vigilancia poscomercialización y auditoría del organismo notificado.",
            ),
            (
                "eu",
                "Sei saio praktiko: ISO 13485 kalitate-sistema, ebaluazio klinikoa, merkaturatze osteko zaintza eta erakunde jakinarazlearen auditoria.",
            ),
            (
                "en",
                "Six hands-on sessions: ISO 13485 quality system, clinical evaluation, post-market surveillance and the notified body's audit.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        subsectors: &["medical_devices", "ivd"],
        regs: MDR_IVDR,
        tags: &["training", "regulatory", "ISO 13485", "clinical evaluation"],
        window: Some((-15, 12)),
        ..BASE
    },
    Spec {
        code: "deusto-health-management",
        kind: "training",
        name: "Programa de dirección de empresas de salud",
        provider: "Deusto Business School",
        text: &[
            (
                "es",
                "Programa ejecutivo sobre acceso al mercado, reembolso y compra pública de innovación en sistemas sanitarios.",
            ),
            (
                "eu",
                "Merkaturako sarbideari, itzulketari eta berrikuntzaren erosketa publikoari buruzko programa exekutiboa.",
            ),
            (
                "en",
                "Executive programme on market access, reimbursement and public procurement of innovation in health systems.",
            ),
        ],
        entity: &["company", "hospital"],
        tags: &["training", "market access", "innovation procurement"],
        window: Some((10, 55)),
        ..BASE
    },
    Spec {
        code: "biocruces-clinical-trials",
        kind: "technology_capability",
        name: "Biocruces Bizkaia — unidad de ensayos clínicos",
        provider: "Biocruces Bizkaia",
        country: "ES",
        url: "https://www.biocrucesbizkaia.org",
        text: &[
            (
                "es",
                "Diseño y ejecución de ensayos clínicos e investigaciones clínicas de productos sanitarios en hospitales de Osakidetza.",
            ),
            (
                "eu",
                "Entsegu klinikoen eta produktu sanitarioen ikerketa klinikoen diseinua eta gauzatzea Osakidetzako ospitaleetan.",
            ),
            (
                "en",
                "Design and conduct of clinical trials and medical-device clinical investigations in Osakidetza hospitals.",
            ),
        ],
        subsectors: &["medical_devices", "pharma_dermo", "biotech", "ivd"],
        tags: &[
            "clinical trials",
            "clinical validation",
            "ensayos clínicos",
            "hospital",
        ],
        ..BASE
    },
    Spec {
        code: "cic-biomagune",
        kind: "technology_capability",
        name: "CIC biomaGUNE — nanomedicina e imagen molecular",
        provider: "CIC biomaGUNE",
        country: "ES",
        url: "https://www.cicbiomagune.es",
        text: &[
            (
                "es",
                "Plataformas de imagen molecular (PET, SPECT, RM) y síntesis de nanomateriales para diagnóstico y terapia.",
            ),
            (
                "eu",
                "Irudi molekularreko plataformak (PET, SPECT, EM) eta nanomaterialen sintesia diagnostikorako eta terapiarako.",
            ),
            (
                "en",
                "Molecular imaging platforms (PET, SPECT, MRI) and nanomaterial synthesis for diagnosis and therapy.",
            ),
        ],
        subsectors: &["biotech", "pharma_dermo", "ivd"],
        trl: (1, 5),
        tags: &["nanomedicine", "imaging", "preclinical"],
        ..BASE
    },
    Spec {
        code: "vicomtech-ai-imaging",
        kind: "technology_capability",
        name: "Vicomtech — inteligencia artificial e imagen médica",
        provider: "Vicomtech",
        country: "ES",
        url: "https://www.vicomtech.org",
        text: &[
            (
                "es",
                "Inteligencia artificial, análisis de imagen médica, datos sintéticos e interoperabilidad de datos clínicos.",
            ),
            (
                "eu",
                "Adimen artifiziala, irudi medikoen analisia, datu sintetikoak eta datu klinikoen elkarreragingarritasuna.",
            ),
            (
                "en",
                "Artificial intelligence, medical image analysis, synthetic data and clinical data interoperability.",
            ),
        ],
        subsectors: &["ehealth", "medical_devices"],
        tags: &["artificial intelligence", "data", "imaging", "software"],
        ..BASE
    },
    Spec {
        code: "osakidetza-living-lab",
        kind: "living_lab",
        name: "Living lab de innovación sanitaria de Osakidetza",
        provider: "BIOEF — Fundación Vasca de Innovación e Investigación Sanitarias",
        country: "ES",
        url: "https://www.bioef.eus",
        text: &[
            (
                "es",
                "Validación de soluciones en entorno clínico real con profesionales y pacientes de Osakidetza, y vía de compra pública de innovación.",
            ),
            (
                "eu",
                "Irtenbideak benetako ingurune klinikoan balioztatzea Osakidetzako profesional eta pazienteekin, eta berrikuntzaren erosketa publikorako bidea.",
            ),
            (
                "en",
                "Validation of solutions in a real clinical setting with Osakidetza professionals and patients, and a route to public procurement of innovation.",
            ),
        ],
        subsectors: &["ehealth", "medical_devices", "healthcare"],
        trl: (5, 8),
        territories: &["ES21"],
        tags: &[
            "living lab",
            "clinical validation",
            "hospital",
            "innovation procurement",
        ],
        ..BASE
    },
    Spec {
        code: "biobanco-vasco",
        kind: "biobank",
        name: "Biobanco Vasco",
        provider: "BIOEF",
        country: "ES",
        url: "https://www.bioef.eus",
        text: &[
            (
                "es",
                "Muestras biológicas humanas y datos clínicos asociados de la red de Osakidetza para proyectos de investigación, con comité ético.",
            ),
            (
                "eu",
                "Giza lagin biologikoak eta lotutako datu klinikoak Osakidetzaren saretik, ikerketa-proiektuetarako, batzorde etikoarekin.",
            ),
            (
                "en",
                "Human biological samples and associated clinical data from the Osakidetza network for research projects, with ethics review.",
            ),
        ],
        subsectors: &["ivd", "biotech", "pharma_dermo"],
        tags: &["biobank", "biobanco", "samples", "clinical samples"],
        ..BASE
    },
];

const CPB: &[Spec] = &[
    Spec {
        code: "bourse-french-tech",
        funding: "grant",
        name: "Bourse French Tech",
        provider: "Bpifrance",
        url: "https://www.bpifrance.fr",
        text: &[
            (
                "fr",
                "Subvention pour les start-up de moins d'un an qui préparent le lancement d'un projet innovant.",
            ),
            (
                "es",
                "Subvención para startups de menos de un año que preparan el lanzamiento de un proyecto innovador.",
            ),
            (
                "en",
                "Grant for start-ups under one year old preparing the launch of an innovative project.",
            ),
        ],
        entity: COMPANY,
        sizes: &["micro"],
        stages: &["idea", "startup"],
        territories: &["FR"],
        tags: &["startup", "subvention", "funding", "financement"],
        ..BASE
    },
    Spec {
        code: "bpifrance-aide-innovation",
        funding: "grant",
        name: "Aide pour le développement de l'innovation",
        provider: "Bpifrance",
        url: "https://www.bpifrance.fr",
        text: &[
            (
                "fr",
                "Subvention ou avance remboursable pour les PME qui développent un produit, un procédé ou un service innovant.",
            ),
            (
                "es",
                "Subvención o anticipo reembolsable para pymes que desarrollan un producto, proceso o servicio innovador.",
            ),
            (
                "en",
                "Grant or repayable advance for SMEs developing an innovative product, process or service.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        trl: (4, 8),
        territories: &["FR"],
        tags: &["innovation", "funding", "financement"],
        ..BASE
    },
    Spec {
        code: "i-nov",
        funding: "grant",
        name: "Concours d'innovation i-Nov (France 2030)",
        provider: "Bpifrance / ADEME",
        text: &[
            (
                "fr",
                "Concours national cofinançant des projets d'innovation de PME, dont une vague santé et dispositifs médicaux.",
            ),
            (
                "es",
                "Concurso nacional que cofinancia proyectos de innovación de pymes, con una convocatoria de salud y productos sanitarios.",
            ),
            (
                "en",
                "National competition co-funding SME innovation projects, with a health and medical-devices wave.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        subsectors: &["medical_devices", "ehealth", "ivd", "biotech"],
        trl: (5, 8),
        territories: &["FR"],
        tags: &["France 2030", "innovation", "funding"],
        window: Some((-40, 30)),
        ..BASE
    },
    Spec {
        code: "france-2030-sante-numerique",
        funding: "grant",
        name: "France 2030 — appel à projets Santé numérique",
        provider: "Bpifrance",
        text: &[
            (
                "fr",
                "Financement de solutions numériques en santé évaluées en conditions réelles : télésurveillance, IA, données de santé.",
            ),
            (
                "es",
                "Financiación de soluciones digitales de salud evaluadas en condiciones reales: telemonitorización, IA, datos de salud.",
            ),
            (
                "en",
                "Funding for digital health solutions assessed in real conditions: remote monitoring, AI, health data.",
            ),
        ],
        subsectors: &["ehealth"],
        territories: &["FR"],
        tags: &["digital health", "data", "remote monitoring", "funding"],
        window: Some((15, 100)),
        ..BASE
    },
    Spec {
        code: "region-na-innovation",
        funding: "regional_programme",
        name: "Région Nouvelle-Aquitaine — aides à l'innovation",
        provider: "Région Nouvelle-Aquitaine",
        url: "https://www.nouvelle-aquitaine.fr",
        text: &[
            (
                "fr",
                "Aides régionales aux projets d'innovation et de R&D des entreprises, filière santé comprise.",
            ),
            (
                "es",
                "Ayudas regionales a proyectos de innovación y de I+D de empresas, sector salud incluido.",
            ),
            (
                "en",
                "Regional aid for company innovation and R&D projects, health sector included.",
            ),
        ],
        entity: COMPANY,
        trl: (3, 8),
        territories: &["FRI"],
        tags: &["innovation", "R&D", "funding", "financement"],
        ..BASE
    },
    Spec {
        code: "naco",
        funding: "public_investor",
        name: "NACO — Nouvelle-Aquitaine Co-Investissement",
        provider: "Région Nouvelle-Aquitaine",
        text: &[
            (
                "fr",
                "Fonds régional qui co-investit aux côtés d'investisseurs privés dans les jeunes entreprises innovantes.",
            ),
            (
                "es",
                "Fondo regional que coinvierte junto a inversores privados en empresas innovadoras jóvenes.",
            ),
            (
                "en",
                "Regional fund co-investing alongside private investors in young innovative companies.",
            ),
        ],
        entity: COMPANY,
        stages: &["startup", "growth"],
        territories: &["FRI"],
        tags: &["investors", "equity", "funding"],
        ..BASE
    },
    Spec {
        code: "herrikoa",
        funding: "private_investor",
        name: "Herrikoa",
        provider: "Herrikoa",
        url: "https://www.herrikoa.com",
        text: &[
            (
                "fr",
                "Capital-risque citoyen du Pays Basque : prises de participation dans les entreprises locales.",
            ),
            (
                "eu",
                "Ipar Euskal Herriko herritarren arrisku-kapitala: tokiko enpresetan partaidetzak.",
            ),
            (
                "es",
                "Capital riesgo ciudadano del País Vasco francés: participaciones en empresas locales.",
            ),
        ],
        entity: COMPANY,
        stages: &["startup", "growth", "consolidated"],
        territories: &["FRI15"],
        tags: &["investors", "equity", "funding"],
        ..BASE
    },
    Spec {
        code: "irdi-capital",
        funding: "private_investor",
        name: "IRDI Capital Investissement",
        provider: "IRDI Capital Investissement",
        url: "https://www.irdi.fr",
        text: &[
            (
                "fr",
                "Capital-investissement du Sud-Ouest : amorçage, capital-risque et développement, santé comprise.",
            ),
            (
                "es",
                "Capital inversión del suroeste de Francia: semilla, riesgo y desarrollo, salud incluida.",
            ),
            (
                "en",
                "Private equity in south-west France: seed, venture and growth, health included.",
            ),
        ],
        entity: COMPANY,
        subsectors: &["medical_devices", "biotech", "ehealth"],
        stages: &["startup", "growth"],
        territories: &["FRI", "FRJ"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "poctefa",
        funding: "eu_programme",
        name: "Interreg POCTEFA (España–Francia–Andorra)",
        provider: "Interreg POCTEFA",
        url: "https://www.poctefa.eu",
        text: &[
            (
                "fr",
                "Projets de coopération transfrontalière entre l'Espagne, la France et l'Andorre, y compris en santé.",
            ),
            (
                "eu",
                "Espainia, Frantzia eta Andorraren arteko mugaz gaindiko lankidetza-proiektuak, osasunean barne.",
            ),
            (
                "es",
                "Proyectos de cooperación transfronteriza entre España, Francia y Andorra, también en salud.",
            ),
        ],
        territories: &["FRI15", "FRJ", "ES21", "ES22", "ES24", "ES51", "AD"],
        tags: &["cross-border", "transfrontalier", "cooperation", "funding"],
        window: Some((60, 160)),
        ..BASE
    },
    Spec {
        code: "cpb-regulatory",
        kind: "regulatory_service",
        name: "Accompagnement réglementaire MDR/IVDR",
        provider: "Communauté Pays Basque",
        text: &[
            (
                "fr",
                "Diagnostic réglementaire et orientation vers des experts pour le marquage CE des dispositifs médicaux et des DIV.",
            ),
            (
                "eu",
                "Diagnostiko arautzailea eta adituenganako orientazioa gailu medikoen eta DIVen CE markarako.",
            ),
            (
                "es",
                "Diagnóstico regulatorio y orientación a expertos para el marcado CE de productos sanitarios y de diagnóstico in vitro.",
            ),
        ],
        subsectors: &["medical_devices", "ivd", "ehealth"],
        classes: ALL_CLASSES,
        regs: MDR_IVDR,
        territories: &["FRI15"],
        tags: &["regulatory", "CE marking", "MDR", "IVDR"],
        ..BASE
    },
    Spec {
        code: "ansm-innovation",
        kind: "regulatory_service",
        name: "ANSM — guichet innovation et orientation",
        provider: "Agence nationale de sécurité du médicament et des produits de santé",
        country: "FR",
        url: "https://ansm.sante.fr",
        text: &[
            (
                "fr",
                "Rendez-vous de pré-soumission et avis réglementaires pour les porteurs de projets innovants en santé.",
            ),
            (
                "es",
                "Reuniones previas y orientación regulatoria para proyectos innovadores en salud.",
            ),
            (
                "en",
                "Pre-submission meetings and regulatory guidance for innovative health projects.",
            ),
        ],
        regs: MDR_IVDR,
        subsectors: &["medical_devices", "ivd", "pharma_dermo", "biotech"],
        tags: &["regulatory", "scientific advice"],
        ..BASE
    },
    Spec {
        code: "lne-medical-testing",
        kind: "testing_service",
        name: "LNE — essais des dispositifs médicaux",
        provider: "Laboratoire national de métrologie et d'essais",
        country: "FR",
        url: "https://www.lne.fr",
        text: &[
            (
                "fr",
                "Essais de sécurité électrique, CEM, logiciels et biocompatibilité pour dispositifs médicaux.",
            ),
            (
                "es",
                "Ensayos de seguridad eléctrica, CEM, software y biocompatibilidad para productos sanitarios.",
            ),
            (
                "en",
                "Electrical safety, EMC, software and biocompatibility testing for medical devices.",
            ),
        ],
        subsectors: &["medical_devices", "ehealth"],
        classes: &["mdr_i", "mdr_iia", "mdr_iib", "mdr_iii"],
        tags: &["testing", "IEC 60601", "biocompatibility", "software"],
        ..BASE
    },
    Spec {
        code: "cea-tech-na",
        kind: "technology_capability",
        name: "CEA Tech Nouvelle-Aquitaine",
        provider: "CEA",
        country: "FR",
        text: &[
            (
                "fr",
                "Transfert de technologies du CEA aux entreprises régionales : capteurs, électronique, matériaux, numérique.",
            ),
            (
                "es",
                "Transferencia de tecnologías del CEA a empresas regionales: sensores, electrónica, materiales, digital.",
            ),
            (
                "en",
                "Transfer of CEA technologies to regional companies: sensors, electronics, materials, digital.",
            ),
        ],
        entity: COMPANY,
        subsectors: &["medical_devices", "ehealth"],
        territories: &["FRI"],
        tags: &["technology transfer", "sensors", "electronics"],
        ..BASE
    },
    Spec {
        code: "estia-platforms",
        kind: "technology_capability",
        name: "ESTIA — plateformes technologiques (Bidart)",
        provider: "ESTIA",
        country: "FR",
        text: &[
            (
                "fr",
                "Prototypage, robotique, usine du futur et ergonomie au service des entreprises de la santé du Pays Basque.",
            ),
            (
                "eu",
                "Prototipoak, robotika, etorkizuneko fabrika eta ergonomia Ipar Euskal Herriko osasun-enpresen zerbitzura.",
            ),
            (
                "es",
                "Prototipado, robótica, fábrica del futuro y ergonomía para las empresas de salud del País Vasco francés.",
            ),
        ],
        subsectors: &["medical_devices", "complementary_services"],
        tags: &["prototyping", "robotics", "usability"],
        ..BASE
    },
    Spec {
        code: "cpb-mdr-training",
        kind: "training",
        name: "Formation MDR pour les PME",
        provider: "Communauté Pays Basque",
        text: &[
            (
                "fr",
                "Cycle de quatre ateliers : classification, documentation technique, évaluation clinique, surveillance après commercialisation.",
            ),
            (
                "eu",
                "Lau tailerreko zikloa: sailkapena, dokumentazio teknikoa, ebaluazio klinikoa, merkaturatze osteko zaintza.",
            ),
            (
                "es",
                "Ciclo de cuatro talleres: clasificación, documentación técnica, evaluación clínica, vigilancia poscomercialización.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        subsectors: &["medical_devices", "ivd"],
        regs: MDR_IVDR,
        tags: &["training", "formation", "regulatory", "MDR"],
        window: Some((-10, 20)),
        ..BASE
    },
    Spec {
        code: "uppa-health-training",
        kind: "training",
        name: "UPPA — formation continue santé et biotechnologies",
        provider: "Université de Pau et des Pays de l'Adour",
        country: "FR",
        text: &[
            (
                "fr",
                "Diplômes universitaires et modules courts en qualité, bioproduction et réglementaire pour les salariés.",
            ),
            (
                "es",
                "Títulos universitarios y módulos cortos de calidad, bioproducción y regulación para profesionales.",
            ),
            (
                "en",
                "University diplomas and short modules in quality, bioproduction and regulatory affairs for employees.",
            ),
        ],
        tags: &["training", "quality", "bioproduction"],
        window: Some((5, 75)),
        ..BASE
    },
    Spec {
        code: "gerontopole-living-lab",
        kind: "living_lab",
        name: "Living lab Bien vieillir — Gérontopôle Nouvelle-Aquitaine",
        provider: "Gérontopôle Nouvelle-Aquitaine",
        country: "FR",
        text: &[
            (
                "fr",
                "Co-conception et test de solutions pour l'autonomie des personnes âgées, à domicile et en établissement.",
            ),
            (
                "eu",
                "Adinekoen autonomiarako irtenbideak elkarrekin diseinatzea eta probatzea, etxean eta egoitzetan.",
            ),
            (
                "es",
                "Codiseño y prueba de soluciones para la autonomía de las personas mayores, en casa y en residencias.",
            ),
        ],
        subsectors: &["ehealth", "healthcare", "complementary_services"],
        territories: &["FRI"],
        tags: &["living lab", "ageing", "validation", "usability"],
        ..BASE
    },
    Spec {
        code: "ch-cote-basque-innovation",
        kind: "living_lab",
        name: "Centre hospitalier de la Côte Basque — cellule innovation",
        provider: "Centre hospitalier de la Côte Basque",
        country: "FR",
        text: &[
            (
                "fr",
                "Évaluation clinique et tests d'usage de dispositifs et de logiciels avec les équipes soignantes de Bayonne.",
            ),
            (
                "eu",
                "Gailuen eta softwarearen ebaluazio klinikoa eta erabilera-probak Baionako zainketa-taldeekin.",
            ),
            (
                "es",
                "Evaluación clínica y pruebas de uso de dispositivos y software con los equipos asistenciales de Bayona.",
            ),
        ],
        subsectors: &["medical_devices", "ehealth"],
        trl: (5, 8),
        territories: &["FRI15"],
        tags: &["clinical validation", "hospital", "living lab"],
        ..BASE
    },
    Spec {
        code: "crb-chu-bordeaux",
        kind: "biobank",
        name: "Centre de ressources biologiques du CHU de Bordeaux",
        provider: "CHU de Bordeaux",
        country: "FR",
        text: &[
            (
                "fr",
                "Collections d'échantillons biologiques annotés (tumeurs, sang, ADN) ouvertes aux projets de recherche académiques et industriels.",
            ),
            (
                "es",
                "Colecciones de muestras biológicas anotadas (tumores, sangre, ADN) abiertas a proyectos académicos e industriales.",
            ),
            (
                "en",
                "Annotated biological sample collections (tumours, blood, DNA) open to academic and industrial research projects.",
            ),
        ],
        subsectors: &["ivd", "biotech", "pharma_dermo"],
        tags: &["biobank", "biobanque", "samples"],
        ..BASE
    },
];

const GNP: &[Spec] = &[
    Spec {
        code: "poctep",
        funding: "eu_programme",
        name: "Interreg VI-A España–Portugal (POCTEP)",
        provider: "Interreg POCTEP",
        url: "https://www.poctep.eu",
        text: &[
            (
                "es",
                "Cooperación transfronteriza Galicia–Norte de Portugal: proyectos conjuntos de I+D, innovación y competitividad.",
            ),
            (
                "en",
                "Cross-border cooperation Galicia–Northern Portugal: joint R&D, innovation and competitiveness projects.",
            ),
        ],
        territories: &["ES11", "PT11"],
        tags: &["cross-border", "transfronterizo", "cooperation", "funding"],
        window: Some((-25, 35)),
        ..BASE
    },
    Spec {
        code: "gain-innova-peme",
        funding: "regional_programme",
        name: "GAIN — programas de innovación empresarial",
        provider: "Axencia Galega de Innovación",
        text: &[
            (
                "es",
                "Ayudas de la Xunta a proyectos de innovación e I+D de pymes gallegas, con líneas para biotecnología y salud.",
            ),
            (
                "en",
                "Galician government grants for innovation and R&D projects of Galician SMEs, with lines for biotech and health.",
            ),
        ],
        entity: COMPANY,
        sizes: SME,
        trl: (3, 8),
        territories: &["ES11"],
        tags: &["innovation", "I+D", "funding", "financiación"],
        window: Some((-5, 50)),
        ..BASE
    },
    Spec {
        code: "norte-2030",
        funding: "regional_programme",
        name: "Norte 2030 — sistema de incentivos",
        provider: "CCDR Norte",
        text: &[
            (
                "es",
                "Incentivos a la innovación productiva y a la I+D empresarial en la región Norte de Portugal (Portugal 2030).",
            ),
            (
                "en",
                "Incentives for productive innovation and business R&D in Portugal's Norte region (Portugal 2030).",
            ),
        ],
        entity: COMPANY,
        territories: &["PT11"],
        tags: &["innovation", "R&D", "funding"],
        window: Some((20, 110)),
        ..BASE
    },
    Spec {
        code: "cdti-neotec",
        funding: "grant",
        name: "CDTI Neotec",
        provider: "CDTI",
        url: "https://www.cdti.es",
        text: &[
            (
                "es",
                "Subvenciones para empresas de base tecnológica de menos de tres años con tecnología propia.",
            ),
            (
                "en",
                "Grants for technology-based companies under three years old with their own technology.",
            ),
        ],
        entity: COMPANY,
        sizes: &["micro", "small"],
        stages: &["startup"],
        territories: &["ES"],
        tags: &["startup", "technology-based", "funding"],
        window: Some((-5, 70)),
        ..BASE
    },
    Spec {
        code: "xesgalicia",
        funding: "public_investor",
        name: "XesGalicia",
        provider: "XesGalicia SGEIC",
        url: "https://www.xesgalicia.org",
        text: &[
            (
                "es",
                "Capital riesgo público de Galicia: fondos para empresas innovadoras en arranque y crecimiento.",
            ),
            (
                "en",
                "Galicia's public venture capital: funds for innovative companies at start-up and growth stages.",
            ),
        ],
        entity: COMPANY,
        stages: &["startup", "growth"],
        territories: &["ES11"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "unirisco",
        funding: "seed_capital",
        name: "Unirisco Galicia",
        provider: "Unirisco Galicia SCR",
        text: &[
            (
                "es",
                "Capital semilla para empresas surgidas de las universidades gallegas (spin-offs).",
            ),
            ("en", "Seed capital for spin-offs of Galician universities."),
        ],
        entity: COMPANY,
        stages: &["idea", "startup"],
        territories: &["ES11"],
        tags: &["seed", "spin-off", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "vigo-activo",
        funding: "private_investor",
        name: "Vigo Activo",
        provider: "Vigo Activo SCR",
        text: &[
            (
                "es",
                "Sociedad de capital riesgo que invierte en empresas del área de Vigo en fase de expansión.",
            ),
            (
                "en",
                "Venture capital company investing in expanding companies of the Vigo area.",
            ),
        ],
        entity: COMPANY,
        stages: &["growth"],
        territories: &["ES114"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "portugal-ventures",
        funding: "public_investor",
        name: "Portugal Ventures",
        provider: "Portugal Ventures",
        url: "https://www.portugalventures.pt",
        text: &[
            (
                "es",
                "Capital riesgo público portugués para startups de base científica y tecnológica, ciencias de la vida incluidas.",
            ),
            (
                "en",
                "Portuguese public venture capital for science- and technology-based start-ups, life sciences included.",
            ),
        ],
        entity: COMPANY,
        stages: &["idea", "startup"],
        territories: &["PT"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "caixa-capital",
        funding: "private_investor",
        name: "Caixa Capital",
        provider: "Caixa Capital",
        text: &[
            (
                "es",
                "Fondos de capital riesgo del grupo Caixa Geral de Depósitos para empresas portuguesas en crecimiento.",
            ),
            (
                "en",
                "Venture capital funds of the Caixa Geral de Depósitos group for growing Portuguese companies.",
            ),
        ],
        entity: COMPANY,
        stages: &["growth", "consolidated"],
        territories: &["PT"],
        tags: &["investors", "equity", "funding"],
        ..BASE
    },
    Spec {
        code: "indico-capital",
        funding: "private_investor",
        name: "Indico Capital Partners",
        provider: "Indico Capital Partners",
        text: &[
            (
                "es",
                "Capital riesgo en fases tempranas para startups tecnológicas ibéricas, salud digital incluida.",
            ),
            (
                "en",
                "Early-stage venture capital for Iberian tech start-ups, digital health included.",
            ),
        ],
        entity: COMPANY,
        subsectors: &["ehealth", "biotech"],
        stages: &["startup"],
        tags: &["venture capital", "investors", "funding"],
        ..BASE
    },
    Spec {
        code: "gnp-regulatory",
        kind: "regulatory_service",
        name: "Asesoría regulatoria para biotecnológicas",
        provider: "Galicia–Norte de Portugal Biotech",
        text: &[
            (
                "es",
                "Orientación sobre la ruta regulatoria de medicamentos biotecnológicos, terapias avanzadas y diagnóstico in vitro en España y Portugal.",
            ),
            (
                "en",
                "Guidance on the regulatory route of biotech medicines, advanced therapies and in-vitro diagnostics in Spain and Portugal.",
            ),
        ],
        subsectors: &["biotech", "pharma_dermo", "ivd"],
        regs: &["ivdr"],
        classes: &["ivdr_a", "ivdr_b", "ivdr_c", "ivdr_d"],
        tags: &["regulatory", "advanced therapies", "IVDR", "GMP"],
        ..BASE
    },
    Spec {
        code: "infarmed-innovation",
        kind: "regulatory_service",
        name: "INFARMED — apoio à inovação",
        provider: "INFARMED",
        country: "PT",
        url: "https://www.infarmed.pt",
        text: &[
            (
                "es",
                "Gabinete de la autoridad portuguesa del medicamento que orienta a los innovadores en medicamentos y productos sanitarios.",
            ),
            (
                "en",
                "Office of the Portuguese medicines authority guiding innovators in medicines and medical devices.",
            ),
        ],
        regs: MDR_IVDR,
        tags: &["regulatory", "scientific advice"],
        ..BASE
    },
    Spec {
        code: "cinbio-platforms",
        kind: "technology_capability",
        name: "CINBIO — plataformas científicas (Universidade de Vigo)",
        provider: "CINBIO",
        country: "ES",
        text: &[
            (
                "es",
                "Genómica, proteómica, citometría y microscopía avanzada abiertas a empresas biotecnológicas.",
            ),
            (
                "en",
                "Genomics, proteomics, cytometry and advanced microscopy open to biotech companies.",
            ),
        ],
        subsectors: &["biotech", "ivd"],
        trl: (1, 6),
        tags: &["genomics", "proteomics", "sequencing", "research"],
        ..BASE
    },
    Spec {
        code: "inl-nanotech",
        kind: "technology_capability",
        name: "INL — International Iberian Nanotechnology Laboratory",
        provider: "INL",
        country: "PT",
        url: "https://www.inl.int",
        text: &[
            (
                "es",
                "Nanotecnología para diagnóstico, nanomedicina y sensores; salas blancas y prototipado en Braga.",
            ),
            (
                "en",
                "Nanotechnology for diagnostics, nanomedicine and sensors; clean rooms and prototyping in Braga.",
            ),
        ],
        subsectors: &["ivd", "biotech", "medical_devices"],
        trl: (2, 6),
        tags: &["nanotechnology", "diagnostics", "sensors", "microfluidics"],
        ..BASE
    },
    Spec {
        code: "i3s-platforms",
        kind: "technology_capability",
        name: "i3S — plataformas científicas (Porto)",
        provider: "Instituto de Investigação e Inovação em Saúde",
        country: "PT",
        url: "https://www.i3s.up.pt",
        text: &[
            (
                "es",
                "Bioimagen, modelos animales, biointerfaces y cribado para la investigación biomédica.",
            ),
            (
                "en",
                "Bioimaging, animal models, biointerfaces and screening for biomedical research.",
            ),
        ],
        subsectors: &["biotech", "pharma_dermo"],
        tags: &["preclinical", "imaging", "screening"],
        ..BASE
    },
    Spec {
        code: "idis-clinical-trials",
        kind: "testing_service",
        name: "IDIS — unidad de ensayos clínicos (Santiago)",
        provider: "Instituto de Investigación Sanitaria de Santiago de Compostela",
        country: "ES",
        text: &[
            (
                "es",
                "Ensayos clínicos de fase temprana y estudios de validación en el Complexo Hospitalario Universitario de Santiago.",
            ),
            (
                "en",
                "Early-phase clinical trials and validation studies at Santiago's university hospital.",
            ),
        ],
        subsectors: &["biotech", "pharma_dermo", "medical_devices"],
        tags: &["clinical trials", "ensayos clínicos", "validation"],
        ..BASE
    },
    Spec {
        code: "gnp-gmp-training",
        kind: "training",
        name: "Programa de formación en GMP y bioprocesos",
        provider: "Galicia–Norte de Portugal Biotech",
        text: &[
            (
                "es",
                "Curso semipresencial en Vigo y Oporto: normas GMP, escalado de bioprocesos y control de calidad.",
            ),
            (
                "en",
                "Blended course in Vigo and Porto: GMP, bioprocess scale-up and quality control.",
            ),
        ],
        entity: &["company", "research_centre"],
        subsectors: &["biotech", "pharma_dermo"],
        tags: &["training", "GMP", "bioprocess", "quality"],
        window: Some((-20, 18)),
        ..BASE
    },
    Spec {
        code: "sergas-innovation",
        kind: "living_lab",
        name: "SERGAS — plataformas de innovación sanitaria",
        provider: "Servizo Galego de Saúde",
        country: "ES",
        text: &[
            (
                "es",
                "Validación de productos en hospitales gallegos y compra pública de innovación del servicio de salud.",
            ),
            (
                "en",
                "Product validation in Galician hospitals and public procurement of innovation by the health service.",
            ),
        ],
        subsectors: &["medical_devices", "ehealth", "healthcare"],
        trl: (5, 8),
        territories: &["ES11"],
        tags: &[
            "living lab",
            "clinical validation",
            "innovation procurement",
            "hospital",
        ],
        ..BASE
    },
    Spec {
        code: "biobanco-galicia-sur",
        kind: "biobank",
        name: "Biobanco del IIS Galicia Sur",
        provider: "Instituto de Investigación Sanitaria Galicia Sur",
        country: "ES",
        text: &[
            (
                "es",
                "Muestras biológicas y datos clínicos del área sanitaria de Vigo para investigación biomédica.",
            ),
            (
                "en",
                "Biological samples and clinical data from the Vigo health area for biomedical research.",
            ),
        ],
        subsectors: &["ivd", "biotech"],
        tags: &["biobank", "biobanco", "samples"],
        ..BASE
    },
    Spec {
        code: "biobanco-i3s",
        kind: "biobank",
        name: "Biobanco i3S",
        provider: "i3S",
        country: "PT",
        text: &[
            (
                "es",
                "Biobanco de muestras humanas y de modelos para proyectos de investigación del Norte de Portugal.",
            ),
            (
                "en",
                "Biobank of human samples and models for research projects in Northern Portugal.",
            ),
        ],
        subsectors: &["ivd", "biotech", "pharma_dermo"],
        tags: &["biobank", "samples"],
        ..BASE
    },
];

/// What each member user suggests (cluster, name, kind, funding type, description in es/fr).
const SUGGESTIONS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "member@bhc.demo",
        "Programa BIND 4.0 (aceleradora)",
        "funding",
        "seed_capital",
        "es",
        "Aceleradora pública vasca que conecta startups con grandes empresas tractoras; hay una vertical de salud.",
    ),
    (
        "member@cpb.demo",
        "Réseau Entreprendre Adour — prêts d'honneur",
        "funding",
        "seed_capital",
        "fr",
        "Prêts d'honneur et accompagnement par des chefs d'entreprise pour les créateurs et repreneurs du territoire.",
    ),
];

fn day(offset: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    clusterhub_core::parse::iso_date(d)
}

fn form(s: &Spec) -> ResourceForm {
    let list = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut description = MultiText::new();
    for (lang, text) in s.text {
        description.set(lang, text);
    }
    ResourceForm {
        kind: s.kind.into(),
        funding_type: s.funding.into(),
        code: s.code.into(),
        name: s.name.into(),
        provider: s.provider.into(),
        description,
        url: s.url.into(),
        country: s.country.into(),
        opens_on: s.window.map(|w| day(w.0)).unwrap_or_default(),
        closes_on: s.window.map(|w| day(w.1)).unwrap_or_default(),
        entity_types: list(s.entity),
        sizes: list(s.sizes),
        subsectors: list(s.subsectors),
        stages: list(s.stages),
        trl_min: if s.trl.0 > 0 {
            s.trl.0.to_string()
        } else {
            String::new()
        },
        trl_max: if s.trl.1 > 0 {
            s.trl.1.to_string()
        } else {
            String::new()
        },
        device_classes: list(s.classes),
        territories: s.territories.join(", "),
        regulations: list(s.regs),
        tags: s.tags.join(", "),
        ..Default::default()
    }
}

fn admin(cluster_id: i64) -> Scope {
    Principal {
        platform_admin: true,
        ..Default::default()
    }
    .scope(cluster_id)
}

/// Seeds the resource maps of the three demo clusters; adds only what is missing.
pub async fn seed(db: &Db) -> Result<String> {
    let mut out = Vec::new();
    for (slug, local) in [("bhc", BHC), ("cpb", CPB), ("gnp", GNP)] {
        let Ok(c) = clusters::by_slug(db, slug).await else {
            continue;
        };
        let scope = admin(c.id);
        let subsectors: Vec<String> = clusters::subsectors(db, c.id)
            .await?
            .into_iter()
            .map(|s| s.code)
            .collect();
        let nb =
            resources::import_notified_bodies(db, &scope, NOTIFIED_BODIES.as_bytes(), true).await?;
        let mut created = 0;
        for s in local.iter().chain(EU) {
            let exists = q!(
                "SELECT COUNT(*) FROM resources WHERE cluster_id = $1 AND code = $2",
                c.id,
                s.code
            )
            .int(db)
            .await?;
            if exists > 0 {
                continue;
            }
            let input = form(s).parse(&subsectors)?;
            resources::create(db, &scope, &input).await?;
            created += 1;
        }
        for (email, name, kind, funding, lang, text) in SUGGESTIONS {
            if !email.ends_with(&format!("@{slug}.demo")) {
                continue;
            }
            let exists = q!(
                "SELECT COUNT(*) FROM resources WHERE cluster_id = $1 AND name = $2",
                c.id,
                *name
            )
            .int(db)
            .await?;
            let who: Option<(i64, Option<i64>)> = q!(
                "SELECT u.id, r.organisation_id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.cluster_id = $1 WHERE u.email = $2",
                c.id,
                *email
            )
            .optional(db)
            .await?;
            let (true, Some((user, Some(org)))) = (exists == 0, who) else {
                continue;
            };
            let member = Principal {
                user_id: Some(user),
                platform_admin: false,
                roles: vec![ClusterRole {
                    cluster_id: c.id,
                    role: Role::Member,
                    organisation_id: Some(org),
                }],
            }
            .scope(c.id);
            let f = ResourceForm {
                kind: kind.to_string(),
                funding_type: funding.to_string(),
                name: name.to_string(),
                description: MultiText::new().with(lang, text),
                entity_types: vec!["company".into()],
                stages: vec!["idea".into(), "startup".into()],
                ..Default::default()
            };
            resources::suggest(db, &member, &f.parse(&subsectors)?).await?;
            created += 1;
        }
        if created > 0 || nb.created > 0 {
            out.push(format!(
                "{slug}: {created} resources, {} notified bodies",
                nb.created
            ));
        }
    }
    Ok(out.join(", "))
}
