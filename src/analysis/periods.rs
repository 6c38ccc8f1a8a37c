//! Report periods: how the calendar is cut for each cadence.
//!
//! Calendar cadences are fixed blocks of months (month, two months, tertial,
//! quarter, year). Operative periods follow the operative group's meetings:
//! each runs from the day after one meeting to the next meeting's date, and
//! the first one covers the 14 days up to the first meeting.

use chrono::{Datelike, Months, NaiveDate};

use crate::config::Cadence;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub cadence: Cadence,
    #[serde(with = "super::cache::day")]
    pub start: NaiveDate,
    /// Inclusive.
    #[serde(with = "super::cache::day")]
    pub end: NaiveDate,
    /// Stable link name: `2024-03`, `2024-b2`, `2024-t2`, `2024-q3`, `2024`, `2024-04-18`.
    pub slug: String,
    pub year: i32,
    /// Month, two-month, tertial or quarter number in the year; 0 otherwise.
    pub number: u32,
}

impl Period {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The same period one year earlier: the same calendar period for
    /// calendar cadences (February 2025 compares with all of February
    /// 2024), the same dates for operative periods (29 February becomes 28
    /// February).
    pub fn year_ago(&self) -> (NaiveDate, NaiveDate) {
        match self.cadence {
            Cadence::Operative => (shift_year(self.start), shift_year(self.end)),
            c => {
                let p = calendar_period(c, shift_year(self.start));
                (p.start, p.end)
            }
        }
    }
}

/// The same calendar day a year earlier (29 February becomes 28 February).
pub fn shift_year(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12)).unwrap_or(d)
}

/// The calendar period of `cadence` that contains `d`.
pub fn calendar_period(cadence: Cadence, d: NaiveDate) -> Period {
    let len = if cadence == Cadence::Operative {
        12
    } else {
        cadence.months()
    };
    let number = (d.month0() / len) + 1;
    let start =
        NaiveDate::from_ymd_opt(d.year(), (number - 1) * len + 1, 1).expect("valid first of month");
    let end = start + Months::new(len) - chrono::Days::new(1);
    let y = d.year();
    let slug = match cadence {
        Cadence::Month => format!("{y}-{number:02}"),
        Cadence::Bimonth => format!("{y}-b{number}"),
        Cadence::Tertial => format!("{y}-t{number}"),
        Cadence::Quarter => format!("{y}-q{number}"),
        Cadence::Year | Cadence::Operative => format!("{y}"),
    };
    let number = if matches!(cadence, Cadence::Year | Cadence::Operative) {
        0
    } else {
        number
    };
    Period {
        cadence,
        start,
        end,
        slug,
        year: y,
        number,
    }
}

/// Every calendar period of `cadence` that overlaps `first..=last`.
pub fn calendar_periods(cadence: Cadence, first: NaiveDate, last: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let mut p = calendar_period(cadence, first);
    while p.start <= last {
        let next = p.end + chrono::Days::new(1);
        out.push(p);
        p = calendar_period(cadence, next);
    }
    out
}

/// Operative periods ending on each of `meeting_dates` (sorted, distinct).
pub fn operative_periods(meeting_dates: &[NaiveDate]) -> Vec<Period> {
    let mut out = Vec::new();
    let mut prev: Option<NaiveDate> = None;
    for &end in meeting_dates {
        let start = prev.map_or(end - chrono::Days::new(13), |p| p + chrono::Days::new(1));
        out.push(Period {
            cadence: Cadence::Operative,
            start,
            end,
            slug: end.format("%Y-%m-%d").to_string(),
            year: end.year(),
            number: 0,
        });
        prev = Some(end);
    }
    out
}

/// The period of the same length right before `p`, for a first operative
/// period that has no predecessor.
pub fn range_before(p: &Period) -> (NaiveDate, NaiveDate) {
    let end = p.start - chrono::Days::new(1);
    (end - chrono::Days::new(p.days() as u64 - 1), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn calendar_slugs_and_bounds() {
        let p = calendar_period(Cadence::Tertial, d(2024, 6, 5));
        assert_eq!(
            (p.slug.as_str(), p.start, p.end),
            ("2024-t2", d(2024, 5, 1), d(2024, 8, 31))
        );
        let p = calendar_period(Cadence::Quarter, d(2024, 9, 30));
        assert_eq!(
            (p.slug.as_str(), p.start, p.end),
            ("2024-q3", d(2024, 7, 1), d(2024, 9, 30))
        );
        let p = calendar_period(Cadence::Month, d(2024, 2, 10));
        assert_eq!((p.slug.as_str(), p.end), ("2024-02", d(2024, 2, 29)));
        let p = calendar_period(Cadence::Bimonth, d(2023, 12, 31));
        assert_eq!((p.slug.as_str(), p.start), ("2023-b6", d(2023, 11, 1)));
        assert_eq!(calendar_period(Cadence::Year, d(2024, 3, 1)).slug, "2024");
    }

    #[test]
    fn periods_cover_range_across_new_year() {
        let ps = calendar_periods(Cadence::Quarter, d(2023, 11, 15), d(2024, 1, 2));
        let slugs: Vec<_> = ps.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["2023-q4", "2024-q1"]);
    }

    #[test]
    fn operative_periods_run_from_day_after_meeting() {
        let ps = operative_periods(&[d(2024, 1, 11), d(2024, 1, 25)]);
        assert_eq!((ps[0].start, ps[0].end), (d(2023, 12, 29), d(2024, 1, 11)));
        assert_eq!(
            (ps[1].start, ps[1].end, ps[1].slug.as_str()),
            (d(2024, 1, 12), d(2024, 1, 25), "2024-01-25")
        );
    }

    #[test]
    fn leap_day_year_ago() {
        let p = calendar_period(Cadence::Month, d(2024, 2, 1));
        assert_eq!(p.year_ago(), (d(2023, 2, 1), d(2023, 2, 28)));
        let p = calendar_period(Cadence::Month, d(2025, 2, 1));
        assert_eq!(p.year_ago(), (d(2024, 2, 1), d(2024, 2, 29)));
        let p = operative_periods(&[d(2024, 2, 29)]).remove(0);
        assert_eq!(p.year_ago(), (d(2023, 2, 16), d(2023, 2, 28)));
    }
}
