//! Staging one output file by file, as its files are made: a build
//! writes each rendered page into `.lagesbild.staging/NAME/` at once and
//! drops it, instead of holding the whole output in memory until all of
//! it is rendered. Nothing is replaced until [`OutDir::commit`], so the
//! outputs still change all together or not at all.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::lock::OutDir;
use super::{STAGING_DIR, WriteError, stage_file};
use crate::render::OutFile;

/// One output being staged below `.lagesbild.staging/NAME/`. Files may
/// be put from several threads at once.
pub struct Staging {
    name: String,
    dir: PathBuf,
    /// The previous output of the same name: unchanged files become hard
    /// links to its files.
    previous: PathBuf,
    /// Folders below `dir` made so far.
    made: Mutex<HashSet<String>>,
    pages: AtomicUsize,
    files: AtomicUsize,
}

impl OutDir {
    /// Starts staging the output `name` (an empty folder for it below
    /// the staging folder).
    pub fn staging(&self, name: &str) -> Result<Staging, WriteError> {
        let dir = self.path(STAGING_DIR).join(name);
        fs::create_dir_all(&dir).map_err(|e| self.stage_error(e))?;
        Ok(Staging {
            name: name.to_string(),
            dir,
            previous: self.path(name),
            made: Mutex::new(HashSet::new()),
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
        })
    }

    /// Throws away everything staged (a build that failed before its
    /// commit): the previous outputs stay as they are.
    pub fn discard_staging(&self) {
        let _ = fs::remove_dir_all(self.path(STAGING_DIR));
    }

    /// [`WriteError::Stage`] for `error`.
    pub(super) fn stage_error(&self, error: impl ToString) -> WriteError {
        WriteError::Stage {
            dir: self.dir().to_path_buf(),
            error: error.to_string(),
        }
    }
}

impl Staging {
    /// Stages one file of the output (see [`stage_file`]): a hard link to
    /// the previous output's file when the bytes are the same, else written.
    pub fn put(&self, f: &OutFile) -> std::io::Result<()> {
        if let Some((parent, _)) = f.path.rsplit_once('/') {
            self.make_dir(parent)?;
        }
        stage_file(&self.previous.join(&f.path), &self.dir.join(&f.path), f)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        if f.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Makes the folder `rel` below the output (and its parents), once.
    fn make_dir(&self, rel: &str) -> std::io::Result<()> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if made.contains(rel) {
            return Ok(());
        }
        fs::create_dir_all(self.dir.join(rel))?;
        made.insert(rel.to_string());
        Ok(())
    }

    /// The output's name (its folder's below the output folder).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Pages (`.html` files) and files staged so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.pages.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
        )
    }

    /// The folder being staged into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
