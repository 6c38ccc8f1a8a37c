//! The disclosure protection of each year's public counts, kept between
//! builds.
//!
//! Protecting a year's counts (primary and secondary suppression proven by
//! linear programmes) is the dearest step of a public build without a
//! ledger, and its result follows from the year's table alone: the counts,
//! which atoms each sums, the sums between them, and the threshold. A
//! coordinator who edits a note changes none of that. So the statuses are
//! kept under a SHA-256 of the table: `lagesbild serve` keeps them in
//! memory, `lagesbild build` in the output folder (`.lagesbild.protected`,
//! written by the site with the program's stamp, so a new program starts
//! afresh). A kept answer is used only for the very same table; whatever
//! else changed, the protection is computed again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::disclosure::{Status, Table};

/// Statuses by the hash of the table they protect.
#[derive(Default)]
pub struct ProtectMemo {
    kept: Mutex<BTreeMap<String, String>>,
    /// The entries this build asked for: only they are written back.
    used: Mutex<BTreeSet<String>>,
}

const HEADER: &str = "lagesbild protected 1";

impl ProtectMemo {
    /// The memo written by [`ProtectMemo::to_text`] under the same
    /// `program` stamp; an empty one for anything else.
    pub fn from_text(text: &str, program: &str) -> ProtectMemo {
        let mut lines = text.lines();
        if lines.next() != Some(&format!("{HEADER} {program}")) {
            return ProtectMemo::default();
        }
        // A line whose check does not match (a damaged file) is dropped.
        let kept = lines
            .filter_map(|l| {
                let mut f = l.split(' ');
                let (k, v, c) = (f.next()?, f.next()?, f.next()?);
                (check(k, v) == c).then(|| (k.to_string(), v.to_string()))
            })
            .collect();
        ProtectMemo {
            kept: Mutex::new(kept),
            used: Mutex::default(),
        }
    }

    /// The entries used by this build, under `program`.
    pub fn to_text(&self, program: &str) -> String {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = format!("{HEADER} {program}\n");
        for k in used.iter() {
            if let Some(v) = kept.get(k) {
                out.push_str(&format!("{k} {v} {}\n", check(k, v)));
            }
        }
        out
    }

    /// The statuses of `table` at `threshold`: kept ones, else `protect`'s
    /// (then kept).
    pub(crate) fn protect(
        &self,
        table: &Table,
        threshold: u64,
        protect: impl FnOnce() -> Vec<Status>,
    ) -> Vec<Status> {
        let key = key(table, threshold);
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone());
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .and_then(|v| decode(v, table, threshold));
        if let Some(status) = kept {
            return status;
        }
        let status = protect();
        if let Some(text) = encode(&status) {
            self.kept
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, text);
        }
        status
    }
}

/// SHA-256 over everything the protection is made from: the text
/// `threshold T`, `cell V [A, …]`, `relation [C, …]` and `link [[A, …], …]`
/// lines, written into one buffer without the formatting machinery (the
/// public output's tables have tens of thousands of cells; a `format!` a
/// cell cost a build after a note edit about 4 ms).
fn key(table: &Table, threshold: u64) -> String {
    let mut h = Sha256::new();
    let mut line = String::with_capacity(256);
    let mut put = |line: &mut String| {
        line.push('\n');
        h.update(line.as_bytes());
        line.clear();
    };
    line.push_str("threshold ");
    number(&mut line, threshold);
    put(&mut line);
    for c in &table.cells {
        line.push_str("cell ");
        number(&mut line, c.value);
        line.push(' ');
        list(&mut line, &c.atoms);
        put(&mut line);
    }
    for r in &table.relations {
        line.push_str("relation ");
        list(&mut line, r);
        put(&mut line);
    }
    for l in &table.links {
        line.push_str("link [");
        for (i, atoms) in l.iter().enumerate() {
            if i > 0 {
                line.push_str(", ");
            }
            list(&mut line, atoms);
        }
        line.push(']');
        put(&mut line);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` in decimal after `line`.
fn number(line: &mut String, n: impl itoa::Integer) {
    line.push_str(itoa::Buffer::new().format(n));
}

/// `items` after `line` as `{:?}` writes them: `[1, 2, 3]`.
fn list<T: itoa::Integer + Copy>(line: &mut String, items: &[T]) {
    line.push('[');
    for (i, &n) in items.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        number(line, n);
    }
    line.push(']');
}

/// One letter a status: shown, primary, secondary (the only ones a
/// protection without a ledger gives).
fn encode(status: &[Status]) -> Option<String> {
    status
        .iter()
        .map(|s| match s {
            Status::Shown => Some('s'),
            Status::Primary => Some('p'),
            Status::Secondary => Some('x'),
            _ => None,
        })
        .collect()
}

/// A check of one kept line: the first 16 hex digits of the SHA-256 of its
/// key and statuses.
fn check(key: &str, statuses: &str) -> String {
    let digest = Sha256::digest(format!("{key} {statuses}"));
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The kept statuses of `table`, if they are whole and hide every small
/// count (a last guard: the key and the check make anything else
/// unlikely).
fn decode(text: &str, table: &Table, threshold: u64) -> Option<Vec<Status>> {
    let status: Vec<Status> = text
        .chars()
        .map(|c| match c {
            's' => Some(Status::Shown),
            'p' => Some(Status::Primary),
            'x' => Some(Status::Secondary),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let whole = status.len() == table.cells.len();
    let small_hidden = whole
        && table
            .cells
            .iter()
            .zip(&status)
            .all(|(c, s)| !(1..threshold).contains(&c.value) || s.hidden());
    small_hidden.then_some(status)
}

#[cfg(test)]
mod tests {
    use super::super::disclosure::{Cell, protect};
    use super::*;

    fn table(values: [u64; 4]) -> Table {
        Table {
            cells: vec![
                Cell {
                    atoms: vec![0, 1, 2],
                    value: values[0],
                },
                Cell {
                    atoms: vec![0],
                    value: values[1],
                },
                Cell {
                    atoms: vec![1],
                    value: values[2],
                },
                Cell {
                    atoms: vec![2],
                    value: values[3],
                },
            ],
            relations: vec![vec![0, 1, 2, 3]],
            links: vec![],
            point: Vec::new(),
        }
    }

    /// The key is the SHA-256 of the text the formatting machinery
    /// writes (so that protections kept by earlier versions are found).
    #[test]
    fn the_key_hashes_the_tables_text_as_formatted() {
        let mut t = table([15, 2, 8, 5]);
        t.cells.push(Cell {
            atoms: vec![],
            value: u64::MAX,
        });
        t.relations.push(vec![]);
        t.links = vec![vec![vec![0, 4_000_000_000], vec![], vec![7]], vec![]];
        let mut text = String::from("threshold 3\n");
        for c in &t.cells {
            text += &format!("cell {} {:?}\n", c.value, c.atoms);
        }
        for r in &t.relations {
            text += &format!("relation {r:?}\n");
        }
        for l in &t.links {
            text += &format!("link {l:?}\n");
        }
        let sha: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(key(&t, 3), sha);
        assert_ne!(key(&t, 4), sha);
    }

    #[test]
    fn a_kept_protection_is_used_only_for_the_same_table() {
        let memo = ProtectMemo::default();
        let t = table([15, 2, 8, 5]);
        let first = memo.protect(&t, 3, || protect(&t, 3));
        assert_eq!(first[1], Status::Primary);
        // Kept: asked again, the computation is not run.
        let again = memo.protect(&t, 3, || panic!("computed again"));
        assert_eq!(again, first);
        // Written and read back under the same program, kept; under
        // another, not.
        let text = memo.to_text("prog-a");
        let back = ProtectMemo::from_text(&text, "prog-a");
        assert_eq!(back.protect(&t, 3, || panic!("computed again")), first);
        let other = ProtectMemo::from_text(&text, "prog-b");
        let mut ran = false;
        other.protect(&t, 3, || {
            ran = true;
            protect(&t, 3)
        });
        assert!(ran, "another program computes anew");
        // Another value, another threshold: computed anew.
        let u = table([16, 2, 8, 6]);
        let mut ran = 0;
        memo.protect(&u, 3, || {
            ran += 1;
            protect(&u, 3)
        });
        memo.protect(&t, 4, || {
            ran += 1;
            protect(&t, 4)
        });
        assert_eq!(ran, 2);
    }

    #[test]
    fn a_damaged_line_is_computed_again() {
        let memo = ProtectMemo::default();
        let t = table([15, 2, 8, 5]);
        let status = memo.protect(&t, 3, || protect(&t, 3));
        let text = memo.to_text("p");
        // The secondary 5 turned shown: the line's check fails.
        let damaged = text.replace(" spsx ", " spss ");
        assert_ne!(damaged, text, "{text}");
        let mut ran = false;
        let back = ProtectMemo::from_text(&damaged, "p");
        let again = back.protect(&t, 3, || {
            ran = true;
            protect(&t, 3)
        });
        assert!(ran);
        assert_eq!(again, status);
        // A small count shown is never taken, even with a matching check.
        let key = text.lines().nth(1).unwrap().split(' ').next().unwrap();
        let forged = format!("{HEADER} p\n{key} ssss {}\n", check(key, "ssss"));
        let mut ran = false;
        ProtectMemo::from_text(&forged, "p").protect(&t, 3, || {
            ran = true;
            protect(&t, 3)
        });
        assert!(ran);
    }

    #[test]
    fn only_the_tables_of_this_build_are_written() {
        let memo = ProtectMemo::default();
        let (t, u) = (table([15, 2, 8, 5]), table([16, 2, 8, 6]));
        memo.protect(&t, 3, || protect(&t, 3));
        memo.protect(&u, 3, || protect(&u, 3));
        let back = ProtectMemo::from_text(&memo.to_text("p"), "p");
        back.protect(&t, 3, || panic!("kept"));
        let text = back.to_text("p");
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
