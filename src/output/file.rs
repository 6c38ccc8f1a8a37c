//! Replacing one file of the site folder whole: the publication ledger,
//! the only file lagesbild writes outside its output folder.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the file `path` with `text` in one rename, so an interrupted
/// write leaves the old file whole (the publication ledger is written so).
pub fn replace_file(path: &Path, text: &str) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{}.tmp", name.unwrap_or_default()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
