//! Partner suggestions (needs ↔ capabilities) and introductions.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
