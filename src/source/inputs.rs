//! A fingerprint of everything a build reads: the site folder's input
//! files, by path and content.
//!
//! Why: builds are deterministic, so a build whose inputs are the same as
//! the last one's writes the same bytes; `lagesbild build` compares this
//! fingerprint (with the program and the day) with the one the last build
//! recorded and, when they match and the output is as it was left, has
//! nothing to do (see `output::manifest`). Contents, not sizes and
//! modification times: a build may run on a copy or a network share
//! where times are not kept, and a skipped build must never be a stale
//! one. A large file is not read again while it is provably the file the
//! last build hashed (its inode and change time the same, see
//! [`super::seen`]): its hash is the one recorded.
//!
//! The files are those the reader may read ([`INPUTS`]: the
//! configuration, `content/` and the theme's override folders), every
//! file below them (a superset: an unrelated file there only costs a
//! build), except the output folder should it lie among them and
//! version-control folders (`.git`, `.svn`, `.hg`). A site folder that is
//! also something else (this repository is the example's) does not hash
//! its neighbours.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::seen::{Identity, Seen, Trust};

/// What the reader reads below a site folder: files and folders.
pub const INPUTS: [&str; 6] = [
    crate::config::CONFIG_FILE,
    "content",
    "themes/default",
    "templates",
    "static",
    "i18n",
];

/// The fingerprint of `site_dir`'s input files, leaving out `output`
/// (the output folder, wherever it is), with each file's hash
/// ([`file_hash`]) for other keys of the same build to take again rather
/// than read every file twice, and the bytes of each Markdown file (the
/// notes and pages, a few kilobytes each) for the reader to take (see
/// [`Hashes::take_texts`]). A large file `trust` finds as it recorded it
/// is not read: its hash is the one recorded (see [`super::seen`]); the
/// large files' record as this build found them is in the hashes
/// ([`Hashes::take_seen`]). An error when a file cannot be read.
pub fn fingerprint_and_hashes(
    site_dir: &Path,
    output: &Path,
    trust: Trust,
) -> std::io::Result<(u64, Hashes)> {
    let files = files(site_dir, Some(output))?;
    // A file at a time for either processor: the incident files come
    // first, together, and are most of the bytes; in runs of files they
    // fell to one processor while the other had only notes left.
    let each: Vec<Hashed> = (files.par_iter())
        .with_max_len(1)
        .map(|path| {
            let keep = path.extension().is_some_and(|e| e == "md");
            BUFFER.with_borrow_mut(|buffer| hash_keeping(site_dir, path, buffer, keep, Some(trust)))
        })
        .collect::<std::io::Result<_>>()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    each.iter().for_each(|hashed| hashed.hash.hash(&mut h));
    let mut hashes = Hashes::default();
    let mut seen = Vec::new();
    for (path, hashed) in files.into_iter().zip(each) {
        if let Some(text) = hashed.text {
            hashes.texts.insert(path.clone(), text);
        }
        if let Some(id) = hashed.seen {
            let rel = path.strip_prefix(site_dir).unwrap_or(&path);
            seen.push((rel.to_path_buf(), id, hashed.hash));
        }
        hashes.hashes.insert(path, hashed.hash);
    }
    let seen = Seen::of(seen);
    hashes.seen = (!trust.holds(&seen)).then_some(seen);
    Ok((h.finish(), hashes))
}

thread_local! {
    /// Each thread's buffer for [`hash_with`], made once: a file at a time
    /// is a task of its own.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A hash of the file `path` below `site_dir`: its path there and its
/// contents.
pub fn file_hash(site_dir: &Path, path: &Path) -> std::io::Result<u64> {
    hash_with(site_dir, path, &mut Vec::new())
}

/// The piece [`hash_with`] reads and hashes at a time (256 KiB): a
/// Markdown file of one piece is kept, a file of more is large (see
/// [`super::seen::LARGE`]).
pub(super) const PIECE: usize = 1 << 18;

/// [`file_hash`], reading the file a piece at a time into `buffer`: a
/// large site's 70 MB of incident files are not copied whole into memory
/// only to be hashed (the pages of memory that took cost more than the
/// hashing). Each piece is hashed as one (FxHash's bulk hash, several
/// times SipHash's speed), and each piece but the last fills the buffer,
/// so the same file always gives the same pieces and the same hash.
fn hash_with(site_dir: &Path, path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<u64> {
    Ok(hash_keeping(site_dir, path, buffer, false, None)?.hash)
}

/// A file as [`hash_keeping`] hashed it.
struct Hashed {
    hash: u64,
    /// Its bytes, when kept.
    text: Option<Vec<u8>>,
    /// Its identity, when it may be recorded (see [`super::seen`]).
    seen: Option<Identity>,
}

/// [`hash_with`], and with `keep`, the file's bytes too when they fit one
/// piece (so the bytes hashed are the bytes kept, every one of them).
/// With `trust`, a large file it recorded as it is now is not read, and
/// the identity of a large file that may be recorded is given.
fn hash_keeping(
    site_dir: &Path,
    path: &Path,
    buffer: &mut Vec<u8>,
    keep: bool,
    trust: Option<Trust>,
) -> std::io::Result<Hashed> {
    let mut file = std::fs::File::open(path)?;
    let rel = path.strip_prefix(site_dir).unwrap_or(path);
    // Only a large file is looked at again once read.
    let found = trust.and_then(|_| Identity::of_large(&file));
    if let (Some(trust), Some(id)) = (trust, &found)
        && let Some(hash) = trust.hash_of(rel, id)
    {
        let seen = Some(*id);
        return Ok(Hashed {
            hash,
            text: None,
            seen,
        });
    }
    buffer.resize(PIECE, 0);
    let mut h = rustc_hash::FxHasher::default();
    rel.hash(&mut h);
    // A file of more than one piece is not kept.
    let mut read = 0;
    let text = loop {
        let n = fill(&mut file, buffer)?;
        h.write(&buffer[..n]);
        read += n as u64;
        if n < buffer.len() {
            break (keep && read == n as u64).then(|| buffer[..n].to_vec());
        }
    };
    let seen = (trust.zip(found))
        .filter(|(trust, id)| trust.may_record(id, Identity::of_large(&file), read))
        .map(|(_, id)| id);
    Ok(Hashed {
        hash: h.finish(),
        text,
        seen,
    })
}

/// Reads into `buffer` until it is full or the file ends: how much.
fn fill(file: &mut std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    let mut n = 0;
    while n < buffer.len() {
        match file.read(&mut buffer[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Files' hashes by path ([`file_hash`]), as a build's fingerprint took
/// them, and the Markdown files' bytes it hashed.
#[derive(Debug, Default, Clone)]
pub struct Hashes {
    hashes: std::collections::HashMap<PathBuf, u64>,
    texts: std::collections::HashMap<PathBuf, Vec<u8>>,
    /// The large files' record as this build found them, when it is not
    /// the one it was given.
    seen: Option<Seen>,
}

impl Hashes {
    /// Whether no file was hashed (no fingerprint was taken).
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The files hashed: every input file, the output folder left out.
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.hashes.keys()
    }

    /// The hash of the file `path` below `site_dir`: as taken, or taken
    /// now (none when it cannot be read).
    pub fn of(&self, site_dir: &Path, path: &Path) -> Option<u64> {
        (self.hashes.get(path).copied()).or_else(|| file_hash(site_dir, path).ok())
    }

    /// The bytes of the Markdown files (the notes and pages) as hashed,
    /// taken out for the reader: it reads them from the very bytes their
    /// hashes are of, so an edit saved while the build runs cannot give
    /// the recorded key of one text and the pages of another, and no file
    /// is opened twice.
    pub fn take_texts(&mut self) -> Texts {
        Texts(std::mem::take(&mut self.texts))
    }

    /// The large files' record as this build found them (see
    /// [`super::seen`]), taken out to keep for the next build; none when
    /// it is the one the build was given.
    pub fn take_seen(&mut self) -> Option<Seen> {
        self.seen.take()
    }
}

/// The Markdown files' bytes a build's fingerprint hashed, by path (see
/// [`Hashes::take_texts`]).
#[derive(Debug, Default)]
pub struct Texts(std::collections::HashMap<PathBuf, Vec<u8>>);

impl Texts {
    /// The bytes of `path` as hashed, if they were kept.
    pub fn get(&self, path: &Path) -> Option<&[u8]> {
        self.0.get(path).map(Vec::as_slice)
    }
}

/// Every input file below `site_dir` (see the module doc), sorted within
/// each of [`INPUTS`], leaving out `output` (the output folder, wherever
/// it is) when given. An error when a folder cannot be walked.
pub fn files(site_dir: &Path, output: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    let output = output.map(|o| o.canonicalize().unwrap_or_else(|_| o.to_path_buf()));
    let skipped = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        let is_output =
            |p: &Path| (output.as_ref()).is_some_and(|o| p.canonicalize().is_ok_and(|p| p == *o));
        e.file_type().is_dir()
            && ([".git", ".svn", ".hg"].contains(&name.as_ref()) || is_output(e.path()))
    };
    let mut files = Vec::new();
    for input in INPUTS.map(|i| site_dir.join(i)) {
        if !input.exists() {
            continue;
        }
        // Links followed, as the reader follows them (a loop is an error:
        // then no fingerprint, and a full build).
        let walk = walkdir::WalkDir::new(&input)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk.into_iter().filter_entry(|e| !skipped(e)) {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

/// One file as last seen: path, size, modification time.
pub type Stamp = (PathBuf, u64, Option<std::time::SystemTime>);

/// Every file below `dir` with its size and time, sorted, except hidden
/// ones (editors' swap and lock files start with a dot), the default
/// output folder `dist/` and the folder `leave_out`: what the preview
/// watches, and what its caches are keyed by.
pub fn stamps(dir: &Path, leave_out: Option<&Path>) -> Vec<Stamp> {
    let mut seen: Vec<Stamp> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.depth() == 1 && name == "dist")
                    || Some(e.path()) == leave_out)
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((e.into_path(), m.len(), m.modified().ok()))
        })
        .collect();
    seen.sort();
    seen
}

#[cfg(test)]
mod tests {
    use super::super::seen::{Seen, Trust};
    use super::{file_hash, fingerprint_and_hashes};
    use std::path::Path;

    /// An empty folder `lagesbild-NAME-PID` in the temporary folder.
    fn scratch(name: &str, sub: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("lagesbild-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        dir
    }

    fn fingerprint(dir: &Path, out: &Path) -> std::io::Result<u64> {
        Ok(fingerprint_and_hashes(dir, out, Trust::now(&Seen::default()))?.0)
    }

    #[test]
    fn a_file_of_many_pieces_hashes_alike_each_time_and_any_byte_changes_it() {
        let dir = scratch("pieces", "");
        let file = dir.join("a.csv");
        // Pieces of 256 KiB: two and a bit, and exactly two.
        for len in [(1 << 19) + 1000, 1 << 19] {
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&file, &bytes).unwrap();
            let first = file_hash(&dir, &file).unwrap();
            assert_eq!(file_hash(&dir, &file).unwrap(), first);
            for at in [0, (1 << 18) - 1, 1 << 18, len - 1] {
                let mut changed = bytes.clone();
                changed[at] ^= 1;
                std::fs::write(&file, &changed).unwrap();
                assert_ne!(file_hash(&dir, &file).unwrap(), first, "{len}: byte {at}");
            }
            std::fs::write(&file, &bytes[..len - 1]).unwrap();
            assert_ne!(file_hash(&dir, &file).unwrap(), first, "{len}: cut short");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn contents_count_the_output_folder_and_other_files_do_not() {
        let dir = scratch("inputs", "content/out/public");
        std::fs::write(dir.join("content/a.md"), "a").unwrap();
        let out = dir.join("content/out");
        let first = fingerprint(&dir, &out).unwrap();
        std::fs::write(dir.join("content/out/public/index.html"), "x").unwrap();
        assert_eq!(fingerprint(&dir, &out).unwrap(), first, "output left out");
        std::fs::write(dir.join("notes.txt"), "not an input").unwrap();
        assert_eq!(fingerprint(&dir, &out).unwrap(), first, "not an input");
        std::fs::write(dir.join("lagesbild.toml"), "[site]").unwrap();
        let configured = fingerprint(&dir, &out).unwrap();
        assert_ne!(configured, first, "the configuration");
        std::fs::write(dir.join("content/a.md"), "b").unwrap();
        let edited = fingerprint(&dir, &out).unwrap();
        assert_ne!(edited, configured, "same size, other content");
        std::fs::rename(dir.join("content/a.md"), dir.join("content/b.md")).unwrap();
        let renamed = fingerprint(&dir, &out).unwrap();
        assert_ne!(renamed, edited, "a renamed file");
        #[cfg(unix)]
        {
            // A folder linked into the site is read, so it counts.
            let elsewhere = dir.with_extension("linked");
            std::fs::create_dir_all(&elsewhere).unwrap();
            std::fs::write(elsewhere.join("c.csv"), "x").unwrap();
            std::os::unix::fs::symlink(&elsewhere, dir.join("content/linked")).unwrap();
            let linked = fingerprint(&dir, &out).unwrap();
            assert_ne!(linked, renamed, "a linked folder's file");
            std::fs::write(elsewhere.join("c.csv"), "y").unwrap();
            assert_ne!(
                fingerprint(&dir, &out).unwrap(),
                linked,
                "edited through a link"
            );
            std::fs::remove_dir_all(&elsewhere).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_markdown_files_hashed_are_kept_as_hashed_and_no_other_file() {
        let dir = scratch("texts", "content/meetings");
        let note = dir.join("content/meetings/a.md");
        std::fs::write(&note, "+++\ntitle = \"Å\"\n+++\n").unwrap();
        // More than one piece of 256 KiB: hashed, not kept.
        let long = dir.join("content/long.md");
        std::fs::write(&long, vec![b'x'; (1 << 18) + 1]).unwrap();
        std::fs::write(dir.join("content/a.csv"), "date\n").unwrap();
        let empty = Seen::default();
        let (_, mut hashes) =
            fingerprint_and_hashes(&dir, &dir.join("out"), Trust::now(&empty)).unwrap();
        assert_eq!(
            hashes.of(&dir, &note),
            Some(file_hash(&dir, &note).unwrap())
        );
        let texts = hashes.take_texts();
        assert_eq!(
            texts.get(&note),
            Some(std::fs::read(&note).unwrap().as_slice())
        );
        assert_eq!(texts.get(&long), None, "more than a piece");
        assert_eq!(texts.get(&dir.join("content/a.csv")), None, "not Markdown");
        assert_eq!(hashes.take_texts().get(&note), None, "taken once");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_large_file_is_taken_as_recorded_until_it_changes_and_recorded_once_settled() {
        let dir = scratch("seen", "content");
        let (large, small) = (dir.join("content/a.csv"), dir.join("content/b.csv"));
        std::fs::write(&large, vec![b'a'; 1 << 18]).unwrap();
        std::fs::write(&small, "date\n").unwrap();
        let out = dir.join("out");
        // Written just now: not recorded while its times are not settled.
        let empty = Seen::default();
        let fresh = Trust::settled_for(&empty, std::time::Duration::from_secs(3600));
        let (_, mut hashes) = fingerprint_and_hashes(&dir, &out, fresh).unwrap();
        assert_eq!(hashes.take_seen(), None, "nothing settled, nothing new");
        // Settled (a clock tick on): the large file is recorded, the small one not.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let settled = std::time::Duration::ZERO;
        let (first, mut hashes) =
            fingerprint_and_hashes(&dir, &out, Trust::settled_for(&empty, settled)).unwrap();
        let seen = hashes.take_seen().expect("the large file recorded");
        assert_eq!(seen.len(), 1);
        let hash = hashes.of(&dir, &large).unwrap();
        assert_eq!(hash, file_hash(&dir, &large).unwrap());
        // Taken from the record, not read: a record of another hash for
        // the same identity gives that hash (and so another fingerprint).
        let forged = seen.map_hashes(|h| h ^ 1);
        let (taken, mut hashes) =
            fingerprint_and_hashes(&dir, &out, Trust::settled_for(&forged, settled)).unwrap();
        assert_eq!(hashes.of(&dir, &large), Some(hash ^ 1), "taken as recorded");
        assert_ne!(taken, first);
        assert_eq!(hashes.take_seen(), None, "the record holds");
        // The same record of the true hash gives the same fingerprint.
        let (again, _) =
            fingerprint_and_hashes(&dir, &out, Trust::settled_for(&seen, settled)).unwrap();
        assert_eq!(again, first);
        // Rewritten, same size: its change time is another, so it is read.
        let mut other = vec![b'a'; 1 << 18];
        other[7] = b'b';
        std::fs::write(&large, &other).unwrap();
        let (edited, mut hashes) =
            fingerprint_and_hashes(&dir, &out, Trust::settled_for(&forged, settled)).unwrap();
        assert_eq!(
            hashes.of(&dir, &large),
            Some(file_hash(&dir, &large).unwrap())
        );
        assert_ne!(edited, first);
        assert_ne!(hashes.of(&dir, &large), Some(hash ^ 1));
        assert!(
            hashes.take_seen().is_some_and(|s| s != forged),
            "recorded anew"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
