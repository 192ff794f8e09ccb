//! Reporting periods: a year, a semester, or any range of days.

use clusterhub_core::FieldError;
use clusterhub_core::parse::{iso_date, parse_date};
use serde::Serialize;
use time::{Date, Month};

/// Both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

fn ymd(y: i32, m: Month, d: u8) -> Date {
    // Every caller passes a day that exists in that month (1st, 30th of June, 31st of December).
    Date::from_calendar_date(y, m, d).unwrap_or(Date::MIN)
}

/// Months since year 0, the key of the engine's monthly buckets.
pub fn month_index(d: Date) -> i32 {
    d.year() * 12 + i32::from(u8::from(d.month())) - 1
}

impl Period {
    pub fn year(y: i32) -> Self {
        Self {
            start: ymd(y, Month::January, 1),
            end: ymd(y, Month::December, 31),
        }
    }
    pub fn semester(y: i32, s: u8) -> Self {
        if s == 1 {
            Self {
                start: ymd(y, Month::January, 1),
                end: ymd(y, Month::June, 30),
            }
        } else {
            Self {
                start: ymd(y, Month::July, 1),
                end: ymd(y, Month::December, 31),
            }
        }
    }

    /// `2025`, `2025-S1`, `2025-S2` or `2025-03-01..2025-05-31`.
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        let bad = || FieldError::new(field, "invalid_period").detail(s.to_string());
        if let Some((a, b)) = s.split_once("..") {
            let start = parse_date(field, a)?;
            let end = parse_date(field, b)?;
            if end < start {
                return Err(FieldError::new(field, "end_before_start").detail(s.to_string()));
            }
            return Ok(Self { start, end });
        }
        let (y, sem) = match s.split_once(['-', '_']) {
            Some((y, "S1" | "s1" | "H1" | "h1")) => (y, Some(1)),
            Some((y, "S2" | "s2" | "H2" | "h2")) => (y, Some(2)),
            Some(_) => return Err(bad()),
            None => (s, None),
        };
        let y: i32 = y.parse().map_err(|_| bad())?;
        if !(1900..=2200).contains(&y) {
            return Err(bad());
        }
        Ok(match sem {
            Some(n) => Self::semester(y, n),
            None => Self::year(y),
        })
    }

    /// The label [`Period::parse`] reads back.
    pub fn label(&self) -> String {
        let (y, m, d) = (self.start.year(), self.start.month(), self.start.day());
        let whole = |a: Date, b: Date| self.start == a && self.end == b;
        if m == Month::January && d == 1 && self.end == ymd(y, Month::December, 31) {
            y.to_string()
        } else if whole(ymd(y, Month::January, 1), ymd(y, Month::June, 30)) {
            format!("{y}-S1")
        } else if whole(ymd(y, Month::July, 1), ymd(y, Month::December, 31)) {
            format!("{y}-S2")
        } else {
            format!("{}..{}", iso_date(self.start), iso_date(self.end))
        }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
    pub fn overlaps(&self, from: Option<Date>, to: Option<Date>) -> bool {
        from.is_none_or(|f| f <= self.end) && to.is_none_or(|t| t >= self.start)
    }
    pub fn days(&self) -> i64 {
        (self.end - self.start).whole_days() + 1
    }

    /// The period of the same length just before this one (a year before a year, a semester
    /// before a semester), which growth rates compare against.
    pub fn previous(&self) -> Self {
        let label = self.label();
        if let Ok(y) = label.parse::<i32>() {
            return Self::year(y - 1);
        }
        if let Some(y) = label
            .strip_suffix("-S1")
            .and_then(|y| y.parse::<i32>().ok())
        {
            return Self::semester(y - 1, 2);
        }
        if let Some(y) = label
            .strip_suffix("-S2")
            .and_then(|y| y.parse::<i32>().ok())
        {
            return Self::semester(y, 1);
        }
        let len = self.end - self.start;
        let end = self.start.previous_day().unwrap_or(self.start);
        Self {
            start: end - len,
            end,
        }
    }

    /// Whole months `[first, last]` when the period starts on a 1st and ends on a month's last
    /// day, so the engine can answer from its monthly buckets.
    pub fn whole_months(&self) -> Option<(i32, i32)> {
        let ends_month = self.end.next_day().is_none_or(|n| n.day() == 1);
        (self.start.day() == 1 && ends_month)
            .then(|| (month_index(self.start), month_index(self.end)))
    }

    /// Whole calendar years `[first, last]` when the period is made of them.
    pub fn whole_years(&self) -> Option<(i32, i32)> {
        let starts = self.start.month() == Month::January && self.start.day() == 1;
        let ends = self.end.month() == Month::December && self.end.day() == 31;
        (starts && ends).then(|| (self.start.year(), self.end.year()))
    }

    /// The years the period touches, with the share of each year it covers.
    pub fn year_shares(&self) -> Vec<(i32, f64)> {
        (self.start.year()..=self.end.year())
            .map(|y| {
                let yp = Period::year(y);
                let s = self.start.max(yp.start);
                let e = self.end.min(yp.end);
                let share = ((e - s).whole_days() + 1) as f64 / yp.days() as f64;
                (y, share)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_years_semesters_and_ranges_and_reads_back() {
        for s in ["2025", "2025-S1", "2025-S2", "2025-03-01..2025-05-31"] {
            assert_eq!(Period::parse("p", s).expect(s).label(), s);
        }
        assert!(Period::parse("p", "2025-S3").is_err());
        assert!(Period::parse("p", "2025-05-01..2025-03-01").is_err());
        assert!(Period::parse("p", "twenty").is_err());
    }

    #[test]
    fn previous_period_has_the_same_shape() {
        let p = |s| Period::parse("p", s).expect("period");
        assert_eq!(p("2025").previous(), p("2024"));
        assert_eq!(p("2025-S1").previous(), p("2024-S2"));
        assert_eq!(p("2025-S2").previous(), p("2025-S1"));
        assert_eq!(
            p("2025-03-11..2025-03-20").previous(),
            p("2025-03-01..2025-03-10")
        );
    }

    #[test]
    fn months_and_year_shares() {
        let p = Period::parse("p", "2025-S2").expect("period");
        assert_eq!(p.whole_months(), Some((2025 * 12 + 6, 2025 * 12 + 11)));
        assert_eq!(Period::year(2025).whole_years(), Some((2025, 2025)));
        assert_eq!(
            Period::parse("p", "2024-01-01..2025-12-31")
                .expect("p")
                .whole_years(),
            Some((2024, 2025))
        );
        assert_eq!(p.whole_years(), None);
        assert_eq!(
            Period::parse("p", "2025-03-02..2025-03-31")
                .expect("p")
                .whole_months(),
            None
        );
        let shares = Period::parse("p", "2024-07-01..2025-06-30")
            .expect("p")
            .year_shares();
        assert_eq!(shares.len(), 2);
        assert!((shares[0].1 - 184.0 / 366.0).abs() < 1e-9);
    }
}
