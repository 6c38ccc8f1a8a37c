//! Replacing a file whole: the publication ledger (the only file
//! lagesbild writes outside its output folder) and the output folder's
//! records; and making a file that is new, never one found in its place.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the file `path` with `text` in one rename, so an interrupted
/// write leaves the old file whole (the publication ledger is written so).
pub fn replace_file(path: &Path, text: &str) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{}.tmp", name.unwrap_or_default()));
    let result = (|| {
        let mut f = new_file(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new, empty file at `path`, never one found there: whatever lies
/// there is removed first (a link planted at a temporary name is removed,
/// not written through), and the file is made only if none is there.
pub fn new_file(path: &Path) -> io::Result<fs::File> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::File::options().write(true).create_new(true).open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_written_through() {
        let dir = std::env::temp_dir().join(format!("lagesbild-file-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("elsewhere.txt");
        fs::write(&target, "untouched").unwrap();
        let path = dir.join("releases.toml");
        std::os::unix::fs::symlink(&target, dir.join(".releases.toml.tmp")).unwrap();
        replace_file(&path, "ledger").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "untouched");
        assert_eq!(fs::read_to_string(&path).unwrap(), "ledger");
        assert!(!dir.join(".releases.toml.tmp").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
