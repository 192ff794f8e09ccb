//! TODO(issue 3): scorecard pages.

use crate::routes::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
