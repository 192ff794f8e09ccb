//! The directory's search index on this node: which documents each organisation becomes, and how
//! the index follows the database.
//!
//! Every membership gives up to three documents, one per reader tier, each holding only the
//! fields that tier may read: `staff` (everything, any membership status), and for active
//! members `members` and `public`. A search names the (cluster, tier) pairs its reader may read,
//! so a private field can only match for a reader allowed to see it.
//!
//! Writers never talk to the index: triggers fill `search_outbox`, and each node applies it
//! (before answering a search, and every 300 ms in the background), so any node can be rebuilt
//! from the database with `clusterhub reindex`.

use clusterhub_core::access::Scope;
use clusterhub_core::profile::{Profile, Visibility};
use clusterhub_core::{Error, Result};
use clusterhub_db::Db;
use clusterhub_db::search_docs::{self, OrgSource};
use clusterhub_search::{Facets, OrgDoc, SearchIndex, Tier, View};
use std::sync::Arc;
use std::time::Duration;

/// The file beside the index naming the database it was built from.
const EPOCH_FILE: &str = "clusterhub-database-epoch";

/// Languages the index has analyzers for; other texts are indexed folded, without stemming.
const LANGS: &[&str] = &["es", "eu", "en", "fr", "gl", "pt"];

pub struct Directory {
    pub index: SearchIndex,
    /// Where the on-disk index lives (none in memory).
    dir: Option<std::path::PathBuf>,
    /// One writer at a time; readers never wait for it.
    writer: tokio::sync::Mutex<()>,
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index: {e}"))
}

impl Directory {
    pub fn in_ram() -> Result<Self> {
        Ok(Self {
            index: SearchIndex::in_ram().map_err(internal)?,
            dir: None,
            writer: tokio::sync::Mutex::new(()),
        })
    }

    pub fn open(dir: &std::path::Path) -> Result<Self> {
        Ok(Self {
            index: SearchIndex::open_or_create(dir).map_err(internal)?,
            dir: Some(dir.to_path_buf()),
            writer: tokio::sync::Mutex::new(()),
        })
    }

    /// Rebuilds every document from the database.
    pub async fn rebuild(&self, db: &Db) -> Result<usize> {
        let _w = self.writer.lock().await;
        self.rebuild_locked(db).await
    }

    /// Makes sure an on-disk index was built from this database (a node may have been pointed
    /// at another one), rebuilding it if not, then applies what it has not seen.
    pub async fn open_for(&self, db: &Db) -> Result<()> {
        if let Some(dir) = &self.dir {
            let epoch = search_docs::epoch(db).await?;
            let known = std::fs::read_to_string(dir.join(EPOCH_FILE)).unwrap_or_default();
            if known.trim() != epoch {
                tracing::info!("search index: built from another database, rebuilding");
                self.rebuild(db).await?;
            }
        }
        self.sync(db).await
    }

    async fn rebuild_locked(&self, db: &Db) -> Result<usize> {
        // The head is read first: changes made during the rebuild are applied again after it.
        let head = search_docs::head(db).await?;
        let ids = search_docs::all_ids(db).await?;
        self.index.clear().map_err(internal)?;
        for chunk in ids.chunks(2000) {
            let sources = search_docs::load(db, chunk).await?;
            let docs = sources.iter().flat_map(documents).collect();
            self.index.replace(chunk, docs).map_err(internal)?;
        }
        self.index.commit(head).map_err(internal)?;
        if let Some(dir) = &self.dir {
            let epoch = search_docs::epoch(db).await?;
            std::fs::write(dir.join(EPOCH_FILE), epoch).map_err(internal)?;
        }
        Ok(ids.len())
    }

    /// Applies the outbox rows this index has not seen. Cheap when there are none.
    pub async fn sync(&self, db: &Db) -> Result<()> {
        let head = search_docs::head(db).await?;
        if self.index.position().is_some_and(|p| p >= head) {
            return Ok(());
        }
        self.apply(db, None).await
    }

    async fn apply(&self, db: &Db, since: Option<&str>) -> Result<()> {
        let _w = self.writer.lock().await;
        let Some(position) = self.index.position() else {
            self.rebuild_locked(db).await?;
            return Ok(());
        };
        let (ids, head) = search_docs::changed(db, position, since).await?;
        if ids.is_empty() && head == position {
            return Ok(());
        }
        let sources = search_docs::load(db, &ids).await?;
        let docs = sources.iter().flat_map(documents).collect();
        self.index.replace(&ids, docs).map_err(internal)?;
        self.index.commit(head).map_err(internal)?;
        Ok(())
    }

    /// Follows the outbox in the background: new rows every 300 ms, and every few seconds the
    /// rows of the last seconds again (a PostgreSQL transaction may commit a lower id late).
    pub fn spawn_tailer(self: Arc<Self>, db: Db) {
        tokio::spawn(async move {
            let mut tick = 0u64;
            loop {
                tokio::time::sleep(Duration::from_millis(300)).await;
                tick += 1;
                // SQLite has one writer, so its ids commit in order and need no second look.
                let sweep = matches!(db, Db::Postgres(_)) && tick.is_multiple_of(10);
                let r = if sweep {
                    let since = ago(10);
                    self.apply(&db, Some(&since)).await
                } else {
                    self.sync(&db).await
                };
                if let Err(e) = r {
                    tracing::warn!("search index sync: {e}");
                }
                if tick.is_multiple_of(12_000)
                    && let Err(e) = search_docs::prune(&db, &ago(86_400)).await
                {
                    tracing::warn!("search outbox prune: {e}");
                }
            }
        });
    }
}

fn ago(seconds: i64) -> String {
    let t = time::OffsetDateTime::now_utc() - time::Duration::seconds(seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The documents of one organisation: per membership, a staff document, and for active members
/// a members and a public one.
pub fn documents(o: &OrgSource) -> Vec<OrgDoc> {
    let mut out = Vec::new();
    for m in &o.memberships {
        let tiers: &[(Tier, Visibility)] = if m.status == "active" {
            &[
                (Tier::Staff, Visibility::Staff),
                (Tier::Members, Visibility::Members),
                (Tier::Public, Visibility::Public),
            ]
        } else {
            &[(Tier::Staff, Visibility::Staff)]
        };
        for (tier, level) in tiers {
            let p = o.profile.visible(&o.visibility, *level);
            out.push(OrgDoc {
                organisation_id: o.id,
                cluster_id: m.cluster_id,
                tier: *tier,
                name: o.name.clone(),
                texts: texts(o, &p),
                tags: tags(&p),
                facets: Facets {
                    subsectors: m.subsectors.clone(),
                    entity_type: o.entity_type.clone(),
                    typology: Some(m.typology.clone()),
                    territory: o.territory.clone(),
                    certifications: p
                        .certifications
                        .iter()
                        .map(|c| c.as_str().to_string())
                        .collect(),
                    trl: p.trl,
                    value_chains: p
                        .value_chain
                        .iter()
                        .map(|v| v.as_str().to_string())
                        .collect(),
                },
            });
        }
    }
    out
}

fn texts(o: &OrgSource, p: &Profile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for mt in [
        &o.description,
        &p.capabilities,
        &p.needs,
        &p.products,
        &p.equipment,
    ] {
        for (lang, text) in &mt.0 {
            let lang = if LANGS.contains(&lang.as_str()) {
                lang.clone()
            } else {
                String::new()
            };
            out.push((lang, text.clone()));
        }
    }
    if let Some(city) = &o.city {
        out.push((String::new(), city.clone()));
    }
    out
}

fn tags(p: &Profile) -> Vec<String> {
    let mut t = p.tags();
    // Certifications as people type them: "ISO 13485", "MDR IIb", "GMP".
    for c in &p.certifications {
        let s = c.as_str();
        t.push(match s.split_once('_') {
            Some((reg, class)) => format!("{} {}", reg.to_uppercase(), class.to_uppercase()),
            None if s.starts_with("iso") => format!("ISO {}", &s[3..]),
            None => s.to_uppercase(),
        });
    }
    t
}

/// Whose documents a reader may search from inside a cluster: its own cluster at the reader's
/// tier, and — when `everywhere` and the cluster shares its directory — the public documents of
/// the other sharing clusters.
pub fn views(scope: &Scope, sharing: &[i64], everywhere: bool) -> Vec<View> {
    let tier = if scope.can_manage() {
        Tier::Staff
    } else if scope.is_insider() {
        Tier::Members
    } else {
        Tier::Public
    };
    let mut v = vec![View {
        cluster_id: scope.cluster_id(),
        tier,
    }];
    if everywhere && sharing.contains(&scope.cluster_id()) {
        v.extend(
            sharing
                .iter()
                .filter(|c| **c != scope.cluster_id())
                .map(|c| View {
                    cluster_id: *c,
                    tier: Tier::Public,
                }),
        );
    }
    v
}

/// The public site's search: public documents of every sharing cluster.
pub fn public_views(sharing: &[i64]) -> Vec<View> {
    sharing
        .iter()
        .map(|c| View {
            cluster_id: *c,
            tier: Tier::Public,
        })
        .collect()
}

/// The visibility level a hit was found at, to show only what its tier holds.
pub fn level_of(tier: Tier) -> Visibility {
    match tier {
        Tier::Public => Visibility::Public,
        Tier::Members => Visibility::Members,
        Tier::Staff => Visibility::Staff,
    }
}

/// A search as asked in a query string. Facet filters may repeat (`subsector=a&subsector=b`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Ask {
    pub q: String,
    pub subsector: Vec<String>,
    pub entity_type: Vec<String>,
    pub typology: Vec<String>,
    pub territory: Vec<String>,
    pub certification: Vec<String>,
    pub value_chain: Vec<String>,
    pub trl: String,
    /// Also the public directories of the other sharing clusters.
    pub all: bool,
    pub page: usize,
}

pub const PER_PAGE: usize = 20;

impl Ask {
    /// Parses the query string; unknown codes are refused naming their parameter.
    pub fn parse(query: &str) -> Result<Self> {
        use clusterhub_core::model::EntityType;
        use clusterhub_core::profile::{Certification, ValueChainStage};
        let mut a = Ask::default();
        let mut e = clusterhub_core::error::Errors::new();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            let v = v.trim().to_string();
            if v.is_empty() {
                continue;
            }
            match k.as_ref() {
                "q" => a.q = v.chars().take(200).collect(),
                "subsector" => a.subsector.push(v),
                "typology" => a.typology.push(v),
                "territory" => a.territory.push(v.to_uppercase()),
                "entity_type" => a
                    .entity_type
                    .extend(e.take(EntityType::parse("entity_type", &v)).map(|_| v)),
                "certification" => a
                    .certification
                    .extend(e.take(Certification::parse("certification", &v)).map(|_| v)),
                "value_chain" => a
                    .value_chain
                    .extend(e.take(ValueChainStage::parse("value_chain", &v)).map(|_| v)),
                "trl" => match v.parse::<u8>() {
                    Ok(n) if (1..=9).contains(&n) => a.trl = v,
                    _ => e.push(
                        clusterhub_core::FieldError::new("trl", "out_of_range").detail("1–9"),
                    ),
                },
                "all" => a.all = v == "1" || v == "true" || v == "on",
                "page" => a.page = v.parse().unwrap_or(1),
                _ => {}
            }
        }
        e.into_result()?;
        a.page = a.page.max(1);
        Ok(a)
    }

    fn filters(&self) -> clusterhub_search::Filters {
        clusterhub_search::Filters {
            subsectors: self.subsector.clone(),
            entity_types: self.entity_type.clone(),
            typologies: self.typology.clone(),
            territories: self.territory.clone(),
            certifications: self.certification.clone(),
            trl_min: self.trl.parse().ok(),
            value_chains: self.value_chain.clone(),
        }
    }

    /// Whether a facet value is among the filters (for checked boxes).
    pub fn has(&self, facet: &str, value: &str) -> bool {
        let list = match facet {
            "subsector" => &self.subsector,
            "entity_type" => &self.entity_type,
            "typology" => &self.typology,
            "territory" => &self.territory,
            "certification" => &self.certification,
            "value_chain" => &self.value_chain,
            "trl" => return self.trl == value,
            _ => return false,
        };
        list.iter().any(|v| v == value)
    }

    /// This search as a query string, on another page.
    pub fn query_string(&self, page: usize) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        for (k, list) in [
            ("subsector", &self.subsector),
            ("entity_type", &self.entity_type),
            ("typology", &self.typology),
            ("territory", &self.territory),
            ("certification", &self.certification),
            ("value_chain", &self.value_chain),
        ] {
            for v in list {
                s.append_pair(k, v);
            }
        }
        if !self.trl.is_empty() {
            s.append_pair("trl", &self.trl);
        }
        if self.all {
            s.append_pair("all", "1");
        }
        if page > 1 {
            s.append_pair("page", &page.to_string());
        }
        s.finish()
    }
}

/// One result, with what its tier lets the reader see.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Found {
    pub organisation_id: i64,
    pub cluster_id: i64,
    pub cluster_slug: String,
    pub name: String,
    pub entity_type: String,
    pub territory: Option<String>,
    pub subsectors: Vec<String>,
    /// A line of what it does, in the reader's language when it has one.
    pub summary: String,
    pub tags: Vec<String>,
    pub trl: Option<u8>,
    pub certifications: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub hits: Vec<Found>,
    pub facets: std::collections::BTreeMap<&'static str, Vec<(String, u64)>>,
}

/// Runs a search for a reader limited to `views`, after applying pending changes.
pub async fn run(
    state: &crate::AppState,
    views: &[View],
    ask: &Ask,
    lang: &str,
) -> Result<Outcome> {
    state.search.sync(&state.db).await?;
    let filters = ask.filters();
    let q = clusterhub_search::Query {
        text: &ask.q,
        views,
        filters: &filters,
        limit: PER_PAGE,
        offset: (ask.page - 1) * PER_PAGE,
    };
    let r = state.search.index.search(&q).map_err(internal)?;
    let ids: Vec<i64> = r.hits.iter().map(|h| h.organisation_id).collect();
    let sources = search_docs::load(&state.db, &ids).await?;
    let slugs: std::collections::HashMap<i64, String> = clusterhub_db::clusters::list(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.slug))
        .collect();
    let hits = r
        .hits
        .iter()
        .filter_map(|h| {
            let o = sources.iter().find(|s| s.id == h.organisation_id)?;
            let m = o
                .memberships
                .iter()
                .find(|m| m.cluster_id == h.cluster_id)?;
            let p = o.profile.visible(&o.visibility, level_of(h.tier));
            let pick = |mt: &clusterhub_core::MultiText| {
                mt.pick(lang, &["es", "en", "eu", "fr", "pt", "gl"])
                    .map(|p| p.text.to_string())
            };
            let summary = pick(&p.capabilities)
                .or_else(|| pick(&o.description))
                .unwrap_or_default();
            Some(Found {
                organisation_id: o.id,
                cluster_id: h.cluster_id,
                cluster_slug: slugs.get(&h.cluster_id).cloned().unwrap_or_default(),
                name: o.name.clone(),
                entity_type: o.entity_type.clone(),
                territory: o.territory.clone(),
                subsectors: m.subsectors.clone(),
                summary: summary.chars().take(240).collect(),
                tags: p.tags().into_iter().take(8).collect(),
                trl: p.trl,
                certifications: p
                    .certifications
                    .iter()
                    .map(|c| c.as_str().to_string())
                    .collect(),
            })
        })
        .collect();
    Ok(Outcome {
        total: r.total,
        page: ask.page,
        pages: r.total.div_ceil(PER_PAGE).max(1),
        hits,
        facets: r.facets,
    })
}

/// Names completing what the reader is typing, within what they may search.
pub async fn suggest(
    state: &crate::AppState,
    views: &[View],
    prefix: &str,
) -> Result<Vec<(i64, i64, String)>> {
    state.search.sync(&state.db).await?;
    let hits = state
        .search
        .index
        .suggest(prefix, views, 8)
        .map_err(internal)?;
    Ok(hits
        .into_iter()
        .map(|h| (h.organisation_id, h.cluster_id, h.name))
        .collect())
}
