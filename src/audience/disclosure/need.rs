//! What a hidden cell needs to stay protected, and the proofs that it does.
//!
//! A hidden count from 1 to threshold − 1 must keep a *protection
//! interval* reaching the threshold, given everything shown and what the
//! attacker knows (see [`super::lp`]: of a hidden count only that it is at
//! least 1, since zeros are shown): it could be as large as the threshold,
//! so nobody can tell it from a count hidden to protect another, nor work
//! it out. (Its lower end is whatever the attacker's floors give: a hidden
//! sum of two hidden non-zero parts is at least 2 in any pattern, and
//! says no more for that.) A hidden count of at least the threshold
//! protects others and needs nothing itself.
//!
//! Counts first released under the earlier rule ([`Status::Legacy`], and
//! [`Status::Small`] of a release that marked the small ones) keep the
//! protection they were released with: at least two possible values. A
//! later release cannot take back what an earlier one told, so it must
//! only never make that worse.
//!
//! The interval rule on its own hides whole neighbourhoods where a series
//! is sparse (a village with 1 or 2 events a month: its quarter of 4
//! already says each month is small); the public output therefore
//! publishes sparse breakdowns at a coarser level first (global recoding,
//! `audience::public::recode`), and the interval rule protects what is
//! left.

use std::sync::{Arc, OnceLock};

use microlp::OptimizationDirection;
use rayon::prelude::*;

use super::lp::{Base, Lp, Outcome, Reach, TOLERANCE, free_atoms, reaches};
use super::{Status, Table, Thresholds, bounds, span};

/// The range a hidden cell must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Nothing,
    /// A small count released under the earlier rule: at least two
    /// possible values.
    TwoValues,
    /// A small count: a range reaching the threshold.
    Interval,
}

pub fn need(value: u64, status: Status, threshold: u64) -> Need {
    let small = (1..threshold).contains(&value);
    match status {
        Status::Shown | Status::Large => Need::Nothing,
        Status::Small => Need::TwoValues,
        Status::Legacy if small => Need::TwoValues,
        Status::Primary | Status::Secondary if small => Need::Interval,
        Status::Primary | Status::Secondary | Status::Legacy => Need::Nothing,
    }
}

impl Need {
    /// Whether a hidden cell that can take `lo` … `hi` has the range this
    /// need asks for.
    pub fn met_by(self, lo: f64, hi: f64, threshold: u64) -> bool {
        match self {
            Need::Nothing => true,
            Need::TwoValues => hi - lo >= 1.0 - TOLERANCE,
            Need::Interval => hi >= threshold as f64 - TOLERANCE,
        }
    }

    /// Whether bounds `lo` … `hi` ([`bounds::NONE`] for none above) of a
    /// cell fall short of what it needs (for [`Need::Nothing`]: whether
    /// they pin it).
    fn short(self, lo: u64, hi: u64, threshold: u64) -> bool {
        match self {
            Need::Nothing | Need::TwoValues => lo == hi,
            Need::Interval => hi < threshold,
        }
    }
}

/// The values a cell of `value` must be able to reach: at most `down` or
/// at least `up` (one of the two), or, for [`Need::Interval`], `up`.
struct Ends {
    down: f64,
    up: f64,
}

fn ends(value: u64, need: Need, threshold: u64) -> Ends {
    let v = value as f64;
    match need {
        Need::TwoValues => Ends {
            down: v - 1.0,
            up: v + 1.0,
        },
        // Never below the lowest count: only `up` counts.
        Need::Interval => Ends {
            down: -1.0,
            up: threshold as f64,
        },
        // Nothing to reach: the true value is at both ends.
        Need::Nothing => Ends { down: v, up: v },
    }
}

/// How many more a complement should hold for hidden `cell` to reach its
/// upper end: the smallest helpful value (a part of its sum can give way by
/// all but its own floor).
pub(super) fn room(table: &Table, status: &[Status], threshold: Thresholds, cell: usize) -> u64 {
    let value = table.cells[cell].value;
    let threshold = threshold.of(cell);
    match need(value, status[cell], threshold) {
        Need::TwoValues => 2,
        // It must grow to the threshold; the complement gives way by all
        // but its own floor of 1.
        Need::Interval => threshold - value + 1,
        Need::Nothing => 1,
    }
}

/// The cheap answer: per cell of `cells`, whether it is pinned by the
/// shown cells' equations (see [`span`]) or the bounds through the
/// relations (see [`bounds`]) leave it short of its range (for a cell that
/// needs nothing: pin it), so unprotected with no programme.
pub(super) fn pinned(
    table: &Table,
    status: &[Status],
    threshold: Thresholds,
    cells: &[usize],
) -> Vec<bool> {
    let span = span::Span::new(table, status, &free_atoms(table, status));
    let (lo, hi) = bounds::bounds(table, status, threshold);
    cells
        .par_iter()
        .map(|&c| {
            let (v, t) = (table.cells[c].value, threshold.of(c));
            need(v, status[c], t).short(lo[c], hi[c], t) || span.contains(&table.cells[c].atoms)
        })
        .collect()
}

/// What proves one end of a cell's range.
#[derive(Debug, Clone)]
pub(super) enum Witness {
    /// The true value is at that end already.
    Value,
    /// A feasible point of the programme (the atoms' values) where the
    /// cell reaches the end.
    Point(Arc<Vec<f64>>),
    /// The programme is unbounded that way.
    Unbounded,
}

/// The proofs of one cell's two ends, as far as found.
#[derive(Debug, Clone, Default)]
pub(super) struct Sides {
    pub up: Option<Witness>,
    pub down: Option<Witness>,
    /// Whether only the upper end will do ([`Need::Interval`]).
    up_only: bool,
}

/// No proofs yet, for each of `cells`.
pub(super) fn unproven(
    table: &Table,
    status: &[Status],
    threshold: Thresholds,
    cells: &[usize],
) -> Vec<Sides> {
    cells
        .iter()
        .map(|&c| Sides {
            up_only: need(table.cells[c].value, status[c], threshold.of(c)) == Need::Interval,
            ..Sides::default()
        })
        .collect()
}

impl Sides {
    /// Whether the ends the cell needs are proven: either for two values,
    /// the upper one for an interval.
    pub(super) fn ok(&self) -> bool {
        self.up.is_some() || (!self.up_only && self.down.is_some())
    }

    /// Forgets the proofs that showing cell `shown` at its value breaks: a
    /// point where it has another value, and unboundedness.
    pub(super) fn keep_if_shown(&mut self, table: &Table, shown: usize) {
        let cell = &table.cells[shown];
        let holds = |w: &Option<Witness>| match w {
            Some(Witness::Value) => true,
            Some(Witness::Point(atoms)) => {
                let x: f64 = cell.atoms.iter().map(|&a| atoms[a as usize]).sum();
                (x - cell.value as f64).abs() < TOLERANCE
            }
            Some(Witness::Unbounded) | None => false,
        };
        if !holds(&self.up) {
            self.up = None;
        }
        if !holds(&self.down) {
            self.down = None;
        }
    }
}

/// Whether the bounds through the relations alone (see [`bounds`]) leave
/// one of `cells` without its range: no programme needed to say so.
pub(super) fn bounded(
    table: &Table,
    status: &[Status],
    threshold: Thresholds,
    cells: &[usize],
) -> bool {
    let (lo, hi) = bounds::bounds(table, status, threshold);
    cells.iter().any(|&c| {
        let (v, t) = (table.cells[c].value, threshold.of(c));
        let n = need(v, status[c], t);
        n != Need::Nothing && n.short(lo[c], hi[c], t)
    })
}

/// Per cell of `cells`, which need not be [`Need::Nothing`], the proofs of
/// the ends of its range that the attacker's programme leaves it, starting
/// from `start` (proofs known to hold); see [`Sides::ok`]. Cells `doomed` are
/// not proven, with no programme.
///
/// Each cell not proven yet is asked on its own: where the table has its
/// true point, from that point (see [`Lp::reach_from_point`]); else from
/// one feasible point of the programme solved once (see [`Lp::reach`]): a
/// few simplex steps per cell. (Programmes pushing all unproven cells up at once, then
/// down, proved most cells together, but each was a whole programme
/// solved from nothing; on the benchmark tiers they cost more than the
/// cells' own warm answers: BENCHMARKS.md, "The audit from one feasible
/// point".)
pub(super) fn prove(
    table: &Table,
    status: &[Status],
    threshold: Thresholds,
    cells: &[usize],
    doomed: &[bool],
    start: Vec<Sides>,
) -> Vec<Sides> {
    let p = Prover::new(table, status, threshold, cells);
    let sides = p.at_value(start);
    sides
        .into_par_iter()
        .enumerate()
        .map(|(k, s)| if doomed[k] { s } else { p.settle(k, s) })
        .collect()
}

/// [`prove`] when only all of `cells` proven will do: `None` as soon as
/// one is not.
pub(super) fn prove_every(
    table: &Table,
    status: &[Status],
    threshold: Thresholds,
    cells: &[usize],
    start: Vec<Sides>,
) -> Option<Vec<Sides>> {
    let p = Prover::new(table, status, threshold, cells);
    let sides = p.at_value(start);
    sides
        .into_par_iter()
        .enumerate()
        .map(|(k, s)| {
            let s = p.settle(k, s);
            s.ok().then_some(s)
        })
        .collect()
}

/// The programme of one pattern and what each of `cells` needs.
struct Prover<'a> {
    table: &'a Table,
    cells: &'a [usize],
    ends: Vec<Ends>,
    lp: Lp<'a>,
    /// The programme's feasible point that the cells' own programmes
    /// start from, solved when the first needs it.
    base: OnceLock<Option<Base>>,
}

impl<'a> Prover<'a> {
    fn new(
        table: &'a Table,
        status: &'a [Status],
        threshold: Thresholds<'a>,
        cells: &'a [usize],
    ) -> Self {
        let ends = cells
            .iter()
            .map(|&c| {
                let (v, t) = (table.cells[c].value, threshold.of(c));
                ends(v, need(v, status[c], t), t)
            })
            .collect();
        Prover {
            table,
            cells,
            ends,
            lp: Lp::new(table, status, threshold),
            base: OnceLock::new(),
        }
    }

    /// The ends the true value already reaches.
    fn at_value(&self, mut sides: Vec<Sides>) -> Vec<Sides> {
        for (k, s) in sides.iter_mut().enumerate() {
            let v = self.table.cells[self.cells[k]].value as f64;
            if v >= self.ends[k].up {
                s.up = Some(Witness::Value);
            }
            if v <= self.ends[k].down {
                s.down = Some(Witness::Value);
            }
        }
        sides
    }

    /// Cell `k`'s own programmes for the ends still unproven.
    fn settle(&self, k: usize, mut s: Sides) -> Sides {
        if s.ok() {
            return s;
        }
        if s.up.is_none() {
            s.up = self.one(k, OptimizationDirection::Maximize);
        }
        if !s.ok() && s.down.is_none() && !s.up_only {
            s.down = self.one(k, OptimizationDirection::Minimize);
        }
        s
    }

    /// Cell `k`'s own answer for one end: from the table's point pushed
    /// towards the end ([`Lp::reach_from_point`]), or from the programme's
    /// base point with the end as a constraint ([`Lp::reach`]), or, where
    /// that says nothing, its own programme optimised.
    fn one(&self, k: usize, dir: OptimizationDirection) -> Option<Witness> {
        let e = &self.ends[k];
        let end = match dir {
            OptimizationDirection::Maximize => e.up,
            OptimizationDirection::Minimize => e.down,
        };
        let answer = match self.table.point.is_empty() {
            true => {
                let base = self.base.get_or_init(|| self.lp.base());
                base.as_ref()
                    .and_then(|b| self.lp.reach(b, self.cells[k], dir, end))
            }
            false => self.lp.reach_from_point(self.cells[k], dir, end),
        };
        match answer {
            Some(Reach::At(atoms)) => return Some(Witness::Point(Arc::new(atoms))),
            Some(Reach::Never) => return None,
            None => {}
        }
        match self.lp.solve(self.cells[k], dir) {
            Outcome::At(x, atoms) => reaches(x, end, dir).then(|| Witness::Point(Arc::new(atoms))),
            Outcome::Unbounded => {
                (dir == OptimizationDirection::Maximize).then_some(Witness::Unbounded)
            }
            Outcome::Failed => None,
        }
    }
}
