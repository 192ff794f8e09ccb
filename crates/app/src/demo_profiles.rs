//! Rich profiles for the demo organisations, drawn deterministically from what each one is
//! (entity type, subsectors), so search, facets and "for you" lists have something real to work
//! on. The three demo clusters share their public directories with one another.

use crate::demo::Rng;
use clusterhub_core::profile::{
    Certification, Contact, Profile, Stage, ValueChainStage, Visibility, VisibilityMap,
};
use clusterhub_core::{MultiText, Result};
use clusterhub_db::{Db, q, search_docs};

/// What a subsector's organisations do, in es, en, eu, fr and pt.
struct Vocab {
    subsector: &'static str,
    capabilities: [&'static str; 5],
    tags: &'static [&'static str],
    technologies: &'static [&'static str],
    products: [&'static str; 5],
    needs: [&'static str; 5],
    need_tags: &'static [&'static str],
    certifications: &'static [Certification],
}

const VOCAB: &[Vocab] = &[
    Vocab {
        subsector: "medical_devices",
        capabilities: [
            "Diseño y fabricación de implantes y dispositivos médicos a medida mediante impresión 3D en titanio.",
            "Design and manufacture of custom implants and medical devices by titanium 3D printing.",
            "Neurrira egindako inplanteen eta gailu medikoen diseinua eta fabrikazioa titanioko 3D inprimaketaren bidez.",
            "Conception et fabrication d'implants et de dispositifs médicaux sur mesure par impression 3D en titane.",
            "Conceção e fabrico de implantes e dispositivos médicos à medida por impressão 3D em titânio.",
        ],
        tags: &["implantes", "impresión 3D", "cirugía", "traumatología"],
        technologies: &["fabricación aditiva", "titanio", "CAD/CAM"],
        products: [
            "Implantes craneofaciales\nGuías quirúrgicas personalizadas",
            "Craniofacial implants\nPatient-specific surgical guides",
            "Garezur-aurpegiko inplanteak\nGida kirurgiko pertsonalizatuak",
            "Implants craniofaciaux\nGuides chirurgicaux sur mesure",
            "Implantes craniofaciais\nGuias cirúrgicos personalizados",
        ],
        needs: [
            "Buscamos organismo notificado y apoyo regulatorio para el marcado CE bajo el MDR, y hospitales para la validación clínica.",
            "We look for a notified body and regulatory support for CE marking under the MDR, and hospitals for clinical validation.",
            "Erakunde jakinarazi bat eta laguntza arautzailea bilatzen ditugu MDR araudiko CE markarako, eta ospitaleak balidazio klinikorako.",
            "Nous cherchons un organisme notifié et un accompagnement réglementaire pour le marquage CE selon le MDR, et des hôpitaux pour la validation clinique.",
            "Procuramos um organismo notificado e apoio regulamentar para a marcação CE segundo o MDR, e hospitais para validação clínica.",
        ],
        need_tags: &["regulatory", "MDR", "clinical validation"],
        certifications: &[Certification::Iso13485, Certification::MdrIib],
    },
    Vocab {
        subsector: "ivd",
        capabilities: [
            "Desarrollo de kits de diagnóstico in vitro y ensayos de biomarcadores para oncología y enfermedades infecciosas.",
            "Development of in-vitro diagnostic kits and biomarker assays for oncology and infectious diseases.",
            "In vitro diagnostiko-kitak eta biomarkatzaileen entseguak garatzea onkologiarako eta gaixotasun infekziosoetarako.",
            "Développement de kits de diagnostic in vitro et de tests de biomarqueurs pour l'oncologie et les maladies infectieuses.",
            "Desenvolvimento de kits de diagnóstico in vitro e ensaios de biomarcadores para oncologia e doenças infeciosas.",
        ],
        tags: &["diagnóstico", "biomarcadores", "PCR", "oncología"],
        technologies: &["qPCR", "inmunoensayo", "microfluídica"],
        products: [
            "Kit PCR multiplex\nTest rápido de antígenos",
            "Multiplex PCR kit\nRapid antigen test",
            "PCR multiplex kita\nAntigeno-test azkarra",
            "Kit PCR multiplex\nTest antigénique rapide",
            "Kit PCR multiplex\nTeste rápido de antigénio",
        ],
        needs: [
            "Necesitamos acceso a biobancos y muestras clínicas, y financiación para la certificación IVDR.",
            "We need access to biobanks and clinical samples, and funding for IVDR certification.",
            "Biobankuetarako eta lagin klinikoetarako sarbidea behar dugu, eta IVDR ziurtagirirako finantzaketa.",
            "Nous avons besoin d'accéder à des biobanques et à des échantillons cliniques, et d'un financement pour la certification IVDR.",
            "Precisamos de acesso a biobancos e amostras clínicas, e de financiamento para a certificação IVDR.",
        ],
        need_tags: &["biobank", "IVDR", "funding"],
        certifications: &[Certification::Iso13485, Certification::IvdrC],
    },
    Vocab {
        subsector: "biotech",
        capabilities: [
            "Biotecnología de anticuerpos monoclonales y terapias avanzadas; cultivo celular a escala piloto.",
            "Monoclonal antibody biotechnology and advanced therapies; pilot-scale cell culture.",
            "Antigorputz monoklonalen bioteknologia eta terapia aurreratuak; zelula-hazkuntza eskala pilotuan.",
            "Biotechnologie des anticorps monoclonaux et thérapies innovantes ; culture cellulaire à l'échelle pilote.",
            "Biotecnologia de anticorpos monoclonais e terapias avançadas; cultura celular à escala piloto.",
        ],
        tags: &["anticuerpos", "terapia celular", "bioprocesos"],
        technologies: &["biorreactores", "secuenciación", "CRISPR"],
        products: [
            "Servicios de desarrollo de bioprocesos\nLíneas celulares",
            "Bioprocess development services\nCell lines",
            "Bioprozesuen garapen-zerbitzuak\nZelula-lerroak",
            "Services de développement de bioprocédés\nLignées cellulaires",
            "Serviços de desenvolvimento de bioprocessos\nLinhas celulares",
        ],
        needs: [
            "Buscamos inversores de capital semilla y socios para ensayos clínicos de fase I.",
            "We look for seed investors and partners for phase I clinical trials.",
            "Hazi-kapitaleko inbertitzaileak eta I. faseko entsegu klinikoetarako bazkideak bilatzen ditugu.",
            "Nous cherchons des investisseurs d'amorçage et des partenaires pour des essais cliniques de phase I.",
            "Procuramos investidores de capital semente e parceiros para ensaios clínicos de fase I.",
        ],
        need_tags: &["funding", "investors", "clinical trials"],
        certifications: &[Certification::Gmp, Certification::Glp],
    },
    Vocab {
        subsector: "pharma_dermo",
        capabilities: [
            "Formulación y fabricación de medicamentos y dermocosmética bajo normas GMP.",
            "Formulation and manufacture of medicines and dermocosmetics under GMP.",
            "Botiken eta dermokosmetikaren formulazioa eta fabrikazioa GMP arauen arabera.",
            "Formulation et fabrication de médicaments et de dermocosmétiques selon les BPF.",
            "Formulação e fabrico de medicamentos e dermocosmética segundo as BPF.",
        ],
        tags: &["formulación", "dermocosmética", "fabricación"],
        technologies: &["liofilización", "nanoencapsulación"],
        products: [
            "Cremas dermatológicas\nFabricación por contrato",
            "Dermatological creams\nContract manufacturing",
            "Krema dermatologikoak\nKontratu bidezko fabrikazioa",
            "Crèmes dermatologiques\nFabrication à façon",
            "Cremes dermatológicos\nFabrico por contrato",
        ],
        needs: [
            "Queremos internacionalizar: socios de distribución en Francia y Portugal.",
            "We want to go international: distribution partners in France and Portugal.",
            "Nazioartekotu nahi dugu: banaketa-bazkideak Frantzian eta Portugalen.",
            "Nous voulons nous internationaliser : partenaires de distribution en France et au Portugal.",
            "Queremos internacionalizar: parceiros de distribuição em França e Portugal.",
        ],
        need_tags: &["internationalisation", "distribution"],
        certifications: &[Certification::Gmp, Certification::Iso9001],
    },
    Vocab {
        subsector: "ehealth",
        capabilities: [
            "Plataformas de salud digital: telemonitorización de pacientes crónicos e inteligencia artificial para imagen médica.",
            "Digital health platforms: remote monitoring of chronic patients and artificial intelligence for medical imaging.",
            "Osasun digitaleko plataformak: gaixo kronikoen telemonitorizazioa eta adimen artifiziala irudi medikorako.",
            "Plateformes de santé numérique : télésurveillance des patients chroniques et intelligence artificielle pour l'imagerie médicale.",
            "Plataformas de saúde digital: telemonitorização de doentes crónicos e inteligência artificial para imagem médica.",
        ],
        tags: &["telemedicina", "inteligencia artificial", "software"],
        technologies: &["aprendizaje automático", "HL7 FHIR", "nube"],
        products: [
            "App de telemonitorización\nSoftware de apoyo al diagnóstico",
            "Remote monitoring app\nDiagnostic support software",
            "Telemonitorizazio-aplikazioa\nDiagnostikorako laguntza-softwarea",
            "Application de télésurveillance\nLogiciel d'aide au diagnostic",
            "Aplicação de telemonitorização\nSoftware de apoio ao diagnóstico",
        ],
        needs: [
            "Necesitamos acceso a datos de salud para entrenar modelos y un living lab hospitalario.",
            "We need access to health data to train models and a hospital living lab.",
            "Osasun-datuetarako sarbidea behar dugu ereduak entrenatzeko eta ospitaleko living lab bat.",
            "Nous avons besoin d'accéder à des données de santé pour entraîner des modèles et d'un living lab hospitalier.",
            "Precisamos de acesso a dados de saúde para treinar modelos e de um living lab hospitalar.",
        ],
        need_tags: &["data", "living lab"],
        certifications: &[Certification::Iso27001, Certification::MdrIia],
    },
    Vocab {
        subsector: "healthcare",
        capabilities: [
            "Atención hospitalaria con unidades de investigación clínica y ensayos clínicos.",
            "Hospital care with clinical research units and clinical trials.",
            "Ospitaleko arreta, ikerketa klinikoko unitateekin eta entsegu klinikoekin.",
            "Soins hospitaliers avec unités de recherche clinique et essais cliniques.",
            "Cuidados hospitalares com unidades de investigação clínica e ensaios clínicos.",
        ],
        tags: &[
            "ensayos clínicos",
            "validación clínica",
            "innovación asistencial",
        ],
        technologies: &["historia clínica electrónica"],
        products: [
            "Validación clínica de tecnologías\nEnsayos clínicos",
            "Clinical validation of technologies\nClinical trials",
            "Teknologien balidazio klinikoa\nEntsegu klinikoak",
            "Validation clinique de technologies\nEssais cliniques",
            "Validação clínica de tecnologias\nEnsaios clínicos",
        ],
        needs: [
            "Buscamos empresas con soluciones para la hospitalización a domicilio.",
            "We look for companies with solutions for hospital at home.",
            "Etxeko ospitaleratzerako irtenbideak dituzten enpresak bilatzen ditugu.",
            "Nous cherchons des entreprises proposant des solutions d'hospitalisation à domicile.",
            "Procuramos empresas com soluções para hospitalização domiciliária.",
        ],
        need_tags: &["innovation procurement", "hospital at home"],
        certifications: &[Certification::Iso15189],
    },
    Vocab {
        subsector: "complementary_services",
        capabilities: [
            "Consultoría regulatoria, ensayos de biocompatibilidad y servicios de calidad para el sector salud.",
            "Regulatory consulting, biocompatibility testing and quality services for the health sector.",
            "Aholkularitza arautzailea, biobateragarritasun-entseguak eta kalitate-zerbitzuak osasun-sektorerako.",
            "Conseil réglementaire, essais de biocompatibilité et services qualité pour le secteur de la santé.",
            "Consultoria regulamentar, ensaios de biocompatibilidade e serviços de qualidade para o setor da saúde.",
        ],
        tags: &["consultoría regulatoria", "ensayos", "calidad"],
        technologies: &["ensayos ISO 10993"],
        products: [
            "Expedientes técnicos MDR\nAuditorías ISO 13485",
            "MDR technical files\nISO 13485 audits",
            "MDR espediente teknikoak\nISO 13485 auditoriak",
            "Dossiers techniques MDR\nAudits ISO 13485",
            "Processos técnicos MDR\nAuditorias ISO 13485",
        ],
        needs: [
            "Buscamos empresas de dispositivos médicos que preparen su marcado CE.",
            "We look for medical device companies preparing their CE marking.",
            "CE marka prestatzen ari diren gailu medikoen enpresak bilatzen ditugu.",
            "Nous cherchons des entreprises de dispositifs médicaux qui préparent leur marquage CE.",
            "Procuramos empresas de dispositivos médicos que preparem a marcação CE.",
        ],
        need_tags: &["clients"],
        certifications: &[Certification::Iso9001],
    },
];

const LANGS: [&str; 5] = ["es", "en", "eu", "fr", "pt"];

fn multi(texts: &[&str; 5], langs: &[&str]) -> MultiText {
    let mut m = MultiText::new();
    for (i, l) in LANGS.iter().enumerate() {
        if langs.contains(l) {
            m.set(l, texts[i]);
        }
    }
    m
}

fn profile_for(
    id: i64,
    entity_type: &str,
    subsector: &str,
    langs: &[&str],
) -> (Profile, VisibilityMap) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (id as u64).wrapping_mul(0x1000_0000_01B3));
    let v = VOCAB.iter().find(|v| v.subsector == subsector).unwrap_or(
        &VOCAB[match entity_type {
            "hospital" => 5,
            "research_centre" | "technology_centre" | "university" => 2,
            _ => 6,
        }],
    );
    let company = entity_type == "company";
    let research = matches!(
        entity_type,
        "research_centre" | "technology_centre" | "university" | "hospital"
    );
    // Every fourth profile is left thin, so completeness means something.
    let thin = rng.below(4) == 0;
    let mut p = Profile {
        capabilities: multi(&v.capabilities, langs),
        capability_tags: v.tags.iter().map(|s| s.to_string()).collect(),
        technologies: v.technologies.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    if !thin {
        p.needs = multi(&v.needs, langs);
        p.need_tags = v.need_tags.iter().map(|s| s.to_string()).collect();
        p.products = multi(&v.products, langs);
        p.markets = [
            "hospitales",
            "farmacias",
            "laboratorios",
            "atención primaria",
        ]
        .iter()
        .take(1 + rng.below(3))
        .map(|s| s.to_string())
        .collect();
        p.export_countries = ["FR", "PT", "DE", "IT", "US", "MX"]
            .iter()
            .take(rng.below(4))
            .map(|s| s.to_string())
            .collect();
        p.contacts = vec![Contact {
            topic: "I+D / R&D".into(),
            name: format!("Contacto {id}"),
            email: format!("rd{id}@contact.example"),
            phone: String::new(),
        }];
    }
    if company {
        p.certifications = v
            .certifications
            .iter()
            .take(1 + rng.below(v.certifications.len()))
            .copied()
            .collect();
        p.trl = Some(4 + rng.below(6) as u8);
        p.stage = Some(
            *[Stage::Startup, Stage::Growth, Stage::Consolidated]
                .get(rng.below(3))
                .unwrap_or(&Stage::Growth),
        );
        p.value_chain = vec![
            ValueChainStage::Development,
            if rng.below(2) == 0 {
                ValueChainStage::Manufacturing
            } else {
                ValueChainStage::Services
            },
        ];
    } else if research {
        p.value_chain = vec![
            ValueChainStage::Research,
            ValueChainStage::ClinicalValidation,
        ];
        p.rd_areas = vec![
            "oncología".into(),
            "neurociencias".into(),
            "medicina regenerativa".into(),
        ];
        p.equipment = multi(
            &[
                "Salas blancas ISO 7, citometría de flujo, secuenciación masiva y animalario.",
                "ISO 7 clean rooms, flow cytometry, next-generation sequencing and animal facility.",
                "ISO 7 gela garbiak, fluxu-zitometria, sekuentziazio masiboa eta animalategia.",
                "Salles blanches ISO 7, cytométrie en flux, séquençage haut débit et animalerie.",
                "Salas limpas ISO 7, citometria de fluxo, sequenciação massiva e biotério.",
            ],
            langs,
        );
    }
    let mut vis = VisibilityMap::default();
    // Some organisations keep their needs to the cluster's staff.
    if rng.below(5) == 0 {
        vis.0.insert("needs".into(), Visibility::Staff);
    }
    (p, vis)
}

/// Profiles for organisations that have none yet (idempotent), and directory sharing on.
pub async fn seed(db: &Db) -> Result<String> {
    q!("UPDATE clusters SET share_directory = $1", true)
        .run(db)
        .await?;
    let missing: Vec<(i64,)> = q!(
        "SELECT o.id FROM organisations o WHERE NOT EXISTS (SELECT 1 FROM organisation_profiles p WHERE p.organisation_id = o.id) ORDER BY o.id"
    )
    .all(db)
    .await?;
    if missing.is_empty() {
        return Ok(String::new());
    }
    let ids: Vec<i64> = missing.into_iter().map(|(id,)| id).collect();
    let sources = search_docs::load(db, &ids).await?;
    let locales: Vec<(i64, String)> = q!("SELECT id, locales FROM clusters").all(db).await?;
    let member_org: Option<i64> = q!(
        "SELECT r.organisation_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = $1",
        "member@bhc.demo"
    )
    .optional(db)
    .await?
    .and_then(|(o,): (Option<i64>,)| o);
    let now = clusterhub_db::now();
    let mut tx = db.begin().await?;
    for o in &sources {
        let Some(m) = o.memberships.first() else {
            continue;
        };
        let mut langs: Vec<&str> = locales
            .iter()
            .find(|(c, _)| *c == m.cluster_id)
            .map(|(_, l)| l.split(',').collect())
            .unwrap_or_else(|| vec!["es", "en"]);
        if !langs.contains(&"en") {
            langs.push("en");
        }
        let subsector = if Some(o.id) == member_org {
            "medical_devices"
        } else {
            m.subsectors.first().map(String::as_str).unwrap_or("")
        };
        let (mut p, vis) = profile_for(o.id, &o.entity_type, subsector, &langs);
        if Some(o.id) == member_org {
            // The demo member: a class IIb device maker looking for a notified body.
            p.certifications = vec![Certification::Iso13485, Certification::MdrIib];
            p.trl = Some(7);
            p.stage = Some(Stage::Growth);
        }
        q!(
            "INSERT INTO organisation_profiles (organisation_id, profile, visibility, updated_at) VALUES ($1, $2, $3, $4)",
            o.id, p.to_json(), vis.to_json(), &now
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(format!("{} organisation profiles", sources.len()))
}
