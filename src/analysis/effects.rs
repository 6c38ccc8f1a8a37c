//! Did it work? The effect of an action on its target, against a
//! comparison, as crime-prevention evaluations measure it.
//!
//! Counts before and after the start in the target (a, b) and in the
//! comparison (c, d), over windows of the same number of whole months on
//! each side of the start month (which is left out: the action began
//! somewhere in it). The relative effect size is
//!
//! ```text
//! RES = (a·d) / (b·c)        var(ln RES) = 1/a + 1/b + 1/c + 1/d
//! ```
//!
//! with the 95 % interval exp(ln RES ± 1.96·√var). RES above 1 means the
//! target fell relative to the comparison; the change in the target
//! relative to the comparison is (1/RES − 1)·100 %. The verdict never says
//! more than the interval: a clear decrease only when the whole interval
//! lies above 1, a clear increase only when it lies below 1, "could be
//! chance" otherwise, and "too few events" when any count is below
//! `[effects] min_count` (5 by default; zero included), where the interval
//! would mean nothing.
//!
//! The comparison is by default the rest of the municipality: every area
//! but the target's own areas and their neighbours (areas whose polygons
//! share a boundary; without polygons, none), since an action's effect
//! may spill over to the next area, or crime move there. That is also the
//! displacement check: the same measure for the rest of the target
//! place's area and for each neighbouring area. What this cannot tell:
//! whether something else changed in the target at the same time; it is
//! a before/after comparison, not a controlled experiment, and the page
//! says so.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{ActionRecord, Coverage};
use crate::config::EffectsConfig;
use crate::model::geo::touching;
use crate::model::{AreaId, CategoryId, Incident, Model, PerDay, PlaceId};

/// Where events are counted: at these places or in these areas, not at
/// the excluded places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Zone {
    pub places: Vec<PlaceId>,
    pub areas: Vec<AreaId>,
    pub except_places: Vec<PlaceId>,
}

impl Zone {
    fn holds(&self, i: &Incident) -> bool {
        if i.place().is_some_and(|p| self.except_places.contains(&p)) {
            return false;
        }
        i.place().is_some_and(|p| self.places.contains(&p))
            || i.area().is_some_and(|a| self.areas.contains(&a))
    }

    /// Only areas: what a public output may count (from its area cells).
    pub fn is_areas_only(&self) -> bool {
        self.places.is_empty() && self.except_places.is_empty() && !self.areas.is_empty()
    }
}

/// What the verdict may say, given the interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval lies above 1: fell more than the comparison.
    ClearDecrease,
    /// The whole interval lies below 1: rose more than the comparison.
    ClearIncrease,
    /// The interval holds 1.
    CouldBeChance,
    /// A count below the threshold (or zero): nothing to say.
    TooFew,
}

impl Verdict {
    pub fn id(self) -> &'static str {
        match self {
            Verdict::ClearDecrease => "clear_decrease",
            Verdict::ClearIncrease => "clear_increase",
            Verdict::CouldBeChance => "could_be_chance",
            Verdict::TooFew => "too_few",
        }
    }
}

/// The four counts and what follows from them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Target before, target after, comparison before, comparison after.
    pub a: u64,
    pub b: u64,
    pub c: u64,
    pub d: u64,
    /// RES and its 95 % interval; `None` when a count is zero.
    pub res: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Change in the target relative to the comparison, in percent.
    pub change_pct: Option<f64>,
    pub verdict: Verdict,
}

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// RES, its interval, the relative change and the verdict of four counts.
pub fn measure(a: u64, b: u64, c: u64, d: u64, min_count: u64) -> Measure {
    let all = [a, b, c, d];
    let (res, low, high, change_pct) = if all.iter().all(|&n| n > 0) {
        let [a, b, c, d] = all.map(|n| n as f64);
        let ln = a.ln() + d.ln() - b.ln() - c.ln();
        let se = (1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d).sqrt();
        let res = ln.exp();
        (
            Some(res),
            Some((ln - Z95 * se).exp()),
            Some((ln + Z95 * se).exp()),
            Some((1.0 / res - 1.0) * 100.0),
        )
    } else {
        (None, None, None, None)
    };
    let verdict = match (low, high) {
        _ if all.iter().any(|&n| n < min_count.max(1)) => Verdict::TooFew,
        (Some(l), _) if l > 1.0 => Verdict::ClearDecrease,
        (_, Some(h)) if h < 1.0 => Verdict::ClearIncrease,
        _ => Verdict::CouldBeChance,
    };
    Measure {
        a,
        b,
        c,
        d,
        res,
        low,
        high,
        change_pct,
        verdict,
    }
}

/// A zone checked for displacement, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Displacement {
    /// The rest of this area (a target place's own area) or a neighbour.
    pub area: AreaId,
    pub rest_of_area: bool,
    pub zone: Zone,
    /// The zone before and after against the same comparison.
    pub measure: Measure,
}

/// One month of the effect chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectMonth {
    pub month: NaiveDate,
    pub target: u64,
    pub comparison: u64,
}

/// An evaluated effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// Whole months on each side.
    pub months: u32,
    pub start_month: NaiveDate,
    pub before: (NaiveDate, NaiveDate),
    pub after: (NaiveDate, NaiveDate),
    pub target: Zone,
    pub comparison: Zone,
    /// The comparison is the default (rest of the municipality).
    pub default_comparison: bool,
    /// Only these categories count (all when empty).
    pub categories: Vec<CategoryId>,
    pub measure: Measure,
    pub displacement: Vec<Displacement>,
    /// From the first month before to the last month after.
    pub monthly: Vec<EffectMonth>,
}

/// Whether and how an action's effect could be evaluated.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Evaluation {
    /// No target place or area.
    #[default]
    NoTarget,
    /// No start date and never `ongoing`.
    NotStarted,
    /// Fewer than `min_months_after` whole months of data after the
    /// start month (or before its end).
    TooRecent {
        months: u32,
    },
    /// Fewer than `min_months_after` whole months of data before it.
    NoDataBefore,
    /// The comparison holds nothing (no other area).
    NoComparison,
    Done(Box<Effect>),
}

impl Evaluation {
    pub fn effect(&self) -> Option<&Effect> {
        match self {
            Evaluation::Done(e) => Some(e),
            _ => None,
        }
    }
}

/// Months since year 0, for month arithmetic.
fn index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn month_start(i: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(i.div_euclid(12), i.rem_euclid(12) as u32 + 1, 1).expect("date")
}

fn month_end(i: i32) -> NaiveDate {
    month_start(i + 1).pred_opt().expect("date")
}

/// The last whole month up to `d` (`d`'s month when `d` is its last day).
fn last_whole(d: NaiveDate) -> i32 {
    let i = index(d);
    if month_end(i) == d { i } else { i - 1 }
}

/// Every area's neighbours, from the polygons.
pub fn neighbours(model: &Model) -> Vec<Vec<AreaId>> {
    let areas = &model.areas;
    (0..areas.len())
        .map(|i| {
            (0..areas.len())
                .filter(|&j| j != i && touching(&areas[i], &areas[j]))
                .map(|j| j as AreaId)
                .collect()
        })
        .collect()
}

fn area_id(model: &Model, name: &str) -> Option<AreaId> {
    model
        .areas
        .iter()
        .position(|a| a.name == name)
        .map(|i| i as AreaId)
}

/// Evaluates one action (see the module documentation).
pub fn evaluate(
    model: &Model,
    coverage: Option<Coverage>,
    near: &[Vec<AreaId>],
    rule: &EffectsConfig,
    a: &ActionRecord,
) -> Evaluation {
    let scope = &a.scope;
    if !scope.has_target() {
        return Evaluation::NoTarget;
    }
    let (Some(start), Some(cov)) = (a.start, coverage) else {
        return Evaluation::NotStarted;
    };
    let s = index(start);
    let mut last = last_whole(cov.end);
    if let Some(end) = scope.end {
        last = last.min(last_whole(end));
    }
    let after = (last - s).max(0) as u32;
    if after < rule.min_months_after {
        return Evaluation::TooRecent { months: after };
    }
    let before = (s - index(cov.start)).max(0) as u32;
    let months = scope
        .window_months
        .unwrap_or(rule.window_months)
        .min(after)
        .min(before);
    if months < rule.min_months_after {
        return Evaluation::NoDataBefore;
    }
    let n = months as i32;

    // The target, and its "home": its areas and the areas of its places.
    let target_areas: Vec<AreaId> = scope
        .target_areas
        .iter()
        .filter_map(|n| area_id(model, n))
        .collect();
    let mut home = target_areas.clone();
    for &p in &scope.target_places {
        if let Some(h) = model.area_of(Some(p)).and_then(|n| area_id(model, n))
            && !home.contains(&h)
        {
            home.push(h);
        }
    }
    let mut next: Vec<AreaId> = home
        .iter()
        .flat_map(|&h| near.get(h as usize).into_iter().flatten().copied())
        .filter(|n| !home.contains(n))
        .collect();
    next.sort_unstable();
    next.dedup();
    let target = Zone {
        places: scope.target_places.clone(),
        areas: target_areas.clone(),
        except_places: Vec::new(),
    };
    let default_comparison = scope.compare_areas.is_empty() && scope.compare_places.is_empty();
    let comparison = if default_comparison {
        Zone {
            places: Vec::new(),
            areas: (0..model.areas.len() as AreaId)
                .filter(|x| !home.contains(x) && !next.contains(x))
                .collect(),
            except_places: Vec::new(),
        }
    } else {
        Zone {
            places: scope.compare_places.clone(),
            areas: scope
                .compare_areas
                .iter()
                .filter_map(|n| area_id(model, n))
                .collect(),
            except_places: scope.target_places.clone(),
        }
    };
    if comparison.places.is_empty() && comparison.areas.is_empty() {
        return Evaluation::NoComparison;
    }
    let mut displaced: Vec<(AreaId, bool, Zone)> = home
        .iter()
        .filter(|h| !target_areas.contains(h))
        .map(|&h| (h, true, rest_of(h, &scope.target_places)))
        .collect();
    displaced.extend(
        next.iter()
            .map(|&h| (h, false, rest_of(h, &scope.target_places))),
    );

    // Per month from the first before to the last after.
    let (first, last) = (s - n, s + n);
    let categories = &scope.target_categories;
    let counted = |zone: &Zone| -> Vec<u64> {
        let mut per = vec![0u64; (last - first + 1) as usize];
        let mut today = PerDay::new();
        for i in model.incidents_between(month_start(first), month_end(last)) {
            if (categories.is_empty() || categories.contains(&i.category)) && zone.holds(i) {
                let month = today.of(i, index);
                per[(month - first) as usize] += u64::from(i.count);
            }
        }
        per
    };
    let split = |per: &[u64]| -> (u64, u64) {
        let before = per[..n as usize].iter().sum();
        let after = per[n as usize + 1..].iter().sum();
        (before, after)
    };
    let (t, c) = (counted(&target), counted(&comparison));
    let ((ta, tb), (cc, cd)) = (split(&t), split(&c));
    let displacement = displaced
        .into_iter()
        .map(|(area, rest_of_area, zone)| {
            let (da, db) = split(&counted(&zone));
            Displacement {
                area,
                rest_of_area,
                zone,
                measure: measure(da, db, cc, cd, rule.min_count),
            }
        })
        .collect();
    let monthly = (first..=last)
        .map(|m| EffectMonth {
            month: month_start(m),
            target: t[(m - first) as usize],
            comparison: c[(m - first) as usize],
        })
        .collect();
    Evaluation::Done(Box::new(Effect {
        months,
        start_month: month_start(s),
        before: (month_start(first), month_end(s - 1)),
        after: (month_start(s + 1), month_end(last)),
        target,
        comparison,
        default_comparison,
        categories: categories.clone(),
        measure: measure(ta, tb, cc, cd, rule.min_count),
        displacement,
        monthly,
    }))
}

/// An area without the target's places.
fn rest_of(area: AreaId, places: &[PlaceId]) -> Zone {
    Zone {
        places: Vec::new(),
        areas: vec![area],
        except_places: places.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: Option<f64>, want: f64) {
        let x = x.expect("a value");
        assert!((x - want).abs() < 5e-4, "{x} against {want}");
    }

    #[test]
    fn res_interval_and_verdict_by_hand() {
        // a = 40, b = 20, c = 50, d = 50: RES = 2000/1000 = 2,
        // var = 1/40 + 1/20 + 1/50 + 1/50 = 0.115, se = 0.33912,
        // interval exp(ln 2 ± 1.95996·0.33912) = 1.029 … 3.888.
        let m = measure(40, 20, 50, 50, 5);
        close(m.res, 2.0);
        close(m.low, 1.029);
        close(m.high, 3.888);
        close(m.change_pct, -50.0);
        assert_eq!(m.verdict, Verdict::ClearDecrease);
        assert_eq!(measure(20, 40, 50, 50, 5).verdict, Verdict::ClearIncrease);
        assert_eq!(measure(20, 18, 50, 50, 5).verdict, Verdict::CouldBeChance);
        let z = measure(6, 0, 50, 50, 5);
        assert_eq!((z.res, z.verdict), (None, Verdict::TooFew));
        assert_eq!(measure(4, 9, 50, 50, 5).verdict, Verdict::TooFew);
    }

    #[test]
    fn whole_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(last_whole(d(2025, 3, 31)), index(d(2025, 3, 1)));
        assert_eq!(last_whole(d(2025, 3, 30)), index(d(2025, 2, 1)));
        assert_eq!(month_end(index(d(2024, 2, 1))), d(2024, 2, 29));
        assert_eq!(month_start(index(d(2024, 12, 5)) + 1), d(2025, 1, 1));
    }
}
