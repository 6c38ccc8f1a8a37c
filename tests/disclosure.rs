//! Property tests of disclosure control over many random count tables.
//!
//! For each table the suppression must leave (1) no shown count between 1
//! and threshold − 1 and (2) every hidden small count able to reach the
//! threshold (its protection interval) for an attacker who knows every
//! shown value and of a hidden one only its floor (1, or 0 for a 0), not
//! which hidden ones are small: nobody can tell that it is small.
//! (2) is checked twice: by the exact LP audit over the linear constraints
//! for all tables, and, for small tables, independently by enumerating
//! every integer table that agrees with what the attacker knows.
mod common;

use lagesbild::audience::disclosure::{
    Cell, Status, Table, Thresholds, audit, initial_status, protect, protect_locked, range,
};

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

/// Whether a hidden cell of `value` that can take `lo` … `hi` has the
/// range it needs.
/// Written out here rather than asked of the library, so that a weaker
/// rule there fails these tests.
fn protected(value: u64, status: Status, lo: f64, hi: f64) -> bool {
    protected_at(value, status, lo, hi, THRESHOLD)
}

/// [`protected`] for a cell judged by `threshold`.
fn protected_at(value: u64, status: Status, lo: f64, hi: f64, threshold: u64) -> bool {
    let small = (1..threshold).contains(&value);
    match status {
        // Nobody can tell it is small: it could be the threshold.
        Status::Primary | Status::Secondary if small => hi >= threshold as f64 - 1e-6,
        // Released under the earlier rule, or marked small: two values.
        Status::Legacy | Status::Small if small => hi - lo >= 1.0 - 1e-6,
        _ => true,
    }
}

#[test]
fn every_hidden_small_count_keeps_a_range_by_lp_audit() {
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
            let v = t.cells[i].value;
            assert!(
                protected(v, status[i], lo, hi),
                "cell {i} (value {v}) left [{lo}, {hi}]"
            );
            hidden_total += 1;
        }
    }
    assert!(
        hidden_total > 100,
        "the random tables do exercise suppression ({hidden_total} hidden)"
    );
}

/// Cells judged by thresholds of their own (counts first released under 3,
/// others under 5, as after a raised threshold): each hidden small count
/// reaches its own threshold, and no shown count is below it.
#[test]
fn each_count_is_protected_up_to_its_own_threshold() {
    let mut rng = common::Rng(0x0bad_cafe_5eed_1234);
    let mut checked = [0; 2];
    for _ in 0..100 {
        let (rows, cols) = (2 + (rng.next() % 3) as usize, 2 + (rng.next() % 3) as usize);
        let t = table(&random_values(&mut rng, rows, cols));
        let ts: Vec<u64> = (0..t.cells.len())
            .map(|_| [3, 5][(rng.next() % 2) as usize])
            .collect();
        let per = Thresholds::PerCell(&ts);
        let start: Vec<Status> = (t.cells.iter().zip(&ts))
            .map(|(c, &th)| initial_status(c.value, th))
            .collect();
        let status = protect_locked(&t, per, start, &vec![false; t.cells.len()]);
        assert!(audit(&t, &status, per).is_empty());
        for (i, c) in t.cells.iter().enumerate() {
            let v = c.value;
            if !status[i].hidden() {
                assert!(
                    v == 0 || v >= ts[i],
                    "shown {v} below its threshold {}",
                    ts[i]
                );
                continue;
            }
            let (lo, hi) = range(&t, &status, per, i);
            assert!(
                protected_at(v, status[i], lo, hi, ts[i]),
                "cell {i} (value {v}, threshold {}) left [{lo}, {hi}]",
                ts[i]
            );
            if (1..ts[i]).contains(&v) {
                checked[usize::from(ts[i] == 5)] += 1;
            }
        }
    }
    assert!(
        checked.iter().all(|&n| n > 30),
        "small counts of both thresholds are hidden: {checked:?}"
    );
}

/// Every integer 2 × 2 table (values 0..=max) consistent with what the
/// attacker knows: the shown values, every hidden cell at least its floor
/// (1 unless it is 0), a cell told small within 1 … threshold − 1; returns,
/// per cell, the set of values it takes across them.
fn brute_force(t: &Table, status: &[Status], max: u64) -> Vec<std::collections::BTreeSet<u64>> {
    let mut seen = vec![std::collections::BTreeSet::new(); t.cells.len()];
    let n = 4;
    let mut x = vec![0u64; n];
    loop {
        let value = |c: &Cell| c.atoms.iter().map(|&a| x[a as usize]).sum::<u64>();
        let ok = t.cells.iter().zip(status).all(|(c, s)| match s {
            Status::Shown => value(c) == c.value,
            Status::Small => (1..THRESHOLD).contains(&value(c)),
            Status::Large => value(c) >= THRESHOLD,
            Status::Primary | Status::Secondary | Status::Legacy => value(c) >= c.value.min(1),
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
fn every_hidden_small_count_keeps_a_range_by_enumeration() {
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
            let (lo, hi) = (seen[i].first().copied(), seen[i].last().copied());
            let (lo, hi) = (lo.unwrap_or(0) as f64, hi.unwrap_or(0) as f64);
            assert!(
                protected(t.cells[i].value, status[i], lo, hi),
                "{values:?}: hidden cell {i} can only be {:?}",
                seen[i]
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} hidden cells checked");
}

/// A months × categories × areas count table published as, per month and
/// for all months together: the total, each category and each area, with
/// their sums as relations. Built twice: with every combination as an atom
/// (`full`), and with each month's per-category and per-area counts as
/// atoms, linked by the month's total (`marginal`), as the public output
/// builds it.
fn product_tables(x: &[Vec<Vec<u64>>]) -> (Table, Table) {
    let (months, cats, areas) = (x.len(), x[0].len(), x[0][0].len());
    let mut full = Table::default();
    let mut marginal = Table::default();
    let full_atom = |m: usize, c: usize, a: usize| ((m * cats + c) * areas + a) as u32;
    let width = cats + areas;
    let cat_atom = |m: usize, c: usize| (m * width + c) as u32;
    let area_atom = |m: usize, a: usize| (m * width + cats + a) as u32;
    for m in 0..months {
        marginal.links.push(vec![
            (0..cats).map(|c| cat_atom(m, c)).collect(),
            (0..areas).map(|a| area_atom(m, a)).collect(),
        ]);
    }
    let periods: Vec<Vec<usize>> = (0..months)
        .map(|m| vec![m])
        .chain(std::iter::once((0..months).collect()))
        .collect();
    // Per period: total, categories, areas; the same order in both tables.
    let mut index = Vec::new();
    for months_in in &periods {
        let mut at = Vec::new();
        let keys = std::iter::once((None, None))
            .chain((0..cats).map(|c| (Some(c), None)))
            .chain((0..areas).map(|a| (None, Some(a))));
        for (cat, area) in keys {
            let mut f = Vec::new();
            let mut g = Vec::new();
            let mut value = 0;
            for &m in months_in {
                for c in (0..cats).filter(|&c| cat.is_none_or(|k| k == c)) {
                    for a in (0..areas).filter(|&a| area.is_none_or(|k| k == a)) {
                        f.push(full_atom(m, c, a));
                        value += x[m][c][a];
                    }
                }
                match (cat, area) {
                    (_, Some(a)) => g.push(area_atom(m, a)),
                    (Some(c), None) => g.push(cat_atom(m, c)),
                    (None, None) => g.extend((0..cats).map(|c| cat_atom(m, c))),
                }
            }
            at.push(full.cells.len());
            full.cells.push(Cell { atoms: f, value });
            marginal.cells.push(Cell { atoms: g, value });
        }
        let total = at[0];
        full.relations.push(
            std::iter::once(total)
                .chain(at[1..=cats].iter().copied())
                .collect(),
        );
        full.relations.push(
            std::iter::once(total)
                .chain(at[cats + 1..].iter().copied())
                .collect(),
        );
        index.push(at);
    }
    let whole = index.len() - 1;
    for (k, &total) in index[whole].iter().enumerate() {
        full.relations.push(
            std::iter::once(total)
                .chain(index[..months].iter().map(|at| at[k]))
                .collect(),
        );
    }
    marginal.relations = full.relations.clone();
    (full, marginal)
}

#[test]
fn marginal_atoms_with_links_protect_like_every_combination() {
    let mut rng = common::Rng(0x05ee_d0f1_14e5);
    let mut hidden = 0;
    for _ in 0..80 {
        let (months, cats, areas) = (2 + rng.below(2), 2 + rng.below(2), 2 + rng.below(2));
        let x: Vec<Vec<Vec<u64>>> = (0..months)
            .map(|_| random_values(&mut rng, cats, areas))
            .collect();
        let (full, marginal) = product_tables(&x);
        let status = protect(&full, THRESHOLD);
        assert_eq!(protect(&marginal, THRESHOLD), status, "{x:?}");
        check_published(&marginal, &status);
        assert!(audit(&marginal, &status, THRESHOLD).is_empty());
        for i in (0..full.cells.len()).filter(|&i| status[i].hidden()) {
            let (a, b) = (
                range(&full, &status, THRESHOLD, i),
                range(&marginal, &status, THRESHOLD, i),
            );
            let same =
                |p: f64, q: f64| (p - q).abs() < 1e-6 || (p.is_infinite() && q.is_infinite());
            assert!(
                same(a.0, b.0) && same(a.1, b.1),
                "{x:?} cell {i}: {a:?} vs {b:?}"
            );
            hidden += 1;
        }
    }
    assert!(
        hidden > 100,
        "the tables do exercise suppression ({hidden} hidden)"
    );
}

/// With a point (the true table), the programmes fix every atom that no
/// hidden cell holds at its true value: a slice of the attacker's
/// programme. Its
/// ranges must lie inside the attacker's (so what it proves protected is,
/// by the exact audit without a point), and on these tables it should
/// almost never need to hide more.
#[test]
fn a_slice_through_the_true_table_proves_only_what_holds() {
    let mut rng = common::Rng(0x511c_e0f7_ab1e);
    let tables = 120;
    let (mut same, mut hidden) = (0, 0);
    for _ in 0..tables {
        let (months, cats, areas) = (2 + rng.below(3), 2 + rng.below(2), 2 + rng.below(3));
        let x: Vec<Vec<Vec<u64>>> = (0..months)
            .map(|_| random_values(&mut rng, cats, areas))
            .collect();
        let (_, exact) = product_tables(&x);
        let mut sliced = exact.clone();
        sliced.point = x
            .iter()
            .flat_map(|m| {
                let per_cat = m.iter().map(|row| row.iter().sum::<u64>());
                let per_area = (0..areas).map(|a| m.iter().map(|row| row[a]).sum::<u64>());
                per_cat.chain(per_area).collect::<Vec<_>>()
            })
            .collect();
        let status = protect(&sliced, THRESHOLD);
        check_published(&exact, &status);
        assert!(audit(&exact, &status, THRESHOLD).is_empty(), "{x:?}");
        for i in (0..exact.cells.len()).filter(|&i| status[i].hidden()) {
            let (outer, inner) = (
                range(&exact, &status, THRESHOLD, i),
                range(&sliced, &status, THRESHOLD, i),
            );
            assert!(
                inner.0 >= outer.0 - 1e-6 && inner.1 <= outer.1 + 1e-6,
                "{x:?} cell {i}: slice {inner:?} outside {outer:?}"
            );
            hidden += 1;
        }
        same += usize::from(protect(&exact, THRESHOLD) == status);
    }
    assert!(hidden > 100, "{hidden} hidden counts checked");
    assert!(
        same * 10 >= tables * 9,
        "the slice hid more than the exact programme in {} of {tables} tables",
        tables - same
    );
}
