//! Disclosure control across versions: a public output released again and
//! again, each version's counts from the data as they were then.
//!
//! The attacker keeps every version. Between two versions the data only
//! grow by late rows, so the atoms of version k are those of version k − 1
//! plus a non-negative change. One table holds every version: a base copy
//! of the atoms and one change copy per later version, each copy with its
//! own links; a cell of version s is the sum of its atoms over copies
//! `base..=s`. Where a count went down (a row corrected away) changes are
//! not non-negative, so that version starts a fresh base copy: the
//! attacker is assumed to know less, never more. The usual [`super::audit`]
//! over this table is the exact audit over every version together.

use std::collections::{BTreeMap, HashMap};

use super::{Cell, Status, Table, Thresholds};
use crate::model::ledger::{Protection, Rule, Value};

/// A released value's status: shown, or hidden as small (primary) or to
/// protect another (secondary). Where the release `marks_small`, its pages
/// told which hidden counts were small and so which were not: a marked one
/// is known small, an unmarked one known to be at least the threshold,
/// and an unmarked 0 (the old suppression hid zeros at times) as good as
/// shown. `rule` is that of the release that first published the count:
/// small is below its threshold, and a small one first released under two
/// values stays [`Status::Legacy`].
pub fn status_of(v: Value, marks_small: bool, rule: Rule) -> Status {
    let small = v.count >= 1 && v.count < rule.threshold;
    match (v.hidden, marks_small) {
        (false, _) => Status::Shown,
        (true, true) if small => Status::Small,
        (true, true) if v.count == 0 => Status::Shown,
        (true, true) => Status::Large,
        (true, false) if small => under(Status::Primary, rule.protection),
        (true, false) => Status::Secondary,
    }
}

/// `status` for a count protected under `rule`.
pub fn under(status: Status, rule: Protection) -> Status {
    match (status, rule) {
        (Status::Primary, Protection::TwoValues) => Status::Legacy,
        (s, _) => s,
    }
}

/// One year's table over every version: cells of version s are sums of
/// the atoms of copies `base(s)..=s`.
pub struct Versions {
    pub table: Table,
    /// Per cell of `table`: its version and its label index in the year
    /// table (`None` for the known zeros).
    pub cells: Vec<(usize, Option<usize>)>,
}

impl Versions {
    /// Stacks the versions `states` (value per label index) of the year
    /// table `year`, whose first `labels` cells are the published ones and
    /// the rest known zeros, `per_copy` atoms to a copy.
    pub fn new(
        year: &Table,
        labels: usize,
        per_copy: u32,
        states: &[BTreeMap<usize, Value>],
    ) -> Versions {
        let mut table = Table::default();
        let mut cells = Vec::new();
        let mut base = 0;
        for (s, state) in states.iter().enumerate() {
            let went_down = s > 0
                && state
                    .iter()
                    .any(|(i, v)| states[s - 1].get(i).is_some_and(|p| v.count < p.count));
            if went_down {
                base = s;
            }
            let copies: Vec<u32> = (base as u32..=s as u32).map(|j| j * per_copy).collect();
            let mut at: HashMap<usize, usize> = HashMap::new();
            for (&i, v) in state {
                let atoms = copies
                    .iter()
                    .flat_map(|&off| year.cells[i].atoms.iter().map(move |a| a + off))
                    .collect();
                at.insert(i, table.cells.len());
                table.cells.push(Cell {
                    atoms,
                    value: v.count,
                });
                cells.push((s, Some(i)));
            }
            for rel in &year.relations {
                if let Some(mapped) = rel.iter().map(|i| at.get(i).copied()).collect() {
                    table.relations.push(mapped);
                }
            }
            // Each copy has its own links, and the months before the data
            // are empty in every copy.
            let off = s as u32 * per_copy;
            let shift = |atoms: &[u32]| atoms.iter().map(|a| a + off).collect::<Vec<u32>>();
            table.links.extend(
                year.links
                    .iter()
                    .map(|link| link.iter().map(|side| shift(side)).collect()),
            );
            for zero in &year.cells[labels..] {
                table.cells.push(Cell {
                    atoms: shift(&zero.atoms),
                    value: 0,
                });
                cells.push((s, None));
            }
        }
        Versions { table, cells }
    }

    /// Gives the table a point (see [`Table::point`]) where it has an
    /// easy one: when every version's counts are today's (no late row
    /// changed a released count of the year), today's atoms as the base
    /// copy and no change after it agree with every version. Checked cell
    /// by cell (a version whose counts differ from today's disagrees);
    /// otherwise the table keeps none (the whole programme).
    pub fn with_point(mut self, year: &Table) -> Versions {
        if year.point.is_empty() {
            return self;
        }
        let mut point = vec![0; self.table.atoms().max(year.point.len())];
        point[..year.point.len()].copy_from_slice(&year.point);
        let agrees = (self.table.cells.iter())
            .all(|c| c.atoms.iter().map(|&a| point[a as usize]).sum::<u64>() == c.value);
        if agrees {
            self.table.point = point;
        }
        self
    }

    /// The statuses of the last version: earlier versions locked as
    /// released (told small where `marks_small` says that version's pages
    /// did), the last version's `kept` counts (released, unchanged) first
    /// locked too, then, if that cannot protect everything, free. Each
    /// count is protected by its `rules` (by label index: the rule and
    /// threshold of the release that first published it, the current ones
    /// for a new count). `None` when even that leaves a hidden count
    /// unprotected.
    pub fn protect(
        &self,
        states: &[BTreeMap<usize, Value>],
        marks_small: &[bool],
        kept: &[Option<Value>],
        rules: &[Rule],
    ) -> Option<Vec<Status>> {
        let found = self.protect_on(&self.table, states, marks_small, kept, rules);
        if found.is_some() || self.table.point.is_empty() {
            return found;
        }
        // The slice through the point proves less than the whole
        // programme: where it cannot protect the released counts, the
        // whole programme decides.
        let whole = Table {
            point: Vec::new(),
            ..self.table.clone()
        };
        self.protect_on(&whole, states, marks_small, kept, rules)
    }

    /// [`Versions::protect`] with the programmes over `table`.
    fn protect_on(
        &self,
        table: &Table,
        states: &[BTreeMap<usize, Value>],
        marks_small: &[bool],
        kept: &[Option<Value>],
        rules: &[Rule],
    ) -> Option<Vec<Status>> {
        let last = states.len() - 1;
        let thresholds = self.thresholds(rules);
        let thresholds = Thresholds::PerCell(&thresholds);
        for lock_kept in [true, false] {
            let (status, locked): (Vec<Status>, Vec<bool>) = self
                .cells
                .iter()
                .map(|&(s, i)| match (s == last, i) {
                    (false, Some(i)) => (status_of(states[s][&i], marks_small[s], rules[i]), true),
                    (true, Some(i)) => match kept[i] {
                        Some(v) => (status_of(v, false, rules[i]), lock_kept),
                        None => (
                            under(
                                super::initial_status(states[s][&i].count, rules[i].threshold),
                                rules[i].protection,
                            ),
                            false,
                        ),
                    },
                    // The known zeros: never published.
                    (_, None) => (Status::Shown, true),
                })
                .unzip();
            let status = self.show_known(status, &locked, kept, last);
            let status = super::protect_locked(table, thresholds, status, &locked);
            if super::audit(table, &status, thresholds).is_empty() {
                return Some(self.current(&status, kept.len()));
            }
        }
        None
    }

    /// Shows the last version's new small counts whose value the locked
    /// published numbers already fix (see [`super::known_before`]): a new
    /// quarter of one month's released 3 and two zeros, after the threshold
    /// was raised, is that 3. Hiding it would protect nothing, and only
    /// hiding the released month again would seem to.
    fn show_known(
        &self,
        mut status: Vec<Status>,
        locked: &[bool],
        kept: &[Option<Value>],
        last: usize,
    ) -> Vec<Status> {
        let new: Vec<usize> = (self.cells.iter().enumerate())
            .filter(|(k, (s, i))| {
                *s == last && i.is_some_and(|i| kept[i].is_none()) && status[*k].hidden()
            })
            .map(|(k, _)| k)
            .collect();
        if new.is_empty() {
            return status;
        }
        let known = super::known_before(&self.table, &status, locked, &new);
        for (&k, _) in new.iter().zip(&known).filter(|(_, known)| **known) {
            status[k] = Status::Shown;
        }
        status
    }

    /// Per cell of `table`, the threshold it is judged by: that of its
    /// label's rule in every version (a known zero is shown and never
    /// judged).
    pub fn thresholds(&self, rules: &[Rule]) -> Vec<u64> {
        self.cells
            .iter()
            .map(|&(_, i)| i.map_or(0, |i| rules[i].threshold))
            .collect()
    }

    /// The statuses of the last version's counts, by label index.
    fn current(&self, status: &[Status], n: usize) -> Vec<Status> {
        let last = self.cells.iter().map(|c| c.0).max().unwrap_or(0);
        let mut out = vec![Status::Shown; n];
        for (k, &(s, i)) in self.cells.iter().enumerate() {
            if let (true, Some(i)) = (s == last, i) {
                out[i] = status[k];
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One month: categories A, B (atoms 0, 1) and areas X, Y (atoms 2,
    /// 3), linked by the month's total; cells total, A, B, X, Y.
    fn month(values: [u64; 5]) -> Table {
        let atoms = [vec![0, 1], vec![0], vec![1], vec![2], vec![3]];
        Table {
            cells: atoms
                .into_iter()
                .zip(values)
                .map(|(atoms, value)| Cell { atoms, value })
                .collect(),
            relations: vec![vec![0, 1, 2], vec![0, 3, 4]],
            links: vec![vec![vec![0, 1], vec![2, 3]]],
            point: Vec::new(),
        }
    }

    fn state(values: [u64; 5], hidden: [bool; 5]) -> BTreeMap<usize, Value> {
        (0..5)
            .map(|i| {
                (
                    i,
                    Value {
                        count: values[i],
                        hidden: hidden[i],
                    },
                )
            })
            .collect()
    }

    const V1: [u64; 5] = [10, 8, 2, 5, 5];
    const V2: [u64; 5] = [11, 8, 3, 6, 5];
    const V1_HIDDEN: [bool; 5] = [false, true, true, false, false];
    const LEGACY: Rule = Rule {
        protection: Protection::TwoValues,
        threshold: 3,
    };

    #[test]
    fn a_late_row_shown_naively_pins_last_versions_hidden_count() {
        // Version 1 alone is safe: B is 1 or 2, A 8 or 9.
        let t1 = month(V1);
        let s1: Vec<Status> = (0..5)
            .map(|i| status_of(state(V1, V1_HIDDEN)[&i], true, LEGACY))
            .collect();
        assert!(super::super::audit(&t1, &s1, 3).is_empty());
        // Version 2 protected alone shows everything (no count below 3);
        // together with version 1 that pins B = 2 (A cannot shrink).
        let states = [state(V1, V1_HIDDEN), state(V2, [false; 5])];
        let h = Versions::new(&month(V2), 5, 4, &states);
        let naive: Vec<Status> = h
            .cells
            .iter()
            .map(|&(s, i)| status_of(states[s][&i.unwrap()], true, LEGACY))
            .collect();
        let pinned = super::super::audit(&h.table, &naive, 3);
        assert!(pinned.contains(&2), "B of version 1 is pinned: {pinned:?}");
    }

    #[test]
    fn a_point_is_given_only_where_every_version_holds_todays_counts() {
        let with_point = |values: [u64; 5]| Table {
            point: vec![values[1], values[2], values[3], values[4]],
            ..month(values)
        };
        // Nothing changed since version 1: today's atoms, then no change.
        let same = [state(V1, V1_HIDDEN), state(V1, [false; 5])];
        let year = with_point(V1);
        let h = Versions::new(&year, 5, 4, &same).with_point(&year);
        assert_eq!(h.table.point, vec![8, 2, 5, 5, 0, 0, 0, 0]);
        let kept: Vec<Option<Value>> = (0..5).map(|i| Some(same[0][&i])).collect();
        let whole = Versions::new(&year, 5, 4, &same);
        assert!(whole.table.point.is_empty());
        let protect = |v: &Versions| v.protect(&same, &[false, false], &kept, &[LEGACY; 5]);
        let status = protect(&h).expect("a safe release exists");
        assert_eq!(Some(status.clone()), protect(&whole));
        assert!(status[1].hidden() && status[2].hidden(), "{status:?}");
        // A late row changed version 1's counts: no point.
        let changed = [state(V1, V1_HIDDEN), state(V2, [false; 5])];
        let year = with_point(V2);
        let h = Versions::new(&year, 5, 4, &changed).with_point(&year);
        assert!(h.table.point.is_empty());
    }

    /// Where the slice through the point cannot protect the released
    /// counts, the whole programme decides. Atoms x, z, w with x + z = w
    /// (a link); hidden x = 1, shown w = 4; z is in no cell (no table
    /// of the site has such an atom: this one makes the slice fail
    /// whatever the last version hides). x can grow only if z shrinks;
    /// the slice fixes z at 3 and so pins x at 1, while the whole
    /// programme lets x reach 4.
    #[test]
    fn where_the_slice_fails_the_whole_programme_decides() {
        const NOW: Rule = Rule {
            protection: Protection::Interval,
            threshold: 3,
        };
        let values = [1, 4];
        let year = Table {
            cells: vec![
                Cell {
                    atoms: vec![0],
                    value: 1,
                },
                Cell {
                    atoms: vec![2],
                    value: 4,
                },
            ],
            relations: Vec::new(),
            links: vec![vec![vec![0, 1], vec![2]]],
            point: vec![1, 3, 4],
        };
        let hidden = [true, false];
        let state: BTreeMap<usize, Value> = (0..2)
            .map(|i| {
                (
                    i,
                    Value {
                        count: values[i],
                        hidden: hidden[i],
                    },
                )
            })
            .collect();
        let states = [state.clone(), state.clone()];
        let kept: Vec<Option<Value>> = (0..2).map(|i| Some(state[&i])).collect();
        let rules = [NOW; 2];
        let h = Versions::new(&year, 2, 3, &states).with_point(&year);
        assert_eq!(h.table.point, vec![1, 3, 4, 0, 0, 0]);
        let sliced = h.protect_on(&h.table, &states, &[false, false], &kept, &rules);
        assert_eq!(sliced, None, "the slice pins x");
        let status = (h.protect(&states, &[false, false], &kept, &rules))
            .expect("the whole programme protects x");
        let hidden_now: Vec<bool> = status.iter().map(|s| s.hidden()).collect();
        assert_eq!(hidden_now, hidden);
    }

    #[test]
    fn the_joint_protection_keeps_every_version_safe() {
        let states = [state(V1, V1_HIDDEN), state(V2, [false; 5])];
        let h = Versions::new(&month(V2), 5, 4, &states);
        let v = |i: usize| Value {
            count: V1[i],
            hidden: V1_HIDDEN[i],
        };
        // A (hidden) and Y (shown) are unchanged: released as they were.
        let kept = [None, Some(v(1)), None, None, Some(v(4))];
        let status = h
            .protect(&states, &[true, false], &kept, &[LEGACY; 5])
            .expect("a safe release exists");
        assert!(status[1].hidden(), "A stays hidden as released");
        assert!(!status[4].hidden(), "Y stays shown as released");
        let all: Vec<Status> = h
            .cells
            .iter()
            .map(|&(s, i)| {
                let i = i.unwrap();
                if s == 0 {
                    status_of(states[0][&i], true, LEGACY)
                } else {
                    status[i]
                }
            })
            .collect();
        assert!(super::super::audit(&h.table, &all, 3).is_empty());
    }

    #[test]
    fn a_count_that_went_down_starts_a_fresh_copy() {
        let states = [state(V1, V1_HIDDEN), state([9, 7, 2, 4, 5], [false; 5])];
        let h = Versions::new(&month(V1), 5, 4, &states);
        // Version 2's total is over atoms 4 and 5 only, not 0 and 1 too.
        assert_eq!(h.table.cells[5].atoms, vec![4, 5]);
        let h = Versions::new(
            &month(V2),
            5,
            4,
            &[state(V1, V1_HIDDEN), state(V2, [false; 5])],
        );
        assert_eq!(h.table.cells[5].atoms, vec![0, 1, 4, 5]);
    }

    #[test]
    fn a_count_keeps_the_threshold_it_was_first_released_under() {
        // Released under threshold 3: total 5 shown, A 3 + B 2 and X 3 +
        // Y 2 hidden; B and Y can be anything from 1 to 4, so they reach
        // 3. Judged by 5 they would not (nothing here can reach 5), and no
        // later release could mend what is published.
        let v1 = [5, 3, 2, 3, 2];
        let hidden = [false, true, true, true, true];
        let states = [state(v1, hidden), state(v1, [false; 5])];
        let h = Versions::new(&month(v1), 5, 4, &states);
        let kept: Vec<Option<Value>> = (0..5).map(|i| Some(states[0][&i])).collect();
        let rule = |threshold| Rule {
            protection: Protection::Interval,
            threshold,
        };
        let status = h
            .protect(&states, &[false, false], &kept, &[rule(3); 5])
            .expect("kept as released, judged by the release's threshold");
        assert_eq!(
            status,
            [
                Status::Shown,
                Status::Secondary,
                Status::Primary,
                Status::Secondary,
                Status::Primary
            ]
        );
        assert_eq!(h.thresholds(&[rule(3); 5])[..5], [3; 5]);
        assert_eq!(
            h.protect(&states, &[false, false], &kept, &[rule(5); 5]),
            None
        );
    }

    #[test]
    fn a_new_count_the_released_ones_fix_is_shown() {
        // October 3 and November 0 released under threshold 3; the new
        // quarter (their sum) is 3, below the raised threshold 5, but the
        // released months already say it: shown, October unrevised.
        let year = Table {
            cells: [vec![0], vec![1], vec![0, 1]]
                .into_iter()
                .zip([3, 0, 3])
                .map(|(atoms, value)| Cell { atoms, value })
                .collect(),
            relations: vec![vec![2, 0, 1]],
            links: Vec::new(),
            point: Vec::new(),
        };
        let shown = |count| Value {
            count,
            hidden: false,
        };
        let released: BTreeMap<usize, Value> = [(0, shown(3)), (1, shown(0))].into();
        let now: BTreeMap<usize, Value> = [(0, shown(3)), (1, shown(0)), (2, shown(3))].into();
        let states = [released, now];
        let h = Versions::new(&year, 3, 2, &states);
        let rule = |threshold| Rule {
            protection: Protection::Interval,
            threshold,
        };
        let kept = [Some(shown(3)), Some(shown(0)), None];
        let status = h
            .protect(
                &states,
                &[false, false],
                &kept,
                &[rule(3), rule(3), rule(5)],
            )
            .expect("a release");
        assert_eq!(status, [Status::Shown; 3]);
    }
}
