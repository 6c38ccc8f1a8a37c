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

use microlp::{ComparisonOp, OptimizationDirection, Problem};

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
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub cells: Vec<Cell>,
    pub relations: Vec<Vec<usize>>,
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
    let mut status: Vec<Status> = table
        .cells
        .iter()
        .map(|c| if c.value >= 1 && c.value < threshold { Status::Primary } else { Status::Shown })
        .collect();
    if !status.iter().any(|s| s.hidden()) {
        return status;
    }
    loop {
        relation_pass(table, &mut status);
        let exposed = audit(table, &status, threshold);
        if exposed.is_empty() {
            return status;
        }
        let mut added = false;
        for &cell in &exposed {
            if let Some(c) = complement(table, &status, cell) {
                status[c] = Status::Secondary;
                added = true;
            }
        }
        if !added {
            // Nothing shown is left to hide, so the bounds of the primary
            // cells themselves pin the value (say 1 + 1 = a total below
            // 3). Then stop telling that they are small: shown as hidden,
            // without "fewer than 3", they are secondary.
            for &cell in &exposed {
                if status[cell] == Status::Primary {
                    status[cell] = Status::Secondary;
                    added = true;
                }
            }
        }
        if !added {
            for s in status.iter_mut() {
                *s = Status::Secondary;
            }
            return status;
        }
    }
}

/// In every sum with exactly one hidden member, hides one more: the
/// smallest shown member, preferring non-zero parts over the total.
fn relation_pass(table: &Table, status: &mut [Status]) {
    loop {
        let mut changed = false;
        for rel in &table.relations {
            if rel.iter().filter(|&&c| status[c].hidden()).count() != 1 {
                continue;
            }
            let pick = rel
                .iter()
                .enumerate()
                .filter(|(_, c)| !status[**c].hidden())
                .min_by_key(|(pos, c)| (table.cells[**c].value == 0, *pos == 0, table.cells[**c].value, **c))
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

/// The smallest shown non-zero cell that shares an atom with `cell`.
fn complement(table: &Table, status: &[Status], cell: usize) -> Option<usize> {
    let atoms = &table.cells[cell].atoms;
    table
        .cells
        .iter()
        .enumerate()
        .filter(|(i, c)| !status[*i].hidden() && c.value > 0 && c.atoms.iter().any(|a| atoms.contains(a)))
        .min_by_key(|(i, c)| (c.value, *i))
        .map(|(i, _)| i)
}

/// The hidden cells whose value the shown cells determine (range below 1).
pub fn audit(table: &Table, status: &[Status], threshold: u64) -> Vec<usize> {
    (0..table.cells.len())
        .filter(|&i| status[i].hidden())
        .filter(|&i| {
            let (lo, hi) = range(table, status, threshold, i);
            hi - lo < 1.0 - 1e-6
        })
        .collect()
}

/// The smallest and largest value hidden cell `target` can take given
/// everything shown (`f64::INFINITY` when unbounded above).
pub fn range(table: &Table, status: &[Status], threshold: u64, target: usize) -> (f64, f64) {
    let lo = solve(table, status, threshold, target, OptimizationDirection::Minimize);
    let hi = solve(table, status, threshold, target, OptimizationDirection::Maximize);
    (lo.unwrap_or(0.0), hi.unwrap_or(f64::INFINITY))
}

/// `None` when unbounded (or, defensively, when the solver fails: a failed
/// solve must not make the audit pass, so the caller treats it as open only
/// for the maximum, where "unbounded" is the real reason).
fn solve(table: &Table, status: &[Status], threshold: u64, target: usize, dir: OptimizationDirection) -> Option<f64> {
    let n = table.cells.iter().flat_map(|c| c.atoms.iter()).max().map_or(0, |m| *m as usize + 1);
    let mut p = Problem::new(dir);
    let mut coeff = vec![0.0; n];
    for &a in &table.cells[target].atoms {
        coeff[a as usize] = 1.0;
    }
    let vars: Vec<_> = coeff.iter().map(|&c| p.add_var(c, (0.0, f64::INFINITY))).collect();
    for (i, cell) in table.cells.iter().enumerate() {
        let expr: Vec<_> = cell.atoms.iter().map(|&a| (vars[a as usize], 1.0)).collect();
        match status[i] {
            Status::Shown => p.add_constraint(expr.as_slice(), ComparisonOp::Eq, cell.value as f64),
            Status::Primary => {
                p.add_constraint(expr.as_slice(), ComparisonOp::Ge, 1.0);
                p.add_constraint(expr.as_slice(), ComparisonOp::Le, (threshold - 1) as f64);
            }
            Status::Secondary => {}
        }
    }
    match p.solve().ok()?.into_solution() {
        Ok(s) => Some(s.objective()),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(atoms: &[u32], value: u64) -> Cell {
        Cell { atoms: atoms.to_vec(), value }
    }

    /// total = a + b + c with a = 2 (primary at threshold 3).
    fn one_row(a: u64, b: u64, c: u64) -> Table {
        Table {
            cells: vec![cell(&[0, 1, 2], a + b + c), cell(&[0], a), cell(&[1], b), cell(&[2], c)],
            relations: vec![vec![0, 1, 2, 3]],
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
}
