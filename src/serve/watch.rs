//! Watching the site folder by polling: a list of every file's path, size
//! and modification time, compared with the previous list (see the
//! module doc of `serve` for why not change notification).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use walkdir::WalkDir;

/// One file as last seen.
pub type Seen = (PathBuf, u64, Option<SystemTime>);

/// Calls `changed` whenever a file below `dir` is added, removed or
/// saved after the snapshot `last` was taken, looking every `every`;
/// never returns.
pub fn on_change(dir: &Path, mut last: Vec<Seen>, every: Duration, mut changed: impl FnMut()) {
    loop {
        std::thread::sleep(every);
        let now = snapshot(dir);
        if now != last {
            last = now;
            changed();
        }
    }
}

/// Every file below `dir`, sorted, except hidden ones (editors' swap and
/// lock files start with a dot) and the default output folder `dist/`.
pub fn snapshot(dir: &Path) -> Vec<Seen> {
    let mut seen: Vec<Seen> = WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || (e.depth() == 1 && name == "dist"))
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
    use super::snapshot;

    #[test]
    fn a_save_an_addition_and_a_removal_change_the_snapshot_hidden_files_do_not() {
        let dir = std::env::temp_dir().join(format!("lagesbild-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::create_dir_all(dir.join("dist")).unwrap();
        std::fs::write(dir.join("content/a.md"), "a").unwrap();
        let first = snapshot(&dir);
        assert_eq!(first.len(), 1);
        std::fs::write(dir.join("content/.a.md.swp"), "x").unwrap();
        std::fs::write(dir.join("dist/index.html"), "x").unwrap();
        assert_eq!(
            snapshot(&dir),
            first,
            "hidden files and dist/ are not watched"
        );
        std::fs::write(dir.join("content/a.md"), "ab").unwrap();
        let saved = snapshot(&dir);
        assert_ne!(saved, first, "a save that changes the size");
        std::fs::write(dir.join("content/b.md"), "b").unwrap();
        assert_eq!(snapshot(&dir).len(), 2);
        std::fs::remove_file(dir.join("content/b.md")).unwrap();
        assert_eq!(snapshot(&dir), saved);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
