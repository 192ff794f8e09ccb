//! The greedy first-fit baseline of the benchmark: meetings in the order given, each in the first
//! slot where both people are free and a table is left. What a spreadsheet or a naive tool does.

use crate::instance::Instance;
use crate::schedule::{Schedule, State, bits, finish};

/// First-fit schedule (locked meetings kept). Checks the instance like [`crate::schedule()`].
pub fn first_fit(inst: &Instance) -> Result<Schedule, Vec<crate::Problem>> {
    inst.check()?;
    let mut st = State::new(inst);
    for m in 0..inst.meetings.len() {
        if st.slot_of(m).is_some() {
            continue;
        }
        let m = m as u32;
        if let Some(s) = bits(st.allowed[m as usize]).find(|&s| st.fits(m, s)) {
            st.place(m, s as u16);
        }
    }
    Ok(finish(inst, &st))
}
