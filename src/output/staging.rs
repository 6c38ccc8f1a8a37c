//! Staging one output file by file, as its files are made: a build
//! writes each rendered page into `.lagesbild.staging/NAME/` at once and
//! drops it, instead of holding the whole output in memory until all of
//! it is rendered. Nothing is replaced until [`OutDir::commit`], so the
//! outputs still change all together or not at all.
//!
//! The staging folder starts as the output the last swap replaced
//! (`.lagesbild.old/NAME/`, kept for this), not empty: its folders are
//! reused and most of its files already hold the right bytes (they are
//! hard links to the current output's). So a rebuild makes no folder and
//! deletes no tree of thousands of files; it checks each file, writes the
//! changed ones as new files (never into a file the current output may
//! share) and at the end sweeps out what this build did not produce,
//! reading only the folders that the record of the build that left them
//! does not show to hold just this build's names (see `super::folders`).
//! Creating and deleting thousands of folders per build was the largest
//! single cost of a notes-only build (ext4 searches past recently deleted
//! inodes for every new one).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use super::folders::{DirStamp, Generation, Seed, names_hash};
use super::lock::OutDir;
use super::{OLD_DIR, STAGING_DIR, WriteError, same_bytes, stage_file};
use crate::render::OutFile;

/// One output being staged below `.lagesbild.staging/NAME/`. Files may
/// be put from several threads at once.
pub struct Staging {
    name: String,
    dir: PathBuf,
    /// The previous output of the same name: unchanged files become hard
    /// links to its files.
    previous: PathBuf,
    /// Folders below `dir` made (or found) so far.
    made: RwLock<HashSet<String>>,
    /// Whether `dir` started as an earlier output: then what this build
    /// did not put is swept out (see [`Staging::sweep`]).
    seeded: bool,
    /// The files put (and kept): what the output holds once swept, and
    /// what [`Staging::counts`] counts.
    put: Mutex<HashSet<String>>,
    /// The seed's folders as recorded by the build that left them (see
    /// [`super::folders`]), each folder's stamp as this build first
    /// looked at it, when the staging began (ns since 1970), and the
    /// record of this output's folders once swept.
    seed: Seed,
    looked: Mutex<HashMap<String, DirStamp>>,
    began: i64,
    generation: Mutex<Generation>,
    /// How many folders the sweep read.
    read: std::sync::atomic::AtomicUsize,
}

impl OutDir {
    /// Starts staging the output `name` (an empty folder for it below
    /// the staging folder).
    pub fn staging(&self, name: &str) -> Result<Staging, WriteError> {
        let dir = self.path(STAGING_DIR).join(name);
        let spare = self.path(OLD_DIR).join(name);
        // Real folders only, never a link to a folder elsewhere.
        let seeded = real(&self.path(OLD_DIR)) && real(&spare) && !dir.exists() && {
            fs::create_dir_all(self.path(STAGING_DIR)).map_err(|e| self.stage_error(e))?;
            fs::rename(&spare, &dir).is_ok()
        };
        fs::create_dir_all(&dir).map_err(|e| self.stage_error(e))?;
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        Ok(Staging {
            name: name.to_string(),
            dir,
            previous: self.path(name),
            made: RwLock::new(HashSet::default()),
            seeded,
            put: Mutex::new(HashSet::default()),
            seed: Seed::default(),
            looked: Mutex::default(),
            began: since.map_or(0, |d| d.as_nanos() as i64),
            generation: Mutex::default(),
            read: Default::default(),
        })
    }

    /// Throws away everything staged (a build that failed before its
    /// commit): the previous outputs stay as they are.
    pub fn discard_staging(&self) {
        let _ = fs::remove_dir_all(self.path(STAGING_DIR));
    }

    /// [`WriteError::Stage`] for `error`.
    pub fn stage_error(&self, error: impl ToString) -> WriteError {
        WriteError::Stage {
            dir: self.dir().to_path_buf(),
            error: error.to_string(),
        }
    }
}

impl Staging {
    /// The staging, its sweep taking the seed's folders as `seed` records
    /// them (see [`super::folders`]).
    pub fn knowing(self, seed: Seed) -> Staging {
        Staging { seed, ..self }
    }

    /// How many folders the sweep read (for tests and timings): those not
    /// found as recorded.
    pub fn folders_read(&self) -> usize {
        self.read.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The staging, as if it began `ns` nanoseconds later (for tests: a
    /// folder made now counts as settled).
    #[cfg(test)]
    pub(super) fn began_later(self, ns: i64) -> Staging {
        Staging {
            began: self.began + ns,
            ..self
        }
    }

    /// The record of this output's folders as this build leaves them
    /// (once swept; empty before, and for an output staged unseeded).
    pub fn generation(&self) -> Generation {
        std::mem::take(&mut self.generation.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Stages one file of the output (see [`stage_file`]): a hard link to
    /// the previous output's file when the bytes are the same, else written.
    pub fn put(&self, f: &OutFile) -> std::io::Result<()> {
        if let Some((parent, _)) = f.path.rsplit_once('/') {
            self.make_dir(parent)?;
        }
        let path = self.dir.join(&f.path);
        // Recorded first, so that no folder made meanwhile clears it.
        self.files_put().insert(f.path.clone());
        if self.seeded {
            let same = |m: &fs::Metadata| m.is_file() && same_bytes(&path, m.len(), &f.bytes);
            if self.seed_holds(&f.path, &path, same)? {
                return Ok(());
            }
        }
        stage_file(&self.previous.join(&f.path), &path, f)
    }

    /// Whether what the seed has at `path` (`rel` below the output) is
    /// right already (`right`); if it is anything else, a file or a
    /// folder, that is removed, never written into (it may be a hard link
    /// to the current output's file). A folder this build made stays, and
    /// fails the put.
    fn seed_holds(
        &self,
        rel: &str,
        path: &Path,
        right: impl Fn(&fs::Metadata) -> bool,
    ) -> std::io::Result<bool> {
        match fs::symlink_metadata(path) {
            Ok(m) if right(&m) => return Ok(true),
            Ok(m) if m.is_dir() => {
                // `made` holds every folder made with its parents.
                if (self.made.read().unwrap_or_else(|e| e.into_inner())).contains(rel) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        format!("{rel}: a folder of this output"),
                    ));
                }
                fs::remove_dir_all(path)?
            }
            Ok(_) => fs::remove_file(path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(false)
    }

    /// Stages the file `rel` of the current output as it is (a page the
    /// last build rendered from the same view, see [`super::pages`]) when
    /// it is still the file the last build recorded (`recorded`, on its
    /// metadata): the seed's file where that is the very file recorded (a
    /// hard link to it, most often, and then the current output is not
    /// looked at), else a new hard link to the current output's, else a
    /// copy of it. `None` when neither is as recorded (nothing staged);
    /// else whether the file staged is the very file recorded (not a
    /// copy of it). A file that cannot be kept is not among the files
    /// put.
    pub fn keep(
        &self,
        rel: &str,
        recorded: impl Fn(&fs::Metadata) -> bool,
    ) -> std::io::Result<Option<bool>> {
        if let Some((parent, _)) = rel.rsplit_once('/') {
            self.make_dir(parent)?;
        }
        self.files_put().insert(rel.to_string());
        let kept = self.keep_file(rel, recorded);
        if !matches!(kept, Ok(Some(_))) {
            self.files_put().remove(rel);
        }
        kept
    }

    /// [`Staging::keep`]'s file, its folder made.
    fn keep_file(
        &self,
        rel: &str,
        recorded: impl Fn(&fs::Metadata) -> bool,
    ) -> std::io::Result<Option<bool>> {
        let path = self.dir.join(rel);
        if self.seeded && self.seed_holds(rel, &path, &recorded)? {
            return Ok(Some(true));
        }
        let current = self.previous.join(rel);
        let Some(found) = fs::symlink_metadata(&current).ok().filter(&recorded) else {
            return Ok(None);
        };
        // Whatever is staged is the file just checked: a file put in its
        // place between the check and the link (or the open) is not kept.
        if fs::hard_link(&current, &path).is_ok() {
            if fs::symlink_metadata(&path).is_ok_and(|m| same_file(&m, &found)) {
                return Ok(Some(true));
            }
            fs::remove_file(&path)?;
            return Ok(None);
        }
        // A new file, never an existing one (it may be the current
        // output's); made only once the current file is open, and removed
        // again if the copy fails, so that a failed keep leaves nothing in
        // the way of the page's put.
        let mut from = fs::File::open(&current)?;
        if !from.metadata().is_ok_and(|m| same_file(&m, &found)) {
            return Ok(None);
        }
        let mut to = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        if let Err(e) = std::io::copy(&mut from, &mut to) {
            drop(to);
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        Ok(Some(false))
    }

    /// Takes back a file [`Staging::keep`] staged (its page is rendered
    /// after all): removed, and no longer counted, so that the page's
    /// files are put as new. Best effort: a file left behind is replaced
    /// by the put or, no longer among the files put, swept out.
    pub fn unkeep(&self, rel: &str) {
        self.files_put().remove(rel);
        if fs::remove_file(self.dir.join(rel)).is_err() {
            // Its folder is read by the sweep (and not recorded), as if
            // this build had never looked at it.
            let parent = rel.rsplit_once('/').map_or("", |(p, _)| p);
            (self.looked.lock().unwrap_or_else(|e| e.into_inner())).remove(parent);
        }
    }

    /// The files put so far (see `put`).
    fn files_put(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.put.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes the folder `rel` below the output (and its parents), once.
    /// Made outside the lock (`create_dir_all` takes a folder made by
    /// another thread meanwhile as made), recorded only once it exists.
    fn make_dir(&self, rel: &str) -> std::io::Result<()> {
        if (self.made.read().unwrap_or_else(|e| e.into_inner())).contains(rel) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        // A seed's folder is there already, most often: one look instead
        // of `create_dir_all`'s two calls (notes-only tier: a folder a
        // page, 2,000 of them).
        let there = self.seeded && self.real_folders(rel)?;
        if !there && let Err(e) = fs::create_dir_all(&path) {
            // A seed's file where this build has a folder goes; one this
            // build put stays, and the folder fails.
            if !self.seeded {
                return Err(e);
            }
            let put = self.files_put();
            clear_files_on(&self.dir, rel, &put).map_err(|_| e)?;
            drop(put);
            fs::create_dir_all(&path)?;
        }
        // The folder and its parents exist now.
        let mut made = self.made.write().unwrap_or_else(|e| e.into_inner());
        made.extend(prefixes(rel).map(str::to_string));
        Ok(())
    }

    /// Replaces every link of a seed standing where a folder of `rel` (or
    /// `rel` itself) goes by a real folder, so that nothing is written
    /// through a link to a place outside the staging folder; whether
    /// `rel` is a real folder already (and so are its parents).
    fn real_folders(&self, rel: &str) -> std::io::Result<bool> {
        let mut there = false;
        for prefix in prefixes(rel) {
            if (self.made.read().unwrap_or_else(|e| e.into_inner())).contains(prefix) {
                there = true;
                continue;
            }
            let at = self.dir.join(prefix);
            let found = fs::symlink_metadata(&at);
            there = found.as_ref().is_ok_and(|m| m.is_dir());
            if let Some(stamp) = found.as_ref().ok().filter(|_| there).and_then(DirStamp::of) {
                let mut looked = self.looked.lock().unwrap_or_else(|e| e.into_inner());
                looked.entry(prefix.to_string()).or_insert(stamp);
            }
            if found.is_ok_and(|m| m.file_type().is_symlink()) {
                match fs::remove_file(&at) {
                    // Removed meanwhile by another thread, which may have
                    // made the real folder there already: then it stays.
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound && !real(&at) => {
                        return Err(e);
                    }
                    _ => {}
                }
            }
        }
        Ok(there)
    }

    /// Removes from a seeded staging folder every file and folder this
    /// build did not put, so that it holds exactly the new output, and
    /// records the output's folders for a later build. A folder is not
    /// read when it is found as recorded holding this build's names (see
    /// [`super::folders`]). To be called once every file is put.
    pub fn sweep(&self) -> std::io::Result<()> {
        if !self.seeded {
            return Ok(());
        }
        let put = self.files_put();
        // Every folder holding a put file, with its parents.
        let folders = self.made.read().unwrap_or_else(|e| e.into_inner());
        let looked = self.looked.lock().unwrap_or_else(|e| e.into_inner());
        let tree = Tree::of(&put, &folders);
        let known = Known {
            put: &put,
            folders: &folders,
            looked: &looked,
            seed: &self.seed,
            tree: &tree,
            read: &self.read,
        };
        sweep_dir(&self.dir, "", &known)?;
        let found = (looked.iter()).filter(|(rel, _)| folders.contains(*rel));
        let generation = Generation::of(
            found.map(|(rel, stamp)| (rel.as_str(), *stamp)),
            |rel| tree.names(rel),
            self.began,
        );
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = generation;
        Ok(())
    }

    /// Every file put or kept, in the order in which a walk of the folder,
    /// each folder's entries sorted by name, meets them: what the output
    /// holds once swept, for its record (`manifest`), which so needs no
    /// walk of its own.
    pub fn files(&self) -> Vec<String> {
        let put = self.files_put();
        let mut files: Vec<String> = put.iter().cloned().collect();
        // Component by component is byte by byte with `/` below every
        // other byte (a name holds neither `/` nor NUL): one key a file
        // rather than splitting both paths at every comparison.
        files.sort_by_cached_key(|f| {
            (f.bytes())
                .map(|b| if b == b'/' { 0 } else { b })
                .collect::<Vec<u8>>()
        });
        files
    }

    /// The output's name (its folder's below the output folder).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Pages (`.html` files) and files staged so far.
    pub fn counts(&self) -> (usize, usize) {
        let put = self.files_put();
        (
            put.iter().filter(|f| f.ends_with(".html")).count(),
            put.len(),
        )
    }

    /// The folder being staged into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// What the sweep keeps: the files put, the folders holding them; what
/// tells that a folder holds exactly this build's names already (its
/// stamp as first looked at, the seed's record, its names in `tree`);
/// and the count of folders read.
struct Known<'a> {
    put: &'a HashSet<String>,
    folders: &'a HashSet<String>,
    looked: &'a HashMap<String, DirStamp>,
    seed: &'a Seed,
    tree: &'a Tree<'a>,
    read: &'a std::sync::atomic::AtomicUsize,
}

impl Known<'_> {
    /// Whether the folder `rel` is found as the seed's record has it,
    /// holding this build's names there.
    fn holds(&self, rel: &str) -> bool {
        (self.looked.get(rel)).is_some_and(|s| self.seed.holds(rel, s, self.tree.names(rel)))
    }
}

/// The names this build leaves in each folder of its output.
struct Tree<'a> {
    /// By folder (the output's own is ""): each name in it, whether it is
    /// a folder, and its path below the output.
    names: HashMap<&'a str, Vec<(&'a str, bool, &'a str)>>,
    /// The hash of each folder's names ([`names_hash`]).
    hashes: HashMap<&'a str, u64>,
}

impl<'a> Tree<'a> {
    fn of(put: &'a HashSet<String>, folders: &'a HashSet<String>) -> Tree<'a> {
        let mut names: HashMap<&str, Vec<(&str, bool, &str)>> = HashMap::default();
        let files = put.iter().map(|f| (f.as_str(), false));
        for (rel, folder) in files.chain(folders.iter().map(|f| (f.as_str(), true))) {
            let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            names.entry(parent).or_default().push((name, folder, rel));
        }
        let hashes = (names.iter())
            .map(|(folder, in_it)| {
                let mut pairs: Vec<(&str, bool)> = in_it.iter().map(|(n, d, _)| (*n, *d)).collect();
                (*folder, names_hash(&mut pairs))
            })
            .collect();
        Tree { names, hashes }
    }

    /// The hash of the names this build leaves in the folder `rel`.
    fn names(&self, rel: &str) -> u64 {
        (self.hashes.get(rel).copied()).unwrap_or_else(|| names_hash(&mut []))
    }

    /// The folders this build leaves in the folder `rel`.
    fn folders_in(&self, rel: &str) -> Vec<&'a str> {
        let in_it = self.names.get(rel).into_iter().flatten();
        in_it
            .filter(|(_, folder, _)| *folder)
            .map(|(_, _, r)| *r)
            .collect()
    }
}

/// Removes below `dir/prefix` what is neither a put file nor a folder
/// holding one. A folder's entries are looked at in parallel: the sweep
/// is the last step of an output's staging, with nothing beside it. A
/// folder that holds this build's names already is not read: only the
/// folders in it are swept.
fn sweep_dir(dir: &Path, prefix: &str, known: &Known) -> std::io::Result<()> {
    use rayon::prelude::*;
    if !prefix.is_empty() && known.holds(prefix) {
        let folders = known.tree.folders_in(prefix);
        return (folders.par_iter()).try_for_each(|rel| sweep_dir(dir, rel, known));
    }
    known
        .read
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let entries = fs::read_dir(dir.join(prefix))?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let rel = if prefix.is_empty() {
            name.into_owned()
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if known.folders.contains(&rel) {
                sweep_dir(dir, &rel, known)?;
            } else {
                fs::remove_dir_all(&path)?;
            }
        } else if !known.put.contains(&rel) {
            fs::remove_file(&path)?;
        }
        Ok(())
    })
}

/// Removes the files of a seed that stand where the folder `rel` or one
/// of its parents should be; fails on one this build `put`.
fn clear_files_on(dir: &Path, rel: &str, put: &HashSet<String>) -> std::io::Result<()> {
    for prefix in prefixes(rel) {
        let at = dir.join(prefix);
        match fs::symlink_metadata(&at) {
            Ok(m) if !m.is_dir() => {
                if put.contains(prefix) {
                    return Err(std::io::Error::other("put by this build"));
                }
                fs::remove_file(&at)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `path` is a folder, not a link to one.
fn real(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// `rel` and its parents, outermost first: `a`, `a/b`, `a/b/c`. The
/// order matters: a link at a parent is removed before its child is
/// looked at, which would otherwise be looked at through the link.
fn prefixes(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/')
        .map(move |(i, _)| &rel[..i])
        .chain(std::iter::once(rel))
}

/// Whether the files whose metadata are `a` and `b` are one regular file
/// (one inode).
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.is_file() && b.is_file() && a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}
