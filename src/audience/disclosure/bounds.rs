//! Bounds of the cells through the known sums alone.
//!
//! The attacker knows every hidden value's floor (0 or 1, see
//! [`super::lp`]), that a count told small lies within 1 … threshold − 1
//! and one told not small is at least the threshold, and that every
//! relation is a sum. Two hidden parts of a shown sum of 2 are then both
//! 1, though no equation pins either: the row reduction of
//! [`super::span`] misses them, and the linear programmes would take two
//! solves each to say so. Propagating the intervals through the relations
//! finds them without a programme. Every step is a valid
//! consequence of the constraints the audit's programme holds, so a bound
//! found here holds there too: the answer is the same, only cheaper.

use super::{Status, Table, Thresholds};

/// An upper bound that is not known.
pub(super) const NONE: u64 = u64::MAX;

/// Rounds of propagation at most: each tightens at least one bound, and a
/// few rounds settle the month → quarter → year nesting.
const ROUNDS: usize = 16;

/// Per cell, the smallest and largest value the bounds leave it
/// ([`NONE`] for no known upper bound).
pub(super) fn bounds(
    table: &Table,
    status: &[Status],
    threshold: Thresholds,
) -> (Vec<u64>, Vec<u64>) {
    let mut lo: Vec<u64> = Vec::with_capacity(table.cells.len());
    let mut hi: Vec<u64> = Vec::with_capacity(table.cells.len());
    for (i, (cell, s)) in table.cells.iter().zip(status).enumerate() {
        let (l, h) = match s {
            Status::Shown => (cell.value, cell.value),
            Status::Small => (1, threshold.of(i).saturating_sub(1)),
            Status::Large => (threshold.of(i), NONE),
            Status::Primary | Status::Secondary | Status::Legacy => {
                (super::lp::floor(cell.value), NONE)
            }
        };
        lo.push(l);
        hi.push(h);
    }
    for _ in 0..ROUNDS {
        let mut changed = false;
        for rel in table.relations.iter().filter(|r| r.len() > 1) {
            changed |= tighten(rel[0], &rel[1..], &mut lo, &mut hi);
        }
        if !changed {
            break;
        }
    }
    (lo, hi)
}

/// Tightens the bounds of `total` = Σ `parts`; whether any bound moved.
fn tighten(total: usize, parts: &[usize], lo: &mut [u64], hi: &mut [u64]) -> bool {
    let sum_lo: u64 = parts.iter().map(|&p| lo[p]).fold(0, u64::saturating_add);
    let unknown = parts.iter().filter(|&&p| hi[p] == NONE).count();
    let sum_hi: u64 = parts
        .iter()
        .filter(|&&p| hi[p] != NONE)
        .map(|&p| hi[p])
        .fold(0, u64::saturating_add);
    let mut changed = raise(&mut lo[total], sum_lo);
    if unknown == 0 {
        changed |= lower(&mut hi[total], sum_hi);
    }
    let (total_lo, total_hi) = (lo[total], hi[total]);
    for &p in parts {
        // The other parts' smallest sum, and their largest when known.
        let others_lo = sum_lo.saturating_sub(lo[p]);
        let others_hi = match (unknown, hi[p] == NONE) {
            (0, _) => Some(sum_hi - hi[p]),
            (1, true) => Some(sum_hi),
            _ => None,
        };
        if let Some(others) = others_hi {
            changed |= raise(&mut lo[p], total_lo.saturating_sub(others));
        }
        if total_hi != NONE {
            changed |= lower(&mut hi[p], total_hi.saturating_sub(others_lo));
        }
    }
    changed
}

fn raise(bound: &mut u64, to: u64) -> bool {
    let moved = to > *bound;
    *bound = (*bound).max(to);
    moved
}

fn lower(bound: &mut u64, to: u64) -> bool {
    let moved = to < *bound;
    *bound = (*bound).min(to);
    moved
}

#[cfg(test)]
mod tests {
    use super::super::Cell;
    use super::*;

    /// Per cell, whether it is hidden and the bounds leave it one value.
    fn pinned(table: &Table, status: &[Status], threshold: u64) -> Vec<bool> {
        let (lo, hi) = bounds(table, status, threshold.into());
        (0..table.cells.len())
            .map(|i| status[i].hidden() && lo[i] == hi[i])
            .collect()
    }

    /// One cell per value, each its own atom, with `relations` among them.
    fn table_with(values: &[u64], relations: Vec<Vec<usize>>) -> Table {
        Table {
            cells: values
                .iter()
                .enumerate()
                .map(|(i, &value)| Cell {
                    atoms: vec![i as u32],
                    value,
                })
                .collect(),
            relations,
            links: vec![],
            point: Vec::new(),
        }
    }

    /// The first value is the sum of the others.
    fn table(values: &[u64]) -> Table {
        table_with(values, vec![(0..values.len()).collect()])
    }

    #[test]
    fn two_small_parts_of_a_known_two_are_both_one() {
        // 10 = 1 + 1 + 8 with both small parts hidden, threshold 3.
        let t = table(&[10, 1, 1, 8]);
        let s = [
            Status::Shown,
            Status::Primary,
            Status::Primary,
            Status::Shown,
        ];
        assert_eq!(pinned(&t, &s, 3), vec![false, true, true, false]);
    }

    #[test]
    fn a_known_three_leaves_two_small_parts_open() {
        // 11 = 1 + 2 + 8: the pair is 1 + 2 or 2 + 1.
        let t = table(&[11, 1, 2, 8]);
        let s = [
            Status::Shown,
            Status::Primary,
            Status::Primary,
            Status::Shown,
        ];
        assert_eq!(pinned(&t, &s, 3), vec![false; 4]);
    }

    #[test]
    fn a_secondary_part_keeps_both_open() {
        // 14 = 2 + 2 + 10 with the 10 hidden too: nothing is pinned, and a
        // hidden total of small parts gets their bounds (2 … 4), not a point.
        let t = table(&[14, 2, 2, 10]);
        let s = [
            Status::Shown,
            Status::Primary,
            Status::Primary,
            Status::Secondary,
        ];
        assert_eq!(pinned(&t, &s, 3), vec![false; 4]);
        let hidden_total = [
            Status::Secondary,
            Status::Primary,
            Status::Primary,
            Status::Shown,
        ];
        assert_eq!(pinned(&t, &hidden_total, 3), vec![false; 4]);
    }

    #[test]
    fn bounds_pass_through_nested_sums() {
        // year 6 = q1 + q2, q1 = a + b with a, b small and q2 = 4 shown:
        // q1 is 2 by the year, so a and b are 1 each.
        let t = table_with(&[6, 2, 4, 1, 1], vec![vec![0, 1, 2], vec![1, 3, 4]]);
        let s = [
            Status::Shown,
            Status::Secondary,
            Status::Shown,
            Status::Primary,
            Status::Primary,
        ];
        assert_eq!(pinned(&t, &s, 3), vec![false, true, false, true, true]);
    }
}
