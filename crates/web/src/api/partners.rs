//! Partner suggestions API.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
