//! CSV import of organisations and people. All or nothing: every row is checked first and any
//! problem (with its line, column and reason) aborts the import before anything is written; the
//! rows are then written in one transaction.

use crate::memberships::{self, NewMembership};
use crate::organisations::{self, OrganisationForm};
use crate::people::{self, PersonForm};
use crate::{Db, Result, q};
use clusterhub_core::access::Scope;
use clusterhub_core::model::MembershipStatus;
use clusterhub_core::parse::optional;
use clusterhub_core::{Error, FieldError, fold};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Organisations,
    People,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "organisations" | "organizations" => Some(Kind::Organisations),
            "people" | "contacts" => Some(Kind::People),
            _ => None,
        }
    }
    /// Target fields a column can be mapped to.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Organisations => &[
                "name",
                "legal_id",
                "entity_type",
                "size",
                "territory",
                "country",
                "city",
                "website",
                "email",
                "phone",
                "description_es",
                "description_eu",
                "description_en",
                "description_fr",
                "typology",
                "subsectors",
                "status",
            ],
            Kind::People => &[
                "first_name",
                "last_name",
                "email",
                "phone",
                "job_title",
                "birth_date",
                "country",
                "website",
                "organisation",
            ],
        }
    }
}

/// Header spellings seen in CRM exports (CiviCRM, Atomic CRM, spreadsheets in es/eu/fr).
fn synonym(kind: Kind, header: &str) -> Option<&'static str> {
    let h: String = fold(header)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let f = match (kind, h.as_str()) {
        (
            _,
            "email" | "emailwork" | "email1" | "mail" | "correo" | "correoelectronico" | "courriel"
            | "emaila",
        ) => "email",
        (_, "phone" | "phonework" | "telephone" | "telefono" | "tel" | "telefonoa") => "phone",
        (_, "website" | "web" | "url" | "sitioweb" | "siteweb" | "webgunea") => "website",
        (_, "country" | "pais" | "pays" | "herrialdea") => "country",
        (
            Kind::Organisations,
            "name" | "organisationname" | "organizationname" | "organisation" | "organization"
            | "company" | "empresa" | "entreprise" | "nombre" | "izena",
        ) => "name",
        (
            Kind::Organisations,
            "legalid" | "vat" | "vatnumber" | "vatid" | "cif" | "nif" | "siret" | "siren" | "taxid",
        ) => "legal_id",
        (Kind::Organisations, "entitytype" | "type" | "tipo") => "entity_type",
        (Kind::Organisations, "size" | "tamano" | "taille") => "size",
        (Kind::Organisations, "territory" | "nuts" | "region") => "territory",
        (Kind::Organisations, "city" | "ciudad" | "ville" | "herria") => "city",
        (Kind::Organisations, "description" | "descriptionen") => "description_en",
        (Kind::Organisations, "descriptiones" | "descripcion") => "description_es",
        (Kind::Organisations, "descriptioneu" | "deskribapena") => "description_eu",
        (Kind::Organisations, "descriptionfr") => "description_fr",
        (Kind::Organisations, "typology" | "tipologia" | "typologie") => "typology",
        (Kind::Organisations, "subsectors" | "subsector" | "subsectores") => "subsectors",
        (Kind::Organisations, "status" | "estado" | "statut") => "status",
        (Kind::People, "firstname" | "first" | "givenname" | "nombre" | "prenom" | "izena") => {
            "first_name"
        }
        (
            Kind::People,
            "lastname" | "last" | "surname" | "familyname" | "apellidos" | "apellido" | "nom"
            | "abizenak",
        ) => "last_name",
        (Kind::People, "title" | "jobtitle" | "position" | "cargo" | "poste" | "kargua") => {
            "job_title"
        }
        (Kind::People, "birthdate" | "dateofbirth" | "fechanacimiento") => "birth_date",
        (
            Kind::People,
            "company" | "organisation" | "organization" | "organisationname" | "organizationname"
            | "employer" | "empresa" | "entreprise" | "currentemployer",
        ) => "organisation",
        _ => return None,
    };
    Some(f)
}

/// For each column, the field it most likely holds; a field is given to its first column only.
pub fn guess_mapping(kind: Kind, headers: &[String]) -> Vec<Option<&'static str>> {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let f = synonym(kind, h).filter(|f| !used.contains(f));
            if let Some(f) = f {
                used.push(f);
            }
            f
        })
        .collect()
}

pub fn read_headers(data: &[u8]) -> Result<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(strip_bom(data));
    let h = r.headers().map_err(|e| {
        Error::Validation(vec![
            FieldError::new("file", "invalid_csv").detail(e.to_string()),
        ])
    })?;
    Ok(h.iter().map(str::to_string).collect())
}

fn strip_bom(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub rows: usize,
    pub organisations_created: usize,
    pub organisations_matched: usize,
    pub memberships_created: usize,
    pub people_created: usize,
    pub people_matched: usize,
}

pub struct Options {
    /// For people rows without an organisation column or value.
    pub default_organisation: Option<i64>,
    pub default_typology: String,
}

struct Row {
    line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, f: &str) -> &str {
        self.cells.get(f).map(String::as_str).unwrap_or("")
    }
}

/// Errors name the CSV line and the column as the file spells it.
fn locate(
    errs: Vec<FieldError>,
    line: usize,
    headers: &[String],
    mapping: &[Option<&'static str>],
) -> Vec<FieldError> {
    errs.into_iter()
        .map(|mut e| {
            if let Some(i) = mapping.iter().position(|m| *m == Some(e.field.as_str())) {
                e.field = headers[i].clone();
            }
            e.at_line(line)
        })
        .collect()
}

/// Validates every row, then writes them all in one transaction. `progress(done, total)` is
/// called as rows are written.
pub async fn run(
    db: &Db,
    scope: &Scope,
    kind: Kind,
    data: &[u8],
    mapping: &[Option<&'static str>],
    opts: &Options,
    mut progress: impl FnMut(usize, usize),
) -> Result<Report> {
    scope.require(scope.can_manage())?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(strip_bom(data));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::Validation(vec![
                FieldError::new("file", "invalid_csv").detail(e.to_string()),
            ])
        })?
        .iter()
        .map(str::to_string)
        .collect();
    if mapping.len() != headers.len() {
        return Err(Error::invalid("mapping", "mapping_mismatch"));
    }
    let required: &[&str] = match kind {
        Kind::Organisations => &["name"],
        Kind::People => &["first_name"],
    };
    let missing: Vec<FieldError> = required
        .iter()
        .filter(|f| !mapping.contains(&Some(**f)))
        .map(|f| FieldError::new(*f, "column_missing"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Validation(missing));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(
                    FieldError::new("file", "invalid_csv")
                        .detail(e.to_string())
                        .at_line(line),
                );
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let mut cells = HashMap::new();
        for (i, v) in rec.iter().enumerate() {
            if let Some(Some(f)) = mapping.get(i) {
                cells.insert(*f, v.to_string());
            }
        }
        if cells.values().all(|v| v.trim().is_empty()) {
            continue;
        }
        rows.push(Row { line, cells });
    }
    let typologies = crate::clusters::typologies(db, scope.cluster_id()).await?;
    let subsectors = crate::clusters::subsectors(db, scope.cluster_id()).await?;
    let total = rows.len();
    match kind {
        Kind::Organisations => {
            let mut seen_name: HashMap<String, usize> = HashMap::new();
            let mut seen_id: HashMap<String, usize> = HashMap::new();
            let mut parsed = Vec::new();
            for row in &rows {
                let form = org_form(row);
                let mut errs = Vec::new();
                let input = match form.parse() {
                    Ok(i) => Some(i),
                    Err(Error::Validation(v)) => {
                        errs.extend(v);
                        None
                    }
                    Err(e) => return Err(e),
                };
                let typology = optional(Some(row.get("typology")))
                    .unwrap_or(&opts.default_typology)
                    .to_lowercase();
                if !typologies.iter().any(|t| t.code == typology) {
                    errs.push(
                        FieldError::new("typology", "unknown_value").detail(typology.clone()),
                    );
                }
                let subs: Vec<String> = row
                    .get("subsectors")
                    .split([';', '|', ','])
                    .map(|s| s.trim().to_lowercase())
                    .filter(|s| !s.is_empty())
                    .collect();
                for s in &subs {
                    if !subsectors.iter().any(|t| &t.code == s) {
                        errs.push(FieldError::new("subsectors", "unknown_value").detail(s.clone()));
                    }
                }
                let status = match optional(Some(row.get("status"))) {
                    None => Some(MembershipStatus::Active),
                    Some(s) => match MembershipStatus::parse("status", s) {
                        Ok(s) => Some(s),
                        Err(e) => {
                            errs.push(e);
                            None
                        }
                    },
                };
                if let Some(i) = &input {
                    let key = fold(i.name.as_str());
                    if let Some(first) = seen_name.insert(key, row.line) {
                        errs.push(
                            FieldError::new("name", "duplicate_in_file")
                                .detail(format!("{} ({first})", i.name)),
                        );
                    }
                    if let Some(l) = &i.legal_id
                        && let Some(first) = seen_id.insert(l.to_string(), row.line)
                    {
                        errs.push(
                            FieldError::new("legal_id", "duplicate_in_file")
                                .detail(format!("{l} ({first})")),
                        );
                    }
                }
                errors.extend(locate(errs, row.line, &headers, mapping));
                if let (Some(i), Some(s)) = (input, status) {
                    parsed.push((row.line, i, typology, subs, s));
                }
            }
            if !errors.is_empty() {
                return Err(Error::Validation(errors));
            }
            let mut report = Report {
                rows: total,
                ..Report::default()
            };
            let mut tx = db.begin().await?;
            for (n, (line, i, typology, subs, status)) in parsed.iter().enumerate() {
                let (org_id, created) = organisations::find_or_create(
                    &mut tx,
                    Some(scope.cluster_id()),
                    scope.user_id(),
                    i,
                )
                .await?;
                if created {
                    report.organisations_created += 1;
                } else {
                    report.organisations_matched += 1;
                }
                let since = (*status != MembershipStatus::Applicant).then(crate::today);
                let m = NewMembership {
                    organisation_id: org_id,
                    typology,
                    status: *status,
                    since,
                    subsectors: subs,
                    value_chains: &[],
                    application_message: None,
                };
                memberships::insert(&mut tx, scope.cluster_id(), scope.user_id(), &m)
                    .await
                    .map_err(|e| at_line(e, *line, &headers, mapping))?;
                report.memberships_created += 1;
                if n % 200 == 0 || n + 1 == total {
                    progress(n + 1, total);
                }
            }
            tx.commit().await?;
            Ok(report)
        }
        Kind::People => {
            let mut seen: HashMap<String, usize> = HashMap::new();
            let mut parsed = Vec::new();
            for row in &rows {
                let form = PersonForm {
                    first_name: row.get("first_name").into(),
                    last_name: row.get("last_name").into(),
                    email: row.get("email").into(),
                    phone: row.get("phone").into(),
                    job_title: row.get("job_title").into(),
                    birth_date: row.get("birth_date").into(),
                };
                let mut errs = Vec::new();
                let input = match form.parse() {
                    Ok(i) => Some(i),
                    Err(Error::Validation(v)) => {
                        errs.extend(v);
                        None
                    }
                    Err(e) => return Err(e),
                };
                let country = optional(Some(row.get("country"))).and_then(|c| {
                    match clusterhub_core::country::lookup(c) {
                        Some(a2) => Some(a2.to_string()),
                        None => {
                            errs.push(FieldError::new("country", "unknown_country").detail(c));
                            None
                        }
                    }
                });
                let website = optional(Some(row.get("website"))).and_then(|w| {
                    match clusterhub_core::parse::Website::parse("website", w) {
                        Ok(w) => Some(w.into_inner()),
                        Err(e) => {
                            errs.push(e);
                            None
                        }
                    }
                });
                let org_name = optional(Some(row.get("organisation"))).map(str::to_string);
                if org_name.is_none() && opts.default_organisation.is_none() {
                    errs.push(FieldError::new("organisation", "required"));
                }
                if let Some(Some(e)) = input.as_ref().map(|i| i.email.as_ref())
                    && let Some(first) = seen.insert(e.to_string(), row.line)
                {
                    errs.push(
                        FieldError::new("email", "duplicate_in_file")
                            .detail(format!("{e} ({first})")),
                    );
                }
                errors.extend(locate(errs, row.line, &headers, mapping));
                if let Some(i) = input {
                    parsed.push((i, country, website, org_name));
                }
            }
            if !errors.is_empty() {
                return Err(Error::Validation(errors));
            }
            if let Some(d) = opts.default_organisation {
                organisations::get(db, scope, d).await?;
            }
            let typology = typologies
                .iter()
                .find(|t| t.code == opts.default_typology)
                .or(typologies.first())
                .map(|t| t.code.clone())
                .ok_or_else(|| Error::invalid("typology", "required"))?;
            let mut report = Report {
                rows: total,
                ..Report::default()
            };
            let mut tx = db.begin().await?;
            let mut orgs: HashMap<String, i64> = HashMap::new();
            for (n, (p, country, website, org_name)) in parsed.iter().enumerate() {
                let org_id = match org_name {
                    None => opts.default_organisation.unwrap_or_default(),
                    Some(name) => match orgs.get(&fold(name)) {
                        Some(id) => *id,
                        None => {
                            let id = org_in_cluster(&mut tx, scope, name, &typology, &mut report)
                                .await?;
                            orgs.insert(fold(name), id);
                            id
                        }
                    },
                };
                let (pid, created) =
                    people::find_or_create(&mut tx, Some(scope.cluster_id()), scope.user_id(), p)
                        .await?;
                if created {
                    report.people_created += 1;
                    q!(
                        "UPDATE people SET country = $1, website = $2 WHERE id = $3",
                        country.clone(),
                        website.clone(),
                        pid
                    )
                    .run(&mut tx)
                    .await?;
                } else {
                    report.people_matched += 1;
                }
                people::affiliate(&mut tx, pid, org_id, p.job_title.as_deref()).await?;
                if n % 200 == 0 || n + 1 == total {
                    progress(n + 1, total);
                }
            }
            tx.commit().await?;
            Ok(report)
        }
    }
}

fn at_line(e: Error, line: usize, headers: &[String], mapping: &[Option<&'static str>]) -> Error {
    match e {
        Error::Validation(v) => Error::Validation(locate(v, line, headers, mapping)),
        other => other,
    }
}

fn org_form(row: &Row) -> OrganisationForm {
    let mut f = OrganisationForm {
        name: row.get("name").into(),
        legal_id: row.get("legal_id").into(),
        entity_type: optional(Some(row.get("entity_type")))
            .unwrap_or("company")
            .into(),
        size: row.get("size").into(),
        territory: row.get("territory").into(),
        country: row.get("country").into(),
        city: row.get("city").into(),
        website: row.get("website").into(),
        email: row.get("email").into(),
        phone: row.get("phone").into(),
        ..Default::default()
    };
    for lang in ["es", "eu", "en", "fr"] {
        if let Some(s) = row
            .cells
            .iter()
            .find(|(k, _)| k.strip_prefix("description_") == Some(lang))
            .map(|(_, v)| v)
        {
            f.description.set(lang, s);
        }
    }
    f
}

/// The member organisation with this name in the cluster, or a new organisation that becomes an
/// active member (contacts exported from a CRM bring their companies with them).
async fn org_in_cluster(
    tx: &mut crate::Tx,
    scope: &Scope,
    name: &str,
    typology: &str,
    report: &mut Report,
) -> Result<i64> {
    let found: Option<(i64,)> = q!(
        "SELECT o.id FROM organisations o JOIN memberships m ON m.organisation_id = o.id AND m.cluster_id = $1 WHERE o.name_key = $2 ORDER BY o.id LIMIT 1",
        scope.cluster_id(), fold(name)
    )
    .optional(&mut *tx)
    .await?;
    if let Some((id,)) = found {
        return Ok(id);
    }
    let input = OrganisationForm {
        name: name.into(),
        entity_type: "company".into(),
        ..Default::default()
    }
    .parse()?;
    let id = organisations::insert(tx, Some(scope.cluster_id()), scope.user_id(), &input).await?;
    report.organisations_created += 1;
    let m = NewMembership {
        organisation_id: id,
        typology,
        status: MembershipStatus::Active,
        since: Some(crate::today()),
        subsectors: &[],
        value_chains: &[],
        application_message: None,
    };
    memberships::insert(tx, scope.cluster_id(), scope.user_id(), &m).await?;
    report.memberships_created += 1;
    Ok(id)
}
