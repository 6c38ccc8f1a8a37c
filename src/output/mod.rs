//! Writing outputs atomically.
//!
//! Every output is first written in full to a hidden folder beside its
//! target; only when all outputs are complete are they swapped in, each by
//! two renames. A build that fails at any point leaves the previous output
//! exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

mod file;

pub use file::replace_file;

use crate::render::OutFile;

/// One output folder to write, e.g. `dist/internal`.
pub struct Output {
    pub target: PathBuf,
    pub files: Vec<OutFile>,
}

/// Writes all outputs into staging folders, then swaps them in.
pub fn write_all(outputs: &[Output]) -> io::Result<()> {
    let mut staged = Vec::new();
    for o in outputs {
        match stage(o) {
            Ok(dir) => staged.push(dir),
            Err(e) => {
                for d in &staged {
                    let _ = fs::remove_dir_all(d);
                }
                return Err(e);
            }
        }
    }
    for (o, dir) in outputs.iter().zip(&staged) {
        swap(dir, &o.target)?;
    }
    Ok(())
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn stage(o: &Output) -> io::Result<PathBuf> {
    if let Some(parent) = o.target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let dir = sibling(&o.target, "new");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    let result = (|| {
        for f in &o.files {
            let path = dir.join(&f.path);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            fs::write(&path, &f.bytes)?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(dir),
        Err(e) => {
            let _ = fs::remove_dir_all(&dir);
            Err(e)
        }
    }
}

fn swap(staged: &Path, target: &Path) -> io::Result<()> {
    let old = sibling(target, "old");
    if target.exists() {
        fs::rename(target, &old)?;
    }
    if let Err(e) = fs::rename(staged, target) {
        let _ = fs::rename(&old, target);
        return Err(e);
    }
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_folder() {
        let tmp = std::env::temp_dir().join(format!("lagesbild-out-{}", std::process::id()));
        let target = tmp.join("dist/internal");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("stale.html"), "old").unwrap();
        write_all(&[Output {
            target: target.clone(),
            files: vec![OutFile {
                path: "a/index.html".into(),
                bytes: b"new".to_vec(),
            }],
        }])
        .unwrap();
        assert!(!target.join("stale.html").exists());
        assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"new");
        let leftovers: Vec<_> = fs::read_dir(tmp.join("dist")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
        fs::remove_dir_all(&tmp).unwrap();
    }
}
