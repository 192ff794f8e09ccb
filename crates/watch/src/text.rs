//! Text analysis for keyword matching: tokenise, lowercase, stem in the text's language, fold
//! accents. The same Snowball stemmers as the directory search.
