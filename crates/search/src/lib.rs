//! The directory's full-text index (tantivy). Placeholder: being written.
