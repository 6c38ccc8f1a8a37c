//! Property tests of disclosure control over many random count tables.
//!
//! For each table the suppression must leave (1) no shown count between 1
//! and threshold − 1 and (2) every hidden count with at least two possible
//! values given everything shown. (2) is checked twice: by the exact LP
//! audit over the linear constraints for all tables, and, for small tables,
//! independently by enumerating every integer table that agrees with what
//! is shown.
mod common;

use lagesbild::audience::disclosure::{Cell, Status, Table, audit, protect, range};

const THRESHOLD: u64 = 3;

/// A rows × cols table of atoms with every cell, row and column totals and
/// the grand total, all as published cells with their sums as relations.
fn table(values: &[Vec<u64>]) -> Table {
    let (rows, cols) = (values.len(), values[0].len());
    let atom = |r: usize, c: usize| (r * cols + c) as u32;
    let mut t = Table::default();
    let push = |t: &mut Table, atoms: Vec<u32>| {
        let value = atoms
            .iter()
            .map(|&a| values[a as usize / cols][a as usize % cols])
            .sum();
        t.cells.push(Cell { atoms, value });
        t.cells.len() - 1
    };
    let inner: Vec<Vec<usize>> = (0..rows)
        .map(|r| (0..cols).map(|c| push(&mut t, vec![atom(r, c)])).collect())
        .collect();
    let row_totals: Vec<usize> = (0..rows)
        .map(|r| push(&mut t, (0..cols).map(|c| atom(r, c)).collect()))
        .collect();
    let col_totals: Vec<usize> = (0..cols)
        .map(|c| push(&mut t, (0..rows).map(|r| atom(r, c)).collect()))
        .collect();
    let grand = push(
        &mut t,
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| atom(r, c)))
            .collect(),
    );
    for r in 0..rows {
        t.relations.push(
            std::iter::once(row_totals[r])
                .chain(inner[r].iter().copied())
                .collect(),
        );
    }
    for c in 0..cols {
        t.relations.push(
            std::iter::once(col_totals[c])
                .chain((0..rows).map(|r| inner[r][c]))
                .collect(),
        );
    }
    t.relations.push(
        std::iter::once(grand)
            .chain(row_totals.iter().copied())
            .collect(),
    );
    t.relations.push(
        std::iter::once(grand)
            .chain(col_totals.iter().copied())
            .collect(),
    );
    t
}

fn random_values(rng: &mut common::Rng, rows: usize, cols: usize) -> Vec<Vec<u64>> {
    (0..rows)
        .map(|_| {
            (0..cols)
                .map(|_| match rng.next() % 10 {
                    0..=2 => 0,
                    3..=5 => 1 + rng.next() % 2,
                    _ => 3 + rng.next() % 12,
                })
                .collect()
        })
        .collect()
}

fn check_published(t: &Table, status: &[Status]) {
    for (c, s) in t.cells.iter().zip(status) {
        if *s == Status::Shown {
            assert!(
                c.value == 0 || c.value >= THRESHOLD,
                "shown small count {}",
                c.value
            );
        }
    }
}

#[test]
fn every_hidden_count_keeps_a_range_by_lp_audit() {
    let mut rng = common::Rng(0x1234_5678_9abc_def1);
    let mut hidden_total = 0;
    for _ in 0..150 {
        let (rows, cols) = (2 + (rng.next() % 4) as usize, 2 + (rng.next() % 4) as usize);
        let t = table(&random_values(&mut rng, rows, cols));
        let status = protect(&t, THRESHOLD);
        check_published(&t, &status);
        assert!(audit(&t, &status, THRESHOLD).is_empty());
        for i in (0..t.cells.len()).filter(|&i| status[i].hidden()) {
            let (lo, hi) = range(&t, &status, THRESHOLD, i);
            assert!(
                hi - lo >= 1.0 - 1e-6,
                "cell {i} (value {}) pinned to [{lo}, {hi}]",
                t.cells[i].value
            );
            hidden_total += 1;
        }
    }
    assert!(
        hidden_total > 100,
        "the random tables do exercise suppression ({hidden_total} hidden)"
    );
}

/// Every integer 2 × 2 table (values 0..=max) consistent with what is shown,
/// with primary cells in 1..threshold − 1; returns, per cell, the set of
/// values it takes across them.
fn brute_force(t: &Table, status: &[Status], max: u64) -> Vec<std::collections::BTreeSet<u64>> {
    let mut seen = vec![std::collections::BTreeSet::new(); t.cells.len()];
    let n = 4;
    let mut x = vec![0u64; n];
    loop {
        let value = |c: &Cell| c.atoms.iter().map(|&a| x[a as usize]).sum::<u64>();
        let ok = t.cells.iter().zip(status).all(|(c, s)| match s {
            Status::Shown => value(c) == c.value,
            Status::Primary => (1..THRESHOLD).contains(&value(c)),
            Status::Secondary => true,
        });
        if ok {
            for (i, c) in t.cells.iter().enumerate() {
                seen[i].insert(value(c));
            }
        }
        let mut k = 0;
        while k < n {
            x[k] += 1;
            if x[k] <= max {
                break;
            }
            x[k] = 0;
            k += 1;
        }
        if k == n {
            return seen;
        }
    }
}

#[test]
fn every_hidden_count_keeps_a_range_by_enumeration() {
    let mut rng = common::Rng(0xdead_beef_cafe_f00d);
    let mut checked = 0;
    for _ in 0..60 {
        let values = random_values(&mut rng, 2, 2);
        let t = table(&values);
        let status = protect(&t, THRESHOLD);
        check_published(&t, &status);
        let max = values.iter().flatten().copied().max().unwrap_or(0) + 3;
        let seen = brute_force(&t, &status, max);
        for i in (0..t.cells.len()).filter(|&i| status[i].hidden()) {
            assert!(
                seen[i].len() >= 2,
                "{values:?}: hidden cell {i} can only be {:?}",
                seen[i]
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} hidden cells checked");
}
