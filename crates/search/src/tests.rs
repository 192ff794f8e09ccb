#![allow(clippy::unwrap_used)]

use super::*;

fn doc(org: i64, cluster: i64, tier: Tier, name: &str) -> OrgDoc {
    OrgDoc {
        organisation_id: org,
        cluster_id: cluster,
        tier,
        name: name.to_string(),
        texts: Vec::new(),
        tags: Vec::new(),
        facets: Facets {
            entity_type: "company".into(),
            ..Default::default()
        },
    }
}

fn text(mut d: OrgDoc, lang: &str, t: &str) -> OrgDoc {
    d.texts.push((lang.to_string(), t.to_string()));
    d
}

const PUBLIC1: &[View] = &[View {
    cluster_id: 1,
    tier: Tier::Public,
}];

fn index(docs: Vec<OrgDoc>) -> SearchIndex {
    let ix = SearchIndex::in_ram().unwrap();
    let mut ids: Vec<i64> = docs.iter().map(|d| d.organisation_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ix.replace(&ids, docs).unwrap();
    ix.commit(1).unwrap();
    ix
}

fn search(ix: &SearchIndex, text: &str, views: &[View], filters: &Filters) -> Results {
    ix.search(&Query {
        text,
        views,
        filters,
        limit: 20,
        offset: 0,
    })
    .unwrap()
}

fn ids(ix: &SearchIndex, text: &str) -> Vec<i64> {
    let mut out: Vec<i64> = search(ix, text, PUBLIC1, &Filters::default())
        .hits
        .iter()
        .map(|h| h.organisation_id)
        .collect();
    out.sort_unstable();
    out
}

fn facet(r: &Results, name: &str) -> Vec<(String, u64)> {
    r.facets.get(name).cloned().unwrap_or_default()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(v, n)| (v.to_string(), *n)).collect()
}

#[test]
fn the_index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SearchIndex>();
}

#[test]
fn tier_codes() {
    for t in [Tier::Public, Tier::Members, Tier::Staff] {
        assert_eq!(Tier::parse(t.as_str()), Some(t));
        for cluster in [-7, 0, 1, 123_456_789] {
            assert_eq!(split_view_key(view_key(cluster, t).unwrap()), (cluster, t));
        }
    }
    assert_eq!(view_key(i64::MAX, Tier::Public), None);
}

#[test]
fn stemming_per_language() {
    let ix = index(vec![
        text(
            doc(1, 1, Tier::Public, "Uno"),
            "es",
            "Fabricamos un dispositivo para cirugía.",
        ),
        text(
            doc(2, 1, Tier::Public, "Two"),
            "en",
            "We supply every hospital in the region.",
        ),
        text(
            doc(3, 1, Tier::Public, "Trois"),
            "fr",
            "Un laboratoire d'imagerie médical.",
        ),
        text(
            doc(4, 1, Tier::Public, "Quatro"),
            "pt",
            "Sistemas de informação para clínicas.",
        ),
        text(
            doc(5, 1, Tier::Public, "Bost"),
            "eu",
            "Enpresen arteko lankidetza.",
        ),
        text(
            doc(6, 1, Tier::Public, "Seis"),
            "gl",
            "Servizos de saúde dixital.",
        ),
    ]);
    assert_eq!(ids(&ix, "dispositivos"), vec![1]);
    assert_eq!(ids(&ix, "hospitals"), vec![2]);
    assert_eq!(ids(&ix, "médicaux"), vec![3]);
    assert_eq!(ids(&ix, "medicaux"), vec![3]);
    assert_eq!(ids(&ix, "informações"), vec![4]);
    assert_eq!(ids(&ix, "informacao"), vec![4]);
    assert_eq!(ids(&ix, "enpresak"), vec![5]);
    // Galician: folded, not stemmed.
    assert_eq!(ids(&ix, "saude"), vec![6]);
    assert_eq!(ids(&ix, "DIXITAL"), vec![6]);
    assert!(ids(&ix, "dixitais").is_empty());
}

#[test]
fn unknown_language_is_folded_not_stemmed() {
    let ix = index(vec![
        text(doc(1, 1, Tier::Public, "Uno"), "", "Ingeniería clínica"),
        text(doc(2, 1, Tier::Public, "Dos"), "de", "Medizintechnik"),
    ]);
    assert_eq!(ids(&ix, "ingenieria"), vec![1]);
    assert_eq!(ids(&ix, "medizintechnik"), vec![2]);
    assert!(ids(&ix, "ingenierias").is_empty());
}

#[test]
fn accent_folding() {
    let ix = index(vec![
        text(
            doc(1, 1, Tier::Public, "Biotecnología Norte"),
            "es",
            "Plataforma de biotecnología",
        ),
        text(doc(2, 1, Tier::Public, "Clínica São João"), "pt", ""),
    ]);
    assert_eq!(ids(&ix, "biotecnologia"), vec![1]);
    assert_eq!(ids(&ix, "BIOTECNOLOGÍAS"), vec![1]);
    assert_eq!(ids(&ix, "sao joao"), vec![2]);
    assert_eq!(ids(&ix, "clinica"), vec![2]);
}

#[test]
fn typos_on_names() {
    let ix = index(vec![
        doc(1, 1, Tier::Public, "Osakidetza"),
        doc(2, 1, Tier::Public, "Tecnalia Research"),
        doc(3, 1, Tier::Public, "Ikerlan"),
    ]);
    assert_eq!(ids(&ix, "Osakidetsa"), vec![1]);
    assert_eq!(
        ids(&ix, "osakdietza"),
        vec![1],
        "a transposition counts as one"
    );
    assert_eq!(
        ids(&ix, "osakidtsa"),
        vec![1],
        "two edits from 8 characters"
    );
    assert_eq!(ids(&ix, "tecnalai"), vec![2]);
    assert!(
        ids(&ix, "tecnlai").is_empty(),
        "two edits on a 7-character word"
    );
    assert!(
        ids(&ix, "iklan").is_empty(),
        "one edit only under 8 characters"
    );
    assert!(
        ids(&ix, "ike").is_empty(),
        "no typo tolerance under 4 characters"
    );
    assert_eq!(ids(&ix, "ikerlam"), vec![3]);
    // The exact match ranks above the fuzzy one.
    let ix = index(vec![
        doc(1, 1, Tier::Public, "Biokit"),
        doc(2, 1, Tier::Public, "Biokat"),
    ]);
    let r = search(&ix, "biokit", PUBLIC1, &Filters::default());
    assert_eq!(
        r.hits.iter().map(|h| h.organisation_id).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn phrases() {
    let ix = index(vec![
        text(
            doc(1, 1, Tier::Public, "Uno"),
            "es",
            "Fabricante de dispositivos médicos implantables.",
        ),
        text(
            doc(2, 1, Tier::Public, "Dos"),
            "es",
            "Servicios médicos y dispositivos de diagnóstico.",
        ),
        text(
            doc(3, 1, Tier::Public, "Tres"),
            "es",
            "Un dispositivo médico de clase III.",
        ),
    ]);
    assert_eq!(ids(&ix, "\"dispositivos médicos\""), vec![1, 3]);
    assert_eq!(ids(&ix, "\"dispositivos medicos\""), vec![1, 3]);
    assert_eq!(ids(&ix, "dispositivos médicos"), vec![1, 2, 3]);
    assert_eq!(ids(&ix, "\"médicos dispositivos\""), Vec::<i64>::new());
    // Name phrase.
    let ix = index(vec![
        doc(1, 1, Tier::Public, "Hospital Universitario Donostia"),
        doc(2, 1, Tier::Public, "Donostia Hospital Partners"),
    ]);
    assert_eq!(ids(&ix, "\"hospital universitario\""), vec![1]);
    assert_eq!(ids(&ix, "\"donostia hospital\""), vec![2]);
}

#[test]
fn all_words_must_match_except_function_words() {
    let ix = index(vec![
        text(
            doc(1, 1, Tier::Public, "Centro de Investigación Cardio"),
            "es",
            "",
        ),
        text(doc(2, 1, Tier::Public, "Cardio Labs"), "en", ""),
    ]);
    assert_eq!(ids(&ix, "centro cardio"), vec![1]);
    assert_eq!(ids(&ix, "cardio"), vec![1, 2]);
    assert_eq!(ids(&ix, "the cardio of"), vec![1, 2]);
    assert_eq!(ids(&ix, "de"), vec![1]);
    assert_eq!(ids(&ix, "zzzz cardio"), Vec::<i64>::new());
}

#[test]
fn tags_match_folded_and_stemmed() {
    let mut d = doc(1, 1, Tier::Public, "Uno");
    d.tags = vec!["Medical devices".into(), "Impresión 3D".into()];
    let ix = index(vec![d, doc(2, 1, Tier::Public, "Dos")]);
    assert_eq!(ids(&ix, "device"), vec![1]);
    assert_eq!(ids(&ix, "impresion 3d"), vec![1]);
    assert_eq!(ids(&ix, "\"medical devices\""), vec![1]);
}

#[test]
fn name_ranks_above_text() {
    let ix = index(vec![
        text(
            doc(1, 1, Tier::Public, "Alpha"),
            "en",
            "We work with Gaia on genomics and genomics.",
        ),
        doc(2, 1, Tier::Public, "Gaia Genomics"),
    ]);
    let r = search(&ix, "gaia", PUBLIC1, &Filters::default());
    assert_eq!(r.hits[0].organisation_id, 2);
    assert_eq!(r.total, 2);
}

fn faceted(
    org: i64,
    name: &str,
    subsectors: &[&str],
    territory: &str,
    trl: u8,
    certs: &[&str],
) -> OrgDoc {
    let mut d = text(
        doc(org, 1, Tier::Public, name),
        "en",
        "medical devices company",
    );
    d.facets = Facets {
        subsectors: subsectors.iter().map(|s| s.to_string()).collect(),
        entity_type: if org % 2 == 0 {
            "hospital".into()
        } else {
            "company".into()
        },
        typology: Some("ordinary".into()),
        territory: Some(territory.into()),
        certifications: certs.iter().map(|s| s.to_string()).collect(),
        trl: Some(trl),
        value_chains: vec!["manufacturing".into()],
    };
    d
}

fn facet_fixture() -> SearchIndex {
    index(vec![
        faceted(1, "A", &["biotech", "ehealth"], "ES213", 4, &["iso13485"]),
        faceted(2, "B", &["biotech"], "ES212", 6, &["iso13485", "gmp"]),
        faceted(3, "C", &["medical_devices"], "ES111", 7, &[]),
        faceted(
            4,
            "D",
            &["medical_devices", "biotech"],
            "PT11A",
            9,
            &["mdr_iia"],
        ),
        faceted(5, "E", &["ehealth"], "FRI15", 2, &[]),
    ])
}

#[test]
fn facet_counts() {
    let ix = facet_fixture();
    let r = search(&ix, "", PUBLIC1, &Filters::default());
    assert_eq!(r.total, 5);
    assert_eq!(
        facet(&r, "subsector"),
        pairs(&[("biotech", 3), ("ehealth", 2), ("medical_devices", 2)])
    );
    assert_eq!(
        facet(&r, "entity_type"),
        pairs(&[("company", 3), ("hospital", 2)])
    );
    assert_eq!(facet(&r, "typology"), pairs(&[("ordinary", 5)]));
    assert_eq!(
        facet(&r, "territory"),
        pairs(&[
            ("ES111", 1),
            ("ES212", 1),
            ("ES213", 1),
            ("FRI15", 1),
            ("PT11A", 1)
        ])
    );
    assert_eq!(
        facet(&r, "territory_nuts2"),
        pairs(&[("ES21", 2), ("ES11", 1), ("FRI1", 1), ("PT11", 1)])
    );
    assert_eq!(
        facet(&r, "territory_nuts1"),
        pairs(&[("ES2", 2), ("ES1", 1), ("FRI", 1), ("PT1", 1)])
    );
    assert_eq!(
        facet(&r, "certification"),
        pairs(&[("iso13485", 2), ("gmp", 1), ("mdr_iia", 1)])
    );
    assert_eq!(
        facet(&r, "trl"),
        pairs(&[("2", 1), ("4", 1), ("6", 1), ("7", 1), ("9", 1)])
    );
    assert_eq!(facet(&r, "value_chain"), pairs(&[("manufacturing", 5)]));
    for name in FACET_NAMES {
        assert!(r.facets.contains_key(name), "{name}");
    }
}

#[test]
fn filters() {
    let ix = facet_fixture();
    let run = |f: Filters| {
        let r = search(&ix, "devices", PUBLIC1, &f);
        let mut ids: Vec<i64> = r.hits.iter().map(|h| h.organisation_id).collect();
        ids.sort_unstable();
        assert_eq!(r.total, ids.len());
        (ids, r)
    };
    // OR within a facet.
    let (ids, r) = run(Filters {
        subsectors: vec!["ehealth".into(), "medical_devices".into()],
        ..Default::default()
    });
    assert_eq!(ids, vec![1, 3, 4, 5]);
    assert_eq!(
        facet(&r, "subsector"),
        pairs(&[("biotech", 2), ("ehealth", 2), ("medical_devices", 2)])
    );
    // AND across facets.
    let (ids, _) = run(Filters {
        subsectors: vec!["biotech".into()],
        certifications: vec!["iso13485".into()],
        ..Default::default()
    });
    assert_eq!(ids, vec![1, 2]);
    // Territory by prefix (case-insensitive), several prefixes.
    let (ids, r) = run(Filters {
        territories: vec!["es2".into()],
        ..Default::default()
    });
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(facet(&r, "territory_nuts2"), pairs(&[("ES21", 2)]));
    let (ids, _) = run(Filters {
        territories: vec!["ES213".into(), "PT".into()],
        ..Default::default()
    });
    assert_eq!(ids, vec![1, 4]);
    let (ids, _) = run(Filters {
        territories: vec!["FRI15".into()],
        ..Default::default()
    });
    assert_eq!(ids, vec![5]);
    let (ids, _) = run(Filters {
        territories: vec!["E".into()],
        ..Default::default()
    });
    assert!(
        ids.is_empty(),
        "prefixes start at 2 characters (the country)"
    );
    // TRL at least.
    let (ids, r) = run(Filters {
        trl_min: Some(6),
        ..Default::default()
    });
    assert_eq!(ids, vec![2, 3, 4]);
    assert_eq!(facet(&r, "trl"), pairs(&[("6", 1), ("7", 1), ("9", 1)]));
    let (ids, _) = run(Filters {
        entity_types: vec!["hospital".into()],
        typologies: vec!["ordinary".into()],
        value_chains: vec!["manufacturing".into()],
        ..Default::default()
    });
    assert_eq!(ids, vec![2, 4]);
    let (ids, _) = run(Filters {
        typologies: vec!["founding".into()],
        ..Default::default()
    });
    assert!(ids.is_empty());
}

fn visibility_wall_with(padding: i64) {
    let mut secret = text(
        doc(20, 2, Tier::Staff, "Zeta Secret"),
        "en",
        "confidential pipeline xylophone",
    );
    secret.tags = vec!["stealthmode".into()];
    secret.facets.subsectors = vec!["hidden_subsector".into()];
    secret.facets.certifications = vec!["secret_cert".into()];
    let mut public2 = doc(20, 2, Tier::Public, "Zeta Public");
    public2.facets.subsectors = vec!["biotech".into()];
    let mut docs = vec![
        secret,
        public2,
        text(doc(10, 1, Tier::Staff, "Alpha"), "en", "ordinary company"),
        text(
            doc(30, 3, Tier::Public, "Xylophone Labs"),
            "en",
            "xylophone",
        ),
    ];
    // Documents of other views: with them the views hold a small share of the index (the query
    // filters on the views); without, half of it (the collector checks each match's view).
    for i in 0..padding {
        let mut d = text(
            doc(100 + i, 4 + i % 3, Tier::Staff, "Xylophone Pad"),
            "en",
            "confidential xylophone",
        );
        d.facets.subsectors = vec!["hidden_subsector".into()];
        docs.push(d);
    }
    let ix = index(docs);
    let views = [
        View {
            cluster_id: 1,
            tier: Tier::Staff,
        },
        View {
            cluster_id: 2,
            tier: Tier::Public,
        },
    ];
    let none = Filters::default();
    for q in [
        "xylophone",
        "confidential",
        "stealthmode",
        "pipeline",
        "\"confidential pipeline\"",
        "Secret",
    ] {
        let r = search(&ix, q, &views, &none);
        assert_eq!(r.total, 0, "{q}");
        assert!(r.hits.is_empty(), "{q}");
        assert!(
            r.facets.values().all(|v| v.is_empty()),
            "{q}: {:?}",
            r.facets
        );
    }
    // The empty query sees org 20 through its public doc only: the staff doc's facets do not count.
    let r = search(&ix, "", &views, &none);
    assert_eq!(r.total, 2);
    assert_eq!(facet(&r, "subsector"), pairs(&[("biotech", 1)]));
    assert!(facet(&r, "certification").is_empty());
    let zeta = r.hits.iter().find(|h| h.organisation_id == 20).unwrap();
    assert_eq!(
        (zeta.cluster_id, zeta.tier, zeta.name.as_str()),
        (2, Tier::Public, "Zeta Public")
    );
    // Filters on the hidden values find nothing.
    let r = search(
        &ix,
        "",
        &views,
        &Filters {
            subsectors: vec!["hidden_subsector".into()],
            ..Default::default()
        },
    );
    assert_eq!(r.total, 0);
    // Suggestions.
    assert!(ix.suggest("secr", &views, 10).unwrap().is_empty());
    assert!(ix.suggest("xylo", &views, 10).unwrap().is_empty());
    assert_eq!(ix.suggest("zeta", &views, 10).unwrap().len(), 1);
    // No view, nothing.
    assert_eq!(search(&ix, "", &[], &none).total, 0);
    assert!(ix.suggest("zeta", &[], 10).unwrap().is_empty());
    // The staff of cluster 2 sees it.
    let staff2 = [View {
        cluster_id: 2,
        tier: Tier::Staff,
    }];
    assert_eq!(search(&ix, "xylophone", &staff2, &none).total, 1);
    assert_eq!(ix.suggest("secr", &staff2, 10).unwrap().len(), 1);
}

#[test]
fn visibility_wall() {
    visibility_wall_with(0);
    visibility_wall_with(30);
}

#[test]
fn views_covering_the_whole_index() {
    // Every document in the views: no filter at all; same answers as with a filter.
    let docs = vec![
        text(doc(1, 1, Tier::Public, "Alpha"), "en", "genomics"),
        text(doc(1, 1, Tier::Staff, "Alpha"), "en", "genomics proteomics"),
        text(doc(2, 1, Tier::Public, "Beta"), "en", "genomics"),
    ];
    let ix = index(docs);
    let both = [
        View {
            cluster_id: 1,
            tier: Tier::Staff,
        },
        View {
            cluster_id: 1,
            tier: Tier::Public,
        },
    ];
    let r = search(&ix, "genomics", &both, &Filters::default());
    assert_eq!(r.total, 2);
    assert_eq!(facet(&r, "entity_type"), pairs(&[("company", 2)]));
    let r = search(&ix, "proteomics", PUBLIC1, &Filters::default());
    assert_eq!(r.total, 0);
    let r = search(&ix, "", PUBLIC1, &Filters::default());
    assert_eq!(r.total, 2);
    assert!(r.hits.iter().all(|h| h.tier == Tier::Public));
}

#[test]
fn one_organisation_once_across_views() {
    let mut a_public = text(doc(1, 1, Tier::Public, "Acme"), "en", "robotics");
    a_public.facets.subsectors = vec!["medtech".into()];
    let mut a_staff = text(
        doc(1, 1, Tier::Staff, "Acme"),
        "en",
        "robotics robotics robotics",
    );
    a_staff.facets.subsectors = vec!["medtech".into(), "robotics".into()];
    let mut a_c2 = text(doc(1, 2, Tier::Public, "Acme"), "en", "robotics");
    a_c2.facets.subsectors = vec!["medtech".into()];
    let b = text(doc(2, 2, Tier::Public, "Beta"), "en", "robotics");
    let ix = index(vec![a_public, a_staff, a_c2, b]);
    let views = [
        View {
            cluster_id: 2,
            tier: Tier::Public,
        },
        View {
            cluster_id: 1,
            tier: Tier::Staff,
        },
        View {
            cluster_id: 1,
            tier: Tier::Public,
        },
    ];
    let r = search(&ix, "robotics", &views, &Filters::default());
    assert_eq!(r.total, 2);
    assert_eq!(r.hits.len(), 2);
    // The best-scoring doc of organisation 1 is its staff doc (robotics four times).
    let acme = r.hits.iter().find(|h| h.organisation_id == 1).unwrap();
    assert_eq!((acme.cluster_id, acme.tier), (1, Tier::Staff));
    // Each organisation counted once per value, values united over its matching docs.
    assert_eq!(
        facet(&r, "subsector"),
        pairs(&[("medtech", 1), ("robotics", 1)])
    );
    assert_eq!(facet(&r, "entity_type"), pairs(&[("company", 2)]));
    // Ties (empty query: every score equal) go to the earlier view.
    let r = search(&ix, "", &views, &Filters::default());
    assert_eq!(r.total, 2);
    let acme = r.hits.iter().find(|h| h.organisation_id == 1).unwrap();
    assert_eq!((acme.cluster_id, acme.tier), (2, Tier::Public));
    let r = search(&ix, "", &views[1..], &Filters::default());
    let acme = r.hits.iter().find(|h| h.organisation_id == 1).unwrap();
    assert_eq!((acme.cluster_id, acme.tier), (1, Tier::Staff));
    // A filter only the staff doc satisfies still finds the organisation once.
    let f = Filters {
        subsectors: vec!["robotics".into()],
        ..Default::default()
    };
    let r = search(&ix, "", &views, &f);
    assert_eq!(r.total, 1);
    assert_eq!((r.hits[0].cluster_id, r.hits[0].tier), (1, Tier::Staff));
    // Suggestions too.
    let s = ix.suggest("ac", &views, 10).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].cluster_id, s[0].tier), (2, Tier::Public));
    // Many views (hash path) and sparse ids (hash path of the dedupe).
    let mut docs = Vec::new();
    for c in 0..12 {
        docs.push(doc(1_000_000_000_000, c, Tier::Public, "Spread"));
        docs.push(doc(7, c, Tier::Members, "Seven"));
    }
    let ix = index(docs);
    let views: Vec<View> = (0..12)
        .flat_map(|c| {
            [
                View {
                    cluster_id: c,
                    tier: Tier::Public,
                },
                View {
                    cluster_id: c,
                    tier: Tier::Members,
                },
            ]
        })
        .collect();
    let r = search(&ix, "", &views, &Filters::default());
    assert_eq!(r.total, 2);
    assert_eq!(facet(&r, "entity_type"), pairs(&[("company", 2)]));
    assert_eq!(
        r.hits.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
        vec!["Seven", "Spread"]
    );
}

#[test]
fn empty_query_sorts_by_name_and_pages() {
    let names = [
        "zeta",
        "Álava Bio",
        "beta",
        "Ápex",
        "alpha",
        "Gamma",
        "delta",
    ];
    let docs = names
        .iter()
        .enumerate()
        .map(|(i, n)| doc(i as i64 + 1, 1, Tier::Public, n))
        .collect();
    let ix = index(docs);
    let page = |offset, limit| {
        let r = ix
            .search(&Query {
                text: "  ",
                views: PUBLIC1,
                filters: &Filters::default(),
                limit,
                offset,
            })
            .unwrap();
        assert_eq!(r.total, 7);
        r.hits.into_iter().map(|h| h.name).collect::<Vec<_>>()
    };
    assert_eq!(page(0, 3), vec!["Álava Bio", "alpha", "Ápex"]);
    assert_eq!(page(3, 3), vec!["beta", "delta", "Gamma"]);
    assert_eq!(page(6, 3), vec!["zeta"]);
    assert!(page(9, 3).is_empty());
    assert!(page(0, 0).is_empty());
    // Punctuation only is an empty query.
    let r = search(&ix, " \"\" -- ", PUBLIC1, &Filters::default());
    assert_eq!(r.total, 7);
}

#[test]
fn pages_by_score() {
    let docs = (1..=30)
        .map(|i| {
            text(
                doc(i, 1, Tier::Public, &format!("Org {i}")),
                "en",
                &"genomics ".repeat(i as usize % 5 + 1),
            )
        })
        .collect();
    let ix = index(docs);
    let all = ix
        .search(&Query {
            text: "genomics",
            views: PUBLIC1,
            filters: &Filters::default(),
            limit: 30,
            offset: 0,
        })
        .unwrap();
    assert_eq!(all.total, 30);
    assert!(all.hits.windows(2).all(|w| w[0].score >= w[1].score));
    let second = ix
        .search(&Query {
            text: "genomics",
            views: PUBLIC1,
            filters: &Filters::default(),
            limit: 10,
            offset: 10,
        })
        .unwrap();
    assert_eq!(second.hits, all.hits[10..20].to_vec());
}

#[test]
fn suggestions() {
    let ix = index(vec![
        doc(1, 1, Tier::Public, "Osakidetza"),
        doc(2, 1, Tier::Public, "Hospital Osasun Berri"),
        doc(3, 1, Tier::Public, "Ósmosis Médica"),
        doc(4, 1, Tier::Public, "Biodonostia"),
        doc(5, 1, Tier::Public, "Clínica Ortopédica Osa"),
    ]);
    let names = |p: &str, limit| {
        ix.suggest(p, PUBLIC1, limit)
            .unwrap()
            .into_iter()
            .map(|h| h.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names("OS", 10),
        vec![
            "Osakidetza",
            "Ósmosis Médica",
            "Clínica Ortopédica Osa",
            "Hospital Osasun Berri"
        ]
    );
    assert_eq!(names("osmo", 10), vec!["Ósmosis Médica"]);
    assert_eq!(
        names("osa", 2),
        vec!["Osakidetza", "Clínica Ortopédica Osa"]
    );
    assert_eq!(names("hospital osa", 10), vec!["Hospital Osasun Berri"]);
    assert_eq!(names("clinica orto", 10), vec!["Clínica Ortopédica Osa"]);
    assert!(
        names("donostia", 10).is_empty(),
        "completion works on word beginnings"
    );
    assert!(names("  ", 10).is_empty());
    assert!(names("os", 0).is_empty());
    let first = ix.suggest("osak", PUBLIC1, 1).unwrap();
    assert_eq!((first[0].organisation_id, first[0].score), (1, 1.0));
}

#[test]
fn replace_and_delete() {
    let ix = index(vec![
        text(doc(1, 1, Tier::Public, "Uno"), "en", "genomics"),
        text(doc(2, 1, Tier::Public, "Dos"), "en", "genomics"),
    ]);
    assert_eq!(ix.doc_count(), 2);
    // Changes are invisible until commit.
    ix.replace(
        &[1],
        vec![text(doc(1, 1, Tier::Public, "Uno"), "en", "proteomics")],
    )
    .unwrap();
    ix.replace(&[2], Vec::new()).unwrap();
    assert_eq!(ids(&ix, "genomics"), vec![1, 2]);
    ix.commit(2).unwrap();
    assert!(ids(&ix, "genomics").is_empty());
    assert_eq!(ids(&ix, "proteomics"), vec![1]);
    assert_eq!(ix.doc_count(), 1);
    assert_eq!(ix.position(), Some(2));
    // Several docs for one organisation, then fewer.
    ix.replace(
        &[1],
        vec![
            doc(1, 1, Tier::Public, "Uno"),
            doc(1, 1, Tier::Staff, "Uno"),
        ],
    )
    .unwrap();
    ix.commit(3).unwrap();
    assert_eq!(ix.doc_count(), 2);
    ix.replace(&[1], vec![doc(1, 1, Tier::Staff, "Uno")])
        .unwrap();
    ix.commit(4).unwrap();
    assert_eq!(ix.doc_count(), 1);
    assert_eq!(search(&ix, "", PUBLIC1, &Filters::default()).total, 0);
    // Twice in one commit: the last wins.
    ix.replace(&[5], vec![doc(5, 1, Tier::Public, "First")])
        .unwrap();
    ix.replace(&[5], vec![doc(5, 1, Tier::Public, "Second")])
        .unwrap();
    ix.commit(5).unwrap();
    let r = search(&ix, "", PUBLIC1, &Filters::default());
    assert_eq!(
        r.hits.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
        vec!["Second"]
    );
    // Facet counts follow deletions.
    assert_eq!(facet(&r, "entity_type"), pairs(&[("company", 1)]));
    // Clear.
    ix.clear().unwrap();
    ix.commit(6).unwrap();
    assert_eq!(ix.doc_count(), 0);
    assert_eq!(search(&ix, "", PUBLIC1, &Filters::default()).total, 0);
}

#[test]
fn replace_rejects_inconsistent_batches() {
    let ix = SearchIndex::in_ram().unwrap();
    assert!(
        ix.replace(&[1], vec![doc(2, 1, Tier::Public, "Two")])
            .is_err()
    );
    assert!(
        ix.replace(
            &[1],
            vec![doc(1, 1, Tier::Public, "A"), doc(1, 1, Tier::Public, "B")]
        )
        .is_err()
    );
    assert!(
        ix.replace(&[1], vec![doc(1, i64::MAX, Tier::Public, "A")])
            .is_err()
    );
    assert!(
        ix.replace(
            &[1],
            vec![doc(1, 1, Tier::Public, "A"), doc(1, 2, Tier::Public, "A")]
        )
        .is_ok()
    );
}

#[test]
fn many_segments_and_deletes() {
    let ix = SearchIndex::in_ram().unwrap();
    for batch in 0..10i64 {
        let docs: Vec<OrgDoc> = (0..30)
            .map(|i| {
                let id = batch * 30 + i;
                let mut d = text(
                    doc(id, 1, Tier::Public, &format!("Org {id:03}")),
                    "en",
                    "diagnostics",
                );
                d.facets.subsectors = vec![format!("s{}", id % 3)];
                d
            })
            .collect();
        let ids: Vec<i64> = docs.iter().map(|d| d.organisation_id).collect();
        ix.replace(&ids, docs).unwrap();
        ix.commit(batch).unwrap();
    }
    // Merging: fewer segments, same answers, the writer still works.
    let before = ix.segment_count();
    ix.wait_merges().unwrap();
    assert!(ix.segment_count() <= before);
    assert_eq!(ix.doc_count(), 300);
    // Delete every fourth organisation.
    let gone: Vec<i64> = (0..300).filter(|i| i % 4 == 0).collect();
    ix.replace(&gone, Vec::new()).unwrap();
    ix.commit(99).unwrap();
    let r = ix
        .search(&Query {
            text: "diagnostics",
            views: PUBLIC1,
            filters: &Filters::default(),
            limit: 500,
            offset: 0,
        })
        .unwrap();
    assert_eq!(r.total, 225);
    let expected = |s: i64| (0..300).filter(|i| i % 4 != 0 && i % 3 == s).count() as u64;
    let mut want = vec![
        ("s0".to_string(), expected(0)),
        ("s1".into(), expected(1)),
        ("s2".into(), expected(2)),
    ];
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(facet(&r, "subsector"), want);
    let r = ix
        .search(&Query {
            text: "",
            views: PUBLIC1,
            filters: &Filters::default(),
            limit: 3,
            offset: 0,
        })
        .unwrap();
    assert_eq!(
        r.hits.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
        vec!["Org 001", "Org 002", "Org 003"]
    );
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "clusterhub-search-{name}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn on_disk_position_round_trip() {
    let dir = TempDir::new("position");
    {
        let ix = SearchIndex::open_or_create(&dir.0).unwrap();
        assert_eq!(ix.position(), None);
        ix.replace(
            &[1],
            vec![text(
                doc(1, 1, Tier::Public, "Osakidetza"),
                "es",
                "salud pública",
            )],
        )
        .unwrap();
        ix.commit(42).unwrap();
        assert_eq!(ix.position(), Some(42));
    }
    {
        let ix = SearchIndex::open_or_create(&dir.0).unwrap();
        assert_eq!(ix.position(), Some(42));
        assert_eq!(ix.doc_count(), 1);
        assert_eq!(ids(&ix, "publica"), vec![1]);
        ix.replace(&[2], vec![doc(2, 1, Tier::Public, "Tecnalia")])
            .unwrap();
        ix.commit(43).unwrap();
    }
    let ix = SearchIndex::open_or_create(&dir.0).unwrap();
    assert_eq!(ix.position(), Some(43));
    assert_eq!(ix.doc_count(), 2);
    drop(ix);
    // Another schema version: recreated empty, other files in the directory left alone.
    std::fs::write(dir.0.join(VERSION_FILE), "0\n").unwrap();
    std::fs::write(dir.0.join("notes.txt"), "keep me").unwrap();
    let ix = SearchIndex::open_or_create(&dir.0).unwrap();
    assert_eq!(ix.position(), None);
    assert_eq!(ix.doc_count(), 0);
    assert!(dir.0.join("notes.txt").exists());
    ix.replace(&[3], vec![doc(3, 1, Tier::Public, "Ikerlan")])
        .unwrap();
    ix.commit(1).unwrap();
    drop(ix);
    let ix = SearchIndex::open_or_create(&dir.0).unwrap();
    assert_eq!((ix.position(), ix.doc_count()), (Some(1), 1));
}

#[test]
fn one_view_and_several_views_agree() {
    // One view takes the streaming path; adding an empty view takes the gather-and-dedupe path.
    let ix = SearchIndex::in_ram().unwrap();
    for batch in 0..3i64 {
        let docs: Vec<OrgDoc> = (0..40)
            .map(|i| {
                let id = batch * 40 + i;
                let mut d = text(
                    doc(id, 1, Tier::Public, &format!("Name {}", (id * 37) % 101)),
                    "en",
                    &"genomics ".repeat((id % 4 + 1) as usize),
                );
                d.facets.subsectors = vec![format!("s{}", id % 3)];
                d.facets.trl = Some((id % 9 + 1) as u8);
                d
            })
            .collect();
        let ids: Vec<i64> = docs.iter().map(|d| d.organisation_id).collect();
        ix.replace(&ids, docs).unwrap();
        ix.commit(batch).unwrap();
    }
    let one = [View {
        cluster_id: 1,
        tier: Tier::Public,
    }];
    let two = [
        View {
            cluster_id: 1,
            tier: Tier::Public,
        },
        View {
            cluster_id: 99,
            tier: Tier::Public,
        },
    ];
    for text in ["", "genomics", "name"] {
        for (offset, limit) in [(0, 10), (5, 7), (110, 20), (0, 0)] {
            let f = Filters {
                trl_min: Some(3),
                ..Default::default()
            };
            let a = ix
                .search(&Query {
                    text,
                    views: &one,
                    filters: &f,
                    limit,
                    offset,
                })
                .unwrap();
            let b = ix
                .search(&Query {
                    text,
                    views: &two,
                    filters: &f,
                    limit,
                    offset,
                })
                .unwrap();
            assert_eq!(a.total, b.total, "{text} {offset} {limit}");
            assert_eq!(a.hits, b.hits, "{text} {offset} {limit}");
            assert_eq!(a.facets, b.facets, "{text}");
        }
    }
}
