//! Disclosure control for the public output: primary and secondary
//! suppression, proven by an exact audit of the linear constraints.
//!
//! Everything a public output shows about counts is a *cell*: the sum of
//! some *atoms* (for instance month × category × area counts). Cells with a
//! value from 1 to threshold − 1 are suppressed (*primary*), every hidden
//! value written alike (".."). That alone is not enough: a hidden cell can
//! be worked out, or bounded, from the shown parts and totals. So more
//! cells are suppressed (*secondary*) until the audit proves, for every
//! hidden small count, that the shown cells leave it its whole protection
//! interval, from its floor up to the threshold (see [`need`]): by linear
//! programming over all atoms (each ≥ 0) with every shown cell fixed at
//! its value and every hidden cell at least its floor (see [`lp`]). The
//! attacker is assumed not to know which hidden counts are the small ones,
//! since the pages do not say, except where an earlier release did
//! ([`Status::Small`], [`Status::Large`]). Zeros are always shown.

mod bounds;
mod lp;
pub mod need;
mod prune;
mod span;
pub mod versions;

use need::Need;

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
    /// Hidden so that a small count cannot be worked out or bounded.
    Secondary,
    /// Hidden, and marked "fewer than 3" by an earlier release: the
    /// attacker knows it lies within 1 … threshold − 1. Only ever a
    /// released count, locked.
    Small,
    /// Hidden without that mark in a release that marked the small ones:
    /// the attacker knows it is at least the threshold. Released, locked.
    Large,
    /// Hidden, 1 … threshold − 1, first released under the earlier rule
    /// (at least two possible values, not the whole interval): it keeps
    /// that protection. The attacker knows its floor, as for `Primary`.
    Legacy,
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
/// protect them. Where the locked cells themselves expose a hidden one,
/// the result does not pass [`audit`]; the caller checks.
pub fn protect_locked(
    table: &Table,
    threshold: u64,
    mut status: Vec<Status>,
    locked: &[bool],
) -> Vec<Status> {
    if !status.iter().any(|s| s.hidden()) {
        return status;
    }
    // Hiding more only loosens the constraints, so a cell once proven
    // protected stays so: each round proves only the cells not yet proven.
    // A secondary cell that needs nothing and that the shown cells already
    // pin protects nothing and tells nothing new: it is shown again
    // ("revealed"), at most once, and picked again only as a last resort.
    // So every cell changes status a bounded number of times and the loop
    // ends.
    let n = table.cells.len();
    let mut proven = vec![false; n];
    let mut revealed = locked.to_vec();
    let mut retried = false;
    let needs =
        |status: &[Status], i: usize| need::need(table.cells[i].value, status[i], threshold);
    loop {
        relation_pass(table, threshold, &mut status, &revealed);
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| {
                status[i].hidden()
                    && !proven[i]
                    && (!revealed[i] || needs(&status, i) != Need::Nothing)
            })
            .collect();
        let pinned = need::pinned(table, &status, threshold, &candidates);
        let mut reveals = false;
        for (k, &i) in candidates.iter().enumerate() {
            if pinned[k] && !revealed[i] && needs(&status, i) == Need::Nothing {
                status[i] = Status::Shown;
                revealed[i] = true;
                reveals = true;
            }
        }
        if reveals {
            continue;
        }
        let (cells, doomed): (Vec<usize>, Vec<bool>) = candidates
            .iter()
            .zip(&pinned)
            .filter(|(i, _)| needs(&status, **i) != Need::Nothing)
            .map(|(&i, &d)| (i, d))
            .unzip();
        let mut exposed: Vec<usize> = cells
            .iter()
            .zip(&doomed)
            .filter(|(_, d)| **d)
            .map(|(&i, _)| i)
            .collect();
        if exposed.is_empty() {
            let start = need::unproven(table, &status, threshold, &cells);
            let sides = need::prove(table, &status, threshold, &cells, &doomed, start);
            for (&i, ok) in cells.iter().zip(sides.iter().map(need::Sides::ok)) {
                proven[i] = ok;
                if !ok {
                    exposed.push(i);
                }
            }
        }
        if exposed.is_empty() {
            // The proofs so far trusted that a revealed cell was pinned;
            // the pruning proves every count again from scratch, and where
            // that fails the rounds go on with nothing taken as proven.
            match prune::prune(table, threshold, status, locked) {
                Ok(status) => return status,
                Err(back) if !retried => {
                    status = back;
                    proven = vec![false; n];
                    retried = true;
                    continue;
                }
                Err(back) => {
                    status = back;
                    hide_all(table, &mut status, locked);
                    return status;
                }
            }
        }
        let mut progress = false;
        for &cell in &exposed {
            let pick = complement(table, threshold, &status, &revealed, cell).or_else(|| {
                // Nothing unlocked is left to hide for a locked cell; the
                // caller's audit reports it.
                (!locked[cell])
                    .then(|| last_resort(table, &status, locked, cell))
                    .flatten()
            });
            if let Some(c) = pick {
                status[c] = Status::Secondary;
                progress = true;
            }
        }
        if !progress {
            hide_all(table, &mut status, locked);
            return status;
        }
    }
}

/// Hides every non-zero cell not locked: when nothing else protects.
fn hide_all(table: &Table, status: &mut [Status], locked: &[bool]) {
    for ((s, _), _) in status
        .iter_mut()
        .zip(locked)
        .zip(&table.cells)
        .filter(|((s, l), c)| !s.hidden() && !**l && c.value > 0)
    {
        *s = Status::Secondary;
    }
}

/// In every sum with exactly one hidden member, hides one more (a lone
/// hidden member is pinned by the others): a shown non-zero member with
/// room enough for it (see [`need::room`]), parts before the total. A zero
/// protects nothing (it would only be a hidden zero), and a revealed cell
/// is determined anyway, so neither is picked.
fn relation_pass(table: &Table, threshold: u64, status: &mut [Status], revealed: &[bool]) {
    loop {
        let mut changed = false;
        for rel in &table.relations {
            let mut hidden = rel.iter().filter(|&&c| status[c].hidden());
            let (Some(&lone), None) = (hidden.next(), hidden.next()) else {
                continue;
            };
            let room = need::room(table, status, threshold, lone);
            let parts = rel[1..]
                .iter()
                .copied()
                .filter(|&c| pickable(table, status, revealed, c));
            let pick = best(table, parts, room)
                .or_else(|| Some(rel[0]).filter(|&c| pickable(table, status, revealed, c)));
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

/// A shown, non-zero cell not revealed before.
fn pickable(table: &Table, status: &[Status], revealed: &[bool], i: usize) -> bool {
    !status[i].hidden() && !revealed[i] && table.cells[i].value > 0
}

/// A cell to hide so that `cell` is protected: a shown non-zero part of a
/// sum that `cell` is a part of (another area of the same month, say),
/// since only a second unknown in the same sum lets it move; else a shown
/// non-zero cell sharing an atom with it. Of these, the smallest with room
/// enough, else the largest.
fn complement(
    table: &Table,
    threshold: u64,
    status: &[Status],
    revealed: &[bool],
    cell: usize,
) -> Option<usize> {
    let room = need::room(table, status, threshold, cell);
    let sibling = best(
        table,
        table
            .relations
            .iter()
            .filter(|rel| rel[1..].contains(&cell))
            .flat_map(|rel| rel[1..].iter().copied())
            .filter(|&i| pickable(table, status, revealed, i)),
        room,
    );
    sibling.or_else(|| {
        best(
            table,
            sharing(table, cell).filter(|&i| pickable(table, status, revealed, i)),
            room,
        )
    })
}

/// The last resort before hiding the whole table: the smallest shown
/// non-zero cell sharing an atom with `cell`, even one revealed before.
/// Zeros are never hidden: the pages say 0 is shown, so a reader takes
/// every hidden count as at least 1.
fn last_resort(table: &Table, status: &[Status], locked: &[bool], cell: usize) -> Option<usize> {
    sharing(table, cell)
        .filter(|&i| !status[i].hidden() && !locked[i] && table.cells[i].value > 0)
        .min_by_key(|&i| (table.cells[i].value, i))
}

/// Of `cells`, the smallest whose value is at least `room`, else the
/// largest.
fn best(table: &Table, cells: impl Iterator<Item = usize>, room: u64) -> Option<usize> {
    cells.min_by_key(|&i| {
        let v = table.cells[i].value;
        (v < room, if v >= room { v } else { u64::MAX - v }, i)
    })
}

/// The hidden cells left without the range they need (see [`need`]).
pub fn audit(table: &Table, status: &[Status], threshold: u64) -> Vec<usize> {
    let cells: Vec<usize> = (0..table.cells.len())
        .filter(|&i| need::need(table.cells[i].value, status[i], threshold) != Need::Nothing)
        .collect();
    let pinned = need::pinned(table, status, threshold, &cells);
    let start = need::unproven(table, status, threshold, &cells);
    let sides = need::prove(table, status, threshold, &cells, &pinned, start);
    cells
        .into_iter()
        .zip(sides.iter().map(need::Sides::ok))
        .filter(|(_, ok)| !ok)
        .map(|(i, _)| i)
        .collect()
}

/// The smallest and largest value hidden cell `target` can take given
/// everything shown (`f64::INFINITY` when unbounded above). Where the
/// solver fails, the side collapses to the true value: a failure never
/// makes a cell look protected.
pub fn range(table: &Table, status: &[Status], threshold: u64, target: usize) -> (f64, f64) {
    lp::Lp::new(table, status, threshold).range(target)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(atoms: &[u32], value: u64) -> Cell {
        Cell {
            atoms: atoms.to_vec(),
            value,
        }
    }

    /// Two rows of two, `[a, b, c, d]` as atoms 0 … 3: cells total, the
    /// rows a + b and c + d, the columns a + c and b + d, then a, b, c, d;
    /// no relations.
    fn two_rows([a, b, c, d]: [u64; 4]) -> Table {
        Table {
            cells: vec![
                cell(&[0, 1, 2, 3], a + b + c + d),
                cell(&[0, 1], a + b),
                cell(&[2, 3], c + d),
                cell(&[0, 2], a + c),
                cell(&[1, 3], b + d),
                cell(&[0], a),
                cell(&[1], b),
                cell(&[2], c),
                cell(&[3], d),
            ],
            relations: vec![],
            links: vec![],
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
    fn protect_hides_a_complement_with_room() {
        // 15 = 2 + 8 + 5: with the 5 hidden too, a + c = 7 and c ≥ 1, so
        // a can be 1 … 6.
        let t = one_row(2, 8, 5);
        let status = protect(&t, 3);
        assert_eq!(status[1], Status::Primary);
        assert_eq!(status[3], Status::Secondary, "the smallest other part");
        assert_eq!(status[2], Status::Shown);
        assert!(audit(&t, &status, 3).is_empty());
        assert_eq!(range(&t, &status, 3, 1), (1.0, 6.0));
    }

    #[test]
    fn knowing_which_are_small_pins_what_the_floors_leave_open() {
        // 14 = 2 + 2 + 10 with both 2s hidden: told that both are small
        // (at most 2), an attacker pins both at 2; knowing only that each
        // is at least 1, a can be 1, 2 or 3.
        let t = one_row(2, 2, 10);
        let floors = [
            Status::Shown,
            Status::Primary,
            Status::Primary,
            Status::Shown,
        ];
        assert_eq!(range(&t, &floors, 3, 1), (1.0, 3.0));
        assert!(audit(&t, &floors, 3).is_empty());
        let told = [Status::Shown, Status::Small, Status::Small, Status::Shown];
        assert_eq!(range(&t, &told, 3, 1), (2.0, 2.0));
        assert_eq!(audit(&t, &told, 3), vec![1, 2]);
    }

    #[test]
    fn two_values_are_not_the_interval() {
        // 13 = 1 + 2 + 10 with the 1 and the 2 hidden: they add up to 3,
        // so each is 1 or 2. Two values each (the earlier rule holds), but
        // neither can reach 3: both are known small. The interval rule
        // hides the 10 too, and then each can be up to 12.
        let t = one_row(1, 2, 10);
        let legacy = [Status::Shown, Status::Legacy, Status::Legacy, Status::Shown];
        assert!(audit(&t, &legacy, 3).is_empty());
        let primary = [
            Status::Shown,
            Status::Primary,
            Status::Primary,
            Status::Shown,
        ];
        assert_eq!(range(&t, &primary, 3, 2), (1.0, 2.0));
        assert_eq!(audit(&t, &primary, 3), vec![1, 2]);
        let status = protect(&t, 3);
        assert_eq!(status[3], Status::Secondary);
        assert!(audit(&t, &status, 3).is_empty());
        assert_eq!(range(&t, &status, 3, 2), (1.0, 11.0));
    }

    #[test]
    fn an_unmarked_hidden_count_of_a_marking_release_is_known_large() {
        // 4 = 1 + 3 + 0, the 1 marked small, the 3 hidden without the
        // mark: at least 3, so the 1 is pinned.
        let t = one_row(1, 3, 0);
        let status = [Status::Shown, Status::Small, Status::Large, Status::Shown];
        assert_eq!(range(&t, &status, 3, 1), (1.0, 1.0));
        assert_eq!(audit(&t, &status, 3), vec![1]);
    }

    #[test]
    fn a_count_told_small_needs_only_two_values() {
        // Released earlier as "fewer than 3": within 1 … 2 by what the
        // attacker was told; a hidden 10 beside it keeps it open.
        let t = one_row(1, 2, 10);
        let status = [
            Status::Shown,
            Status::Small,
            Status::Primary,
            Status::Secondary,
        ];
        assert_eq!(range(&t, &status, 3, 1), (1.0, 2.0));
        assert!(audit(&t, &status, 3).is_empty());
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let t = one_row(0, 8, 5);
        assert!(protect(&t, 3).iter().all(|s| *s == Status::Shown));
    }

    #[test]
    fn a_small_total_hides_everything_needed() {
        // total 2 = 1 + 1 + 0: a hidden total leaves the parts unbounded.
        let t = one_row(1, 1, 0);
        let status = protect(&t, 3);
        assert!(status[0].hidden() && status[1].hidden() && status[2].hidden());
        assert_eq!(status[3], Status::Shown, "a zero says nothing");
        assert!(audit(&t, &status, 3).is_empty());
    }

    #[test]
    fn secondary_cells_not_needed_are_shown_again() {
        // Two rows and their column sums: one small count needs a
        // rectangle of four hidden cells, not more.
        let mut t = two_rows([1, 10, 9, 20]);
        t.relations = vec![
            vec![0, 1, 2],
            vec![0, 3, 4],
            vec![1, 5, 6],
            vec![2, 7, 8],
            vec![3, 5, 7],
            vec![4, 6, 8],
        ];
        let status = protect(&t, 3);
        assert!(audit(&t, &status, 3).is_empty());
        let hidden: Vec<usize> = (0..9).filter(|&i| status[i].hidden()).collect();
        assert_eq!(hidden, vec![5, 6, 7, 8], "the rectangle around the 1");
    }

    #[test]
    fn joint_proofs_agree_with_one_programme_per_cell() {
        // Two rows and their column sums, every cell hidden or shown in
        // turn: the joint proofs must give what the exact ranges give.
        let t = two_rows([2, 1, 4, 7]);
        let mut exposed = 0;
        for mask in 0u32..(1 << t.cells.len()) {
            let status: Vec<Status> = (0..t.cells.len())
                .map(|i| match (mask >> i & 1 == 1, t.cells[i].value < 3) {
                    (false, _) => Status::Shown,
                    (true, true) => Status::Primary,
                    (true, false) => Status::Secondary,
                })
                .collect();
            let joint = audit(&t, &status, 3);
            let each: Vec<usize> = (0..t.cells.len())
                .filter(|&i| {
                    let (lo, hi) = range(&t, &status, 3, i);
                    !need::need(t.cells[i].value, status[i], 3).met_by(lo, hi, 3)
                })
                .collect();
            assert_eq!(joint, each, "mask {mask:b}");
            exposed += each.len();
        }
        assert!(exposed > 100, "some cells must be exposed: {exposed}");
    }
}
