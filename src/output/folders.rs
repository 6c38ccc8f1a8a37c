//! What each output's folders held when a build left them, so that a
//! later build's sweep need not read the folders that still hold it.
//!
//! Why: a seeded staging folder (`super::staging`) is swept at the end
//! of every build: each of its folders is read, and whatever this build
//! did not put is removed. On the large benchmark tier that is 1,900
//! folders read at every build (five system calls each), about 6 ms of a
//! build after a note edit, to find nothing in nearly all of them.
//!
//! A build records, for each folder of its outputs, the folder's inode,
//! modification and change times as it found them, and a hash of the
//! names it left there (its files and folders). The staging folder of a
//! later build starts as that very output (two builds later: the outputs
//! alternate between the current folder and the one the last swap
//! replaced). Its sweep does not read a folder whose inode and times are
//! still those recorded and whose recorded names are this build's names
//! there: it holds exactly what this build put, so there is nothing to
//! remove. Every other folder is read and swept as before.
//!
//! Why the times tell: adding, removing or renaming a name in a folder
//! sets the folder's modification and change times to the clock's time,
//! and no program sets a change time back. A folder is recorded only when
//! both its times were at least [`SETTLE`] old when the output's staging
//! began: a folder changed by this build, or just before it (within one
//! tick of a coarse clock: FAT keeps times to 2 s), is read by the sweep
//! that takes the record. So the recorded times are those of the names the
//! build found, and the names it left differ from them only by its own
//! puts and removals, which set new times. What a build no longer
//! produces is always among the names recorded (it was put by the build
//! that left the record) or found by reading: it is removed either way.
//! Only a file someone else puts into a folder of the outputs without
//! its times changing (a network share caching a folder's times, within
//! the cache's second) could be left; the build's own files cannot.
//!
//! Not on systems without inodes (Windows): there every folder is read.
//! The record is a kept part of the output folder
//! (`.lagesbild.folders`, see `super::kept`): an optimisation only, taken
//! under the program's stamp, none by a forced build.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap as HashMap;

pub use crate::source::seen::SETTLE;

const HEADER: &str = "lagesbild folders 1";

/// A folder's inode and times (ns since 1970), as the system gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirStamp {
    ino: u64,
    modified: i64,
    changed: i64,
}

impl DirStamp {
    /// The stamp of the folder `meta` describes; none where the system
    /// has no inodes and change times.
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<DirStamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| s.checked_mul(1_000_000_000)?.checked_add(n);
        Some(DirStamp {
            ino: meta.ino(),
            modified: ns(meta.mtime(), meta.mtime_nsec())?,
            changed: ns(meta.ctime(), meta.ctime_nsec())?,
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<DirStamp> {
        None
    }

    /// Whether both its times are before `before` (ns since 1970).
    fn settled(&self, before: i64) -> bool {
        self.modified < before && self.changed < before
    }
}

/// One folder as recorded: the hash of its path below the output, its
/// stamp, and the hash of the names left in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Recorded {
    rel: u64,
    stamp: DirStamp,
    names: u64,
}

/// One output's folders as one build left them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Generation(Vec<Recorded>);

impl Generation {
    /// The record of the folders `looked` (each folder's path below the
    /// output and its stamp as first looked at), each with its names
    /// (`names`), keeping those whose times were settled before `began`
    /// (ns since 1970) less [`SETTLE`].
    pub fn of<'a>(
        looked: impl IntoIterator<Item = (&'a str, DirStamp)>,
        names: impl Fn(&str) -> u64,
        began: i64,
    ) -> Generation {
        let before = began.saturating_sub(SETTLE.as_nanos() as i64);
        let mut folders: Vec<Recorded> = (looked.into_iter())
            .filter(|(_, stamp)| stamp.settled(before))
            .map(|(rel, stamp)| Recorded {
                rel: rel_hash(rel),
                stamp,
                names: names(rel),
            })
            .collect();
        folders.sort_by_key(|r| (r.rel, r.stamp.ino));
        Generation(folders)
    }

    /// How many folders are recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The folders of the outputs the last two builds of each left: by
/// output name, the newest first (see the module doc).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Folders(BTreeMap<String, [Generation; 2]>);

/// What a sweep may take from [`Folders`] for one output: each recorded
/// folder by its path's hash and inode.
#[derive(Debug, Default)]
pub struct Seed(HashMap<(u64, u64), (DirStamp, u64)>);

impl Seed {
    /// Whether the folder `rel`, found as `stamp`, still holds exactly
    /// the names whose hash is `names` (the record holds it so).
    pub fn holds(&self, rel: &str, stamp: &DirStamp, names: u64) -> bool {
        (self.0.get(&(rel_hash(rel), stamp.ino))).is_some_and(|(s, n)| s == stamp && *n == names)
    }
}

impl Folders {
    /// The record of `program` in `bytes`; empty for any other bytes.
    pub fn stored(bytes: &[u8], program: &str) -> Folders {
        (crate::framed::body(bytes, HEADER, program))
            .and_then(decode)
            .unwrap_or_default()
    }

    /// The record as bytes for [`Folders::stored`] under `program`.
    pub fn to_stored(&self, program: &str) -> Vec<u8> {
        let mut bytes = crate::framed::open(HEADER, program);
        for (name, generations) in &self.0 {
            put_u64(&mut bytes, name.len() as u64);
            bytes.extend_from_slice(name.as_bytes());
            for generation in generations {
                put_u64(&mut bytes, generation.0.len() as u64);
                for r in &generation.0 {
                    let DirStamp {
                        ino,
                        modified,
                        changed,
                    } = r.stamp;
                    for v in [r.rel, ino, modified as u64, changed as u64, r.names] {
                        put_u64(&mut bytes, v);
                    }
                }
            }
        }
        crate::framed::close(bytes)
    }

    /// What the sweep of the output `name` may take: both generations'
    /// folders (the staging folder is the older one, but after a build
    /// stopped between its swap and its record it is the newer; a folder
    /// is taken only with its own inode, so never from the other tree).
    pub fn seed(&self, name: &str) -> Seed {
        // The older first, so that the newer wins where both have one.
        let generations = self.0.get(name).into_iter().flat_map(|g| g.iter().rev());
        let folders = generations.flat_map(|g| &g.0);
        Seed(
            folders
                .map(|r| ((r.rel, r.stamp.ino), (r.stamp, r.names)))
                .collect(),
        )
    }

    /// The record after a build left each of `built` (an output's name
    /// and its folders): that output's newest generation becomes the
    /// older one. Outputs not built keep theirs.
    pub fn with(&self, built: Vec<(String, Generation)>) -> Folders {
        let mut folders = self.clone();
        for (name, newest) in built {
            let entry = folders.0.entry(name).or_default();
            let older = std::mem::replace(&mut entry[0], newest);
            entry[1] = older;
        }
        folders
    }
}

/// The hash of a folder's path below its output.
fn rel_hash(rel: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    rel.hash(&mut h);
    h.finish()
}

/// The hash of the names in a folder, each with whether it is a folder,
/// in any order (they are sorted first).
pub fn names_hash(names: &mut [(&str, bool)]) -> u64 {
    names.sort_unstable();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    names.hash(&mut h);
    h.finish()
}

fn put_u64(bytes: &mut Vec<u8>, v: u64) {
    bytes.extend_from_slice(&v.to_le_bytes());
}

/// [`Folders::to_stored`]'s body as a record; none when it is not one.
fn decode(mut body: &[u8]) -> Option<Folders> {
    let u64_at = |body: &mut &[u8]| {
        let (v, rest) = body.split_first_chunk::<8>()?;
        *body = rest;
        Some(u64::from_le_bytes(*v))
    };
    let mut folders = BTreeMap::new();
    while !body.is_empty() {
        let len = usize::try_from(u64_at(&mut body)?).ok()?;
        let (name, rest) = body.split_at_checked(len)?;
        body = rest;
        let mut generations: [Generation; 2] = Default::default();
        for generation in &mut generations {
            let count = usize::try_from(u64_at(&mut body)?).ok()?;
            // Each folder is 40 bytes: no count past what the bytes hold.
            if count > body.len() / 40 {
                return None;
            }
            for _ in 0..count {
                let mut v = [0u64; 5];
                for x in &mut v {
                    *x = u64_at(&mut body)?;
                }
                generation.0.push(Recorded {
                    rel: v[0],
                    stamp: DirStamp {
                        ino: v[1],
                        modified: v[2] as i64,
                        changed: v[3] as i64,
                    },
                    names: v[4],
                });
            }
        }
        folders.insert(String::from_utf8(name.to_vec()).ok()?, generations);
    }
    Some(Folders(folders))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(ino: u64, modified: i64, changed: i64) -> DirStamp {
        DirStamp {
            ino,
            modified,
            changed,
        }
    }

    const NOW: i64 = 1_000_000_000_000;

    fn old() -> i64 {
        NOW - SETTLE.as_nanos() as i64 - 1
    }

    #[test]
    fn a_folder_is_taken_only_with_its_inode_times_and_names() {
        let looked = [
            ("a", stamp(1, old(), old())),
            ("a/b", stamp(2, old(), old())),
        ];
        let generation = Generation::of(looked, |rel| rel.len() as u64, NOW);
        let folders = Folders::default().with(vec![("internal".into(), generation)]);
        let seed = folders.seed("internal");
        assert!(seed.holds("a", &stamp(1, old(), old()), 1));
        assert!(seed.holds("a/b", &stamp(2, old(), old()), 3));
        assert!(!seed.holds("a", &stamp(1, old(), old()), 2), "other names");
        assert!(
            !seed.holds("a", &stamp(3, old(), old()), 1),
            "another folder"
        );
        assert!(!seed.holds("a", &stamp(1, old() + 1, old()), 1), "modified");
        assert!(!seed.holds("a", &stamp(1, old(), old() + 1), 1), "changed");
        assert!(!seed.holds("c", &stamp(1, old(), old()), 1), "not recorded");
        assert!(Folders::default().seed("internal").0.is_empty());
        assert!(folders.seed("public").0.is_empty(), "another output");
    }

    #[test]
    fn a_folder_changed_lately_is_not_recorded() {
        let recent = NOW - SETTLE.as_nanos() as i64;
        let looked = [
            ("a", stamp(1, old(), old())),
            ("b", stamp(2, recent, old())),
            ("c", stamp(3, old(), recent)),
        ];
        let generation = Generation::of(looked, |_| 0, NOW);
        assert_eq!(generation.len(), 1);
        let folders = Folders::default().with(vec![("x".into(), generation)]);
        assert!(folders.seed("x").holds("a", &stamp(1, old(), old()), 0));
        assert!(!folders.seed("x").holds("b", &stamp(2, recent, old()), 0));
    }

    #[test]
    fn two_generations_are_kept_and_taken_back_whole_under_their_program() {
        let one = Generation::of([("a", stamp(1, old(), old()))], |_| 7, NOW);
        let two = Generation::of([("a", stamp(2, old(), old()))], |_| 8, NOW);
        let three = Generation::of([("a", stamp(3, old(), old()))], |_| 9, NOW);
        let folders = (Folders::default())
            .with(vec![("internal".into(), one)])
            .with(vec![("internal".into(), two), ("public".into(), three)])
            .with(vec![]);
        let seed = folders.seed("internal");
        assert!(seed.holds("a", &stamp(1, old(), old()), 7), "the older");
        assert!(seed.holds("a", &stamp(2, old(), old()), 8), "the newer");
        assert!(
            folders
                .seed("public")
                .holds("a", &stamp(3, old(), old()), 9)
        );
        let bytes = folders.to_stored("p");
        assert_eq!(Folders::stored(&bytes, "p"), folders);
        assert_eq!(Folders::stored(&bytes, "q"), Folders::default());
        for len in 0..bytes.len() {
            assert_eq!(Folders::stored(&bytes[..len], "p"), Folders::default());
        }
        let third = (folders.clone()).with(vec![("internal".into(), Generation::default())]);
        assert!(
            !third
                .seed("internal")
                .holds("a", &stamp(1, old(), old()), 7),
            "gone"
        );
        assert!(
            third
                .seed("internal")
                .holds("a", &stamp(2, old(), old()), 8)
        );
    }

    #[test]
    fn the_names_hash_is_of_the_names_and_kinds_in_any_order() {
        let h = names_hash(&mut [("b", false), ("a", true)]);
        assert_eq!(h, names_hash(&mut [("a", true), ("b", false)]));
        assert_ne!(h, names_hash(&mut [("a", false), ("b", false)]));
        assert_ne!(h, names_hash(&mut [("a", true)]));
        assert_ne!(
            h,
            names_hash(&mut [("a", true), ("b", false), ("c", false)])
        );
    }

    /// One build of the output `site` in `dir`: `paths` (each holding its
    /// path) staged into what the last swap replaced, swept knowing
    /// `folders`, and swapped in; with `plant` done to the seed first.
    /// The record after it and how many folders its sweep read.
    #[cfg(unix)]
    fn built(
        dir: &std::path::Path,
        paths: &[&str],
        folders: &Folders,
        plant: impl Fn(&std::path::Path),
    ) -> (Folders, usize) {
        use crate::output::OutDir;
        use crate::render::OutFile;
        plant(&dir.join(crate::output::OLD_DIR).join("site"));
        let out = OutDir::open(dir).unwrap();
        let staging = (out.staging("site").unwrap())
            .knowing(folders.seed("site"))
            // As if it began later: the folders made now count as settled.
            .began_later(2 * SETTLE.as_nanos() as i64);
        for path in paths {
            let bytes = path.as_bytes().into();
            let file = OutFile {
                path: path.to_string(),
                bytes,
            };
            staging.put(&file).unwrap();
        }
        staging.sweep().unwrap();
        let read = staging.folders_read();
        let left = folders.with(vec![("site".into(), staging.generation())]);
        out.commit(&["site".to_string()]).unwrap();
        let mut found: Vec<String> = walkdir::WalkDir::new(dir.join("site"))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                e.path()
                    .strip_prefix(dir.join("site"))
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        found.sort();
        let mut wanted: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        wanted.sort();
        assert_eq!(found, wanted, "the output holds exactly what was put");
        (left, read)
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_found_as_recorded_is_not_read_and_every_other_is_swept() {
        let dir = std::env::temp_dir().join(format!("lagesbild-folders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let paths = ["a/x.html", "a/b/y.html", "c/z.html", "top.html"];
        let none = |_: &std::path::Path| {};
        // Two builds, so that the outputs alternate between two folders.
        let (one, read) = built(&dir, &paths, &Folders::default(), none);
        assert_eq!(read, 0, "not seeded: nothing to sweep");
        let (two, _) = built(&dir, &paths, &one, none);
        // The first tree again: nothing recorded of it, every folder read.
        let (three, read) = built(&dir, &paths, &two, none);
        assert_eq!(read, 4, "the output's own, a, a/b and c");
        let (four, read) = built(&dir, &paths, &three, none);
        assert_eq!(read, 4, "the second tree: the record is of the first");
        // The first tree, as the third build recorded it: only the
        // output's own folder (renamed by every swap) is read.
        let (five, read) = built(&dir, &paths, &four, none);
        assert_eq!(read, 1);
        // A file planted in the seed changes its folder's times: read, and
        // the file swept out (`built` checks the output).
        let stray =
            |seed: &std::path::Path| std::fs::write(seed.join("a/stray.html"), "x").unwrap();
        let (six, read) = built(&dir, &paths, &five, stray);
        assert_eq!(read, 2, "the output's own and a");
        // A page no longer made goes, its folder recorded or not.
        let fewer = ["a/x.html", "a/b/y.html", "top.html"];
        let (seven, read) = built(&dir, &fewer, &six, none);
        assert_eq!(read, 1);
        assert!(!dir.join("site/c").exists());
        // A page added: its folder's names are others, so it is read.
        let more = ["a/x.html", "a/b/y.html", "a/new.html", "top.html"];
        let (eight, read) = built(&dir, &more, &seven, none);
        assert_eq!(read, 2, "the output's own and a");
        // Each tree's a was changed by the build that put a/new.html in
        // it after looking at it, so it is read once more in each.
        let mut folders = eight;
        for reads in [2, 2, 2, 1, 1] {
            let (next, read) = built(&dir, &more, &folders, none);
            assert_eq!(read, reads);
            folders = next;
        }
        // A page no longer made from a folder still made: its folder's
        // names are others, so it is read and the page swept out.
        let (_, read) = built(&dir, &paths[..2], &folders, none);
        assert_eq!(read, 2, "the output's own and a");
        assert!(!dir.join("site/a/new.html").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
