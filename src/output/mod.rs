//! Writing the outputs: locked, staged, and swapped in all together.
//!
//! An output folder (`dist/` by default) holds the outputs (`internal/`,
//! `public/`) as real folders, so a copy of them works from a file share
//! or `file://`, and next to them the build's own hidden files:
//!
//! - the lock: an OS lock ([`std::fs::File::try_lock`], `flock`) on the
//!   output folder itself (on systems that cannot lock a folder, on a file
//!   `.lagesbild.lock` in it), held by the one build writing to the folder
//!   from before it reads the site until it has finished. A second build
//!   fails at once with [`WriteError::Busy`] instead of waiting: a build
//!   takes seconds, and a clear "busy" is better than two builds of
//!   possibly different sources silently queueing. The OS drops the lock
//!   when the process dies, so a killed build never blocks the next one.
//! - `.lagesbild.staging/NAME/`: every output staged in full first
//!   ([`OutDir::stage`]), starting from the output the last swap replaced
//!   (see `staging`): a file holding the right bytes already stays, a
//!   file whose bytes equal the current output's file of the same path is
//!   a hard link to it, only new and changed files are written, and what
//!   the build did not produce is swept out. So a rebuild writes what
//!   changed and makes and deletes no folders.
//! - `.lagesbild.journal`: the commit point. Once everything is staged, the
//!   list of outputs to swap is written to a temporary file, flushed to
//!   disk and renamed into place. Before it exists, the previous outputs
//!   are untouched; once it exists, the new set wins.
//! - `.lagesbild.old/NAME/`: where each previous output is moved while the
//!   new one is renamed into its place (two renames per output, each
//!   atomic), and kept as the next build's staging folder.
//! - `.lagesbild.built`: the record of what the last `lagesbild build`
//!   wrote and from what, so a build with nothing to do does nothing
//!   (see `manifest`).
//! - `.lagesbild.pages`: each page of the current outputs with the
//!   fingerprint of its view and its files as written, so the next build
//!   renders only the pages whose views changed (see `pages`).
//! - `.lagesbild.protected`, `.lagesbild.read`, `.lagesbild.analysis`,
//!   `.lagesbild.views`, `.lagesbild.search`, `.lagesbild.inputs`,
//!   `.lagesbild.folders`: what a build keeps for the next only to go
//!   faster (the public counts' protections, the incidents read, their
//!   analysis, the fingerprints of the views made of them, the pages'
//!   search documents, the large input files as hashed, the outputs'
//!   folders as left; see `kept`).
//!
//! The journal is what makes the set of outputs change together. Any
//! interruption, even SIGKILL between two renames, leaves either no
//! journal (the previous outputs intact, staging to be thrown away) or a
//! journal, which the next build, holding the lock, reads before anything
//! else and completes (rolls forward): every output it names ends up new.
//! A reader looking while a swap runs may briefly miss an output folder;
//! no reader ever sees a folder that is a mix of two builds.
//!
//! If a rename fails (a read-only or immutable target, say) the swap is
//! rolled back and the journal removed, so the previous set is whole; if
//! even that fails, the error says which output is in which state and
//! the journal stays for the next build to finish. The messages of
//! [`WriteError`] always say what state the output folder is in.
//!
//! Durability: the journal and the folder entries are flushed (`fsync`),
//! the staged files are not (that would cost a flush per file); the
//! guarantee is for the process being stopped, not for the machine losing
//! power.
//!
//! Leftovers of earlier builds (a staging folder, the
//! `.NAME.new-PID` and `.NAME.old-PID` folders of older versions) are
//! removed under the lock when a build starts; an older version's output
//! left in `.NAME.old-PID` with no `NAME` beside it is moved back first.

mod error;
mod journal;
mod lock;
mod manifest;

use std::fs;
use std::path::{Path, PathBuf};

mod file;
pub mod folders;
mod kept;
mod pages;
mod staging;

pub use error::{OutputState, WriteError};
pub use file::replace_file;
pub use kept::{
    ANALYSIS_FILE, FOLDERS_FILE, INPUTS_FILE, KEPT_FILE, Part, Pending, READ_FILE, SEARCH_FILE,
    VIEWS_FILE,
};
pub use lock::OutDir;
pub use manifest::{MANIFEST_FILE, Recorded};
pub use pages::{PAGES_FILE, PageRecord};
pub use staging::Staging;

use std::io::Write;

use rayon::prelude::*;

use crate::render::OutFile;

/// One output folder to write, e.g. `dist/internal`.
pub struct Output {
    pub target: PathBuf,
    pub files: Vec<OutFile>,
}

impl Output {
    /// The folder's name below the output folder (`internal`).
    fn name(&self) -> String {
        self.target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into())
    }
}

/// Hidden names inside the output folder.
/// The lock file, on systems that cannot lock a folder.
pub const LOCK_FILE: &str = ".lagesbild.lock";
pub const JOURNAL_FILE: &str = ".lagesbild.journal";
pub const STAGING_DIR: &str = ".lagesbild.staging";
pub const OLD_DIR: &str = ".lagesbild.old";

/// Every entry a successful build leaves beside its outputs: the record
/// of the last whole build, of its pages, what it keeps for the next, and
/// the outputs the last swap replaced (the next build's staging folders).
pub const LEFT_BESIDE: [&str; 10] = [
    MANIFEST_FILE,
    PAGES_FILE,
    KEPT_FILE,
    READ_FILE,
    ANALYSIS_FILE,
    VIEWS_FILE,
    SEARCH_FILE,
    INPUTS_FILE,
    FOLDERS_FILE,
    OLD_DIR,
];

/// Locks the folder the outputs share, then stages and swaps them in.
/// All outputs must be in the same folder.
pub fn write_all(outputs: &[Output]) -> Result<(), WriteError> {
    let Some(first) = outputs.first() else {
        return Ok(());
    };
    let parent = parent_of(&first.target);
    if let Some(o) = outputs.iter().find(|o| parent_of(&o.target) != parent) {
        return Err(WriteError::Stage {
            dir: parent,
            error: crate::msg!("output_elsewhere", path = o.target.display()),
        });
    }
    OutDir::open(&parent)?.write(outputs)
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl OutDir {
    /// Stages all outputs, then swaps them in together.
    pub fn write(&self, outputs: &[Output]) -> Result<(), WriteError> {
        let names = self.stage(outputs)?;
        self.commit(&names)
    }

    /// Writes every output in full below `.lagesbild.staging/`; returns
    /// their names. A file whose bytes equal the previous output's file
    /// of the same path is staged as a hard link to it (see [`stage_file`]),
    /// so an unchanged file is neither rewritten nor deleted by the swap.
    /// On failure the staging folder is removed again.
    pub fn stage(&self, outputs: &[Output]) -> Result<Vec<String>, WriteError> {
        let result = outputs.iter().try_for_each(|o| {
            let staging = self.staging(&o.name())?;
            o.files
                .par_iter()
                .try_for_each(|f| staging.put(f))
                .and_then(|()| staging.sweep())
                .map_err(|e| self.stage_error(e))
        });
        if let Err(e) = result {
            self.discard_staging();
            return Err(e);
        }
        Ok(outputs.iter().map(Output::name).collect())
    }

    /// Swaps the staged outputs `names` in together (see the module doc),
    /// removing the record of the last build first: it no longer says
    /// what the folder holds.
    pub fn commit(&self, names: &[String]) -> Result<(), WriteError> {
        self.forget().map_err(|e| WriteError::Stage {
            dir: self.dir().to_path_buf(),
            error: e.to_string(),
        })?;
        journal::commit(self.dir(), names, &mut journal::rename_with_delay)
    }
}

/// Stages one file at `path`: a hard link to `previous` when that holds
/// exactly the same bytes (the file is unchanged since the last build),
/// else the bytes written anew. A file system without hard links, or any
/// other reason the link fails, falls back to writing.
fn stage_file(previous: &Path, path: &Path, f: &OutFile) -> std::io::Result<()> {
    if unchanged(previous, &f.bytes) && fs::hard_link(previous, path).is_ok() {
        return Ok(());
    }
    // A new file, never an existing one: were a staged path a link to the
    // previous output (two files of one path), writing would change that.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(&f.bytes)
}

/// Whether the file `path` holds exactly `bytes` (its size first, so a
/// changed file is rarely read).
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => same_bytes(path, m.len(), bytes),
        _ => false,
    }
}

/// Whether the file `path` of `len` bytes holds `bytes`: read a piece at
/// a time into one buffer and compared as it comes, never the whole file
/// in memory (a year's report is megabytes).
pub(super) fn same_bytes(path: &Path, len: u64, bytes: &[u8]) -> bool {
    use std::io::Read;
    if len != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let mut buf = vec![0u8; bytes.len().clamp(1, 1 << 16)];
    let mut rest = bytes;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buf[..n] == rest[..n] => rest = &rest[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests;
