//! Watching the site folder by polling: a list of every file's path, size
//! and modification time, compared with the previous list (see the
//! module doc of `serve` for why not change notification).

use std::path::Path;
use std::time::Duration;

/// One file as last seen.
pub type Seen = crate::source::inputs::Stamp;

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

/// Every file below `dir` as the preview watches it (see
/// [`crate::source::inputs::stamps`]).
pub fn snapshot(dir: &Path) -> Vec<Seen> {
    crate::source::inputs::stamps(dir, None)
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
