//! Showing again the cells hidden in passing that no small count needs.

use super::need::{self, Need};
use super::{Status, Table, Thresholds};

/// Cells tried together by [`prune`]: on the medium benchmark tier 1 takes
/// 11.1 s of CPU, 3 7.7 s, 8 6.2 s, 32 5.8 s, 128 6.6 s, all with the
/// same result (measured with the joint programmes the audit had before
/// it asked each count from one feasible point; not measured again).
const PRUNE_GROUP: usize = 32;

/// Shows again every secondary cell that the others protect without it:
/// the greedy [`super::protect_locked`] hides in passing cells that later
/// choices make unneeded. Largest first, each kept shown only when every
/// hidden small count keeps its range; tried [`PRUNE_GROUP`] at a time, a
/// group that fails split in halves, since most are not needed and one
/// proof then does for the group. The proofs of the previous pattern are kept: a
/// point of the programme where the cells shown have their true values is
/// a point of the new programme too, so only the counts whose proofs moved
/// a cell shown need programmes again. `Err` with the pattern unchanged
/// when a count is not protected to begin with.
pub(super) fn prune(
    table: &Table,
    threshold: Thresholds,
    status: Vec<Status>,
    locked: &[bool],
) -> Result<Vec<Status>, Vec<Status>> {
    let cells: Vec<usize> = (0..table.cells.len())
        .filter(|&i| need::need(table.cells[i].value, status[i], threshold.of(i)) != Need::Nothing)
        .collect();
    let start = need::unproven(table, &status, threshold, &cells);
    let none = vec![false; cells.len()];
    let sides = need::prove(table, &status, threshold, &cells, &none, start);
    let mut order: Vec<usize> = (0..table.cells.len())
        .filter(|&i| status[i] == Status::Secondary && !locked[i])
        .filter(|&i| !cells.contains(&i))
        .collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(table.cells[i].value), i));
    let mut pruner = Pruner {
        table,
        threshold,
        status,
        cells,
        sides,
    };
    if !pruner.sides.iter().all(need::Sides::ok) {
        return Err(pruner.status);
    }
    for group in order.chunks(PRUNE_GROUP) {
        pruner.reveal(group, false);
    }
    Ok(pruner.status)
}

/// The state of [`prune`]: the pattern so far and its proofs.
struct Pruner<'a> {
    table: &'a Table,
    threshold: Thresholds<'a>,
    status: Vec<Status>,
    /// The hidden small counts.
    cells: Vec<usize>,
    sides: Vec<need::Sides>,
}

impl Pruner<'_> {
    /// Shows `group` if every small count keeps its range, else tries its
    /// halves; `fails` when that is known already. Whether the whole group
    /// was shown.
    ///
    /// When the first half is shown whole, showing the second would show
    /// the very group that just failed, with nothing else changed: it
    /// fails again, so it is split without a programme.
    fn reveal(&mut self, group: &[usize], fails: bool) -> bool {
        if !fails {
            for &i in group {
                self.status[i] = Status::Shown;
            }
            if let Some(sides) = self.prove(group) {
                self.sides = sides;
                return true;
            }
            for &i in group {
                self.status[i] = Status::Secondary;
            }
        }
        if group.len() > 1 {
            let (a, b) = group.split_at(group.len() / 2);
            let whole = self.reveal(a, false);
            self.reveal(b, whole);
        }
        false
    }

    /// The proofs with `shown` shown, if every small count keeps its range.
    fn prove(&self, shown: &[usize]) -> Option<Vec<need::Sides>> {
        let mut trial = self.sides.clone();
        for s in &mut trial {
            for &i in shown {
                s.keep_if_shown(self.table, i);
            }
        }
        let stale: Vec<usize> = self
            .cells
            .iter()
            .zip(&trial)
            .filter(|(_, s)| !s.ok())
            .map(|(&c, _)| c)
            .collect();
        if stale.is_empty() {
            return Some(trial);
        }
        if need::bounded(self.table, &self.status, self.threshold, &stale) {
            return None;
        }
        need::prove_every(self.table, &self.status, self.threshold, &self.cells, trial)
    }
}
