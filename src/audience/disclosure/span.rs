//! Which hidden cells the shown cells pin by their equations alone.
//!
//! A hidden cell whose atoms add up to a linear combination of shown cells
//! (say a month's total minus its other areas) has one possible value
//! whatever the bounds: it is determined. Finding that takes a row
//! reduction instead of two linear programmes, and in a growing
//! suppression pattern most cells that the audit does not prove open are
//! of this kind. The answer only sorts cells for the audit: a cell is
//! called open only on a feasible point of the exact programme, so a
//! rounding slip here can cost an extra hidden cell, never a disclosure.

use super::{Status, Table};

/// Tolerance of the elimination: entries are small integers to begin with.
const EPS: f64 = 1e-9;

/// The row space of the shown cells, in echelon form over the free atoms.
pub(super) struct Span {
    /// Atom → column, `None` for atoms pinned at zero.
    column: Vec<Option<usize>>,
    /// Rows with their pivot column; each row is zero in earlier pivots.
    rows: Vec<Row>,
    width: usize,
}

/// One row of the echelon form, kept sparse: the sums of a few atoms stay
/// sparse as they are reduced (about 15 entries of 1,188 on the medium
/// benchmark tier), and a dense row made each reduction touch every
/// column.
struct Row {
    pivot: usize,
    /// The entry at `pivot`.
    at_pivot: f64,
    /// The columns whose entries are not zero, ascending, and the entries.
    columns: Vec<u32>,
    entries: Vec<f64>,
}

impl Row {
    /// The non-zero entries of `v`, with its pivot `p`.
    fn of(v: &[f64], pivot: usize) -> Row {
        let (columns, entries) = (v.iter().enumerate())
            .filter(|(_, x)| **x != 0.0)
            .map(|(c, x)| (c as u32, *x))
            .unzip();
        Row {
            pivot,
            at_pivot: v[pivot],
            columns,
            entries,
        }
    }
}

impl Span {
    pub(super) fn new(table: &Table, status: &[Status], free: &[bool]) -> Span {
        let mut width = 0;
        let column = free
            .iter()
            .map(|&f| {
                f.then(|| {
                    width += 1;
                    width - 1
                })
            })
            .collect();
        let mut span = Span {
            column,
            rows: Vec::new(),
            width,
        };
        // A link's sides are equal whatever is shown: side 0 − side k is
        // known to be 0, like a shown cell. One vector at a time, in one
        // buffer: all of them at once were megabytes for each pattern.
        let links = (table.links.iter())
            .flat_map(|link| link[1..].iter().map(move |side| (&link[0][..], &side[..])));
        let shown = (table.cells.iter().zip(status))
            .filter(|(_, s)| !s.hidden())
            .map(|(cell, _)| (&cell.atoms[..], &[][..]));
        let mut v = vec![0.0; width];
        for (plus, minus) in links.chain(shown) {
            v.fill(0.0);
            span.add(&mut v, plus, 1.0);
            span.add(&mut v, minus, -1.0);
            span.reduce(&mut v);
            let pivot = (0..v.len()).max_by(|&a, &b| v[a].abs().total_cmp(&v[b].abs()));
            if let Some(p) = pivot.filter(|&p| v[p].abs() > EPS) {
                span.rows.push(Row::of(&v, p));
            }
        }
        span
    }

    /// Whether the sum of `atoms` is a combination of shown cells.
    pub(super) fn contains(&self, atoms: &[u32]) -> bool {
        let mut v = self.vector(atoms);
        self.reduce(&mut v);
        v.iter().all(|x| x.abs() <= EPS)
    }

    fn vector(&self, atoms: &[u32]) -> Vec<f64> {
        let mut v = vec![0.0; self.width];
        self.add(&mut v, atoms, 1.0);
        v
    }

    /// Adds `sign` to `v` at the column of each of `atoms`.
    fn add(&self, v: &mut [f64], atoms: &[u32], sign: f64) {
        for &a in atoms {
            if let Some(c) = self.column.get(a as usize).copied().flatten() {
                v[c] += sign;
            }
        }
    }

    /// Subtracts from `v` each row times its pivot's share: only at the
    /// row's non-zero entries, where a dense row would subtract zeros
    /// (which leave every entry as it was).
    fn reduce(&self, v: &mut [f64]) {
        for row in &self.rows {
            let f = v[row.pivot] / row.at_pivot;
            if f.abs() > EPS {
                for (&c, r) in row.columns.iter().zip(&row.entries) {
                    v[c as usize] -= f * r;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Cell;
    use super::*;

    #[test]
    fn a_part_of_a_shown_total_with_other_parts_shown_is_determined() {
        let cell = |atoms: &[u32], value| Cell {
            atoms: atoms.to_vec(),
            value,
        };
        // total = a + b + c, and a zero cell d (pinned, left out).
        let t = Table {
            cells: vec![
                cell(&[0, 1, 2], 15),
                cell(&[0], 2),
                cell(&[1], 8),
                cell(&[2], 5),
                cell(&[3], 0),
            ],
            relations: vec![],
            links: vec![],
            point: Vec::new(),
        };
        let free = [true, true, true, false];
        let shown = Status::Shown;
        let hide_a = [shown, Status::Primary, shown, shown, shown];
        assert!(Span::new(&t, &hide_a, &free).contains(&[0]));
        let hide_ab = [shown, Status::Primary, Status::Secondary, shown, shown];
        let span = Span::new(&t, &hide_ab, &free);
        assert!(!span.contains(&[0]) && !span.contains(&[1]));
        assert!(span.contains(&[0, 1]), "their sum is known");
        assert!(span.contains(&[0, 1, 3]), "a pinned atom adds nothing");
    }
}
