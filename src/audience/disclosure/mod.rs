//! Disclosure control for the public output: primary and secondary
//! suppression, proven by an exact audit of the linear constraints.
//!
//! Everything a public output shows about counts is a *cell*: the sum of
//! some *atoms* (for instance month × category × area counts). Cells with a
//! value from 1 to threshold − 1 are suppressed (*primary*). That alone is
//! not enough: a hidden cell can be worked out by subtracting the shown
//! parts from a shown total. So more cells are suppressed (*secondary*)
//! until the audit proves, for every hidden cell, that the shown cells
//! leave its value open: the smallest and largest values it can take, by
//! linear programming over all atoms (each ≥ 0) with every shown cell fixed
//! at its value and every primary cell within 1 … threshold − 1, differ by
//! at least 1. The audit assumes an attacker who knows which hidden cells
//! are primary, which is stricter than what the pages tell.

mod bounds;
mod span;
pub mod versions;

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use rayon::prelude::*;

/// One published number: the sum of its atoms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Distinct atom indexes.
    pub atoms: Vec<u32>,
    pub value: u64,
}

/// The cells of one independent part of the output (for calendar reports:
/// one year), and the known sums among them as `[total, part, part, …]`,
/// which the suppression uses as a first, fast pass before the audit.
///
/// `links` are equalities that always hold and are never published: the
/// atoms of every side of a link add up to the same number. They let a
/// table use the one-way marginals of a product as its atoms (a month's
/// counts per category, and per area, linked by the month's total) instead
/// of every combination (month × category × area): any non-negative
/// marginals with equal sums are the marginals of some non-negative table
/// (for instance rᵢ·sⱼ / total), so when the cells are sums of marginals
/// the attacker's programme is the same and many times smaller.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub cells: Vec<Cell>,
    pub relations: Vec<Vec<usize>>,
    pub links: Vec<Vec<Vec<u32>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Shown,
    /// 1 … threshold − 1.
    Primary,
    /// Hidden so that a primary cell cannot be worked out.
    Secondary,
}

impl Status {
    pub fn hidden(self) -> bool {
        self != Status::Shown
    }
}

/// Decides which cells to hide. The result passes [`audit`].
pub fn protect(table: &Table, threshold: u64) -> Vec<Status> {
    let status: Vec<Status> = table
        .cells
        .iter()
        .map(|c| initial_status(c.value, threshold))
        .collect();
    protect_locked(table, threshold, status, &vec![false; table.cells.len()])
}

/// Primary when the value is 1 … threshold − 1, else shown.
pub fn initial_status(value: u64, threshold: u64) -> Status {
    if value >= 1 && value < threshold {
        Status::Primary
    } else {
        Status::Shown
    }
}

/// [`protect`] starting from `status`, never changing a `locked` cell:
/// numbers already published (a released ledger's history) keep the
/// status they were published with, and only the others are hidden to
/// protect them. Where the locked cells themselves pin a hidden one, the
/// result does not pass [`audit`]; the caller checks.
pub fn protect_locked(
    table: &Table,
    threshold: u64,
    mut status: Vec<Status>,
    locked: &[bool],
) -> Vec<Status> {
    if !status.iter().any(|s| s.hidden()) {
        return status;
    }
    // Hiding more only loosens the constraints, so a cell once proven open
    // stays open: each round audits only the cells not yet proven. A
    // secondary cell that the shown cells already determine protects
    // nothing and tells nothing new: it is shown again ("revealed"), at
    // most once, and picked again only as a last resort. So every cell
    // changes status a bounded number of times and the loop ends.
    let mut open = vec![false; table.cells.len()];
    let mut revealed = locked.to_vec();
    loop {
        relation_pass(table, &mut status, &revealed);
        let candidates: Vec<usize> = (0..table.cells.len())
            .filter(|&i| status[i].hidden() && !open[i])
            .collect();
        // Cells pinned without a programme are dealt with first: the rest
        // are audited once no such cell is left, since the complements
        // hidden for these may open them anyway.
        let determined = determined(table, &status, threshold, &candidates);
        let mut exposed: Vec<usize> = candidates
            .iter()
            .zip(&determined)
            .filter(|(_, d)| **d)
            .map(|(&i, _)| i)
            .collect();
        if exposed.is_empty() {
            let proven = prove_open(table, &status, threshold, &candidates, &determined);
            for (&i, ok) in candidates.iter().zip(proven) {
                open[i] = ok;
                if !ok {
                    exposed.push(i);
                }
            }
        }
        if exposed.is_empty() {
            return status;
        }
        let mut progress = false;
        for &cell in &exposed {
            let small = table.cells[cell].value > 0 && table.cells[cell].value < threshold;
            if status[cell] == Status::Secondary && !small && !revealed[cell] {
                status[cell] = Status::Shown;
                revealed[cell] = true;
                progress = true;
            } else if let Some(c) = complement(table, &status, &revealed, cell) {
                status[c] = Status::Secondary;
                progress = true;
            } else if locked[cell] {
                // Nothing unlocked is left to hide for it; the caller's
                // audit reports it.
            } else if status[cell] == Status::Primary {
                // Nothing shown is left to hide, so the bounds of the
                // primary cells pin the value (say 1 + 1 = a total below
                // 3). Then stop telling that it is small: shown as hidden,
                // without "fewer than 3", it is secondary.
                status[cell] = Status::Secondary;
                progress = true;
            } else if let Some(c) = last_resort(table, &status, locked, cell) {
                status[c] = Status::Secondary;
                progress = true;
            }
        }
        if !progress {
            for (s, _) in status
                .iter_mut()
                .zip(locked)
                .filter(|(s, l)| !s.hidden() && !**l)
            {
                *s = Status::Secondary;
            }
            return status;
        }
    }
}

/// In every sum with exactly one hidden member, hides one more: the
/// smallest shown non-zero member, parts before the total. A zero protects
/// nothing (it would only be a hidden zero), and a revealed cell is
/// determined anyway, so neither is picked.
fn relation_pass(table: &Table, status: &mut [Status], revealed: &[bool]) {
    loop {
        let mut changed = false;
        for rel in &table.relations {
            if rel.iter().filter(|&&c| status[c].hidden()).count() != 1 {
                continue;
            }
            let pick = rel
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    !status[**c].hidden() && !revealed[**c] && table.cells[**c].value > 0
                })
                .min_by_key(|(pos, c)| (*pos == 0, table.cells[**c].value, **c))
                .map(|(_, c)| *c);
            if let Some(c) = pick {
                status[c] = Status::Secondary;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// A cell to hide so that `cell` is no longer pinned: the smallest shown
/// non-zero part of a sum that `cell` is a part of (another area of the
/// same month, say), since only a second unknown in the same sum lets it
/// move; else the smallest shown non-zero cell sharing an atom with it.
fn complement(table: &Table, status: &[Status], revealed: &[bool], cell: usize) -> Option<usize> {
    let pickable = |i: usize| !status[i].hidden() && !revealed[i] && table.cells[i].value > 0;
    let sibling = smallest(
        table,
        table
            .relations
            .iter()
            .filter(|rel| rel[1..].contains(&cell))
            .flat_map(|rel| rel[1..].iter().copied())
            .filter(|&i| pickable(i)),
    );
    sibling.or_else(|| smallest(table, sharing(table, cell).filter(|&i| pickable(i))))
}

/// The last resort before hiding the whole table: the smallest shown cell
/// sharing an atom with `cell`, revealed or zero (a shown zero pins its
/// atoms at 0, so hiding it frees them).
fn last_resort(table: &Table, status: &[Status], locked: &[bool], cell: usize) -> Option<usize> {
    smallest(
        table,
        sharing(table, cell).filter(|&i| !status[i].hidden() && !locked[i]),
    )
}

/// The cells that share an atom with `cell`, counting the atoms of the
/// product behind a link: cells on different sides of a link (a month's
/// category and one of its areas) share the combinations of their atoms.
fn sharing(table: &Table, cell: usize) -> impl Iterator<Item = usize> + '_ {
    let atoms = &table.cells[cell].atoms;
    let touches = |cell: &Cell, side: &[u32]| cell.atoms.iter().any(|a| side.contains(a));
    let sides: Vec<(usize, usize)> = table
        .links
        .iter()
        .enumerate()
        .flat_map(|(l, link)| {
            link.iter()
                .enumerate()
                .filter(|(_, side)| touches(&table.cells[cell], side))
                .map(move |(k, _)| (l, k))
        })
        .collect();
    (0..table.cells.len()).filter(move |&i| {
        let other = &table.cells[i];
        other.atoms.iter().any(|a| atoms.contains(a))
            || sides.iter().any(|&(l, k)| {
                let link = &table.links[l];
                (0..link.len()).any(|j| j != k && touches(other, &link[j]))
            })
    })
}

fn smallest(table: &Table, cells: impl Iterator<Item = usize>) -> Option<usize> {
    cells.min_by_key(|&i| (table.cells[i].value, i))
}

/// The hidden cells whose value the shown cells determine (range below 1).
pub fn audit(table: &Table, status: &[Status], threshold: u64) -> Vec<usize> {
    let hidden: Vec<usize> = (0..table.cells.len())
        .filter(|&i| status[i].hidden())
        .collect();
    let determined = determined(table, status, threshold, &hidden);
    let open = prove_open(table, status, threshold, &hidden, &determined);
    hidden
        .into_iter()
        .zip(open)
        .filter(|(_, ok)| !ok)
        .map(|(i, _)| i)
        .collect()
}

/// Whether each of the hidden `cells` can take at least two values: the
/// answer of [`Lp::is_open`] for every one, found with far fewer programmes.
///
/// The cells that [`determined`] pins are not open, with no programme.
/// Any feasible point of the attacker's programme in which a cell lies 1
/// or more from its true value proves that cell open, so one programme
/// that pushes all unproven cells up at once (then one pushing them down)
/// usually proves most of them together. Atoms are capped in these joint
/// programmes so that they stay bounded; a point inside the cap is a point
/// of the uncapped programme, so the proofs hold. Only the cells left
/// unproven get their own programmes, which decide exactly.
fn prove_open(
    table: &Table,
    status: &[Status],
    threshold: u64,
    cells: &[usize],
    determined: &[bool],
) -> Vec<bool> {
    let mut open = vec![false; cells.len()];
    let cap = table.cells.iter().map(|c| c.value).max().unwrap_or(0) as f64 + threshold as f64;
    let lp = Lp::new(table, status, threshold);
    loop {
        let pending: Vec<usize> = (0..cells.len())
            .filter(|&k| !open[k] && !determined[k])
            .collect();
        if pending.is_empty() {
            break;
        }
        let target: Vec<usize> = pending.iter().map(|&k| cells[k]).collect();
        let (up, down) = rayon::join(
            || lp.solve(&target, OptimizationDirection::Maximize, Some(cap)),
            || lp.solve(&target, OptimizationDirection::Minimize, Some(cap)),
        );
        let mut progress = false;
        for atoms in [up, down].into_iter().filter_map(|o| match o {
            Outcome::At(_, atoms) => Some(atoms),
            _ => None,
        }) {
            for &k in &pending {
                let cell = &table.cells[cells[k]];
                let x: f64 = cell.atoms.iter().map(|&a| atoms[a as usize]).sum();
                if !open[k] && (x - cell.value as f64).abs() >= 1.0 - 1e-6 {
                    open[k] = true;
                    progress = true;
                }
            }
        }
        if !progress {
            break;
        }
    }
    let rest: Vec<usize> = (0..cells.len())
        .filter(|&k| !open[k] && !determined[k])
        .collect();
    let decided: Vec<bool> = rest.par_iter().map(|&k| lp.is_open(cells[k])).collect();
    for (k, ok) in rest.into_iter().zip(decided) {
        open[k] = ok;
    }
    open
}

/// Per cell of `cells`, whether the shown cells pin it by their equations
/// (see [`span`]) or, through the relations, by their bounds (see
/// [`bounds`]): not open, known without a programme.
fn determined(table: &Table, status: &[Status], threshold: u64, cells: &[usize]) -> Vec<bool> {
    let span = span::Span::new(table, status, &free_atoms(table, status));
    let pinned = bounds::pinned(table, status, threshold);
    cells
        .par_iter()
        .map(|&c| pinned[c] || span.contains(&table.cells[c].atoms))
        .collect()
}

/// The smallest and largest value hidden cell `target` can take given
/// everything shown (`f64::INFINITY` when unbounded above). Where the
/// solver fails, the side collapses to the true value: a failure never
/// makes a cell look protected.
pub fn range(table: &Table, status: &[Status], threshold: u64, target: usize) -> (f64, f64) {
    let v = table.cells[target].value as f64;
    let lp = Lp::new(table, status, threshold);
    let lo = match lp.solve(&[target], OptimizationDirection::Minimize, None) {
        Outcome::At(x, _) => x,
        Outcome::Unbounded | Outcome::Failed => v,
    };
    let hi = match lp.solve(&[target], OptimizationDirection::Maximize, None) {
        Outcome::At(x, _) => x,
        Outcome::Unbounded => f64::INFINITY,
        Outcome::Failed => v,
    };
    (lo, hi)
}

/// The optimum of one linear programme, with the atoms' values.
enum Outcome {
    At(f64, Vec<f64>),
    Unbounded,
    Failed,
}

/// Per atom, whether it can be non-zero: atoms inside a shown zero cell
/// are 0, and so is every side of a link one of whose sides is all zero.
fn free_atoms(table: &Table, status: &[Status]) -> Vec<bool> {
    let n = table
        .cells
        .iter()
        .flat_map(|c| c.atoms.iter())
        .chain(table.links.iter().flatten().flatten())
        .max()
        .map_or(0, |m| *m as usize + 1);
    let mut free = vec![true; n];
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

/// The attacker's linear programme over the atoms of one table: every atom
/// ≥ 0, every shown cell equal to its value, every primary cell within
/// 1 … threshold − 1. Atoms inside a shown zero cell are 0 and left out.
struct Lp<'a> {
    table: &'a Table,
    status: &'a [Status],
    threshold: u64,
    /// Per atom, whether it is a free variable (not pinned at 0).
    free: Vec<bool>,
}

impl<'a> Lp<'a> {
    fn new(table: &'a Table, status: &'a [Status], threshold: u64) -> Lp<'a> {
        Lp {
            table,
            status,
            threshold,
            free: free_atoms(table, status),
        }
    }

    /// Whether hidden cell `i` can take at least two values. The true value
    /// is always possible, so one side that reaches 1 away from it suffices.
    fn is_open(&self, i: usize) -> bool {
        let v = self.table.cells[i].value as f64;
        let up = match self.solve(&[i], OptimizationDirection::Maximize, None) {
            Outcome::At(x, _) => x - v >= 1.0 - 1e-6,
            Outcome::Unbounded => true,
            Outcome::Failed => false,
        };
        up || matches!(
            self.solve(&[i], OptimizationDirection::Minimize, None),
            Outcome::At(x, _) if v - x >= 1.0 - 1e-6
        )
    }

    /// Optimises the sum of the `targets` cells, with every atom at most
    /// `cap` when given.
    fn solve(&self, targets: &[usize], dir: OptimizationDirection, cap: Option<f64>) -> Outcome {
        let mut coeff = vec![0.0; self.free.len()];
        for &t in targets {
            for &a in &self.table.cells[t].atoms {
                coeff[a as usize] += 1.0;
            }
        }
        let mut p = Problem::new(dir);
        let upper = cap.unwrap_or(f64::INFINITY);
        let vars: Vec<_> = (0..self.free.len())
            .map(|a| self.free[a].then(|| p.add_var(coeff[a], (0.0, upper))))
            .collect();
        for (i, cell) in self.table.cells.iter().enumerate() {
            let expr: Vec<_> = cell
                .atoms
                .iter()
                .filter_map(|&a| vars[a as usize])
                .map(|v| (v, 1.0))
                .collect();
            if expr.is_empty() {
                continue;
            }
            match self.status[i] {
                Status::Shown => {
                    p.add_constraint(expr.as_slice(), ComparisonOp::Eq, cell.value as f64)
                }
                Status::Primary => {
                    p.add_constraint(expr.as_slice(), ComparisonOp::Ge, 1.0);
                    let most = (self.threshold - 1) as f64;
                    p.add_constraint(expr.as_slice(), ComparisonOp::Le, most);
                }
                Status::Secondary => {}
            }
        }
        for link in &self.table.links {
            let side = |k: usize, sign: f64| {
                link[k]
                    .iter()
                    .filter_map(|&a| vars[a as usize])
                    .map(move |v| (v, sign))
            };
            for k in 1..link.len() {
                let expr: Vec<_> = side(0, 1.0).chain(side(k, -1.0)).collect();
                if !expr.is_empty() {
                    p.add_constraint(expr.as_slice(), ComparisonOp::Eq, 0.0);
                }
            }
        }
        match p.solve() {
            Ok(outcome) => match outcome.into_solution() {
                Ok(s) => {
                    let atoms = vars
                        .iter()
                        .map(|v| v.map_or(0.0, |v| s.var_value(v)))
                        .collect();
                    Outcome::At(s.objective(), atoms)
                }
                Err(_) => Outcome::Failed,
            },
            Err(microlp::Error::Unbounded) => Outcome::Unbounded,
            Err(_) => Outcome::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(atoms: &[u32], value: u64) -> Cell {
        Cell {
            atoms: atoms.to_vec(),
            value,
        }
    }

    /// total = a + b + c with a = 2 (primary at threshold 3).
    fn one_row(a: u64, b: u64, c: u64) -> Table {
        Table {
            cells: vec![
                cell(&[0, 1, 2], a + b + c),
                cell(&[0], a),
                cell(&[1], b),
                cell(&[2], c),
            ],
            relations: vec![vec![0, 1, 2, 3]],
            links: vec![],
        }
    }

    #[test]
    fn audit_finds_a_cell_recoverable_by_subtraction() {
        let t = one_row(2, 8, 5);
        let status = [Status::Shown, Status::Primary, Status::Shown, Status::Shown];
        assert_eq!(audit(&t, &status, 3), vec![1]);
        assert_eq!(range(&t, &status, 3, 1), (2.0, 2.0));
    }

    #[test]
    fn protect_hides_a_complement() {
        let t = one_row(2, 8, 5);
        let status = protect(&t, 3);
        assert_eq!(status[1], Status::Primary);
        assert_eq!(status[3], Status::Secondary, "the smallest other part");
        assert_eq!(status[2], Status::Shown);
        assert!(audit(&t, &status, 3).is_empty());
        let (lo, hi) = range(&t, &status, 3, 1);
        assert_eq!((lo, hi), (1.0, 2.0));
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let t = one_row(0, 8, 5);
        assert!(protect(&t, 3).iter().all(|s| *s == Status::Shown));
    }

    #[test]
    fn a_small_total_hides_everything_needed() {
        // total 2 = 1 + 1 + 0: knowing that both parts are 1 or 2 and the
        // total at most 2 pins both at 1, so they must not be told small.
        let t = one_row(1, 1, 0);
        let status = protect(&t, 3);
        assert!(status[0].hidden() && status[1].hidden() && status[2].hidden());
        assert_eq!(status[3], Status::Shown, "a zero says nothing");
        assert!(audit(&t, &status, 3).is_empty());
        assert!(status.iter().filter(|s| **s == Status::Primary).count() < 3);
    }

    #[test]
    fn joint_proofs_agree_with_one_programme_per_cell() {
        // Two rows and their column sums, every cell hidden or shown in
        // turn: the joint proofs must give what the exact programmes give.
        let t = Table {
            cells: vec![
                cell(&[0, 1, 2, 3], 14),
                cell(&[0, 1], 3),
                cell(&[2, 3], 11),
                cell(&[0, 2], 6),
                cell(&[1, 3], 8),
                cell(&[0], 2),
                cell(&[1], 1),
                cell(&[2], 4),
                cell(&[3], 7),
            ],
            relations: vec![],
            links: vec![],
        };
        let mut checked = 0;
        for mask in 0u32..(1 << t.cells.len()) {
            let status: Vec<Status> = (0..t.cells.len())
                .map(|i| match (mask >> i & 1 == 1, t.cells[i].value < 3) {
                    (false, _) => Status::Shown,
                    (true, true) => Status::Primary,
                    (true, false) => Status::Secondary,
                })
                .collect();
            let hidden: Vec<usize> = (0..t.cells.len()).filter(|&i| status[i].hidden()).collect();
            let determined = determined(&t, &status, 3, &hidden);
            let joint = prove_open(&t, &status, 3, &hidden, &determined);
            let lp = Lp::new(&t, &status, 3);
            let each: Vec<bool> = hidden.iter().map(|&i| lp.is_open(i)).collect();
            assert_eq!(joint, each, "mask {mask:b}");
            checked += each.iter().filter(|ok| !**ok).count();
        }
        assert!(checked > 100, "some cells must be determined: {checked}");
    }
}
