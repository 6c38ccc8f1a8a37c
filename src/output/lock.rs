//! The output folder's lock, and the clean-up done under it when a build
//! starts: finishing an interrupted swap, removing leftovers.

#[cfg(not(unix))]
use std::fs::OpenOptions;
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

#[cfg(not(unix))]
use super::LOCK_FILE;
use super::error::WriteError;
use super::{JOURNAL_FILE, STAGING_DIR, journal};

/// An output folder this process holds the lock of. Dropping it releases
/// the lock (so does the process ending, however it ends).
pub struct OutDir {
    dir: PathBuf,
    _lock: File,
    /// What the start-up clean-up did, one line each, for the build to
    /// report (empty when the folder was clean).
    pub recovered: Vec<String>,
}

impl OutDir {
    /// Creates `dir` if needed, takes its lock (failing at once with
    /// [`WriteError::Busy`] if another build holds it), finishes a swap an
    /// interrupted build left and removes leftovers.
    pub fn open(dir: &Path) -> Result<OutDir, WriteError> {
        let lock_err = |e: std::io::Error| WriteError::Lock {
            dir: dir.to_path_buf(),
            error: e.to_string(),
        };
        fs::create_dir_all(dir).map_err(lock_err)?;
        let file = lock_file(dir).map_err(lock_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(WriteError::Busy {
                    dir: dir.to_path_buf(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(lock_err(e)),
        }
        let mut out = OutDir {
            dir: dir.to_path_buf(),
            _lock: file,
            recovered: Vec::new(),
        };
        out.recover()?;
        Ok(out)
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(super) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn recover(&mut self) -> Result<(), WriteError> {
        if self.path(JOURNAL_FILE).exists() {
            let names = journal::roll_forward(&self.dir)?;
            self.recovered.push(crate::msg!(
                "recovered_swap",
                names = names.join(&crate::msg!("lag_and")),
                dir = self.dir.display()
            ));
        }
        self.remove_leftovers().map_err(|e| WriteError::Leftovers {
            dir: self.dir.clone(),
            error: e.to_string(),
        })
    }

    /// Removes everything an interrupted build can leave, after moving an
    /// older version's previous output back where it is missing.
    fn remove_leftovers(&mut self) -> std::io::Result<()> {
        let mut found = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            // `.lagesbild.old` is what the last swap replaced, kept for
            // the next staging (every file of it is checked there).
            // Each record and kept part is written beside its place as
            // `.NAME.tmp` first.
            if name == STAGING_DIR
                || name == format!("{JOURNAL_FILE}.tmp")
                || (super::LEFT_BESIDE.iter()).any(|f| name == format!(".{f}.tmp"))
                || legacy(&name).is_some()
            {
                found.push(name);
            }
        }
        found.sort();
        for name in found {
            let path = self.path(&name);
            if let Some((output, "old")) = legacy(&name)
                && !self.path(output).exists()
            {
                fs::rename(&path, self.path(output))?;
                self.recovered
                    .push(crate::msg!("recovered_moved", output = output, name = name));
                continue;
            }
            if path.is_dir() {
                fs::remove_dir_all(&path)?;
            } else {
                fs::remove_file(&path)?;
            }
            self.recovered
                .push(crate::msg!("recovered_removed", name = name));
        }
        Ok(())
    }
}

/// What is locked: the output folder itself where the OS can lock a
/// folder (so a build adds no file of its own), else `.lagesbild.lock`.
#[cfg(unix)]
fn lock_file(dir: &Path) -> std::io::Result<File> {
    File::open(dir)
}

#[cfg(not(unix))]
fn lock_file(dir: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
}

/// `.NAME.new-PID` or `.NAME.old-PID` (older versions' staging and
/// previous folders) as `(NAME, "new" | "old")`.
fn legacy(file: &str) -> Option<(&str, &str)> {
    let rest = file.strip_prefix('.')?;
    let (head, pid) = rest.rsplit_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (output, tag) = head.rsplit_once('.')?;
    (!output.is_empty() && (tag == "new" || tag == "old")).then_some((output, tag))
}

#[cfg(test)]
mod tests {
    use super::legacy;

    #[test]
    fn legacy_names() {
        assert_eq!(legacy(".internal.new-123"), Some(("internal", "new")));
        assert_eq!(legacy(".public.old-7"), Some(("public", "old")));
        assert_eq!(legacy(".public.old-"), None);
        assert_eq!(legacy(".public.older-7"), None);
        assert_eq!(legacy("public.old-7"), None);
        assert_eq!(legacy("..old-7"), None);
    }
}
