//! CSV import on the real CRM exports in shared/data/crm-import: good files go in whole, bad
//! files are refused whole with line, column and reason.

use crate::support::{TestApp, shared_data};
use clusterhub_core::access::Principal;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::import::{self, Kind, Options, Report};

fn admin(cluster_id: i64) -> clusterhub_core::access::Scope {
    Principal {
        user_id: None,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

async fn run(
    app: &TestApp,
    kind: Kind,
    file: &str,
    default_org: Option<i64>,
) -> Result<Report, Vec<FieldError>> {
    let data = std::fs::read(shared_data(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let headers = import::read_headers(&data).expect("headers");
    let mapping = import::guess_mapping(kind, &headers);
    let cid = app.cluster_id("bhc").await;
    let opts = Options {
        default_organisation: default_org,
        default_typology: "ordinary".into(),
    };
    let mut calls = 0;
    let r = import::run(
        &app.db,
        &admin(cid),
        kind,
        &data,
        &mapping,
        &opts,
        |_, _| calls += 1,
    )
    .await;
    match r {
        Ok(r) => {
            assert!(calls > 0, "progress reported");
            Ok(r)
        }
        Err(Error::Validation(v)) => Err(v),
        Err(e) => panic!("{file}: {e}"),
    }
}

async fn counts(app: &TestApp) -> [i64; 4] {
    [
        app.count("SELECT COUNT(*) FROM people").await,
        app.count("SELECT COUNT(*) FROM organisations").await,
        app.count("SELECT COUNT(*) FROM memberships").await,
        app.count("SELECT COUNT(*) FROM affiliations").await,
    ]
}

#[tokio::test]
async fn atomic_crm_contacts_import_with_their_company() {
    let app = TestApp::demo().await;
    let r = run(
        &app,
        Kind::People,
        "crm-import/atomic-crm/contacts_export.csv",
        None,
    )
    .await
    .expect("imports");
    assert_eq!(
        (
            r.rows,
            r.people_created,
            r.organisations_created,
            r.memberships_created
        ),
        (2, 2, 1, 1)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM people WHERE email = 'john@doe.example' AND job_title = 'Sales Executive'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM affiliations a JOIN organisations o ON o.id = a.organisation_id WHERE o.name = 'Acme'").await, 2);
}

#[tokio::test]
async fn civicrm_unicode_and_wide_files_import() {
    let app = TestApp::demo().await;
    let (org, _) = app.org_only_in("bhc", "active").await;
    let r = run(
        &app,
        Kind::People,
        "crm-import/civicrm-core/individual_unicode.csv",
        Some(org),
    )
    .await
    .expect("unicode imports");
    assert_eq!(r.people_created, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM people WHERE first_name = 'Iron' AND country = 'CI' AND website = 'https://কানাডা.com'").await, 1);
    let r = run(
        &app,
        Kind::People,
        "crm-import/civicrm-core/individual_locations_with_related.csv",
        Some(org),
    )
    .await
    .expect("46 columns import");
    assert_eq!(r.people_created, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM people WHERE email = 'susie@example.com' AND birth_date = '2002-01-08' AND country = 'AU'").await, 1);
}

#[tokio::test]
async fn bad_dates_abort_the_whole_file_naming_line_and_column() {
    let app = TestApp::demo().await;
    let (org, _) = app.org_only_in("bhc", "active").await;
    let before = counts(&app).await;
    let errs = run(
        &app,
        Kind::People,
        "crm-import/civicrm-core/individual_dates_type1.csv",
        Some(org),
    )
    .await
    .expect_err("must fail");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        (errs[0].line, errs[0].field.as_str(), errs[0].code.as_str()),
        (Some(5), "Birth Date", "invalid_date")
    );
    assert_eq!(errs[0].detail.as_deref(), Some("2008-25-1"));
    assert_eq!(
        before,
        counts(&app).await,
        "the four valid rows were not imported either"
    );
}

#[tokio::test]
async fn unknown_countries_and_duplicate_organisations_are_reported() {
    let app = TestApp::demo().await;
    let (org, _) = app.org_only_in("bhc", "active").await;
    let before = counts(&app).await;
    let errs = run(
        &app,
        Kind::People,
        "crm-import/civicrm-core/individual_country_state_county_with_related.csv",
        Some(org),
    )
    .await
    .expect_err("must fail");
    let lines: Vec<(usize, &str)> = errs
        .iter()
        .map(|e| (e.line.unwrap_or(0), e.code.as_str()))
        .collect();
    assert!(lines.contains(&(2, "unknown_country")), "{errs:?}");
    assert!(
        lines.contains(&(6, "unknown_country")),
        "numeric CiviCRM ids are not countries: {errs:?}"
    );
    assert!(
        errs.iter()
            .filter(|e| e.code == "unknown_country")
            .all(|e| e.field == "Country")
    );
    assert!(
        lines.contains(&(3, "duplicate_in_file")),
        "the same e-mail twice in one file: {errs:?}"
    );
    let errs = run(
        &app,
        Kind::Organisations,
        "crm-import/civicrm-core/organization_multiple_duplicates_invalid.csv",
        None,
    )
    .await
    .expect_err("must fail");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        (errs[0].line, errs[0].field.as_str(), errs[0].code.as_str()),
        (Some(4), "organization_name", "duplicate_in_file")
    );
    assert_eq!(before, counts(&app).await);
}

#[tokio::test]
async fn export_then_import_round_trips_into_another_cluster() {
    let app = TestApp::demo().await;
    let cpb = app.cluster_id("cpb").await;
    let mut out = Vec::new();
    let n = clusterhub::cli::export_organisations(&app.db, cpb, &mut out)
        .await
        .expect("export");
    assert_eq!(
        n,
        app.count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE cluster_id = {cpb}"
        ))
        .await as usize
    );
    let empty = TestApp::empty().await;
    clusterhub::demo::seed(&empty.db).await.expect("seed");
    // Into gnp of a fresh demo: organisations already there (same legal id) are matched.
    let headers = import::read_headers(&out).expect("headers");
    let mapping = import::guess_mapping(Kind::Organisations, &headers);
    assert!(
        mapping.iter().all(Option::is_some),
        "every exported column maps back: {headers:?}"
    );
    let gnp = empty.cluster_id("gnp").await;
    let opts = Options {
        default_organisation: None,
        default_typology: "ordinary".into(),
    };
    let r = import::run(
        &empty.db,
        &admin(gnp),
        Kind::Organisations,
        &out,
        &mapping,
        &opts,
        |_, _| {},
    )
    .await;
    match r {
        Err(Error::Validation(v)) => assert!(v.iter().all(|e| e.code == "already_member"), "{v:?}"),
        Ok(r) => assert_eq!(r.rows, n),
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn browser_import_previews_the_mapping_then_runs_to_completion() {
    let app = TestApp::demo().await;
    let b = app.login("staff@bhc.demo").await;
    let data =
        std::fs::read(shared_data("crm-import/atomic-crm/contacts_export.csv")).expect("file");
    let boundary = "XBOUNDARYX";
    let mut body = Vec::new();
    for (name, value) in [("csrf", b.csrf.as_bytes()), ("kind", b"people".as_slice())] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend(value);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend(&data);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = app
        .request(
            &b,
            "POST",
            "/c/bhc/import",
            Some(&format!("multipart/form-data; boundary={boundary}")),
            body,
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location().to_string();
    let preview = app.get(&b, &page).await.body;
    assert!(
        preview.contains("<option value=\"email\" selected>"),
        "email_work is guessed as the e-mail"
    );
    assert!(
        preview.contains("john@doe.example"),
        "sample values are shown"
    );
    let fields: Vec<(String, String)> = {
        let headers = import::read_headers(&data).expect("headers");
        import::guess_mapping(Kind::People, &headers)
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("map_{i}"), m.unwrap_or("").to_string()))
            .collect()
    };
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = app.post_form(&b, &page, &refs).await;
    assert_eq!(r.status, 303);
    let mut done = String::new();
    for _ in 0..100 {
        done = app.get(&b, &page).await.body;
        if done.contains("import-done") || done.contains("import-errors") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(done.contains("id=\"import-done\""), "{done}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE first_name = 'Jane' AND last_name = 'Doe'")
            .await,
        1
    );
}
