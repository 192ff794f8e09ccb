use super::*;

const CODELISTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/eforms/codelists"
);

#[test]
fn counts() {
    let l = get();
    assert_eq!(l.cpv().len(), 9_454);
    assert_eq!(l.nuts().len(), 2_121);
    assert_eq!(l.country().len(), 246);
    assert_eq!(l.currency().len(), 154);
    assert_eq!(l.subtype().len(), 51);
    assert_eq!(l.notice_type().len(), 21);
    assert_eq!(l.procedure().len(), 10);
    assert_eq!(l.legal_type().len(), 19);
    assert_eq!(l.nature().len(), 3);
    assert_eq!(l.language().len(), 147);
    for list in List::ALL {
        assert!(!l.list(list).is_empty(), "{}", list.name());
    }
    assert_eq!(
        l.list(List::Nature).codes().collect::<Vec<_>>(),
        ["services", "supplies", "works"]
    );
    assert_eq!(l.nuts().short_name, "Nuts");
    assert_eq!(l.nuts().version.as_deref(), Some("2021"));
    assert_eq!(l.nuts().long_name.as_deref(), Some("nuts"));
}

#[test]
fn labels_in_several_languages() {
    let l = get();
    assert_eq!(l.country().label("ESP", "es"), Some("España"));
    assert_eq!(l.country().label("ESP", "fr"), Some("Espagne"));
    assert_eq!(l.country().label("ESP", "en"), Some("Spain"));
    assert_eq!(l.country().label("ESP", "pt"), Some("Espanha"));
    assert_eq!(l.country().label("ESP", "spa"), Some("España"));
    // No Basque column: English.
    assert_eq!(l.country().label("ESP", "eu"), Some("Spain"));
    assert_eq!(l.country().label("ESP", "zz"), Some("Spain"));
    assert_eq!(l.country().label("XXX", "es"), None);
    assert_eq!(l.procedure().label("open", "es"), Some("Abierto"));
    assert_eq!(l.procedure().label("open", "fr"), Some("Ouverte"));
    assert_eq!(
        l.legal_type().label("body-pl", "es"),
        Some("Organismo de Derecho público")
    );
    assert_eq!(l.nature().label("works", "fr"), Some("Travaux"));
    assert_eq!(
        l.subtype().label("16", "en"),
        Some("Contract notice – general directive, standard regime")
    );
    assert_eq!(l.language().label("EUS", "es"), Some("vasco"));
    assert_eq!(l.currency().label("EUR", "en"), Some("Euro"));
    // NUTS carries English (national) labels only.
    assert_eq!(l.nuts().label("ES213", "es"), Some("Bizkaia"));
    assert_eq!(l.nuts().name("ES2"), Some("Noreste"));
    assert_eq!(l.nuts_label("PT191", "pt"), Some("Região de Aveiro"));
    assert!(l.country().label_languages().any(|c| c == "gle"));
}

#[test]
fn nuts_hierarchy() {
    let l = get();
    let n = l.nuts();
    assert_eq!(n.parent("ES213"), Some("ES21"));
    assert_eq!(n.parent("ES21"), Some("ES2"));
    assert_eq!(n.parent("ES2"), Some("ES"));
    assert_eq!(n.parent("ES"), None);
    assert_eq!(n.level("ES213"), Some(3));
    assert_eq!(n.level("ES2"), Some(1));
    assert_eq!(n.level("ES"), Some(0));
    assert_eq!(n.level("ESX"), None);
    assert_eq!(l.nuts_level("ESZZZ"), Some(3));
    assert_eq!(l.nuts_level("PT191"), Some(3));
    assert_eq!(l.nuts_parent("ES213"), Some("ES21"));
    assert_eq!(l.nuts_parent("PT191"), Some("PT1"));
    assert!(n.contains("LU000") && n.contains("UKI") && n.contains("ESZZZ"));
    // Every parent is in the list and one level up.
    for code in n.codes() {
        if let Some(p) = n.parent(code) {
            assert!(n.contains(p), "{code} → {p}");
            assert_eq!(n.level(p).unwrap() + 1, n.level(code).unwrap(), "{code}");
            assert!(code.starts_with(p), "{code} → {p}");
        }
    }
}

#[test]
fn nuts_rule() {
    let l = get();
    for ok in [
        "ES", "ES2", "ES213", "LU000", "UKI", "ESZZZ", "ESZ", "PT191", "DEG0V", "PT19", "PT1D",
        "UA111", "XKZZZ", "UAZZ",
    ] {
        assert!(l.nuts_known(ok), "{ok}");
    }
    for bad in [
        "", "E", "XX", "ES9", "ES2139", "es213", "XXZZZ", "ESZZY", "PT1Z1", "PT19X",
    ] {
        assert!(!l.nuts_known(bad), "{bad}");
    }
    assert!(l.nuts_has_prefix("ES2") && l.nuts_has_prefix("UA") && l.nuts_has_prefix("PT19"));
    assert!(!l.nuts_has_prefix("E") && !l.nuts_has_prefix("QQ"));
}

#[test]
fn cpv() {
    let l = get();
    assert_eq!(l.cpv_label("33140000"), Some("Medical consumables"));
    assert_eq!(l.cpv_label("33140000-3"), Some("Medical consumables"));
    assert_eq!(l.cpv_label("33140001"), None);
    assert_eq!(l.cpv_prefix("33140000"), "3314");
    assert_eq!(l.cpv_prefix("03000000"), "03");
    assert_eq!(l.cpv_prefix("33141000"), "33141");
    assert_eq!(l.cpv_prefix("33111610"), "3311161");
    assert_eq!(l.cpv_parent("33141000"), Some("33140000"));
    assert_eq!(l.cpv_parent("33140000"), Some("33100000"));
    assert_eq!(l.cpv_parent("33100000"), Some("33000000"));
    assert_eq!(l.cpv_parent("33000000"), None);
    assert_eq!(l.cpv_parent("33111610"), Some("33111600"));
    assert_eq!(l.cpv_lookup("331"), Some("33100000"));
    assert_eq!(l.cpv_lookup("3314"), Some("33140000"));
    assert_eq!(l.cpv_lookup("33"), Some("33000000"));
    assert_eq!(l.cpv_lookup("33140000"), Some("33140000"));
    assert_eq!(l.cpv_lookup("3399"), None);
    assert_eq!(l.cpv_lookup("99"), None);
    assert_eq!(l.cpv_lookup("x"), None);
    assert!(l.cpv_has_prefix("331") && l.cpv_has_prefix("85") && !l.cpv_has_prefix("99"));
    // Every code's parent is broader and shares its prefix.
    for c in l.cpv().iter() {
        let p = l.cpv_parent(&c.code);
        if c.significant > 2 {
            let p = p.unwrap_or_else(|| panic!("{} has no parent", c.code));
            assert!(c.code.starts_with(l.cpv_prefix(p)), "{} → {p}", c.code);
        } else {
            assert_eq!(p, None);
        }
    }
}

#[test]
fn languages() {
    for (three, two) in [
        ("SPA", "es"),
        ("EUS", "eu"),
        ("ENG", "en"),
        ("FRA", "fr"),
        ("GLG", "gl"),
        ("POR", "pt"),
        ("CAT", "ca"),
        ("GLE", "ga"),
        ("eng", "en"),
        ("GER", "de"),
    ] {
        assert_eq!(iso639_1(three), Some(two), "{three}");
    }
    assert_eq!(iso639_1("CNR"), None);
    assert_eq!(iso639_1("XX"), None);
    assert_eq!(lang_tag("CNR"), "cnr");
    assert_eq!(lang_tag("SPA"), "es");
    assert_eq!(iso639_3("es"), Some("spa"));
    assert_eq!(iso639_3("EU"), Some("eus"));
    assert_eq!(iso639_3("xx"), None);
    // The table only names languages of the eForms list, and covers all but 17 of them.
    let list = get().language();
    for (three, _) in LANGS {
        assert!(list.contains(three), "{three}");
    }
    let without: Vec<&str> = list.codes().filter(|c| iso639_1(c).is_none()).collect();
    assert_eq!(without.len(), 17, "{without:?}");
}

#[test]
fn loading_is_quick() {
    let start = std::time::Instant::now();
    let lists = CodeLists::load().unwrap();
    let took = start.elapsed();
    assert_eq!(lists.nuts().len(), 2_121);
    // Release builds take a few tens of milliseconds; debug builds more.
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
    println!("code lists loaded in {took:?}");
}

#[test]
fn genericode_from_files() {
    let gc = std::fs::read(format!("{CODELISTS}/eu-programme.gc")).unwrap();
    let list = parse_genericode(&gc).unwrap();
    assert!(list.len() > 100);
    let social = std::fs::read(format!("{CODELISTS}/cpv_social-service-cpv.gc")).unwrap();
    assert_eq!(parse_genericode(&social).unwrap().len(), 115);
    let small = br#"<?xml version="1.0"?>
<gc:CodeList xmlns:gc="http://docs.oasis-open.org/codelist/ns/genericode/1.0/">
  <Identification><ShortName>Colours</ShortName><Version>1</Version></Identification>
  <ColumnSet>
    <Column Id="key"><ShortName>Key</ShortName><Data Type="string"/></Column>
    <Column Id="spa_label"><ShortName>es</ShortName><Data Type="string" Lang="spa"/></Column>
    <Key Id="k"><ShortName>K</ShortName><ColumnRef Ref="key"/></Key>
  </ColumnSet>
  <SimpleCodeList>
    <Row><Value ColumnRef="key"><SimpleValue>red</SimpleValue></Value>
         <Value ColumnRef="spa_label"><SimpleValue>rojo &amp; &#x72;ojo</SimpleValue></Value></Row>
    <Row><Value ColumnRef="key"><SimpleValue>blue</SimpleValue></Value></Row>
  </SimpleCodeList>
</gc:CodeList>"#;
    let list = parse_genericode(small).unwrap();
    assert_eq!(list.short_name, "Colours");
    assert_eq!(list.codes().collect::<Vec<_>>(), ["red", "blue"]);
    assert_eq!(list.label("red", "es"), Some("rojo & rojo"));
    assert_eq!(list.label("blue", "es"), None);
}

#[test]
fn genericode_refuses_other_documents() {
    let notice = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/eforms/examples/notices/cn_24_minimal.xml"
    ))
    .unwrap();
    assert_eq!(
        parse_genericode(&notice).unwrap_err().to_string(),
        "not a Genericode code list: the root element is `ContractNotice`, not gc:CodeList"
    );
    let cases: &[(&[u8], &str)] = &[
        (b"", "empty file"),
        (b"code,label\nES,Spain\n", "not XML: text outside the root element at line 1"),
        (
            b"<gc:CodeList xmlns:gc=\"urn:other\"/>",
            "not a Genericode code list: root element `gc:CodeList` is in namespace `urn:other`, not http://docs.oasis-open.org/codelist/ns/genericode/1.0/",
        ),
        (
            b"<CodeList/>",
            "not a Genericode code list: root element `CodeList` has no namespace (expected http://docs.oasis-open.org/codelist/ns/genericode/1.0/)",
        ),
        (
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"/>",
            "DOCTYPE declarations are refused (no DTD processing, no entity expansion) at line 2",
        ),
        (
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"><Identification><ShortName>x</ShortName></Identification>",
            "truncated document: 1 element(s) still open at the end (line 1)",
        ),
        (
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"><Identification><ShortName>x</ShortName></Identification></gc:CodeList>",
            "not a Genericode code list: no ColumnSet/Column",
        ),
        (
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"><Identification><ShortName>x</ShortName></Identification><ColumnSet><Column Id=\"code\"/></ColumnSet><SimpleCodeList/></gc:CodeList>",
            "not a Genericode code list: no SimpleCodeList/Row: the list is empty",
        ),
        (
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"><Identification><ShortName>x</ShortName></Identification><ColumnSet><Column Id=\"code\"/></ColumnSet><SimpleCodeList>\n<Row><Value ColumnRef=\"code\"><SimpleValue>a</SimpleValue></Value></Row>\n<Row><Value ColumnRef=\"code\"><SimpleValue>a</SimpleValue></Value></Row></SimpleCodeList></gc:CodeList>",
            "code `a` appears twice at line 3",
        ),
        (
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"><Identification><ShortName>x</ShortName></Identification><ColumnSet><Column Id=\"code\"/></ColumnSet><SimpleCodeList>\n<Row><Value ColumnRef=\"name\"><SimpleValue>a</SimpleValue></Value></Row></SimpleCodeList></gc:CodeList>",
            "Value refers to column `name`, which the ColumnSet does not define at line 2",
        ),
        (
            b"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\"><Identification><ShortName>x&ent;</ShortName></Identification></gc:CodeList>",
            "entity reference `&ent;` at line 1 is refused: only the five predefined XML entities and numeric character references are allowed",
        ),
    ];
    for (input, msg) in cases {
        assert_eq!(
            parse_genericode(input).unwrap_err().to_string(),
            *msg,
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn every_sdk_list_parses() {
    let mut n = 0;
    for e in std::fs::read_dir(CODELISTS).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "gc") {
            let list = parse_genericode(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!list.is_empty(), "{}", path.display());
            n += 1;
        }
    }
    assert_eq!(n, 50);
}
