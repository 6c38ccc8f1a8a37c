//! The attacker's linear programme: what the published cells and the
//! attacker's knowledge leave possible for the atoms.
//!
//! The attacker knows every shown cell's value, that every atom is at least
//! 0, and of a hidden cell only what the pages told: nothing but its floor
//! (at least 1, since zeros are always shown; a hidden 0 of an earlier
//! release gets 0), or, where an earlier release marked small counts
//! "fewer than 3", that a marked one lies within 1 … threshold − 1
//! ([`Status::Small`]) and an unmarked one is at least the threshold
//! ([`Status::Large`]).

use microlp::{ComparisonOp, OptimizationDirection, Problem, Solution, SolveOptions, Variable};

use super::{Status, Table, Thresholds};

/// The optimum of one linear programme, with the atoms' values.
pub(super) enum Outcome {
    At(f64, Vec<f64>),
    Unbounded,
    Failed,
}

/// The smallest value the attacker knows hidden cell of `value` to have.
pub(super) fn floor(value: u64) -> u64 {
    value.min(1)
}

/// How far a solver's point may miss a constraint, or its optimum an end,
/// and still be taken as meeting it: the counts are integers, the
/// solver's tolerance far finer.
pub(super) const TOLERANCE: f64 = 1e-6;

/// Whether a cell at `x` has reached `end`: at least it going up, at most
/// going down (within [`TOLERANCE`]).
pub(super) fn reaches(x: f64, end: f64, dir: OptimizationDirection) -> bool {
    match dir {
        OptimizationDirection::Maximize => x >= end - TOLERANCE,
        OptimizationDirection::Minimize => x <= end + TOLERANCE,
    }
}

/// A feasible point of one programme, solved once, that [`Lp::reach`]
/// starts from.
pub(super) struct Base {
    solution: Solution,
    frame: Frame,
}

/// What [`Lp::reach`] found.
pub(super) enum Reach {
    /// The cell reaches the end at this point (every atom's value).
    At(Vec<f64>),
    /// The solver proved it cannot.
    Never,
}

/// Per atom, whether it can be non-zero: atoms inside a shown zero cell
/// are 0, and so is every side of a link one of whose sides is all zero.
pub(super) fn free_atoms(table: &Table, status: &[Status]) -> Vec<bool> {
    let mut free = vec![true; table.atoms()];
    for (cell, _) in table
        .cells
        .iter()
        .zip(status)
        .filter(|(c, s)| **s == Status::Shown && c.value == 0)
    {
        for &a in &cell.atoms {
            free[a as usize] = false;
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for link in &table.links {
            let zero = link
                .iter()
                .any(|side| side.iter().all(|&a| !free[a as usize]));
            for &a in link.iter().flatten() {
                changed |= zero && std::mem::replace(&mut free[a as usize], false);
            }
        }
    }
    free
}

/// The programme over the atoms of one table: every atom ≥ 0, every shown
/// cell equal to its value, every hidden cell at least its floor, a cell
/// told small within 1 … threshold − 1. Atoms inside a shown zero cell are
/// 0 and left out.
pub(super) struct Lp<'a> {
    table: &'a Table,
    status: &'a [Status],
    threshold: Thresholds<'a>,
    /// Per atom, its value where fixed (pinned at 0, or at the table's
    /// point), `None` for a variable.
    fixed: Vec<Option<f64>>,
    /// Per cell, whether its constraint follows from others' (see
    /// [`implied`]) and is left out.
    implied: Vec<bool>,
    /// The point's value from which an atom's constraint is left out of
    /// the looser programme ([`Origin::Loose`]): the largest threshold.
    loose_from: f64,
}

/// Per cell, whether it is shown and the sum of shown parts of a relation
/// whose atoms divide its own among them (a quarter's total when its
/// months' totals are shown): its equation is the sum of theirs, so the
/// programme without it has the same points, and fewer, sparser rows.
/// Each part has fewer atoms than its total, so no equation is left out
/// on the strength of one left out on the strength of it.
fn implied(table: &Table, status: &[Status]) -> Vec<bool> {
    let mut out = vec![false; table.cells.len()];
    let shown = |i: usize| status[i] == Status::Shown;
    for rel in table
        .relations
        .iter()
        .filter(|r| r.len() > 2 && shown(r[0]))
    {
        let total = &table.cells[rel[0]].atoms;
        let parts = &rel[1..];
        if out[rel[0]]
            || !parts.iter().all(|&p| shown(p))
            || parts
                .iter()
                .any(|&p| table.cells[p].atoms.len() >= total.len())
        {
            continue;
        }
        let mut union: Vec<u32> = (parts.iter())
            .flat_map(|&p| table.cells[p].atoms.iter().copied())
            .collect();
        union.sort_unstable();
        let mut whole = total.clone();
        whole.sort_unstable();
        out[rel[0]] = union == whole;
    }
    out
}

/// Per atom, its fixed value: 0 where [`free_atoms`] pins it, and, where
/// the table has a point (see [`Table::point`]), that point's value for
/// every atom that no hidden cell contains.
///
/// Why that is safe: the point agrees with every constraint, so fixing
/// atoms at it leaves a slice of the attacker's programme that holds the
/// point, and every range found in the slice lies inside the attacker's
/// range. A hidden count the slice proves able to reach its threshold can
/// reach it. The slice may prove less (a move of a hidden count that
/// needs an atom fixed here), and then more is hidden: never less safe.
/// A shown cell's atoms are all fixed unless a hidden cell shares them, so
/// the programme has variables only where counts are hidden (on the
/// medium benchmark tier about 100 of 240 per year).
fn fixed_atoms(table: &Table, status: &[Status]) -> Vec<Option<f64>> {
    let free = free_atoms(table, status);
    // Without a point every atom is a variable, as in the exact programme.
    let mut touched = vec![table.point.is_empty(); free.len()];
    for (cell, _) in table.cells.iter().zip(status).filter(|(_, s)| s.hidden()) {
        for &a in &cell.atoms {
            touched[a as usize] = true;
        }
    }
    (0..free.len())
        .map(|a| match (free[a], touched[a]) {
            (false, _) => Some(0.0),
            (true, true) => None,
            (true, false) => Some(table.point[a] as f64),
        })
        .collect()
}

/// How a programme's variables stand for the atoms: each atom's value is
/// `shift` plus its variable's (a fixed atom has none).
pub(super) struct Frame {
    vars: Vec<Option<Variable>>,
    shift: Vec<f64>,
    /// Whether an atom's constraint was left out ([`Origin::Loose`]).
    loose: bool,
}

impl Frame {
    /// The atoms' part that is not variable, of a sum of atoms.
    fn constant(&self, atoms: &[u32]) -> f64 {
        atoms.iter().map(|&a| self.shift[a as usize]).sum()
    }

    /// The variables' part of a sum of atoms, each with `sign`.
    fn expr(&self, atoms: &[u32], sign: f64) -> Vec<(Variable, f64)> {
        (atoms.iter())
            .filter_map(|&a| self.vars[a as usize])
            .map(|v| (v, sign))
            .collect()
    }

    /// Every atom's value at solution `s`.
    fn atoms(&self, s: &Solution) -> Vec<f64> {
        (self.vars.iter().zip(&self.shift))
            .map(|(v, shift)| shift + v.map_or(0.0, |v| s.var_value(v)))
            .collect()
    }
}

/// Where a programme's variables are zero.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Every atom 0: variables are the atoms, each at least 0.
    Zero,
    /// At the table's point ([`Table::point`]): variables are the atoms'
    /// differences from it, free (where the point's atom is 0: at least 0),
    /// with a constraint keeping each atom at least 0. The solver starts
    /// where every variable is 0, which meets every constraint, so it needs
    /// no first phase to find a feasible point.
    Point,
    /// [`Origin::Point`] without the constraints of the atoms at or above
    /// the largest threshold: a looser programme, with fewer rows, whose
    /// points may leave an atom below 0 (see [`Lp::reach_from_point`]).
    Loose,
}

impl<'a> Lp<'a> {
    pub(super) fn new(table: &'a Table, status: &'a [Status], threshold: Thresholds<'a>) -> Lp<'a> {
        Lp {
            table,
            status,
            threshold,
            fixed: fixed_atoms(table, status),
            implied: implied(table, status),
            loose_from: (0..table.cells.len())
                .map(|i| threshold.of(i))
                .max()
                .unwrap_or(0) as f64,
        }
    }

    /// Optimises cell `target`.
    pub(super) fn solve(&self, target: usize, dir: OptimizationDirection) -> Outcome {
        let (p, frame) = self.problem(Some(target), dir, Origin::Zero);
        match p.solve() {
            Ok(outcome) => match outcome.into_solution() {
                Ok(s) => {
                    let fixed = frame.constant(&self.table.cells[target].atoms);
                    Outcome::At(s.objective() + fixed, frame.atoms(&s))
                }
                Err(_) => Outcome::Failed,
            },
            Err(microlp::Error::Unbounded) => Outcome::Unbounded,
            Err(_) => Outcome::Failed,
        }
    }

    /// The programme optimising cell `target` (with none: no objective),
    /// its variables standing for the atoms as `origin` says.
    fn problem(
        &self,
        target: Option<usize>,
        dir: OptimizationDirection,
        origin: Origin,
    ) -> (Problem, Frame) {
        let mut coeff = vec![0.0; self.fixed.len()];
        for &a in target.iter().flat_map(|&t| &self.table.cells[t].atoms) {
            coeff[a as usize] += 1.0;
        }
        let mut p = Problem::new(dir);
        let shift: Vec<f64> = (self.fixed.iter().enumerate())
            .map(|(a, f)| match (f, origin) {
                (Some(f), _) => *f,
                (None, Origin::Zero) => 0.0,
                (None, Origin::Point | Origin::Loose) => self.table.point[a] as f64,
            })
            .collect();
        // An atom at 0 at the origin keeps its bound: the solver starts a
        // variable with a bound at it.
        let vars: Vec<_> = (0..self.fixed.len())
            .map(|a| {
                let bounds = match shift[a] > 0.0 {
                    false => (0.0, f64::INFINITY),
                    true => (f64::NEG_INFINITY, f64::INFINITY),
                };
                self.fixed[a].is_none().then(|| p.add_var(coeff[a], bounds))
            })
            .collect();
        let mut loose = false;
        for (v, shift) in vars.iter().zip(&shift) {
            let Some(v) = v.filter(|_| *shift > 0.0) else {
                continue;
            };
            if origin == Origin::Loose && *shift >= self.loose_from {
                loose = true;
            } else {
                p.add_constraint([(v, 1.0)], ComparisonOp::Ge, -shift);
            }
        }
        let frame = Frame { vars, shift, loose };
        self.add_cells(&mut p, &frame);
        for link in &self.table.links {
            for k in 1..link.len() {
                let mut expr = frame.expr(&link[0], 1.0);
                expr.extend(frame.expr(&link[k], -1.0));
                if !expr.is_empty() {
                    let rhs = frame.constant(&link[k]) - frame.constant(&link[0]);
                    p.add_constraint(expr.as_slice(), ComparisonOp::Eq, rhs);
                }
            }
        }
        (p, frame)
    }

    /// Every cell's constraint: a shown cell equal to its value, a hidden
    /// one at least its floor (within 1 … threshold − 1 when told small, at
    /// least the threshold when told not).
    fn add_cells(&self, p: &mut Problem, frame: &Frame) {
        for (i, cell) in self.table.cells.iter().enumerate() {
            let expr = frame.expr(&cell.atoms, 1.0);
            if expr.is_empty() || self.implied[i] {
                continue;
            }
            let fixed = frame.constant(&cell.atoms);
            let value = cell.value as f64 - fixed;
            match self.status[i] {
                Status::Shown => p.add_constraint(expr.as_slice(), ComparisonOp::Eq, value),
                Status::Small => {
                    p.add_constraint(expr.as_slice(), ComparisonOp::Ge, 1.0 - fixed);
                    let most = (self.threshold.of(i) - 1) as f64 - fixed;
                    p.add_constraint(expr.as_slice(), ComparisonOp::Le, most);
                }
                Status::Large => {
                    let least = self.threshold.of(i) as f64 - fixed;
                    p.add_constraint(expr.as_slice(), ComparisonOp::Ge, least)
                }
                Status::Primary | Status::Secondary | Status::Legacy if cell.value >= 1 => {
                    p.add_constraint(expr.as_slice(), ComparisonOp::Ge, 1.0 - fixed)
                }
                Status::Primary | Status::Secondary | Status::Legacy => {}
            }
        }
    }

    /// A feasible point of the programme (no objective), to start the
    /// programmes of [`Lp::reach`] from; `None` where the solver finds
    /// none. (A table with a point has one already: see
    /// [`Lp::reach_from_point`].)
    pub(super) fn base(&self) -> Option<Base> {
        let (p, frame) = self.problem(None, OptimizationDirection::Maximize, Origin::Zero);
        let solution = p.solve().ok()?.into_solution().ok()?;
        Some(Base { solution, frame })
    }

    /// Whether cell `target` can reach `end`, where the table has a point:
    /// its own programme from the point (see [`Origin::Point`]), optimised
    /// towards `end` and no further (a constraint stops it there), by the
    /// primal simplex from a start that meets every constraint.
    ///
    /// First without the constraints that keep the atoms at or above the
    /// largest threshold at least 0 ([`Origin::Loose`]): a proof moves an
    /// atom by a few counts, so such an atom stays at least 0 at the point
    /// found almost always, and [`Lp::holds`] checks that it does. A looser
    /// programme that cannot reach the end proves the attacker's cannot
    /// either (it has every point the attacker's has). Where its point
    /// fails [`Lp::holds`] (an atom below 0, or a cell out of its bounds),
    /// or it says nothing, the whole programme is solved. So whether a
    /// count reaches its end is the whole programme's answer; the point
    /// that shows it may differ.
    pub(super) fn reach_from_point(
        &self,
        target: usize,
        dir: OptimizationDirection,
        end: f64,
    ) -> Option<Reach> {
        match self.reach_within(target, dir, end, Origin::Loose) {
            (None, true) => self.reach_within(target, dir, end, Origin::Point).0,
            (reach, _) => reach,
        }
    }

    /// [`Lp::reach_from_point`] in the looser programme alone, and
    /// whether it left out an atom's constraint (for the tests).
    #[cfg(test)]
    pub(super) fn reach_loose(
        &self,
        target: usize,
        dir: OptimizationDirection,
        end: f64,
    ) -> (Option<Reach>, bool) {
        self.reach_within(target, dir, end, Origin::Loose)
    }

    /// [`Lp::reach_from_point`] in the whole programme alone.
    #[cfg(test)]
    pub(super) fn reach_whole(
        &self,
        target: usize,
        dir: OptimizationDirection,
        end: f64,
    ) -> Option<Reach> {
        self.reach_within(target, dir, end, Origin::Point).0
    }

    /// [`Lp::reach_from_point`] in the programme `origin` gives, and
    /// whether any atom's constraint was left out of it.
    fn reach_within(
        &self,
        target: usize,
        dir: OptimizationDirection,
        end: f64,
        origin: Origin,
    ) -> (Option<Reach>, bool) {
        let (p, frame) = self.problem(Some(target), dir, origin);
        let loose = frame.loose;
        (self.push(p, frame, target, dir, end), loose)
    }

    /// Pushes cell `target` of programme `p` towards `end` from the point.
    fn push(
        &self,
        mut p: Problem,
        frame: Frame,
        target: usize,
        dir: OptimizationDirection,
        end: f64,
    ) -> Option<Reach> {
        let atoms = &self.table.cells[target].atoms;
        let expr = frame.expr(atoms, 1.0);
        // At the point (every variable 0) the cell has its true value: it
        // may be at the end already, and the constraint would cut the point
        // off.
        if reaches(frame.constant(atoms), end, dir) {
            let point = frame.shift;
            return self.holds(&point).then_some(Reach::At(point));
        }
        if expr.is_empty() {
            return None;
        }
        let op = match dir {
            OptimizationDirection::Maximize => ComparisonOp::Le,
            OptimizationDirection::Minimize => ComparisonOp::Ge,
        };
        p.add_constraint(expr.as_slice(), op, end - frame.constant(atoms));
        let mut options = SolveOptions::default();
        options.presolve = false;
        let s = p.solve_with(options).ok()?.into_solution().ok()?;
        let point = frame.atoms(&s);
        let x: f64 = atoms.iter().map(|&a| point[a as usize]).sum();
        if !self.holds(&point) {
            return None;
        }
        Some(match reaches(x, end, dir) {
            true => Reach::At(point),
            false => Reach::Never,
        })
    }

    /// Whether cell `target` can reach `end` (at least `end` going up, at
    /// most going down): the base's programme with that one constraint
    /// added, solved from the base's point (a few dual simplex steps,
    /// where a programme of its own starts from nothing). [`Reach::At`]
    /// with the point where it does, [`Reach::Never`] where the solver
    /// proves it cannot, `None` where it fails to say or its point does not
    /// meet every constraint: the caller solves the cell's own programme
    /// then.
    pub(super) fn reach(
        &self,
        base: &Base,
        target: usize,
        dir: OptimizationDirection,
        end: f64,
    ) -> Option<Reach> {
        let atoms = &self.table.cells[target].atoms;
        let expr = base.frame.expr(atoms, 1.0);
        let op = match dir {
            OptimizationDirection::Maximize => ComparisonOp::Ge,
            OptimizationDirection::Minimize => ComparisonOp::Le,
        };
        let rhs = end - base.frame.constant(atoms);
        if expr.is_empty() {
            return None;
        }
        match base
            .solution
            .clone()
            .add_constraint(expr.as_slice(), op, rhs)
        {
            Ok(outcome) => {
                let s = outcome.into_solution().ok()?;
                let point = base.frame.atoms(&s);
                let x: f64 = atoms.iter().map(|&a| point[a as usize]).sum();
                (reaches(x, end, dir) && self.holds(&point)).then_some(Reach::At(point))
            }
            Err(microlp::Error::Infeasible) => Some(Reach::Never),
            Err(_) => None,
        }
    }

    /// Whether `point` meets every constraint of the programme (within
    /// [`TOLERANCE`]): a check of the solver's answer, so that a point it
    /// got wrong never proves a cell protected.
    fn holds(&self, point: &[f64]) -> bool {
        let at = |atoms: &[u32]| -> f64 { atoms.iter().map(|&a| point[a as usize]).sum() };
        let atoms_ok = point.iter().all(|&x| x >= -TOLERANCE);
        let cells_ok = (self.table.cells.iter().zip(self.status).enumerate()).all(|(i, (c, s))| {
            let x = at(&c.atoms);
            let t = self.threshold.of(i) as f64;
            match s {
                Status::Shown => (x - c.value as f64).abs() <= TOLERANCE,
                Status::Small => x >= 1.0 - TOLERANCE && x <= t - 1.0 + TOLERANCE,
                Status::Large => x >= t - TOLERANCE,
                Status::Primary | Status::Secondary | Status::Legacy => {
                    x >= floor(c.value) as f64 - TOLERANCE
                }
            }
        });
        let links_ok = (self.table.links.iter()).all(|link| {
            (link[1..].iter()).all(|side| (at(side) - at(&link[0])).abs() <= TOLERANCE)
        });
        atoms_ok && cells_ok && links_ok
    }

    /// The smallest and largest value cell `target` can take
    /// (`f64::INFINITY` when unbounded above). Where the solver fails, the
    /// side collapses to the true value: a failure never makes a cell look
    /// protected.
    pub(super) fn range(&self, target: usize) -> (f64, f64) {
        let v = self.table.cells[target].value as f64;
        let lo = match self.solve(target, OptimizationDirection::Minimize) {
            Outcome::At(x, _) => x,
            Outcome::Unbounded | Outcome::Failed => v,
        };
        let hi = match self.solve(target, OptimizationDirection::Maximize) {
            Outcome::At(x, _) => x,
            Outcome::Unbounded => f64::INFINITY,
            Outcome::Failed => v,
        };
        (lo, hi)
    }
}
