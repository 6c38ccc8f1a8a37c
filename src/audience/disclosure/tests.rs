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
        point: Vec::new(),
    }
}

/// The sums of [`two_rows`] as relations: total = rows = columns, each
/// row and column the sum of its two cells.
fn two_rows_sums() -> Vec<Vec<usize>> {
    vec![
        vec![0, 1, 2],
        vec![0, 3, 4],
        vec![1, 5, 6],
        vec![2, 7, 8],
        vec![3, 5, 7],
        vec![4, 6, 8],
    ]
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
        point: Vec::new(),
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
    t.relations = two_rows_sums();
    let status = protect(&t, 3);
    assert!(audit(&t, &status, 3).is_empty());
    let hidden: Vec<usize> = (0..9).filter(|&i| status[i].hidden()).collect();
    assert_eq!(hidden, vec![5, 6, 7, 8], "the rectangle around the 1");
}

/// The statuses of `t` hiding the cells whose bit is set in `mask`: a
/// count below 3 primary, others secondary.
fn pattern(t: &Table, mask: u32) -> Vec<Status> {
    (0..t.cells.len())
        .map(|i| match (mask >> i & 1 == 1, t.cells[i].value < 3) {
            (false, _) => Status::Shown,
            (true, true) => Status::Primary,
            (true, false) => Status::Secondary,
        })
        .collect()
}

#[test]
fn the_audit_agrees_with_each_cells_exact_range() {
    // Two rows and their column sums, every cell hidden or shown in
    // turn: the audit's proofs (from one feasible point per pattern) must
    // give what the exact ranges give.
    let t = two_rows([2, 1, 4, 7]);
    let mut exposed = 0;
    for mask in 0u32..(1 << t.cells.len()) {
        let status = pattern(&t, mask);
        let proven = audit(&t, &status, 3);
        let each: Vec<usize> = (0..t.cells.len())
            .filter(|&i| {
                let (lo, hi) = range(&t, &status, 3, i);
                !need::need(t.cells[i].value, status[i], 3).met_by(lo, hi, 3)
            })
            .collect();
        assert_eq!(proven, each, "mask {mask:b}");
        exposed += each.len();
    }
    assert!(exposed > 100, "some cells must be exposed: {exposed}");
}

#[test]
fn a_cell_reaches_an_end_from_the_base_point_exactly_when_its_range_does() {
    // Every hidden/shown pattern of two tables (one with a zero, whose
    // atom is pinned): from the programme's base point, the warm answer
    // for each hidden cell's ends (one up, one to the threshold, one
    // down) must be what the exact range says.
    use microlp::OptimizationDirection::{Maximize, Minimize};
    let mut checked = [0; 2];
    for values in [[2, 1, 4, 7], [0, 1, 4, 2]] {
        let t = two_rows(values);
        for mask in 0u32..(1 << t.cells.len()) {
            let status = pattern(&t, mask);
            let p = lp::Lp::new(&t, &status, Thresholds::All(3));
            let base = p.base().expect("the true table is a feasible point");
            for i in (0..t.cells.len()).filter(|&i| status[i].hidden()) {
                let v = t.cells[i].value as f64;
                let (lo, hi) = range(&t, &status, 3, i);
                for (dir, end) in [(Maximize, v + 1.0), (Maximize, 3.0), (Minimize, v - 1.0)] {
                    let exact = match dir {
                        Maximize => hi >= end - 1e-6,
                        Minimize => lo <= end + 1e-6,
                    };
                    match p.reach(&base, i, dir, end) {
                        Some(lp::Reach::At(point)) => {
                            assert!(exact, "mask {mask:b} cell {i} to {end}: {lo} … {hi}");
                            let x: f64 = t.cells[i].atoms.iter().map(|&a| point[a as usize]).sum();
                            assert!(if dir == Maximize {
                                x >= end - 1e-6
                            } else {
                                x <= end + 1e-6
                            });
                            checked[0] += 1;
                        }
                        Some(lp::Reach::Never) => {
                            assert!(!exact, "mask {mask:b} cell {i} to {end}: {lo} … {hi}");
                            checked[1] += 1;
                        }
                        // Only where the cell has no variable: its value is known.
                        None => assert_eq!((lo, hi), (v, v), "mask {mask:b} cell {i}"),
                    }
                }
            }
        }
    }
    assert!(checked[0] > 1000 && checked[1] > 1000, "{checked:?}");
}

#[test]
fn equations_left_out_and_answers_from_the_true_point_change_no_range() {
    // Every hidden/shown pattern of two tables, as above, now with their
    // sums as relations (so a shown total whose shown parts add up to it
    // is left out of the programme) and with the true atoms as the point:
    // each range equals the one without relations, and each answer from
    // the point (one up, one to the threshold, one down) is what the
    // slice's exact range says.
    use microlp::OptimizationDirection::{Maximize, Minimize};
    let mut checked = [0; 3];
    for values in [[2, 1, 4, 7], [0, 1, 4, 2]] {
        let plain = two_rows(values);
        let sums = two_rows_sums();
        let related = Table {
            relations: sums.clone(),
            ..plain.clone()
        };
        let pointed = Table {
            relations: sums,
            point: values.to_vec(),
            ..plain.clone()
        };
        for mask in 0u32..(1 << plain.cells.len()) {
            let status = pattern(&plain, mask);
            let p = lp::Lp::new(&pointed, &status, Thresholds::All(3));
            for i in (0..plain.cells.len()).filter(|&i| status[i].hidden()) {
                let exact = range(&plain, &status, 3, i);
                let (lo, hi) = range(&related, &status, 3, i);
                let same = |x: f64, y: f64| x == y || (x - y).abs() < 1e-6;
                assert!(
                    same(lo, exact.0) && same(hi, exact.1),
                    "mask {mask:b} cell {i}: {lo} … {hi}, {exact:?} with every equation"
                );
                checked[0] += 1;
                let v = plain.cells[i].value as f64;
                let (lo, hi) = range(&pointed, &status, 3, i);
                for (dir, end) in [(Maximize, v + 1.0), (Maximize, 3.0), (Minimize, v - 1.0)] {
                    let reached = match dir {
                        Maximize => hi >= end - 1e-6,
                        Minimize => lo <= end + 1e-6,
                    };
                    match p.reach_from_point(i, dir, end) {
                        Some(lp::Reach::At(point)) => {
                            assert!(reached, "mask {mask:b} cell {i} to {end}: {lo} … {hi}");
                            let x: f64 = plain.cells[i]
                                .atoms
                                .iter()
                                .map(|&a| point[a as usize])
                                .sum();
                            assert!(lp::reaches(x, end, dir), "{x} to {end}");
                            checked[1] += 1;
                        }
                        Some(lp::Reach::Never) => {
                            assert!(!reached, "mask {mask:b} cell {i} to {end}: {lo} … {hi}");
                            checked[2] += 1;
                        }
                        // Only where the slice fixes the cell's every atom.
                        None => assert_eq!((lo, hi), (v, v), "mask {mask:b} cell {i}"),
                    }
                }
            }
        }
    }
    assert!(checked.iter().all(|&n| n > 1000), "{checked:?}");
}

/// A table of `rows` × `cols` atoms with these values: the total, each
/// row and column, and each atom whose bit in `singles` is set, as cells.
fn grid(rows: usize, cols: usize, values: &[u64], singles: u32) -> Table {
    let at = |r: usize, c: usize| (r * cols + c) as u32;
    let sum = |atoms: &[u32]| atoms.iter().map(|&a| values[a as usize]).sum();
    let mut sets: Vec<Vec<u32>> = vec![(0..(rows * cols) as u32).collect()];
    sets.extend((0..rows).map(|r| (0..cols).map(|c| at(r, c)).collect()));
    sets.extend((0..cols).map(|c| (0..rows).map(|r| at(r, c)).collect()));
    sets.extend(
        (0..(rows * cols) as u32)
            .filter(|a| singles >> a & 1 == 1)
            .map(|a| vec![a]),
    );
    Table {
        cells: sets.iter().map(|s| cell(s, sum(s))).collect(),
        relations: vec![],
        links: vec![],
        point: values.to_vec(),
    }
}

#[test]
fn the_looser_programme_answers_as_the_whole_one() {
    // Random grids of counts around the threshold, random hidden cells:
    // every answer of `reach_from_point` (the looser programme first, the
    // whole one where its point leaves an atom below 0) is the whole
    // programme's. (Here the looser points keep every atom at least 0: the
    // fallback itself is the next test's.)
    use microlp::OptimizationDirection::{Maximize, Minimize};
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut answers = 0;
    for _ in 0..400 {
        let (rows, cols) = (2 + next(3) as usize, 2 + next(3) as usize);
        let values: Vec<u64> = (0..rows * cols).map(|_| next(9)).collect();
        let t = grid(rows, cols, &values, next(1 << (rows * cols)) as u32);
        let status: Vec<Status> = (t.cells.iter())
            .map(|c| match (initial_status(c.value, 3), next(3)) {
                (Status::Shown, 0) if c.value > 0 => Status::Secondary,
                (s, _) => s,
            })
            .collect();
        let p = lp::Lp::new(&t, &status, Thresholds::All(3));
        for i in (0..t.cells.len()).filter(|&i| status[i].hidden()) {
            let v = t.cells[i].value as f64;
            for (dir, end) in [(Maximize, v + 1.0), (Maximize, 3.0), (Minimize, v - 1.0)] {
                let kind = |r: &Option<lp::Reach>| match r {
                    Some(lp::Reach::At(_)) => 'a',
                    Some(lp::Reach::Never) => 'n',
                    None => '-',
                };
                let whole = kind(&p.reach_whole(i, dir, end));
                assert_eq!(
                    kind(&p.reach_from_point(i, dir, end)),
                    whole,
                    "{t:?} {status:?} {i}"
                );
                answers += 1;
            }
        }
    }
    assert!(answers > 2000, "{answers} answers");
}

#[test]
fn where_the_looser_point_leaves_an_atom_below_0_the_whole_programme_answers() {
    // x (hidden, 1) rises by r: a1 and a2 fall by r (x + a1 and x + a2
    // shown), b1 and b2 rise by r (a1 + b1, a2 + b2 shown), so y falls by
    // 2r (b1 + b2 + y shown). y = 3 ≥ 0 stops r at 1.5, x at 2.5: x
    // cannot reach the threshold 3. Without y's constraint (y is at the
    // threshold, so the looser programme leaves it out) x reaches 3 at
    // y = −1: that point must not count.
    use microlp::OptimizationDirection::Maximize;
    let (x, a1, a2, b1, b2, y) = (0, 1, 2, 3, 4, 5);
    let t = Table {
        cells: vec![
            cell(&[x], 1),
            cell(&[x, a1], 3),
            cell(&[x, a2], 3),
            cell(&[a1, b1], 2),
            cell(&[a2, b2], 2),
            cell(&[b1, b2, y], 3),
            cell(&[a1, a2, b1, b2, y], 7),
        ],
        relations: vec![],
        links: vec![],
        point: vec![1, 2, 2, 0, 0, 3],
    };
    let mut status = vec![Status::Shown; 7];
    status[0] = Status::Primary;
    status[6] = Status::Secondary;
    let p = lp::Lp::new(&t, &status, Thresholds::All(3));
    assert!(matches!(p.reach_loose(0, Maximize, 3.0), (None, true)));
    assert!(matches!(
        p.reach_whole(0, Maximize, 3.0),
        Some(lp::Reach::Never)
    ));
    assert!(matches!(
        p.reach_from_point(0, Maximize, 3.0),
        Some(lp::Reach::Never)
    ));
    assert_eq!(range(&t, &status, 3, 0), (1.0, 2.5));
}
