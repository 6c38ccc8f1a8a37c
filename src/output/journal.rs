//! The swap: a journal written before the renames, so an interrupted swap
//! can be finished by the next build, and undone in-process on an error.
//!
//! Per output NAME the swap is two renames, `NAME` → `.lagesbild.old/NAME`
//! (when there is a previous one) and `.lagesbild.staging/NAME` → `NAME`.
//! Which of them are done can be read off the folders at any moment:
//! the staged one still there means not yet swapped in. So finishing needs
//! nothing but the journal's list of names.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use super::error::{OutputState, WriteError};
use super::{JOURNAL_FILE, OLD_DIR, STAGING_DIR};

const HEADER: &str = "lagesbild swap 1";

/// A rename, replaceable so tests can make one fail.
pub type Rename<'a> = dyn FnMut(&Path, &Path) -> io::Result<()> + 'a;

/// `fs::rename`, after sleeping `LAGESBILD_TEST_SWAP_DELAY_MS` milliseconds
/// when that is set: a test-only hook so a test can stop a build inside
/// the swap.
pub fn rename_with_delay(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(ms) = std::env::var("LAGESBILD_TEST_SWAP_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
    fs::rename(from, to)
}

/// Writes the journal (the commit point), swaps every output in and
/// removes what is left. On a failed rename the swap is undone.
pub fn commit(dir: &Path, names: &[String], rename: &mut Rename) -> Result<(), WriteError> {
    let io_err = |e: io::Error| WriteError::Stage {
        dir: dir.to_path_buf(),
        error: e.to_string(),
    };
    let old = dir.join(OLD_DIR);
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err)?;
    }
    fs::create_dir(&old).map_err(io_err)?;
    if let Err(e) = write_journal(dir, names) {
        // No journal, no swap: the next build would finish one whose
        // staged outputs are gone, which leaves the previous ones.
        let _ = fs::remove_file(dir.join(JOURNAL_FILE));
        let _ = fs::remove_dir_all(dir.join(STAGING_DIR));
        return Err(io_err(e));
    }
    if let Err(e) = apply(dir, names, rename) {
        return Err(match undo(dir, names, rename) {
            Ok(()) => WriteError::SwapUndone {
                dir: dir.to_path_buf(),
                error: e.to_string(),
            },
            Err(undo_error) => WriteError::SwapHalf {
                dir: dir.to_path_buf(),
                error: format!("{e}; undoing it: {undo_error}"),
                states: states(dir, names),
            },
        });
    }
    finish(dir).map_err(|e| WriteError::Cleanup {
        dir: dir.to_path_buf(),
        error: e.to_string(),
    })
}

/// Finishes the swap a journal describes; returns the names swapped.
pub fn roll_forward(dir: &Path) -> Result<Vec<String>, WriteError> {
    let names = read_journal(dir).map_err(|e| WriteError::Recover {
        dir: dir.to_path_buf(),
        error: e.to_string(),
        states: Vec::new(),
    })?;
    let result = fs::create_dir_all(dir.join(OLD_DIR))
        .and_then(|()| apply(dir, &names, &mut rename_with_delay))
        .and_then(|()| finish(dir));
    match result {
        Ok(()) => Ok(names),
        Err(e) => Err(WriteError::Recover {
            dir: dir.to_path_buf(),
            error: e.to_string(),
            states: states(dir, &names),
        }),
    }
}

pub(super) fn write_journal(dir: &Path, names: &[String]) -> io::Result<()> {
    let tmp = dir.join(format!("{JOURNAL_FILE}.tmp"));
    let mut f = super::file::new_file(&tmp)?;
    writeln!(f, "{HEADER}")?;
    for n in names {
        writeln!(f, "{n}")?;
    }
    f.sync_all()?;
    fs::rename(&tmp, dir.join(JOURNAL_FILE))?;
    sync_dir(dir)
}

fn read_journal(dir: &Path) -> io::Result<Vec<String>> {
    let text = fs::read_to_string(dir.join(JOURNAL_FILE))?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(io::Error::other(crate::msg!(
            "journal_foreign",
            file = JOURNAL_FILE
        )));
    }
    let names: Vec<String> = lines.map(str::to_string).collect();
    if names
        .iter()
        .any(|n| n.is_empty() || n.contains(['/', '\\']))
    {
        return Err(io::Error::other(format!("{JOURNAL_FILE} is damaged")));
    }
    Ok(names)
}

/// Does the renames not yet done, output by output.
pub(super) fn apply(dir: &Path, names: &[String], rename: &mut Rename) -> io::Result<()> {
    for name in names {
        let (new, target, old) = paths(dir, name);
        if !new.exists() {
            continue; // already swapped in
        }
        if target.symlink_metadata().is_ok() {
            if old.symlink_metadata().is_ok() {
                return Err(io::Error::other(format!(
                    "both {name} and {OLD_DIR}/{name} exist"
                )));
            }
            rename(&target, &old)?;
        }
        rename(&new, &target)?;
    }
    sync_dir(dir)
}

/// Puts every previous output back (and each new one back in staging),
/// then removes the journal: the state before the swap.
fn undo(dir: &Path, names: &[String], rename: &mut Rename) -> io::Result<()> {
    for name in names.iter().rev() {
        let (new, target, old) = paths(dir, name);
        let swapped = !new.exists();
        if swapped && target.symlink_metadata().is_ok() {
            rename(&target, &new)?;
        }
        if old.symlink_metadata().is_ok() {
            rename(&old, &target)?;
        }
    }
    fs::remove_file(dir.join(JOURNAL_FILE))?;
    sync_dir(dir)?;
    let _ = fs::remove_dir_all(dir.join(STAGING_DIR));
    let _ = fs::remove_dir_all(dir.join(OLD_DIR));
    Ok(())
}

/// Removes the journal (the swap is complete), then the previous outputs
/// and the empty staging folder.
/// Ends a swap: the journal removed, the replaced outputs kept in
/// `.lagesbild.old/` as the next build's staging folders (see
/// `staging`).
fn finish(dir: &Path) -> io::Result<()> {
    fs::remove_file(dir.join(JOURNAL_FILE))?;
    sync_dir(dir)?;
    // Nothing replaced (a first build): nothing kept.
    let _ = fs::remove_dir(dir.join(OLD_DIR));
    remove_if_there(&dir.join(STAGING_DIR))
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn paths(dir: &Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    (
        dir.join(STAGING_DIR).join(name),
        dir.join(name),
        dir.join(OLD_DIR).join(name),
    )
}

/// Each output's state, read off the folders, for an error message.
fn states(dir: &Path, names: &[String]) -> Vec<(String, OutputState)> {
    names
        .iter()
        .map(|name| {
            let (new, target, old) = paths(dir, name);
            let state = match (new.exists(), target.exists(), old.exists()) {
                (false, true, _) => OutputState::New,
                (true, true, _) => OutputState::Previous,
                (true, false, true) => OutputState::Missing,
                (true, false, false) => OutputState::NeverBuilt,
                (false, false, _) => OutputState::Lost,
            };
            (name.clone(), state)
        })
        .collect()
}

/// Flushes a folder's entries (renames, removals) to disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
