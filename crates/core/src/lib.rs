//! Domain types and rules of ClusterHub. No I/O: everything here is pure and unit-tested beside the code.

pub mod access;
pub mod b2b;
pub mod country;
mod country_table;
pub mod error;
pub mod event;
pub mod mission;
#[macro_use]
pub mod model;
pub mod desk;
pub mod multitext;
pub mod parse;
pub mod partners;
pub mod profile;
pub mod resource;

pub use error::{Error, FieldError, Result};
pub use multitext::MultiText;

/// Lower-case, accent-free form of a name, used for sorting and substring search so that
/// "Osakidetza", "OSAKIDETZA" and "Osakídetza" meet.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod fold_tests {
    #[test]
    fn folds_case_and_accents() {
        assert_eq!(
            super::fold("Osakídetza ÑANDÚ Façade"),
            "osakidetza nandu facade"
        );
    }
}
