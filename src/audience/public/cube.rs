//! The public counts' sums by month, made in one pass over the incidents:
//! per month, each area's count of each public category, and each
//! organisation's count of the public categories.
//!
//! Why: the recoding (which areas are sparse, per month and per year and
//! category: [`super::recode`]) and every year's disclosure table (per
//! month, category, area and organisation: [`super::cells`]) sum the same
//! incidents. Each made its own pass over a large site's million rows,
//! with a map looked up per row; together about a quarter of a build
//! after a note edit. The sums are the same whichever way they are added
//! (whole numbers), so the outputs are too.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::model::Incident;

/// The sums of one output's public counts by month (see the module doc).
pub(super) struct Cube {
    /// The first month, as `year * 12 + month0`.
    first: i32,
    months: usize,
    areas: usize,
    categories: usize,
    organisations: usize,
    /// Per month, per area, per public category.
    by_area: Vec<u64>,
    /// Per month, per organisation.
    by_organisation: Vec<u64>,
}

/// How a row counts in the cube: by model category, its public
/// category's index (`None` for a category the output does not publish);
/// by model area, its area's index (no area: the last); its organisation.
pub(super) struct Shape<'a> {
    pub category: &'a [Option<usize>],
    pub area: &'a [usize],
    /// Areas, no area (the last) included.
    pub areas: usize,
    pub categories: usize,
    /// Organisations as a dimension; 1 (one sum) when not published.
    pub organisations: usize,
}

fn month_number(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// The month a row falls in: its last day and its index in the cube.
struct Month {
    /// Its last day's number (see `Incident::day`).
    last: i32,
    index: usize,
}

impl Month {
    /// The month of `day`, in a cube whose first month is `first`.
    fn of(day: NaiveDate, first: i32) -> Month {
        let last = day
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX);
        Month {
            last: last.num_days_from_ce(),
            index: (month_number(day) - first) as usize,
        }
    }
}

impl Cube {
    /// Sums `incidents` (in date order) by `shape`.
    pub(super) fn new(incidents: &[Incident], shape: &Shape) -> Cube {
        let (Some(a), Some(b)) = (incidents.first(), incidents.last()) else {
            return Cube::empty(shape, 0, 0);
        };
        debug_assert!(incidents.is_sorted_by_key(Incident::day));
        let first = month_number(a.date());
        let months = (month_number(b.date()) - first + 1).max(0) as usize;
        // One piece per thread, so one cube each (a site of many areas
        // and years has cubes of megabytes).
        let piece = incidents.len().div_ceil(rayon::current_num_threads());
        incidents
            .par_chunks(piece.max(1))
            .map(|rows| {
                let mut cube = Cube::empty(shape, first, months);
                // The rows are in date order: a month's days are found
                // once a month, not a row's month once a row.
                let mut month = Month::of(rows[0].date(), first);
                for row in rows {
                    if row.day() > month.last {
                        month = Month::of(row.date(), first);
                    }
                    cube.add(row, month.index, shape);
                }
                cube
            })
            .reduce_with(Cube::sum)
            .unwrap_or_else(|| Cube::empty(shape, first, months))
    }

    fn empty(shape: &Shape, first: i32, months: usize) -> Cube {
        Cube {
            first,
            months,
            areas: shape.areas,
            categories: shape.categories,
            organisations: shape.organisations,
            by_area: vec![0; months * shape.areas * shape.categories],
            by_organisation: vec![0; months * shape.organisations],
        }
    }

    /// Adds `row`, of month `m`.
    fn add(&mut self, row: &Incident, m: usize, shape: &Shape) {
        let Some(c) = shape.category[row.category as usize] else {
            return;
        };
        let n = u64::from(row.count);
        let a = row
            .area()
            .map_or(self.areas - 1, |a| shape.area[a as usize]);
        let at = self.index(m, a, c);
        self.by_area[at] += n;
        let o = if self.organisations > 1 {
            row.organisation as usize
        } else {
            0
        };
        self.by_organisation[m * self.organisations + o] += n;
    }

    fn sum(mut self, other: Cube) -> Cube {
        for (x, y) in self.by_area.iter_mut().zip(&other.by_area) {
            *x += y;
        }
        for (x, y) in (self.by_organisation.iter_mut()).zip(&other.by_organisation) {
            *x += y;
        }
        self
    }

    /// The first day of every month the incidents reach, with the month's
    /// index.
    pub(super) fn months(&self) -> impl Iterator<Item = (NaiveDate, usize)> + '_ {
        (0..self.months).filter_map(|m| {
            let n = self.first + m as i32;
            let day = NaiveDate::from_ymd_opt(n.div_euclid(12), n.rem_euclid(12) as u32 + 1, 1)?;
            Some((day, m))
        })
    }

    /// Month `m`'s count of area `a` and public category `c`.
    pub(super) fn at(&self, m: usize, a: usize, c: usize) -> u64 {
        self.by_area[self.index(m, a, c)]
    }

    /// Where month `m`, area `a` and public category `c` are in `by_area`.
    fn index(&self, m: usize, a: usize, c: usize) -> usize {
        (m * self.areas + a) * self.categories + c
    }

    /// Month `m`'s count of organisation `o`.
    pub(super) fn organisation(&self, m: usize, o: usize) -> u64 {
        self.by_organisation[m * self.organisations + o]
    }

    /// Month `month0` of `year`'s index, if the incidents reach it.
    pub(super) fn month_of(&self, year: i32, month0: usize) -> Option<usize> {
        let m = usize::try_from(year * 12 + month0 as i32 - self.first).ok()?;
        (m < self.months).then_some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        date: &str,
        category: u16,
        organisation: u16,
        count: u32,
        area: Option<u16>,
    ) -> Incident {
        Incident::new(crate::model::IncidentFields {
            date: date.parse().unwrap(),
            minute: None,
            category: category as _,
            place: None,
            organisation: organisation as _,
            count,
            position: None,
            description: None,
            area: area.map(|a| a as _),
        })
        .unwrap()
    }

    #[test]
    fn sums_by_month_area_category_and_organisation_counting_public_categories_only() {
        let rows = [
            row("2023-11-30", 0, 1, 2, Some(0)),
            row("2023-11-30", 1, 0, 5, None),
            row("2024-01-02", 2, 1, 3, Some(1)),
            row("2024-01-31", 0, 0, 4, Some(1)),
            row("2024-01-31", 0, 1, 1, Some(1)),
        ];
        // Category 1 is not public; public categories 0 and 2 are 1 and 0.
        let category = [Some(1), None, Some(0)];
        let shape = Shape {
            category: &category,
            area: &[0, 1],
            areas: 3,
            categories: 2,
            organisations: 2,
        };
        let cube = Cube::new(&rows, &shape);
        let months: Vec<(String, usize)> = cube.months().map(|(d, m)| (d.to_string(), m)).collect();
        assert_eq!(
            months,
            [
                ("2023-11-01".into(), 0),
                ("2023-12-01".into(), 1),
                ("2024-01-01".into(), 2)
            ]
        );
        assert_eq!(cube.month_of(2024, 0), Some(2));
        assert_eq!(
            (cube.month_of(2023, 9), cube.month_of(2024, 1)),
            (None, None)
        );
        assert_eq!(cube.at(0, 0, 1), 2);
        assert_eq!(cube.at(0, 2, 0) + cube.at(0, 2, 1), 0, "not public");
        assert_eq!((cube.at(2, 1, 0), cube.at(2, 1, 1)), (3, 5));
        assert_eq!((cube.organisation(0, 1), cube.organisation(0, 0)), (2, 0));
        assert_eq!((cube.organisation(2, 0), cube.organisation(2, 1)), (4, 4));
        // One organisation: every public row in one sum.
        let one = Cube::new(
            &rows,
            &Shape {
                organisations: 1,
                ..shape
            },
        );
        assert_eq!(one.organisation(2, 0), 8);
        assert_eq!(Cube::new(&[], &shape).months().count(), 0);
    }

    #[test]
    fn every_day_counts_in_its_own_month_across_years_and_leap_days() {
        // One row a day, 2023-12-15 to 2025-03-01: each month counts its
        // days in that span (February 2024 has 29).
        let start: NaiveDate = "2023-12-15".parse().unwrap();
        let rows: Vec<Incident> = (start.iter_days())
            .take_while(|d| d.to_string().as_str() <= "2025-03-01")
            .map(|d| row(&d.to_string(), 0, 0, 1, None))
            .collect();
        let shape = Shape {
            category: &[Some(0)],
            area: &[],
            areas: 1,
            categories: 1,
            organisations: 1,
        };
        let cube = Cube::new(&rows, &shape);
        let counts: Vec<u64> = cube.months().map(|(_, m)| cube.at(m, 0, 0)).collect();
        let days = [
            17, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 1,
        ];
        assert_eq!(counts, days);
        assert_eq!(cube.organisation(2, 0), 29);
    }
}
