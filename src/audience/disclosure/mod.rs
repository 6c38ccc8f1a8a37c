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
//! its value and every hidden cell at least its floor (see [`lp`]); where
//! the table carries its true values ([`Table::point`]), over a slice of
//! that programme through them, which proves no more than the whole. The
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
    /// Where given (not empty), a value per atom that agrees with every
    /// cell, such as the true table: the programmes then fix at it every
    /// atom that no hidden cell contains, a smaller programme whose ranges
    /// lie inside the attacker's, so a count it proves protected is (see
    /// `lp::fixed_atoms`). Empty: the attacker's programme itself.
    pub point: Vec<u64>,
}

impl Table {
    /// How many atoms the table's cells and links name (one past the
    /// highest index).
    pub fn atoms(&self) -> usize {
        (self.cells.iter())
            .flat_map(|c| c.atoms.iter())
            .chain(self.links.iter().flatten().flatten())
            .max()
            .map_or(0, |m| *m as usize + 1)
    }
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

/// The threshold each cell is judged by: one for the whole table, or one
/// per cell. A count keeps the threshold of the release that first
/// published it (its protection aimed at that one), so a table over every
/// released version mixes them once the configured threshold changed.
#[derive(Debug, Clone, Copy)]
pub enum Thresholds<'a> {
    All(u64),
    PerCell(&'a [u64]),
}

impl Thresholds<'_> {
    /// The threshold of cell `i`.
    pub fn of(self, i: usize) -> u64 {
        match self {
            Thresholds::All(t) => t,
            Thresholds::PerCell(ts) => ts[i],
        }
    }
}

impl From<u64> for Thresholds<'_> {
    fn from(t: u64) -> Self {
        Thresholds::All(t)
    }
}

/// Decides which cells to hide. The result passes [`audit`].
pub fn protect(table: &Table, threshold: u64) -> Vec<Status> {
    let threshold = Thresholds::All(threshold);
    let status: Vec<Status> = table
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| initial_status(c.value, threshold.of(i)))
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
    threshold: Thresholds,
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
        |status: &[Status], i: usize| need::need(table.cells[i].value, status[i], threshold.of(i));
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
fn relation_pass(table: &Table, threshold: Thresholds, status: &mut [Status], revealed: &[bool]) {
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
    threshold: Thresholds,
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
pub fn audit<'a>(
    table: &Table,
    status: &[Status],
    threshold: impl Into<Thresholds<'a>>,
) -> Vec<usize> {
    let threshold = threshold.into();
    let cells: Vec<usize> = (0..table.cells.len())
        .filter(|&i| need::need(table.cells[i].value, status[i], threshold.of(i)) != Need::Nothing)
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

/// Per cell of `cells`, whether its value is already known: fixed by the
/// equations of the `locked` shown cells (numbers published before) and
/// the zeros, which are always shown. Hiding such a cell protects nothing.
pub fn known_before(
    table: &Table,
    status: &[Status],
    locked: &[bool],
    cells: &[usize],
) -> Vec<bool> {
    let known: Vec<Status> = (table.cells.iter().zip(status).zip(locked))
        .map(|((c, s), l)| match !s.hidden() && (*l || c.value == 0) {
            true => Status::Shown,
            false => Status::Secondary,
        })
        .collect();
    let span = span::Span::new(table, &known, &lp::free_atoms(table, &known));
    cells
        .iter()
        .map(|&c| span.contains(&table.cells[c].atoms))
        .collect()
}

/// The smallest and largest value hidden cell `target` can take given
/// everything shown (`f64::INFINITY` when unbounded above). Where the
/// solver fails, the side collapses to the true value: a failure never
/// makes a cell look protected.
pub fn range<'a>(
    table: &Table,
    status: &[Status],
    threshold: impl Into<Thresholds<'a>>,
    target: usize,
) -> (f64, f64) {
    lp::Lp::new(table, status, threshold.into()).range(target)
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
mod tests;
