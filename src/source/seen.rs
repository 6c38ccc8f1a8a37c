//! The large input files as the last build hashed them, so that the next
//! build knows their hashes without reading them again.
//!
//! Why: a build's key hashes every input file (`super::inputs`). On the
//! large benchmark tier that is 68 MB of incident files at every build,
//! about 11 ms of processor time (most of it the system copying pages)
//! and, when the system has dropped them from its cache, reads from disk,
//! for files that change a few times a year. Only their hashes are taken
//! so; the key is still made of every file's contents.
//!
//! When a file is taken as hashed (as git takes a file its index records):
//! only when its device, inode, size, modification time and change time
//! are all those recorded. Writing a file's bytes sets its change time to
//! the system's clock, and no program can set a change time back
//! (`touch -d`, `cp -p` and sync tools set the modification time only),
//! so a file written since its record has another change time (and one
//! put in its place does too, whatever inode it has). That holds on a
//! file system that keeps change times itself, so only files on the
//! local file systems known to (ext2, ext3 and ext4, XFS, Btrfs, F2FS,
//! ZFS, bcachefs, tmpfs) are recorded or taken, and only on Linux, which
//! says what a file system is (`fstatfs`). On any other (a network share,
//! whose server keeps the times by its own clock; sshfs, which makes the
//! change time the modification time; FAT and exFAT, which keep none)
//! every file is hashed at every build. A file is recorded only when
//! both its times were at least [`SETTLE`] old when the hashing began and
//! were the same when it ended: a file written just before or while it
//! was read (in the same tick of a coarse clock) is hashed again by the
//! next build rather than taken. Only files of at least [`LARGE`] bytes
//! are recorded: smaller ones cost less to read than to doubt, and the
//! notes are read anyway (their bytes become the pages). A forced build
//! (`--force`) takes nothing recorded and records anew.
//!
//! The record is a kept part of the output folder (`.lagesbild.inputs`,
//! see `output::kept`): framed under the program's stamp, so another
//! program (another hash) takes none of it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How old a file's times must be, when its hashing begins, for it to be
/// recorded.
pub const SETTLE: Duration = Duration::from_secs(5);

/// The smallest file recorded: one piece of the hashing (see
/// `inputs::hash_with`).
pub const LARGE: u64 = super::inputs::PIECE as u64;

const HEADER: &str = "lagesbild inputs 1";

/// The local file systems that keep change times themselves (their
/// magic numbers, `linux/magic.h`): ext2/3/4, XFS, Btrfs, F2FS, ZFS,
/// bcachefs, tmpfs.
#[cfg(target_os = "linux")]
const KEEPING_CHANGE_TIMES: [u32; 7] = [
    0xEF53,
    0x5846_5342,
    0x9123_683E,
    0xF2F5_2010,
    0x2FC1_2FC1,
    0xCA45_1A4E,
    0x0102_1994,
];

/// Whether `file` lies on a file system of [`KEEPING_CHANGE_TIMES`].
#[cfg(target_os = "linux")]
fn keeps_change_times(file: &std::fs::File) -> bool {
    // The type is a 32-bit number wherever the field is wider.
    rustix::fs::fstatfs(file).is_ok_and(|s| KEEPING_CHANGE_TIMES.contains(&(s.f_type as u32)))
}

/// Where a file lies and when it last changed, as the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    dev: u64,
    ino: u64,
    len: u64,
    /// Modification and change times, ns since 1970.
    modified: i128,
    changed: i128,
}

impl Identity {
    /// The identity of the open `file` when it is large and lies on a
    /// local file system that keeps change times (see the module doc);
    /// none otherwise.
    #[cfg(target_os = "linux")]
    pub fn of_large(file: &std::fs::File) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        let meta = file.metadata().ok()?;
        if meta.len() < LARGE || !keeps_change_times(file) {
            return None;
        }
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(Identity {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            modified: ns(meta.mtime(), meta.mtime_nsec()),
            changed: ns(meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(target_os = "linux"))]
    pub fn of_large(_: &std::fs::File) -> Option<Identity> {
        None
    }

    /// Whether it is large enough to be recorded ([`LARGE`]).
    fn large(&self) -> bool {
        self.len >= LARGE
    }

    /// Whether both its times are before `before` (ns since 1970).
    fn settled(&self, before: i128) -> bool {
        self.modified < before && self.changed < before
    }
}

/// The large files recorded, by path below the site folder, each with
/// its identity and hash.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Seen(BTreeMap<PathBuf, (Identity, u64)>);

/// What a hashing may take from a [`Seen`] and when it may record:
/// the record, and the time before which a file's times must lie.
#[derive(Debug, Clone, Copy)]
pub struct Trust<'a> {
    seen: &'a Seen,
    before: i128,
}

impl<'a> Trust<'a> {
    /// Taking from `seen`, recording files whose times are [`SETTLE`] old
    /// now.
    pub fn now(seen: &'a Seen) -> Trust<'a> {
        Trust::settled_for(seen, SETTLE)
    }

    /// [`Trust::now`] with another settling time (for tests).
    pub fn settled_for(seen: &'a Seen, settle: Duration) -> Trust<'a> {
        let since = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).ok();
        let now = since(SystemTime::now()).map_or(0, |d| d.as_nanos() as i128);
        Trust {
            seen,
            before: now - settle.as_nanos() as i128,
        }
    }

    /// The hash recorded for the file `rel` (below the site folder), when
    /// it is large and its identity is `id` still.
    pub fn hash_of(&self, rel: &Path, id: &Identity) -> Option<u64> {
        let (recorded, hash) = self.seen.0.get(rel)?;
        (id.large() && recorded == id).then_some(*hash)
    }

    /// Whether `seen` is the record taken from (nothing new to keep).
    pub fn holds(&self, seen: &Seen) -> bool {
        self.seen == seen
    }

    /// Whether a file whose identity was `id` before it was hashed and
    /// `after` once hashed, `read` bytes, may be recorded.
    pub fn may_record(&self, id: &Identity, after: Option<Identity>, read: u64) -> bool {
        id.large() && read == id.len && id.settled(self.before) && after == Some(*id)
    }
}

impl Seen {
    /// The record of `files`: each large file's path below the site
    /// folder, identity and hash.
    pub fn of(files: impl IntoIterator<Item = (PathBuf, Identity, u64)>) -> Seen {
        Seen(files.into_iter().map(|(p, id, h)| (p, (id, h))).collect())
    }

    /// How many files are recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same record with every hash `f` of what it was (for tests: a
    /// record of another hash for the same files).
    #[cfg(test)]
    pub(crate) fn map_hashes(&self, f: impl Fn(u64) -> u64) -> Seen {
        Seen(
            self.0
                .iter()
                .map(|(p, (id, h))| (p.clone(), (*id, f(*h))))
                .collect(),
        )
    }

    /// The record kept by `program` in `bytes`; empty for any other bytes.
    pub fn stored(bytes: &[u8], program: &str) -> Seen {
        let body = crate::framed::body(bytes, HEADER, program);
        let text = body.and_then(|b| std::str::from_utf8(b).ok());
        text.and_then(decode).unwrap_or_default()
    }

    /// The record as bytes for [`Seen::stored`] under `program`. Paths
    /// that are not text of one line are left out (their files are hashed
    /// at every build).
    pub fn to_stored(&self, program: &str) -> Vec<u8> {
        let mut text = String::new();
        for (path, (id, hash)) in &self.0 {
            let Some(path) = path.to_str().filter(|p| !p.contains(['\n', '\r'])) else {
                continue;
            };
            let Identity {
                dev,
                ino,
                len,
                modified,
                changed,
            } = id;
            let _ = writeln!(
                text,
                "{dev} {ino} {len} {modified} {changed} {hash:016x} {path}"
            );
        }
        let mut bytes = crate::framed::open(HEADER, program);
        bytes.extend_from_slice(text.as_bytes());
        crate::framed::close(bytes)
    }
}

/// The record of [`Seen::to_stored`]'s text; none when a line is not one.
fn decode(text: &str) -> Option<Seen> {
    let mut seen = BTreeMap::new();
    for line in text.lines() {
        let mut f = line.splitn(7, ' ');
        let id = Identity {
            dev: f.next()?.parse().ok()?,
            ino: f.next()?.parse().ok()?,
            len: f.next()?.parse().ok()?,
            modified: f.next()?.parse().ok()?,
            changed: f.next()?.parse().ok()?,
        };
        let hash = u64::from_str_radix(f.next()?, 16).ok()?;
        seen.insert(PathBuf::from(f.next()?), (id, hash));
    }
    Some(Seen(seen))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(len: u64, modified: i128, changed: i128) -> Identity {
        Identity {
            dev: 1,
            ino: 2,
            len,
            modified,
            changed,
        }
    }

    #[test]
    fn a_record_is_taken_back_whole_under_its_program_only() {
        let seen = Seen::of([
            (
                PathBuf::from("content/incidents/a b.csv"),
                id(LARGE, 5, -7),
                42,
            ),
            (
                PathBuf::from("content/x.csv"),
                id(LARGE + 1, 1, 2),
                u64::MAX,
            ),
        ]);
        let bytes = seen.to_stored("prog");
        assert_eq!(Seen::stored(&bytes, "prog"), seen);
        assert!(Seen::stored(&bytes, "other").is_empty());
        assert!(Seen::stored(&bytes[..bytes.len() - 1], "prog").is_empty());
        // A path that is not one line of text is not recorded.
        let odd = Seen::of([(PathBuf::from("a\nb.csv"), id(LARGE, 1, 1), 1)]);
        assert!(Seen::stored(&odd.to_stored("prog"), "prog").is_empty());
    }

    #[test]
    fn a_hash_is_taken_only_for_a_large_file_of_the_same_identity() {
        let path = Path::new("content/a.csv");
        let recorded = id(LARGE, 10, 20);
        let seen = Seen::of([(path.to_path_buf(), recorded, 7)]);
        let trust = Trust {
            seen: &seen,
            before: 100,
        };
        assert_eq!(trust.hash_of(path, &recorded), Some(7));
        assert_eq!(trust.hash_of(Path::new("content/b.csv"), &recorded), None);
        let other = [
            Identity { dev: 9, ..recorded },
            Identity { ino: 9, ..recorded },
            Identity {
                len: LARGE + 1,
                ..recorded
            },
            Identity {
                modified: 11,
                ..recorded
            },
            Identity {
                changed: 21,
                ..recorded
            },
        ];
        for id in other {
            assert_eq!(trust.hash_of(path, &id), None, "{id:?}");
        }
        let small = Seen::of([(path.to_path_buf(), id(LARGE - 1, 10, 20), 7)]);
        let trust = Trust {
            seen: &small,
            before: 100,
        };
        assert_eq!(trust.hash_of(path, &id(LARGE - 1, 10, 20)), None);
    }

    #[test]
    fn a_file_is_recorded_only_settled_whole_and_unchanged_while_read() {
        let seen = Seen::default();
        let trust = Trust {
            seen: &seen,
            before: 100,
        };
        let file = id(LARGE, 99, 99);
        assert!(trust.may_record(&file, Some(file), LARGE));
        assert!(!trust.may_record(&id(LARGE, 100, 99), Some(id(LARGE, 100, 99)), LARGE));
        assert!(!trust.may_record(&id(LARGE, 99, 100), Some(id(LARGE, 99, 100)), LARGE));
        assert!(
            !trust.may_record(&file, Some(id(LARGE, 99, 98)), LARGE),
            "changed"
        );
        assert!(!trust.may_record(&file, None, LARGE), "not looked at");
        assert!(
            !trust.may_record(&file, Some(file), LARGE - 1),
            "read short"
        );
        let small = id(LARGE - 1, 1, 1);
        assert!(!trust.may_record(&small, Some(small), LARGE - 1), "small");
    }
}
