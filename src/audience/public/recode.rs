//! Global recoding: sparse areas are published together, and alone only
//! for longer periods.
//!
//! A village with 1 or 2 events a month has a small count every month.
//! Hidden one by one, each needs others hidden beside it, and its quarter
//! of 4 still tells that each of its months is small, so the interval rule
//! of [`crate::audience::disclosure::need`] hides the neighbours' months
//! too. Swedish official statistics publish such a series at a coarser
//! level instead. Here the rule is per period and area: an area is
//! *sparse* in a period finer than a year when, over the complete periods
//! of that length in the twelve months up to its end (in the data's first
//! year: that whole year), more than a quarter of its non-zero counts are
//! small (1 … threshold − 1). Where at least
//! two areas are sparse, the period publishes their sum as one count,
//! "Övriga områden", in place of theirs; each is published alone for the
//! longer periods where it is not sparse (the quarter, the year). One
//! sparse area alone is protected cell by cell (its count would be the
//! total less the others). The total and the categories are always
//! published: they carry the trend, the charts and the effects of actions.
//! The grouped count is an ordinary published count: the disclosure audit
//! protects it like any other.
//!
//! The grouping is part of what a release publishes: a released period
//! groups exactly the areas the ledger holds no count of, when it holds a
//! count of the other areas, so a late row never regroups a period already
//! out.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use chrono::{Datelike, Months, NaiveDate};

use super::cells::Dims;
use super::history::{complete, period_ref};
use crate::analysis::{Period, PeriodReport};
use crate::audience::Ctx;
use crate::config::Cadence;
use crate::model::ledger::{CellKey, PeriodRef};

/// An area is sparse when more than this share of its non-zero counts of
/// the twelve months before are small: 1 in 4.
const SPARSE: (usize, usize) = (1, 4);

/// Per period, the areas published together as "other areas" (indexes
/// into [`Dims::areas`], at least two).
#[derive(Debug, Default)]
pub(super) struct Recoding {
    groups: HashMap<Cadence, HashMap<String, Vec<usize>>>,
    /// Per year (its slug), the areas whose counts per category it
    /// publishes (indexes into [`Dims::areas`]).
    categories: HashMap<String, BTreeSet<usize>>,
    /// Whether the ledger holds any count per area and category, of an
    /// area still known or not.
    released_by_category: bool,
}

impl Recoding {
    /// The areas period `p` publishes together, if any.
    pub(super) fn group(&self, p: &Period) -> Option<&[usize]> {
        let group = self.groups.get(&p.cadence)?.get(p.slug.as_str())?;
        Some(group.as_slice())
    }

    /// Whether period `p` publishes area `a`'s count per category: for a
    /// year, where the area's counts per category are not sparse.
    pub(super) fn by_category(&self, p: &Period, a: usize) -> bool {
        p.cadence == Cadence::Year && self.categories.get(&p.slug).is_some_and(|s| s.contains(&a))
    }

    /// Whether any period publishes an area's count per category, or a
    /// release did: the audit of everything released keeps those counts,
    /// whatever this build publishes.
    pub(super) fn any_by_category(&self) -> bool {
        self.released_by_category || self.categories.values().any(|s| !s.is_empty())
    }

    /// Decides for every report of the public `cadences` (see the module
    /// documentation).
    pub(super) fn plan(ctx: &Ctx, dims: &Dims, cadences: &[Cadence]) -> Recoding {
        let threshold = ctx.config.privacy.threshold;
        let released = Released::new(ctx, dims);
        let months = month_areas(dims);
        let complete = complete(ctx);
        let mut groups: HashMap<Cadence, HashMap<String, Vec<usize>>> = HashMap::default();
        for &c in cadences.iter().filter(|c| c.months() < 12) {
            let reports = &ctx.analysis.reports[&c];
            let counts: Vec<Vec<u64>> = reports
                .iter()
                .map(|r| period_areas(&months, &r.period, dims.areas.len()))
                .collect();
            // The data's first year is judged as a whole: a window of
            // a month or two would make one small count a sparse series.
            let first_year = reports
                .iter()
                .find(|r| complete(r))
                .map(|r| r.period.start + Months::new(12));
            for (i, r) in reports.iter().enumerate() {
                let group = released.group(r).unwrap_or_else(|| {
                    let end = first_year
                        .map_or(r.period.end, |y| r.period.end.max(y - chrono::Days::new(1)));
                    let from = end - Months::new(12);
                    let window: Vec<usize> = (0..reports.len())
                        .filter(|&k| {
                            let p = &reports[k];
                            k == i || (p.period.end > from && p.period.end <= end && complete(p))
                        })
                        .collect();
                    (0..dims.areas.len())
                        .filter(|&a| sparse(window.iter().map(|&k| counts[k][a]), threshold))
                        .collect()
                });
                if group.len() >= 2 {
                    (groups.entry(c).or_default()).insert(r.period.slug.clone(), group);
                }
            }
        }
        let categories = match cadences.contains(&Cadence::Year) {
            true => by_category(ctx, dims, &released),
            false => HashMap::default(),
        };
        Recoding {
            groups,
            categories,
            released_by_category: released.any_by_category,
        }
    }
}

/// Per year report, the named areas whose counts per category it
/// publishes: as released, else those whose counts of the year per public
/// category are not sparse (zeros are not small: an area with none shows
/// its zeros).
fn by_category(ctx: &Ctx, dims: &Dims, released: &Released) -> HashMap<String, BTreeSet<usize>> {
    let threshold = ctx.config.privacy.threshold;
    let (cube, nc) = (&dims.cube, dims.categories.len());
    let mut counts: BTreeMap<i32, Vec<Vec<u64>>> = BTreeMap::new();
    for (first, m) in cube.months() {
        let year = counts
            .entry(first.year())
            .or_insert_with(|| vec![vec![0; nc]; dims.areas.len()]);
        for (a, row) in year.iter_mut().enumerate() {
            for (c, n) in row.iter_mut().enumerate() {
                *n += cube.at(m, a, c);
            }
        }
    }
    let reports = ctx
        .analysis
        .reports
        .get(&Cadence::Year)
        .map_or(&[][..], |r| r);
    reports
        .iter()
        .map(|r| {
            let areas = released.by_category(r).unwrap_or_else(|| {
                let year = counts.get(&r.period.year);
                (0..dims.areas.len())
                    .filter(|&a| dims.areas[a].is_some())
                    .filter(|&a| year.is_none_or(|y| !sparse(y[a].iter().copied(), threshold)))
                    .collect()
            });
            (r.period.slug.clone(), areas)
        })
        .collect()
}

/// Whether more than [`SPARSE`] of the non-zero `counts` are small.
fn sparse(counts: impl Iterator<Item = u64>, threshold: u64) -> bool {
    let (mut small, mut nonzero) = (0, 0);
    for n in counts.filter(|&n| n > 0) {
        nonzero += 1;
        small += usize::from(n < threshold);
    }
    small * SPARSE.1 > nonzero * SPARSE.0
}

/// What the ledger says about released periods' areas.
#[derive(Default)]
struct Released<'a> {
    periods: BTreeSet<&'a PeriodRef>,
    /// The released periods with a count of other areas.
    grouped: BTreeSet<&'a PeriodRef>,
    /// Per released period, the areas with a count of their own (indexes
    /// into [`Dims::areas`]).
    alone: BTreeMap<&'a PeriodRef, BTreeSet<usize>>,
    /// Per released period, the areas with counts per category.
    categories: BTreeMap<&'a PeriodRef, BTreeSet<usize>>,
    /// Whether any release holds a count per area and category.
    any_by_category: bool,
    areas: usize,
}

impl<'a> Released<'a> {
    fn new(ctx: &'a Ctx, dims: &Dims) -> Released<'a> {
        let mut out = Released {
            areas: dims.areas.len(),
            ..Released::default()
        };
        let Some(ledger) = &ctx.model.ledger else {
            return out;
        };
        out.periods = ledger.released();
        for e in ledger.releases.iter().flat_map(|r| &r.entries) {
            match &e.cell.key {
                CellKey::OtherAreas => {
                    out.grouped.insert(&e.cell.period);
                }
                CellKey::Area(name) => {
                    if let Some(a) = dims.areas.iter().position(|x| x == name) {
                        out.alone.entry(&e.cell.period).or_default().insert(a);
                    }
                }
                CellKey::AreaCategory { area, .. } => {
                    out.any_by_category = true;
                    let named = |x: &Option<String>| x.as_deref() == Some(area.as_str());
                    if let Some(a) = dims.areas.iter().position(named) {
                        out.categories.entry(&e.cell.period).or_default().insert(a);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// For a released period, the areas whose counts per category it
    /// published (none, where it published none).
    fn by_category(&self, r: &PeriodReport) -> Option<BTreeSet<usize>> {
        let p = period_ref(r);
        self.periods.get(&p)?;
        Some(self.categories.get(&p).cloned().unwrap_or_default())
    }

    /// For a released period, the areas it published together: none, or
    /// those without a count of their own.
    fn group(&self, r: &PeriodReport) -> Option<Vec<usize>> {
        let p = period_ref(r);
        self.periods.get(&p)?;
        if !self.grouped.contains(&p) {
            return Some(Vec::new());
        }
        let alone = self.alone.get(&p);
        Some(
            (0..self.areas)
                .filter(|a| alone.is_none_or(|s| !s.contains(a)))
                .collect(),
        )
    }
}

/// Per month (its first day), the count of the public categories in each
/// area of `dims` (no area last).
fn month_areas(dims: &Dims) -> BTreeMap<NaiveDate, Vec<u64>> {
    let (cube, nc) = (&dims.cube, dims.categories.len());
    let row = |m: usize| {
        (0..dims.areas.len())
            .map(|a| (0..nc).map(|c| cube.at(m, a, c)).sum())
            .collect()
    };
    cube.months().map(|(first, m)| (first, row(m))).collect()
}

/// The counts per area of one period.
fn period_areas(months: &BTreeMap<NaiveDate, Vec<u64>>, p: &Period, n: usize) -> Vec<u64> {
    let mut sum = vec![0; n];
    for row in months.range(p.start..=p.end).map(|(_, r)| r) {
        for (s, v) in sum.iter_mut().zip(row) {
            *s += v;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_a_quarter_small_is_sparse() {
        // 3 small of 12 non-zero: a quarter, not more.
        let counts = [1, 2, 1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0];
        assert!(!sparse(counts.into_iter(), 3));
        let counts = [1, 2, 1, 2, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0];
        assert!(sparse(counts.into_iter(), 3), "4 of 12");
        assert!(!sparse([0, 0, 3].into_iter(), 3), "zeros are not small");
    }
}
