//! When and in what light events happen: the weekday × hour table, the
//! light classes of timed events, the share of the period's hours that
//! were dark, and the same for any selection of incidents (a place, an
//! area) for their own pages.

use chrono::{Datelike, NaiveDate};

use super::daylight::{Light, SunTable};
use crate::model::{Incident, Model, PerDay, PlaceId};

/// The patterns of one selection of incidents.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Patterns {
    /// Events per weekday (Monday first) and local hour.
    pub weekday_hour: [[u64; 24]; 7],
    /// Events without a time (in no hour, no light class).
    pub untimed: u64,
    /// Timed events in daylight, twilight and darkness.
    pub light: [u64; 3],
    /// Per category (model order): daylight, twilight, darkness.
    pub light_by_category: Vec<[u64; 3]>,
    /// Per place with timed events, most events first.
    pub light_by_place: Vec<(PlaceId, [u64; 3])>,
    /// Minutes of daylight, twilight and darkness in the period.
    pub minutes: [u64; 3],
}

impl Patterns {
    /// Counts `rows`, the incidents of `start..=end` (or a selection of them).
    pub fn of<'a>(
        model: &Model,
        sun: &SunTable,
        rows: impl IntoIterator<Item = &'a Incident>,
        (start, end): (NaiveDate, NaiveDate),
    ) -> Patterns {
        let mut p = Patterns {
            light_by_category: vec![[0; 3]; model.categories.len()],
            minutes: sun.minutes(start, end),
            ..Patterns::default()
        };
        let mut by_place = vec![[0u64; 3]; model.places.len()];
        // A day's weekday and sun times are worked out once.
        let mut today = PerDay::new();
        for i in rows {
            let n = u64::from(i.count);
            let Some(m) = i.minute() else {
                p.untimed += n;
                continue;
            };
            let (wd, day) = today.of(i, |date| {
                (
                    date.weekday().num_days_from_monday() as usize,
                    sun.get(date),
                )
            });
            p.weekday_hour[wd][usize::from(m / 60).min(23)] += n;
            let Some(day) = day else { continue };
            let light = day.light_at(m) as usize;
            p.light[light] += n;
            p.light_by_category[i.category as usize][light] += n;
            if let Some(pl) = i.place() {
                by_place[pl as usize][light] += n;
            }
        }
        p.light_by_place = by_place
            .into_iter()
            .enumerate()
            .filter(|(_, l)| l.iter().sum::<u64>() > 0)
            .map(|(i, l)| (i as PlaceId, l))
            .collect();
        p.light_by_place.sort_by(|a, b| {
            b.1.iter()
                .sum::<u64>()
                .cmp(&a.1.iter().sum())
                .then(a.0.cmp(&b.0))
        });
        p
    }

    /// Share of the period's minutes that were dark (0–1).
    pub fn dark_hours_share(&self) -> f64 {
        let all: u64 = self.minutes.iter().sum();
        if all == 0 {
            0.0
        } else {
            self.minutes[Light::Dark as usize] as f64 / all as f64
        }
    }

    /// Share of timed events that happened in darkness (0–1), if any.
    pub fn dark_event_share(&self) -> Option<f64> {
        share(&self.light)
    }
}

/// The dark share of a light-class count, `None` when it is all zero.
pub fn share(l: &[u64; 3]) -> Option<f64> {
    let all: u64 = l.iter().sum();
    (all > 0).then(|| l[Light::Dark as usize] as f64 / all as f64)
}

/// Events per calendar month over the data, per year: the årshjul (the
/// month-of-year pattern over several years). Months outside the data are
/// `None`.
pub fn month_of_year<'a>(
    rows: impl IntoIterator<Item = &'a Incident>,
    coverage: Option<super::Coverage>,
) -> Vec<(i32, [Option<u64>; 12])> {
    let Some(cov) = coverage else {
        return Vec::new();
    };
    let mut out: Vec<(i32, [Option<u64>; 12])> = (cov.start.year()..=cov.end.year())
        .map(|y| {
            let mut months = [None; 12];
            for (m, slot) in months.iter_mut().enumerate() {
                let first = NaiveDate::from_ymd_opt(y, m as u32 + 1, 1).expect("date");
                if first >= cov.start && first <= cov.end {
                    *slot = Some(0);
                }
            }
            (y, months)
        })
        .collect();
    let mut today = PerDay::new();
    for i in rows {
        let (row, month) = today.of(i, |date| {
            let row = (date.year() - cov.start.year()) as usize;
            (row, date.month0() as usize)
        });
        if let Some(slot) = out.get_mut(row).and_then(|(_, m)| m.get_mut(month))
            && let Some(v) = slot
        {
            *v += u64::from(i.count);
        }
    }
    out
}
