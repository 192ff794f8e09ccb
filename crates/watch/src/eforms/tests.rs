//! The SDK 1.15.1 example notices (read from the shared data folder), with values read by hand
//! from the XML, the twelve INVALID_ examples, and hostile input.

use super::values::*;
use super::*;
use time::UtcOffset;
use time::macros::{date, datetime};

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eforms/examples/notices"
);
const CODELISTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eforms/codelists"
);

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{EXAMPLES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn example(name: &str) -> Notice {
    parse(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn example_text(name: &str) -> String {
    String::from_utf8(read(name)).unwrap()
}

fn err(xml: &[u8]) -> NoticeError {
    match parse(xml) {
        Ok(n) => panic!("accepted: {}", n.id),
        Err(e) => e,
    }
}

/// Parses `name` after replacing `from` (which must occur) with `to`.
fn mutated(name: &str, from: &str, to: &str) -> Result<Notice, NoticeError> {
    let text = example_text(name);
    assert!(text.contains(from), "{name} has no {from}");
    parse(text.replacen(from, to, 1).as_bytes())
}

fn eur(cents: i64) -> Option<Money> {
    Some(Money {
        cents,
        currency: "EUR".into(),
    })
}

fn texts(pairs: &[(&str, &str)]) -> Texts {
    Texts(
        pairs
            .iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect(),
    )
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn example_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// The whole example set

#[test]
fn every_valid_example_parses() {
    let names = example_names();
    assert_eq!(names.len(), 92);
    let mut ok = 0;
    for name in names.iter().filter(|n| !n.starts_with("INVALID_")) {
        let n = example(name);
        ok += 1;
        assert!(!n.id.is_empty() && !n.version.is_empty(), "{name}");
        assert!(
            crate::codelist::get().subtype().contains(&n.subtype),
            "{name}"
        );
        assert_eq!(n.language.len(), 2, "{name}");
        assert!(n.issue_date.is_some(), "{name}");
        for b in &n.buyers {
            assert!(n.party(b).is_some(), "{name}: buyer {b}");
        }
        for a in &n.awards {
            for w in &a.winners {
                assert!(n.party(w).is_some(), "{name}: winner {w}");
            }
        }
        if n.form != NoticeForm::BusinessRegistration {
            assert!(n.buyer().is_some(), "{name}");
            assert!(!n.title.is_empty(), "{name}");
            assert!(n.title.0.iter().all(|(l, t)| l.len() == 2 && !t.is_empty()));
        }
        if n.notice_type != "pin-buyer" && n.form != NoticeForm::BusinessRegistration {
            assert!(!n.lots.is_empty(), "{name}");
        }
    }
    assert_eq!(ok, 80);
}

#[test]
fn every_invalid_example_is_rejected_with_its_reason() {
    let expected: &[(&str, &str)] = &[
        (
            "INVALID_can_24_empty.xml",
            "empty procedure identifier (ContractAwardNotice/cbc:ContractFolderID) at line 16: eForms fields may not be empty",
        ),
        (
            "INVALID_can_24_stage-1.xml",
            "empty tender id (efac:LotTender/cbc:ID) at line 20: eForms fields may not be empty",
        ),
        (
            "INVALID_can_24_stage-2.xml",
            "empty winner selection status (efac:LotResult/cbc:TenderResultCode) at line 12: eForms fields may not be empty",
        ),
        (
            "INVALID_change-cn_24_FRA_comments.xml",
            "procedure type `oth-single` is not allowed in a contract notice of subtype 16 (Directive 2014/24/EU allows open, restricted, neg-w-call, comp-dial, innovation) (line 205)",
        ),
        (
            "INVALID_cn_24_empty.xml",
            "empty procedure identifier (ContractNotice/cbc:ContractFolderID) at line 16: eForms fields may not be empty",
        ),
        (
            "INVALID_cn_24_multiple.xml",
            "efac:Organization has no organisation id (efac:Company/cac:PartyIdentification/cbc:ID) (line 61)",
        ),
        (
            "INVALID_cn_24_stage-1.xml",
            "empty organisation id (cac:PartyIdentification/cbc:ID) at line 16: eForms fields may not be empty",
        ),
        (
            "INVALID_cn_24_stage-2.xml",
            "empty organisation id (cac:PartyIdentification/cbc:ID) at line 16: eForms fields may not be empty",
        ),
        (
            "INVALID_pin-buyer_24_stage-1.xml",
            "empty organisation id (cac:PartyIdentification/cbc:ID) at line 16: eForms fields may not be empty",
        ),
        (
            "INVALID_pin-only_24_empty.xml",
            "incomplete notice: missing notice id (cbc:ID schemeName=notice-id); missing notice version (cbc:VersionID); missing notice language (cbc:NoticeLanguageCode); no buyer (cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID); no procedure title (cac:ProcurementProject/cbc:Name); no lot (cac:ProcurementProjectLot with cbc:ID schemeName=\"Lot\" or \"Part\")",
        ),
        (
            "INVALID_pin-only_24_minimal.xml",
            "empty notice id (PriorInformationNotice/cbc:ID) at line 16: eForms fields may not be empty",
        ),
        (
            "INVALID_pin-only_24_stage-1.xml",
            "empty organisation id (cac:PartyIdentification/cbc:ID) at line 16: eForms fields may not be empty",
        ),
    ];
    let invalid: Vec<String> = example_names()
        .into_iter()
        .filter(|n| n.starts_with("INVALID_"))
        .collect();
    assert_eq!(invalid.len(), 12);
    assert_eq!(
        invalid,
        expected
            .iter()
            .map(|(n, _)| n.to_string())
            .collect::<Vec<_>>()
    );
    for (name, reason) in expected {
        assert_eq!(err(&read(name)).to_string(), *reason, "{name}");
    }
}

#[test]
fn the_change_notice_is_the_only_problem_of_its_example() {
    // INVALID_change-cn_24_FRA_comments changes fields a change notice may not change. With a
    // procedure the directive allows, it parses: the rest is about the notice it changes.
    let n = mutated(
        "INVALID_change-cn_24_FRA_comments.xml",
        ">oth-single<",
        ">open<",
    )
    .unwrap();
    assert_eq!(
        n.changes.as_deref(),
        Some("da4d46e9-490b-41ff-a2ae-8166d356a619-01")
    );
    // The multiple-errors example: its empty organisation first, then its other faults.
    let e = mutated(
        "INVALID_cn_24_multiple.xml",
        "<efac:Organization></efac:Organization>",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "cac:ProcurementProject/cac:MainCommodityClassification has no CPV code (cbc:ItemClassificationCode listName=cpv) (line 199)"
    );
}

// ---------------------------------------------------------------------------------------------
// Notices of different subtypes, values read from the XML

#[test]
fn cn_24_maximal() {
    let n = example("cn_24_maximal.xml");
    assert_eq!(n.id, "14549263-b47b-4e59-96a1-2d0d13e19343");
    assert_eq!(n.version, "03");
    assert_eq!(n.form, NoticeForm::Contract);
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("16", "cn-standard")
    );
    assert_eq!(n.language, "en");
    assert_eq!(n.issue_date, Some(date!(2023 - 03 - 23)));
    assert_eq!(n.changes, None);
    assert_eq!(n.publication_id, None);
    assert_eq!(n.title, texts(&[("en", "Procurement Title ---")]));
    assert_eq!(n.description, texts(&[("en", "Description ---")]));
    assert_eq!(n.procedure.as_deref(), Some("neg-w-call"));
    assert_eq!(n.cpv_main.as_deref(), Some("79710000"));
    assert_eq!(n.cpv_additional, strings(&["79720000"]));
    assert_eq!(n.places, strings(&["LU000"]));
    assert_eq!(n.estimated_value, eur(999_999_999));
    assert_eq!(n.awarded_value, None);
    assert_eq!(n.parties.len(), 7);
    let b = n.buyer().unwrap();
    assert_eq!(b.id, "ORG-0001");
    assert_eq!(b.name, texts(&[("en", "Financial Adinistration for ...")]));
    assert_eq!(b.country.as_deref(), Some("LUX"));
    assert_eq!(b.nuts.as_deref(), Some("LU000"));
    assert_eq!(b.city.as_deref(), Some("Luxembourg"));
    assert_eq!(b.legal_type.as_deref(), Some("body-pl"));
    assert_eq!(b.website.as_deref(), Some("https://www.fin-adm.com"));
    assert_eq!(b.email.as_deref(), Some("info@fin-adm.com"));
    // The lots group GLO-0001 is not a lot.
    let ids: Vec<&str> = n.lots.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["LOT-0001", "LOT-0002"]);
    let l = &n.lots[0];
    assert_eq!(l.title, texts(&[("en", "Title ---")]));
    assert_eq!(l.cpv_main.as_deref(), Some("75121000"));
    assert_eq!(l.places, strings(&["LU000"]));
    assert_eq!(l.estimated_value, eur(999_999_999));
    assert_eq!(l.nature.as_deref(), Some("services"));
    assert_eq!(l.innovation.as_deref(), Some("proc-innov"));
    // A restricted procedure: the deadline is for requests to participate.
    assert_eq!(l.deadline, Some(datetime!(2023-05-22 20:59:32 +1)));
    assert_eq!(n.lots[1].title, texts(&[("en", "Title Lot 2---")]));
    assert!(n.innovation());
    assert_eq!(
        n.links,
        strings(&[
            "https://profile.example.com",
            "http://nonrestricteddocuments.com",
            "http://accessto.com",
            "http://tender-submit.fin-adm.com/esubmission",
            "https://electronic-auction.com",
        ])
    );
    assert!(n.awards.is_empty());
}

#[test]
fn can_24_maximal_winners_through_tenders_and_tendering_parties() {
    let n = example("can_24_maximal.xml");
    assert_eq!(n.id, "15377ca1-6cf7-4060-90f0-9290128957a3");
    assert_eq!(n.version, "03");
    assert_eq!(n.form, NoticeForm::ContractAward);
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("29", "can-standard")
    );
    // cbc:TotalAmount 9999999.99 (before the approximate framework amount 9000000).
    assert_eq!(n.awarded_value, eur(999_999_999));
    assert_eq!(n.awards.len(), 2);
    let a = &n.awards[0];
    assert_eq!(a.lot_id, "LOT-0001");
    // RES-0001 (selec-w) → TEN-0001 → TPA-0001 → ORG-0008, ORG-0009; TEN-0002 → TPA-0002 →
    // ORG-0011. TEN-0001 was tendered for the group GLO-0001: its value is not this lot's.
    assert_eq!(a.winners, strings(&["ORG-0008", "ORG-0009", "ORG-0011"]));
    assert_eq!(a.value, eur(999_999_999));
    assert_eq!(
        n.party("ORG-0008").unwrap().name,
        texts(&[("en", "Gyro Soft SA")])
    );
    assert_eq!(n.party("ORG-0009").unwrap().nuts.as_deref(), Some("DE712"));
    assert_eq!(
        n.party("ORG-0011").unwrap().name.best("en"),
        Some("Competitor")
    );
    // RES-0002: closed without a winner.
    assert_eq!(n.awards[1].lot_id, "LOT-0002");
    assert!(n.awards[1].winners.is_empty());
    assert_eq!(n.awards[1].value, None);
    assert_eq!(n.lots[0].cpv_additional, strings(&["33185200"]));
}

#[test]
fn pin_only_24_has_a_part() {
    let n = example("pin-only_24.xml");
    assert_eq!(n.id, "f252f386-55ac-4fa8-9be4-9f950b9904c8");
    assert_eq!(n.form, NoticeForm::PriorInformation);
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("4", "pin-only")
    );
    assert_eq!(n.issue_date, Some(date!(2020 - 05 - 05)));
    let b = n.buyer().unwrap();
    assert_eq!(b.name, texts(&[("en", "PartyName1234")]));
    assert_eq!(
        (b.country.as_deref(), b.nuts.as_deref(), b.city.as_deref()),
        (Some("DEU"), Some("DE401"), Some("City1234"))
    );
    assert_eq!(b.legal_type.as_deref(), Some("eu-ins-bod-ag"));
    // The eSender (ORG-0003, a service provider of the buyer) is not a buyer.
    assert_eq!(n.buyers, strings(&["ORG-0001"]));
    assert_eq!(n.title, texts(&[("en", "ProPrName1234")]));
    assert_eq!(n.estimated_value, eur(10_000_000));
    assert_eq!(n.cpv_main.as_deref(), Some("72000000"));
    assert_eq!(n.places, strings(&["DE123"]));
    assert_eq!(n.procedure, None);
    assert_eq!(n.lots.len(), 1);
    let l = &n.lots[0];
    assert_eq!(l.id, "PAR-0000");
    assert_eq!(l.title, texts(&[("en", "ProPrName1234-1")]));
    assert_eq!(l.cpv_main.as_deref(), Some("50000000"));
    assert_eq!(l.places, strings(&["DE123"]));
    assert_eq!(l.deadline, None);
    assert_eq!(n.all_cpv(), strings(&["72000000", "50000000"]));
    assert!(n.links.is_empty());
}

#[test]
fn cn_24_multilingual_texts_in_every_language() {
    let n = example("cn_24_multilingual.xml");
    assert_eq!(n.id, "55aae64f-88a8-44a5-b2fb-8228e97fe6ee");
    assert_eq!(n.language, "en");
    assert_eq!(n.issue_date, Some(date!(2019 - 11 - 21)));
    assert_eq!(n.title.0.len(), 24);
    assert_eq!(
        n.title.get("en"),
        Some(
            "Provision of IT Services Related to OP IT Systems (EUR-Lex, N-Lex, Search Layer, and Others)"
        )
    );
    assert_eq!(
        n.title.get("fr"),
        Some(
            "Fourniture de services informatiques liés aux systèmes informatiques OP (EUR-Lex, N-Lex, Search Layer, etc.)"
        )
    );
    assert_eq!(
        n.title.get("es"),
        Some(
            "Prestación de servicios informáticos relacionados con los sistemas informáticos de la OP (EUR-Lex, N-Lex, Search Layer y otros)"
        )
    );
    assert!(n.title.get("ga").is_some() && n.title.get("eu").is_none());
    assert_eq!(n.title.best("eu"), n.title.get("en"));
    assert_eq!(n.description.0.len(), 24);
    let b = n.buyer().unwrap();
    assert_eq!(
        b.name.get("de"),
        Some("Amt für Veröffentlichungen der Europäischen Union")
    );
    assert_eq!(
        b.name.get("es"),
        Some("Oficina de Publicaciones de la Unión Europea")
    );
    assert_eq!(
        b.name.get("fr"),
        Some("Office des publications de l'Union européenne")
    );
    assert_eq!(b.legal_type.as_deref(), Some("eu-ins-bod-ag"));
    assert_eq!(n.procedure.as_deref(), Some("open"));
    assert_eq!(n.cpv_main.as_deref(), Some("72230000"));
    assert_eq!(n.cpv_additional, strings(&["72260000"]));
    assert_eq!(n.estimated_value, eur(450_000_000));
    assert_eq!(n.lots.len(), 1);
    assert_eq!(n.lots[0].id, "LOT-0000");
    assert_eq!(n.lots[0].title.0.len(), 24);
    assert_eq!(n.deadline(), Some(datetime!(2020-02-03 13:00 UTC)));
    assert_eq!(
        n.links,
        strings(&[
            "http://publications.europa.eu/en/web/about-us/procurement",
            "https://etendering.ted.europa.eu/cft/cft-display.html?cftId=5629",
        ])
    );
}

#[test]
fn change_cn_24_void_points_at_the_notice_it_changes() {
    let n = example("change-cn_24_void.xml");
    assert_eq!(n.id, "1d192942-a4a3-4833-8775-ca38f7ec09ca");
    assert_eq!(
        n.changes.as_deref(),
        Some("f42be27e-09cf-4f0e-a745-63ec689631e6-01")
    );
    assert_eq!(n.issue_date, Some(date!(2019 - 12 - 21)));
    assert_eq!(n.places, strings(&["FRD22"]));
    assert_eq!(n.lots[0].places, strings(&["FRD22"]));
    assert_eq!(n.deadline(), Some(datetime!(2020-02-04 10:00 +2)));
    assert_eq!(
        n.buyer().unwrap().name.get("en"),
        Some("Publications Office of the European Union")
    );
    // The changed notice is in the set too.
    assert_eq!(
        example("cn_24_minimal.xml").id,
        "f42be27e-09cf-4f0e-a745-63ec689631e6"
    );
}

#[test]
fn cn_social_24() {
    let n = example("cn-social_24.xml");
    assert_eq!(n.id, "76c82dad-10b1-4e6a-9326-9312b4bf9baf");
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("20", "cn-social")
    );
    assert_eq!(n.issue_date, Some(date!(2019 - 11 - 25)));
    let b = n.buyer().unwrap();
    assert_eq!(b.name.get("en"), Some("Scotland Excel"));
    assert_eq!(
        (b.country.as_deref(), b.nuts.as_deref()),
        (Some("GBR"), None)
    );
    assert_eq!(b.city.as_deref(), Some("Paisley"));
    assert_eq!(b.legal_type.as_deref(), Some("pub-undert-ra"));
    assert_eq!(b.email.as_deref(), Some("socialcare@scotland-excel.org.uk"));
    assert_eq!(n.procedure.as_deref(), Some("oth-single"));
    assert_eq!(n.cpv_main.as_deref(), Some("85311300"));
    assert_eq!(
        n.cpv_additional,
        strings(&["85311300", "85310000", "85300000", "85000000", "80000000"])
    );
    assert!(n.places.is_empty());
    assert_eq!(n.deadline(), Some(datetime!(2020-01-06 12:00 +1)));
    assert_eq!(n.lots[0].nature.as_deref(), Some("services"));
    assert_eq!(
        n.links,
        strings(&[
            "https://www.publiccontractsscotland.gov.uk/search/Search_AuthProfile.aspx?ID=AA10383"
        ])
    );
}

#[test]
fn can_modif_24_value() {
    let n = example("can-modif_24_value.xml");
    assert_eq!(n.id, "3572a106-eb30-4c7a-8ac5-b3502f71742a");
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("38", "can-modif")
    );
    assert_eq!(n.changes.as_deref(), Some("342558-2018"));
    assert_eq!(n.issue_date, Some(date!(2018 - 08 - 02)));
    assert_eq!(n.awarded_value, eur(450_000_000));
    assert_eq!(n.awards.len(), 1);
    assert_eq!(n.awards[0].lot_id, "LOT-0000");
    assert_eq!(n.awards[0].winners, strings(&["ORG-0004"]));
    assert_eq!(
        n.awards[0].value,
        Some(Money {
            cents: 643_000_000,
            currency: "GBP".into()
        })
    );
    assert_eq!(
        n.party("ORG-0004").unwrap().name.get("en"),
        Some("PwC UK LLP")
    );
    assert_eq!(n.title, texts(&[("en", "Change Partner")]));
    assert_eq!(n.cpv_main.as_deref(), Some("79410000"));
}

#[test]
fn veat_24_direct_award() {
    let n = example("veat_24.xml");
    assert_eq!(n.id, "6ea164b2-228c-4ae8-b3b5-26f3946b8300");
    assert_eq!((n.subtype.as_str(), n.notice_type.as_str()), ("25", "veat"));
    assert_eq!(n.form, NoticeForm::ContractAward);
    assert_eq!(n.procedure.as_deref(), Some("neg-wo-call"));
    let b = n.buyer().unwrap();
    assert_eq!(b.name.get("en"), Some("Middlesbrough Council"));
    assert_eq!(b.legal_type.as_deref(), Some("la"));
    assert_eq!(
        n.title.get("en"),
        Some(
            "Supply of Profiling Beds with Accessories, Pressure Relieving Mattresses and Cushions"
        )
    );
    assert_eq!(n.cpv_main.as_deref(), Some("33000000"));
    assert_eq!(n.awarded_value, eur(35_000_000));
    assert_eq!(n.awards.len(), 1);
    assert_eq!(
        n.awards[0].winners,
        strings(&["ORG-0004", "ORG-0005", "ORG-0006"])
    );
    assert_eq!(n.awards[0].value, None);
    assert_eq!(
        n.party("ORG-0005").unwrap().name.get("en"),
        Some("Harvest Healthcare Ltd")
    );
    assert_eq!(n.lots[0].title, texts(&[("en", "DN140070")]));
    assert_eq!(n.lots[0].nature.as_deref(), Some("supplies"));
}

#[test]
fn cn_24_maximal_100_lots() {
    let n = example("cn_24_maximal_100_lots.xml");
    assert_eq!(n.lots.len(), 100);
    for (i, l) in n.lots.iter().enumerate() {
        assert_eq!(l.id, format!("LOT-{:04}", i + 1));
        assert!(l.cpv_main.is_some() && !l.title.is_empty(), "{}", l.id);
    }
    assert_eq!(n.id, "7dac8d90-0883-49f2-87de-519c5992d0bc");
}

#[test]
fn t02_esp_transport_award_in_spanish() {
    let n = example("t02_ESP.xml");
    assert_eq!(n.id, "17f00f55-7178-4597-822a-545d2f55a150");
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("T02", "can-tran")
    );
    assert_eq!(n.language, "es");
    assert_eq!(n.issue_date, Some(date!(2020 - 05 - 08)));
    assert_eq!(
        n.title,
        texts(&[("es", "Public transport services by railways")])
    );
    let b = n.buyer().unwrap();
    assert_eq!(
        b.name.get("es"),
        Some("Ministerio de Transportes, Movilidad y Agenda Urbana")
    );
    assert_eq!(
        (b.country.as_deref(), b.nuts.as_deref(), b.city.as_deref()),
        (Some("ESP"), Some("ES300"), Some("Madrid"))
    );
    // The buyer-contracting-type code before it is another list.
    assert_eq!(b.legal_type.as_deref(), Some("cga"));
    assert_eq!(n.procedure.as_deref(), Some("comp-tend"));
    assert_eq!(n.cpv_main.as_deref(), Some("60210000"));
    assert!(
        n.lots[0]
            .title
            .get("es")
            .unwrap()
            .starts_with("Prestación de los servicios")
    );
    assert_eq!(n.awards[0].lot_id, "LOT-0000");
    assert_eq!(n.awards[0].winners, strings(&["ORG-0003"]));
    assert_eq!(n.awards[0].value, eur(969_375_900_000));
    assert_eq!(
        n.party("ORG-0003").unwrap().name.get("es"),
        Some("Sociedad Mercantil Estatal Renfe Viajeros, Sociedad Anónima")
    );
}

#[test]
fn e3_minimal() {
    let n = example("E3_minimal.xml");
    assert_eq!(n.id, "a03fdc6d-9924-4e99-93cf-39b925bb4826");
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("E3", "cn-standard")
    );
    assert_eq!(n.issue_date, Some(date!(2024 - 11 - 21)));
    assert_eq!(n.buyer().unwrap().name.get("en"), Some("Buyer Org"));
    assert_eq!(n.buyer().unwrap().country.as_deref(), Some("LUX"));
    assert_eq!(n.buyer().unwrap().legal_type, None);
    assert_eq!(
        n.description,
        texts(&[(
            "en",
            "Provision of IT services related to the information systems of ..."
        )])
    );
    assert_eq!(n.lots[0].id, "LOT-0001");
    assert_eq!(n.all_places(), strings(&["LU000"]));
    assert_eq!(
        n.links,
        strings(&["https://etendering.ted.europa.eu/cft/cft-display.html?cftId=5629"])
    );
}

#[test]
fn pin_buyer_24_published_has_no_lot() {
    let n = example("pin-buyer_24_published.xml");
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("1", "pin-buyer")
    );
    assert_eq!(n.version, "02");
    assert_eq!(n.language, "it");
    assert_eq!(n.publication_id.as_deref(), Some("12345678-2025"));
    assert_eq!(n.publication_date, Some(date!(2025 - 05 - 22)));
    assert!(n.lots.is_empty());
    assert!(
        n.title
            .get("it")
            .unwrap()
            .starts_with("Avviso consultazione preliminare")
    );
    assert_eq!(n.cpv_main.as_deref(), Some("33157000"));
    assert_eq!(n.places, strings(&["ITC33"]));
    let b = n.buyer().unwrap();
    assert_eq!(b.city.as_deref(), Some("Genova"));
    assert_eq!(b.legal_type.as_deref(), Some("pub-undert-la"));
}

#[test]
fn business_registration_has_no_buyer_nor_lot() {
    let n = example("X01_EEIG.xml");
    assert_eq!(n.form, NoticeForm::BusinessRegistration);
    assert_eq!(
        (n.subtype.as_str(), n.notice_type.as_str()),
        ("X01", "brin-eeig")
    );
    assert_eq!(n.issue_date, Some(date!(2020 - 11 - 26)));
    assert!(n.buyers.is_empty() && n.lots.is_empty());
}

#[test]
fn nuts_2024_codes_are_accepted() {
    let n = example("t01_PRT.xml");
    assert_eq!(n.buyer().unwrap().nuts.as_deref(), Some("PT191"));
    assert_eq!(n.lots[0].places, strings(&["PT191"]));
    assert_eq!(n.language, "pt");
    let n = example("pin-cfc_24.xml");
    assert!(n.parties.iter().any(|p| p.nuts.as_deref() == Some("DEG0V")));
}

#[test]
fn prefixes_are_whatever_the_document_binds() {
    let text = example_text("cn_24_minimal.xml");
    let renamed = text
        .replace("xmlns:cbc=", "xmlns:b=")
        .replace("<cbc:", "<b:")
        .replace("</cbc:", "</b:")
        .replace("xmlns:cac=", "xmlns:a=")
        .replace("<cac:", "<a:")
        .replace("</cac:", "</a:");
    assert_eq!(
        parse(renamed.as_bytes()).unwrap(),
        example("cn_24_minimal.xml")
    );
    // An element in another namespace with a familiar name is not read.
    let other = text.replacen(
        "<cac:ContractingParty>",
        "<x:ContractingParty xmlns:x=\"urn:example\">",
        1,
    );
    let other = other.replacen("</cac:ContractingParty>", "</x:ContractingParty>", 1);
    assert!(
        err(other.as_bytes())
            .to_string()
            .contains("no buyer (cac:ContractingParty")
    );
}

#[test]
fn entities_and_line_ends_in_texts() {
    let n = mutated(
        "cn_24_minimal.xml",
        "<cbc:Name languageID=\"ENG\">Provision",
        "<cbc:Name languageID=\"ENG\">A &amp; B &#233;&#x20AC;\r\nC <![CDATA[<raw>]]> Provision",
    )
    .unwrap();
    assert!(
        n.title
            .get("en")
            .unwrap()
            .starts_with("A & B é€\nC <raw> Provision")
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn not_xml() {
    assert_eq!(err(b""), NoticeError::Empty);
    assert_eq!(err(b"  \n"), NoticeError::Empty);
    assert_eq!(
        err(b"%PDF-1.7\n...").to_string(),
        "not XML: text outside the root element at line 1"
    );
    assert_eq!(
        err(b"{\"notice\": 1}").to_string(),
        "not XML: text outside the root element at line 1"
    );
    assert_eq!(
        err(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xbd").to_string(),
        "not XML: invalid UTF-8 (eForms notices are UTF-8) at line 1"
    );
    assert_eq!(
        err(b"\xFF\xFE<\x00a\x00").to_string(),
        "not XML: UTF-16 is not supported (eForms notices are UTF-8) at line 1"
    );
    assert_eq!(
        err(b"<?xml version=\"1.0\"?>\n<a>\n\xC3\x28</a>").to_string(),
        "not XML: invalid UTF-8 (eForms notices are UTF-8) at line 3"
    );
    assert_eq!(
        err(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>").to_string(),
        "not XML: encoding `ISO-8859-1` is not supported (eForms notices are UTF-8) at line 1"
    );
    let e = err(b"<?xml version=\"1.0\"?>\n<a>\n  <b></c>\n</a>");
    assert_eq!(
        e.to_string(),
        "root element `a` is not an eForms notice (ContractNotice, ContractAwardNotice, PriorInformationNotice, BusinessRegistrationInformationNotice)"
    );
    // Broken markup inside a notice: where it breaks.
    let text = example_text("cn_24_minimal.xml");
    let broken = text.replacen("</cbc:IssueDate>", "</cbc:IssueDat>", 1);
    let e = err(broken.as_bytes());
    assert!(
        e.to_string().starts_with(
            "not XML: end tag `</cbc:IssueDat>` does not match the open element `<cbc:IssueDate>` at line"
        ),
        "{e}"
    );
    assert_eq!(e.line(), Some(line_of(&text, "</cbc:IssueDate>")));
    let two_roots = format!("{text}\n<ContractNotice/>");
    assert!(
        err(two_roots.as_bytes())
            .to_string()
            .starts_with("not XML: more than one root element")
    );
    let undeclared = text.replacen("<cbc:IssueDate>", "<zz:IssueDate>", 1);
    let undeclared = undeclared.replacen("</cbc:IssueDate>", "</zz:IssueDate>", 1);
    assert!(
        err(undeclared.as_bytes())
            .to_string()
            .starts_with("not XML: namespace prefix `zz` of `zz:IssueDate` is not declared")
    );
}

fn line_of(text: &str, needle: &str) -> usize {
    let pos = text.find(needle).unwrap();
    text[..pos].matches('\n').count() + 1
}

#[test]
fn truncated() {
    let text = example_text("can_24_maximal.xml");
    for cut in [text.len() / 3, text.len() / 2, text.len() - 30] {
        let mut cut = cut;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let e = err(&text.as_bytes()[..cut]);
        assert!(
            matches!(e, NoticeError::Truncated { .. }),
            "cut at {cut}: {e}"
        );
        assert!(e.to_string().starts_with("truncated document: "), "{e}");
    }
    let at_line_end = text[..text.len() / 2].rfind('\n').unwrap();
    let e = err(&text.as_bytes()[..at_line_end]);
    assert!(e.to_string().contains("the document ends inside `"), "{e}");
    // Cut inside a tag.
    let pos = text.find("<cbc:IssueDate>").unwrap() + 5;
    assert!(matches!(
        err(&text.as_bytes()[..pos]),
        NoticeError::Truncated { .. }
    ));
}

#[test]
fn other_schemas() {
    let gc = std::fs::read(format!("{CODELISTS}/contract-nature.gc")).unwrap();
    assert_eq!(
        err(&gc).to_string(),
        "root element `gc:CodeList` is not an eForms notice (ContractNotice, ContractAwardNotice, PriorInformationNotice, BusinessRegistrationInformationNotice); its namespace is http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
    );
    let invoice = br#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-1</cbc:ID>
</Invoice>"#;
    assert_eq!(
        err(invoice).to_string(),
        "root element `Invoice` is not an eForms notice (ContractNotice, ContractAwardNotice, PriorInformationNotice, BusinessRegistrationInformationNotice); its namespace is urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    );
    let wrong_ns = br#"<ContractNotice xmlns="urn:example:other"><ID>1</ID></ContractNotice>"#;
    assert!(
        err(wrong_ns)
            .to_string()
            .ends_with("it is in namespace urn:example:other, not urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2")
    );
    let no_ns = b"<ContractNotice><ID>1</ID></ContractNotice>";
    assert!(err(no_ns).to_string().ends_with("it has no namespace (expected urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2)"));
}

#[test]
fn unknown_codes_name_list_value_and_line() {
    let name = "cn_24_maximal.xml";
    let text = example_text(name);
    let cases: &[(&str, &str, &str)] = &[
        (
            "<cbc:IdentificationCode listName=\"country\">LUX</cbc:IdentificationCode>",
            "<cbc:IdentificationCode listName=\"country\">XXX</cbc:IdentificationCode>",
            "unknown country code `XXX` in cac:Country/cbc:IdentificationCode at line {}",
        ),
        (
            "<cbc:CountrySubentityCode listName=\"nuts\">LU000</cbc:CountrySubentityCode>",
            "<cbc:CountrySubentityCode listName=\"nuts\">LU999</cbc:CountrySubentityCode>",
            "unknown nuts code `LU999` in cac:PostalAddress/cbc:CountrySubentityCode at line {}",
        ),
        (
            "<cbc:ItemClassificationCode listName=\"cpv\">79710000</cbc:ItemClassificationCode>",
            "<cbc:ItemClassificationCode listName=\"cpv\">79719999</cbc:ItemClassificationCode>",
            "unknown cpv code `79719999` in cac:MainCommodityClassification/cbc:ItemClassificationCode at line {}",
        ),
        (
            "<cbc:EstimatedOverallContractAmount currencyID=\"EUR\">9999999.99",
            "<cbc:EstimatedOverallContractAmount currencyID=\"EUX\">9999999.99",
            "unknown currency code `EUX` in cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount at line {}",
        ),
        (
            "<cbc:SubTypeCode listName=\"notice-subtype\">16</cbc:SubTypeCode>",
            "<cbc:SubTypeCode listName=\"notice-subtype\">99</cbc:SubTypeCode>",
            "unknown notice-subtype code `99` in efac:NoticeSubType/cbc:SubTypeCode at line {}",
        ),
        (
            "<cbc:ProcedureCode listName=\"procurement-procedure-type\">neg-w-call</cbc:ProcedureCode>",
            "<cbc:ProcedureCode listName=\"procurement-procedure-type\">auction</cbc:ProcedureCode>",
            "unknown procurement-procedure-type code `auction` in cac:TenderingProcess/cbc:ProcedureCode at line {}",
        ),
        (
            "<cbc:PartyTypeCode listName=\"buyer-legal-type\">body-pl</cbc:PartyTypeCode>",
            "<cbc:PartyTypeCode listName=\"buyer-legal-type\">body-xx</cbc:PartyTypeCode>",
            "unknown buyer-legal-type code `body-xx` in cac:ContractingPartyType/cbc:PartyTypeCode at line {}",
        ),
        (
            "<cbc:ProcurementTypeCode listName=\"contract-nature\">services</cbc:ProcurementTypeCode>",
            "<cbc:ProcurementTypeCode listName=\"contract-nature\">service</cbc:ProcurementTypeCode>",
            "unknown contract-nature code `service` in cac:ProcurementProject/cbc:ProcurementTypeCode at line {}",
        ),
        (
            "<cbc:NoticeTypeCode listName=\"competition\">cn-standard</cbc:NoticeTypeCode>",
            "<cbc:NoticeTypeCode listName=\"competition\">cn-whatever</cbc:NoticeTypeCode>",
            "unknown notice-type code `cn-whatever` in ContractNotice/cbc:NoticeTypeCode at line {}",
        ),
        (
            "<cbc:NoticeLanguageCode>ENG</cbc:NoticeLanguageCode>",
            "<cbc:NoticeLanguageCode>XYZ</cbc:NoticeLanguageCode>",
            "unknown language code `XYZ` in ContractNotice/cbc:NoticeLanguageCode at line {}",
        ),
        (
            "<cbc:Name languageID=\"ENG\">Procurement Title ---</cbc:Name>",
            "<cbc:Name languageID=\"QQQ\">Procurement Title ---</cbc:Name>",
            "unknown language code `QQQ` in cac:ProcurementProject/cbc:Name languageID at line {}",
        ),
    ];
    for (from, to, msg) in cases {
        let line = line_of(&text, from);
        let e = mutated(name, from, to).unwrap_err();
        assert_eq!(e.to_string(), msg.replace("{}", &line.to_string()));
        assert_eq!(e.line(), Some(line));
    }
    // Extra-regio and NUTS 2024 codes pass, lower case does not.
    for ok in ["ESZZZ", "LUZ", "PT19", "UAZZZ"] {
        mutated(name, ">LU000<", &format!(">{ok}<")).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for bad in ["lu000", "XX000", "ESZZY"] {
        assert!(matches!(
            mutated(name, ">LU000<", &format!(">{bad}<")),
            Err(NoticeError::UnknownCode { list: "nuts", .. })
        ));
    }
}

#[test]
fn inconsistent_notices() {
    let name = "cn_24_minimal.xml";
    let e = mutated(
        name,
        "<cbc:SubTypeCode listName=\"notice-subtype\">16</cbc:SubTypeCode>",
        "<cbc:SubTypeCode listName=\"notice-subtype\">29</cbc:SubTypeCode>",
    )
    .unwrap_err();
    let line = line_of(&example_text(name), "<cbc:SubTypeCode");
    assert_eq!(
        e.to_string(),
        format!(
            "notice subtype 29 (can-standard) is a ContractAwardNotice but the root element is ContractNotice (line {line})"
        )
    );
    let e = mutated(name, ">cn-standard<", ">cn-social<").unwrap_err();
    assert!(
        e.to_string().starts_with(
            "notice subtype 16 has notice type cn-standard, but cbc:NoticeTypeCode (line "
        ),
        "{e}"
    );
    // A buyer that is not an organisation of the notice.
    let text = example_text(name);
    let pos = text.find("<cac:ContractingParty>").unwrap();
    let cp_org = text[pos..].find("ORG-0001").unwrap() + pos;
    let dangling = format!("{}ORG-0099{}", &text[..cp_org], &text[cp_org + 8..]);
    assert!(err(dangling.as_bytes()).to_string().starts_with(
        "buyer ORG-0099 (cac:ContractingParty) is not an organisation of efac:Organizations (line "
    ));
    // The same text twice in one language.
    let e = mutated(
        name,
        "<cbc:Name languageID=\"ENG\">Provision",
        "<cbc:Name languageID=\"ENG\">x</cbc:Name><cbc:Name languageID=\"ENG\">Provision",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("title given twice in language en"),
        "{e}"
    );
    // A winner that is not an organisation (the first ORG-0006 is in efac:TenderingParty).
    let e = mutated("veat_24.xml", "ORG-0006", "ORG-0666").unwrap_err();
    assert!(
        e.to_string().starts_with(
            "tenderer ORG-0666 of tendering party TPA-0001 is not an organisation of efac:Organizations"
        ),
        "{e}"
    );
    let e = mutated(
        "veat_24.xml",
        "<cbc:ID schemeName=\"tender\">TEN-0001</cbc:ID>",
        "<cbc:ID schemeName=\"tender\">TEN-0009</cbc:ID>",
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("efac:LotResult for lot LOT-0000 refers to tender TEN-0009, which no efac:LotTender defines"), "{e}");
}

#[test]
fn bad_values() {
    let name = "cn_24_maximal.xml";
    let e = mutated(
        name,
        "<cbc:IssueDate>2023-03-23+01:00",
        "<cbc:IssueDate>2023-02-30+01:00",
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with(
            "invalid issue date `2023-02-30+01:00` in ContractNotice/cbc:IssueDate at line"
        ),
        "{e}"
    );
    let e = mutated(
        name,
        ">9999999.99</cbc:EstimatedOverallContractAmount>",
        ">9,999,999.99</cbc:EstimatedOverallContractAmount>",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("`9,999,999.99`") && e.to_string().ends_with("not a decimal amount"),
        "{e}"
    );
    let e = mutated(
        name,
        "<cbc:URI>http://accessto.com</cbc:URI>",
        "<cbc:URI>invalid url</cbc:URI>",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid URL `invalid url` in cac:ExternalReference/cbc:URI at line"),
        "{e}"
    );
    assert!(e.to_string().ends_with(": not a web address"), "{e}");
    let e = mutated(
        name,
        "<cbc:EndTime>20:59:32+01:00</cbc:EndTime>",
        "<cbc:EndTime>25:00</cbc:EndTime>",
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with("invalid deadline time `25:00`"),
        "{e}"
    );
    let e = mutated(
        name,
        "<cbc:VersionID>03</cbc:VersionID>",
        "<cbc:VersionID/>",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("empty notice version (ContractNotice/cbc:VersionID) at line"),
        "{e}"
    );
    let e = mutated(
        name,
        "<cbc:VersionID>03</cbc:VersionID>",
        "<cbc:VersionID>0<b>3</b></cbc:VersionID>",
    )
    .unwrap_err();
    assert!(e.to_string().contains("which holds text only"), "{e}");
}

#[test]
fn huge_text_is_refused() {
    let big = "x".repeat(1024 * 1024 + 1);
    let e = mutated(
        "cn_24_minimal.xml",
        "<cbc:Description languageID=\"ENG\">",
        &format!("<cbc:Description languageID=\"ENG\">{big}"),
    )
    .unwrap_err();
    let text = example_text("cn_24_minimal.xml");
    assert_eq!(
        e.to_string(),
        format!(
            "text of cbc:Description at line {} is longer than 1 MB",
            line_of(&text, "<cbc:Description languageID=\"ENG\">")
        )
    );
    // Also when split by entity references, and in elements the parser does not read.
    let many = "ab&amp;".repeat(400_000);
    let e = mutated(
        "cn_24_minimal.xml",
        "<cbc:RegulatoryDomain>32014L0024",
        &format!("<cbc:RegulatoryDomain>{many}"),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("text of cbc:RegulatoryDomain at line"),
        "{e}"
    );
    let huge = vec![b' '; 50 * 1024 * 1024 + 1];
    assert_eq!(
        err(&huge).to_string(),
        "document is 52428801 bytes, over the 52428800 byte (50 MB) limit"
    );
}

#[test]
fn billion_laughs_and_external_entities_are_refused() {
    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">&lol9;</ContractNotice>"#;
    assert_eq!(
        err(laughs).to_string(),
        "DOCTYPE declarations are refused (no DTD processing, no entity expansion) at line 2"
    );
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">&xxe;</ContractNotice>"#;
    assert_eq!(err(xxe), NoticeError::Doctype { line: 2 });
    // Without a DOCTYPE, an undeclared entity is still refused, in text and in attributes.
    let e = mutated(
        "cn_24_minimal.xml",
        "<cbc:VersionID>01",
        "<cbc:VersionID>&xxe;01",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("entity reference `&xxe;` at line"),
        "{e}"
    );
    let e = mutated(
        "cn_24_minimal.xml",
        "languageID=\"ENG\"",
        "languageID=\"&xxe;\"",
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with("not XML: attribute value:"),
        "{e}"
    );
    // The DOCTYPE in the middle of a real notice, too.
    let text = example_text("cn_24_minimal.xml");
    let with_dtd = text.replacen(
        "<ContractNotice",
        "<!DOCTYPE x SYSTEM \"http://example.com/x.dtd\">\n<ContractNotice",
        1,
    );
    assert!(matches!(
        err(with_dtd.as_bytes()),
        NoticeError::Doctype { .. }
    ));
}

#[test]
fn nesting_is_bounded() {
    let open = "<a>".repeat(300);
    let doc = format!(
        "<ContractNotice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2\">{open}"
    );
    assert_eq!(
        err(doc.as_bytes()).to_string(),
        "elements nested deeper than 256 levels at line 1"
    );
}

// ---------------------------------------------------------------------------------------------
// Values

#[test]
fn cents_are_exact() {
    assert_eq!(parse_cents("9999999.99"), Ok(999_999_999));
    assert_eq!(parse_cents("10000"), Ok(1_000_000));
    assert_eq!(parse_cents("12.5"), Ok(1250));
    assert_eq!(parse_cents("0.01"), Ok(1));
    assert_eq!(parse_cents(".5"), Ok(50));
    assert_eq!(parse_cents("1.005"), Ok(101));
    assert_eq!(parse_cents("1.00499"), Ok(100));
    assert_eq!(parse_cents("-3.10"), Ok(-310));
    assert_eq!(parse_cents("92233720368547758.07"), Ok(i64::MAX));
    assert!(parse_cents("92233720368547758.08").is_err());
    assert!(parse_cents("1e6").is_err());
    assert!(parse_cents("").is_err());
    assert!(parse_cents(".").is_err());
    assert!(parse_cents("1.2.3").is_err());
}

#[test]
fn dates_times_and_deadlines() {
    assert_eq!(
        parse_date("2019-11-15+01:00"),
        Ok((date!(2019 - 11 - 15), UtcOffset::from_hms(1, 0, 0).ok()))
    );
    assert_eq!(
        parse_date("2020-11-26Z"),
        Ok((date!(2020 - 11 - 26), Some(UtcOffset::UTC)))
    );
    assert_eq!(parse_date("2020-04-08"), Ok((date!(2020 - 04 - 08), None)));
    assert!(parse_date("2020-13-01").is_err());
    assert!(parse_date("20-01-01").is_err());
    assert!(parse_date("2020-01-01+1").is_err());
    let t = parse_time("12:00:00+01:00").unwrap();
    let d = parse_date("2019-11-15+01:00").unwrap();
    assert_eq!(
        combine((Some(d), Some(t))),
        Some(datetime!(2019-11-15 12:00 +1))
    );
    let t = parse_time("10:00:00.000-05:30").unwrap();
    assert_eq!(
        combine((Some(d), Some(t))),
        Some(datetime!(2019-11-15 10:00 -5:30))
    );
    assert_eq!(
        combine((Some(d), None)),
        Some(datetime!(2019-11-15 23:59:59 +1))
    );
    assert_eq!(combine((None, Some(t))), None);
    assert!(parse_time("12:00").is_err());
    assert!(parse_time("12:61:00Z").is_err());
}

#[test]
fn urls() {
    let u = |s: &str| web_url(s);
    assert_eq!(
        u("https://etendering.ted.europa.eu/cft/cft-display.html?cftId=5629").as_deref(),
        Some("https://etendering.ted.europa.eu/cft/cft-display.html?cftId=5629")
    );
    assert_eq!(
        u("http://accessto.com").as_deref(),
        Some("http://accessto.com")
    );
    assert_eq!(
        u("HTTPS://Example.ES:8443/x").as_deref(),
        Some("HTTPS://Example.ES:8443/x")
    );
    // eForms allows the scheme to be left out.
    assert_eq!(
        u("www.example.com/perfil").as_deref(),
        Some("http://www.example.com/perfil")
    );
    assert_eq!(
        u("contratacion.euskadi.eus").as_deref(),
        Some("http://contratacion.euskadi.eus")
    );
    for bad in [
        "invalid url",
        "https://",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "localhost",
        "http://.com",
        "mailto:a@b.c",
        "",
    ] {
        assert_eq!(u(bad), None, "{bad}");
    }
    // Links without a scheme in a notice come out absolute.
    let n = mutated(
        "cn_24_maximal.xml",
        "<cbc:BuyerProfileURI>https://profile.example.com",
        "<cbc:BuyerProfileURI>profile.example.com",
    )
    .unwrap();
    assert_eq!(n.links[0], "http://profile.example.com");
}
