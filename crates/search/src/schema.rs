//! The index schema. Bump [`SCHEMA_VERSION`] on any change to fields or analyzers: an on-disk
//! index with another version is recreated empty on open (and `position()` is then `None`, which
//! tells the application to feed it again from the start).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{FOLD, LANGUAGES, MULTI};

pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Facet names as they appear in [`crate::Results::facets`], in the order of [`Facet`].
pub const FACET_NAMES: [&str; 9] = [
    "subsector",
    "entity_type",
    "typology",
    "territory",
    "territory_nuts1",
    "territory_nuts2",
    "certification",
    "trl",
    "value_chain",
];

/// Index into [`FACET_NAMES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum Facet {
    Subsector = 0,
    EntityType = 1,
    Typology = 2,
    Territory = 3,
    TerritoryNuts1 = 4,
    TerritoryNuts2 = 5,
    Certification = 6,
    Trl = 7,
    ValueChain = 8,
}

#[derive(Clone)]
pub(crate) struct Fields {
    pub org: Field,
    /// `cluster_id * 4 + tier` (see `view_key`).
    pub view: Field,
    pub name: Field,
    /// Folded name (see `analysis::sort_key`): sorting and completion.
    pub name_sort: Field,
    pub tags: Field,
    pub tags_multi: Field,
    /// One per entry of `analysis::LANGUAGES`, same order.
    pub texts: Vec<Field>,
    pub subsector: Field,
    pub entity_type: Field,
    pub typology: Field,
    pub territory: Field,
    /// Every prefix (2 characters and more) of the territory code: the prefix filter.
    pub territory_prefix: Field,
    pub certification: Field,
    pub trl: Field,
    pub value_chain: Field,
}

/// Single-valued facets: counted as one combination per document (see `cache.rs`).
pub(crate) const SINGLE_COLUMNS: [(Facet, &str); 3] = [
    (Facet::EntityType, "entity_type"),
    (Facet::Typology, "typology"),
    (Facet::Territory, "territory"),
];

/// Multi-valued facets: one value id per value.
pub(crate) const MULTI_COLUMNS: [(Facet, &str); 3] = [
    (Facet::Subsector, "subsector"),
    (Facet::Certification, "certification"),
    (Facet::ValueChain, "value_chain"),
];

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { opts.set_stored() } else { opts }
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let org = b.add_i64_field("org", INDEXED | FAST);
    let view = b.add_i64_field("view", INDEXED | FAST);
    let name = b.add_text_field("name", text(FOLD, true));
    let name_sort = b.add_text_field("name_sort", FAST);
    let tags = b.add_text_field("tags", text(FOLD, false));
    let tags_multi = b.add_text_field("tags_multi", text(MULTI, false));
    let texts = LANGUAGES
        .iter()
        .map(|(_, field, analyzer, _)| b.add_text_field(field, text(analyzer, false)))
        .collect();
    let subsector = b.add_text_field("subsector", STRING | FAST);
    let entity_type = b.add_text_field("entity_type", STRING | FAST);
    let typology = b.add_text_field("typology", STRING | FAST);
    let territory = b.add_text_field("territory", STRING | FAST);
    let territory_prefix = b.add_text_field("territory_prefix", STRING);
    let certification = b.add_text_field("certification", STRING | FAST);
    let trl = b.add_u64_field("trl", INDEXED | FAST);
    let value_chain = b.add_text_field("value_chain", STRING | FAST);
    (
        b.build(),
        Fields {
            org,
            view,
            name,
            name_sort,
            tags,
            tags_multi,
            texts,
            subsector,
            entity_type,
            typology,
            territory,
            territory_prefix,
            certification,
            trl,
            value_chain,
        },
    )
}
