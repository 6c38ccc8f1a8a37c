//! Paths in the configuration: each is relative to a folder of the site
//! and must stay below it, so a configuration cannot make the program read
//! `/etc/passwd` or a file beside the site. (Links are the source stage's
//! concern: see `source::inside`.)

use std::path::{Component, Path};

/// Whether a relative path from the configuration stays below the folder
/// it is relative to: not absolute, and no `..` climbing above it.
pub fn stays_below(path: &str) -> bool {
    let mut depth = 0usize;
    for c in Path::new(path).components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            _ => return false,
        }
    }
    !path.starts_with(['/', '\\']) && !path.contains(':')
}

#[cfg(test)]
mod tests {
    use super::stays_below;

    #[test]
    fn relative_paths_that_stay_below() {
        for ok in [
            "areas.geojson",
            "geo/areas.geojson",
            "geo/../areas.geojson",
            "./a",
        ] {
            assert!(stays_below(ok), "{ok}");
        }
        for bad in [
            "/etc/passwd",
            "../lagesbild.toml",
            "geo/../../x",
            "..",
            "C:\\x",
            "\\\\server\\x",
        ] {
            assert!(!stays_below(bad), "{bad}");
        }
    }
}
