//! What a hidden cell needs to stay protected, and the proofs that it does.
//!
//! A hidden count from 1 to threshold − 1 must keep at least two possible
//! values given everything shown and what the attacker knows (see
//! [`super::lp`]): nobody can work it out. A hidden count of at least the
//! threshold protects others and needs nothing itself.
//!
//! (A stronger rule, every small count able to reach the threshold so that
//! nobody can tell it is small, was built and measured: without
//! publishing sparse series at a coarser level first, one village with 1
//! or 2 events a month hides every month of its neighbours; see
//! BENCHMARKS.md.)

use std::sync::Arc;

use microlp::OptimizationDirection;
use rayon::prelude::*;

use super::lp::{Lp, Outcome, free_atoms};
use super::{Status, Table, bounds, span};

/// Tolerance on the solver's optimum: the counts are integers.
const EPS: f64 = 1e-6;

/// The range a hidden cell must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Nothing,
    /// A small count: at least two possible values.
    TwoValues,
}

pub fn need(value: u64, status: Status, threshold: u64) -> Need {
    match status {
        Status::Shown | Status::Large => Need::Nothing,
        Status::Small => Need::TwoValues,
        Status::Primary | Status::Secondary if (1..threshold).contains(&value) => Need::TwoValues,
        Status::Primary | Status::Secondary => Need::Nothing,
    }
}

/// The values a cell of `value` must be able to reach, one of the two: at
/// most `down` or at least `up`.
struct Ends {
    down: f64,
    up: f64,
}

fn ends(value: u64, need: Need) -> Ends {
    let v = value as f64;
    match need {
        Need::TwoValues => Ends {
            down: v - 1.0,
            up: v + 1.0,
        },
        // Nothing to reach: the true value is at both ends.
        Need::Nothing => Ends { down: v, up: v },
    }
}

/// How many more a complement should hold for hidden `cell` to reach its
/// upper end: the smallest helpful value (a part of its sum can give way by
/// all but its own floor).
pub(super) fn room(table: &Table, status: &[Status], threshold: u64, cell: usize) -> u64 {
    let value = table.cells[cell].value;
    match need(value, status[cell], threshold) {
        Need::TwoValues => 2,
        Need::Nothing => 1,
    }
}

/// The cheap answer: per cell of `cells`, whether it is pinned by the
/// shown cells' equations (see [`span`]) or by the bounds through the
/// relations (see [`bounds`]), so unprotected with no programme.
pub(super) fn pinned(
    table: &Table,
    status: &[Status],
    threshold: u64,
    cells: &[usize],
) -> Vec<bool> {
    let span = span::Span::new(table, status, &free_atoms(table, status));
    let (lo, hi) = bounds::bounds(table, status, threshold);
    cells
        .par_iter()
        .map(|&c| lo[c] == hi[c] || span.contains(&table.cells[c].atoms))
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
}

impl Sides {
    /// Whether an end the cell needs is proven: one suffices.
    pub(super) fn ok(&self) -> bool {
        self.up.is_some() || self.down.is_some()
    }

    /// Forgets the proofs that showing cell `shown` at its value breaks: a
    /// point where it has another value, and unboundedness.
    pub(super) fn keep_if_shown(&mut self, table: &Table, shown: usize) {
        let cell = &table.cells[shown];
        let holds = |w: &Option<Witness>| match w {
            Some(Witness::Value) => true,
            Some(Witness::Point(atoms)) => {
                let x: f64 = cell.atoms.iter().map(|&a| atoms[a as usize]).sum();
                (x - cell.value as f64).abs() < EPS
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
pub(super) fn bounded(table: &Table, status: &[Status], threshold: u64, cells: &[usize]) -> bool {
    let (lo, hi) = bounds::bounds(table, status, threshold);
    cells.iter().any(|&c| {
        need(table.cells[c].value, status[c], threshold) == Need::TwoValues && lo[c] == hi[c]
    })
}

/// Per cell of `cells`, which need not be [`Need::Nothing`], the proofs of
/// the ends of its range that the attacker's programme leaves it, starting
/// from `start` (proofs known to hold); see [`Sides::ok`]. Cells `doomed` are
/// not proven, with no programme.
///
/// Any feasible point of the programme in which a cell reaches an end
/// proves that end, so one programme pushing all unproven cells up at once
/// (then one pushing them down) usually proves most of them together.
/// Atoms are capped in these joint programmes so that they stay bounded; a
/// point inside the cap is a point of the uncapped programme, so the
/// proofs hold. Only the cells left unproven get their own programmes,
/// which decide exactly.
pub(super) fn prove(
    table: &Table,
    status: &[Status],
    threshold: u64,
    cells: &[usize],
    doomed: &[bool],
    start: Vec<Sides>,
) -> Vec<Sides> {
    let p = Prover::new(table, status, threshold, cells);
    let sides = p.joint(doomed, start);
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
    threshold: u64,
    cells: &[usize],
    start: Vec<Sides>,
) -> Option<Vec<Sides>> {
    let p = Prover::new(table, status, threshold, cells);
    let sides = p.joint(&vec![false; cells.len()], start);
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
    cap: f64,
}

impl<'a> Prover<'a> {
    fn new(table: &'a Table, status: &'a [Status], threshold: u64, cells: &'a [usize]) -> Self {
        let ends = cells
            .iter()
            .map(|&c| {
                let v = table.cells[c].value;
                ends(v, need(v, status[c], threshold))
            })
            .collect();
        let cap = table.cells.iter().map(|c| c.value).max().unwrap_or(0) as f64 + threshold as f64;
        Prover {
            table,
            cells,
            ends,
            lp: Lp::new(table, status, threshold),
            cap,
        }
    }

    /// The value of cell `k` of `cells` at a point.
    fn at(&self, atoms: &[f64], k: usize) -> f64 {
        self.table.cells[self.cells[k]]
            .atoms
            .iter()
            .map(|&a| atoms[a as usize])
            .sum()
    }

    /// The ends at the true value, then the joint programmes' proofs.
    fn joint(&self, doomed: &[bool], mut sides: Vec<Sides>) -> Vec<Sides> {
        let ends = &self.ends;
        for (k, s) in sides.iter_mut().enumerate() {
            let v = self.table.cells[self.cells[k]].value as f64;
            if v >= ends[k].up {
                s.up = Some(Witness::Value);
            }
            if v <= ends[k].down {
                s.down = Some(Witness::Value);
            }
        }
        loop {
            let pending: Vec<usize> = (0..self.cells.len())
                .filter(|&k| !doomed[k] && !sides[k].ok())
                .collect();
            let lacking = |side: fn(&Sides) -> bool| -> Vec<usize> {
                pending
                    .iter()
                    .filter(|&&k| !side(&sides[k]))
                    .map(|&k| self.cells[k])
                    .collect()
            };
            let ups = lacking(|s| s.up.is_some());
            let downs = lacking(|s| s.down.is_some());
            if ups.is_empty() && downs.is_empty() {
                return sides;
            }
            let solve = |cells: &[usize], dir| match cells.is_empty() {
                true => Outcome::Failed,
                false => self.lp.solve(cells, dir, Some(self.cap)),
            };
            let (high, low) = rayon::join(
                || solve(&ups, OptimizationDirection::Maximize),
                || solve(&downs, OptimizationDirection::Minimize),
            );
            let mut progress = false;
            for atoms in [high, low].into_iter().filter_map(|o| match o {
                Outcome::At(_, atoms) => Some(Arc::new(atoms)),
                _ => None,
            }) {
                for &k in &pending {
                    let x = self.at(&atoms, k);
                    if sides[k].up.is_none() && x >= ends[k].up - EPS {
                        sides[k].up = Some(Witness::Point(atoms.clone()));
                        progress = true;
                    }
                    if sides[k].down.is_none() && x <= ends[k].down + EPS {
                        sides[k].down = Some(Witness::Point(atoms.clone()));
                        progress = true;
                    }
                }
            }
            if !progress {
                return sides;
            }
        }
    }

    /// Cell `k`'s own programmes for the ends still unproven.
    fn settle(&self, k: usize, mut s: Sides) -> Sides {
        if s.ok() {
            return s;
        }
        if s.up.is_none() {
            s.up = self.one(k, OptimizationDirection::Maximize);
        }
        if !s.ok() && s.down.is_none() {
            s.down = self.one(k, OptimizationDirection::Minimize);
        }
        s
    }

    fn one(&self, k: usize, dir: OptimizationDirection) -> Option<Witness> {
        let e = &self.ends[k];
        match self.lp.solve(&[self.cells[k]], dir, None) {
            Outcome::At(x, atoms) => {
                let reached = match dir {
                    OptimizationDirection::Maximize => x >= e.up - EPS,
                    OptimizationDirection::Minimize => x <= e.down + EPS,
                };
                reached.then(|| Witness::Point(Arc::new(atoms)))
            }
            Outcome::Unbounded => {
                (dir == OptimizationDirection::Maximize).then_some(Witness::Unbounded)
            }
            Outcome::Failed => None,
        }
    }
}
