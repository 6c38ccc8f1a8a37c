use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::*;
use crate::render::OutFile;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lagesbild-out-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn output(dir: &Path, name: &str, text: &str) -> Output {
    Output {
        target: dir.join(name),
        files: vec![OutFile {
            path: "a/index.html".into(),
            bytes: text.as_bytes().into(),
        }],
    }
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name).join("a/index.html")).unwrap_or_default()
}

/// The entries of the output folder but `.lagesbild.old`, the outputs
/// the last swap replaced, kept for the next staging.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != OLD_DIR)
        .collect();
    v.sort();
    v
}

fn build(dir: &Path, text: &str) {
    write_all(&[output(dir, "internal", text), output(dir, "public", text)]).unwrap();
}

#[test]
fn replaces_whole_folders_and_leaves_nothing_else() {
    let dir = tmp("whole");
    fs::create_dir_all(dir.join("internal")).unwrap();
    fs::write(dir.join("internal/stale.html"), "old").unwrap();
    build(&dir, "new");
    assert!(!dir.join("internal/stale.html").exists());
    assert_eq!(
        (read(&dir, "internal"), read(&dir, "public")),
        ("new".into(), "new".into())
    );
    assert_eq!(entries(&dir), ["internal", "public"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_build_is_refused_while_the_first_holds_the_lock() {
    let dir = tmp("busy");
    let first = OutDir::open(&dir).unwrap();
    let second = OutDir::open(&dir).err().expect("second lock taken");
    assert!(second.is_busy());
    assert!(
        second.to_string().contains("nothing was written"),
        "{second}"
    );
    drop(first);
    assert!(OutDir::open(&dir).is_ok());
    fs::remove_dir_all(&dir).unwrap();
}

/// Renames normally, but fails the `fail_at`-th rename (from 1) and,
/// when `fail_after`, every later one too.
fn failing(fail_at: usize, fail_after: bool) -> impl FnMut(&Path, &Path) -> io::Result<()> {
    let mut n = 0;
    move |from, to| {
        n += 1;
        if n == fail_at || (fail_after && n > fail_at) {
            return Err(io::Error::new(io::ErrorKind::PermissionDenied, "refused"));
        }
        fs::rename(from, to)
    }
}

#[test]
fn a_failed_rename_is_undone_and_says_nothing_was_replaced() {
    for fail_at in 1..=4 {
        let dir = tmp(&format!("undo-{fail_at}"));
        build(&dir, "old");
        let out = OutDir::open(&dir).unwrap();
        let names = out
            .stage(&[
                output(&dir, "internal", "new"),
                output(&dir, "public", "new"),
            ])
            .unwrap();
        let err = journal::commit(&dir, &names, &mut failing(fail_at, false)).unwrap_err();
        assert!(matches!(err, WriteError::SwapUndone { .. }), "{err}");
        assert!(err.to_string().contains("nothing was replaced"), "{err}");
        assert_eq!(
            (read(&dir, "internal"), read(&dir, "public")),
            ("old".into(), "old".into())
        );
        assert_eq!(entries(&dir), ["internal", "public"]);
        drop(out);
        fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_swap_that_cannot_be_undone_says_so_and_the_next_build_finishes_it() {
    let dir = tmp("half");
    build(&dir, "old");
    let out = OutDir::open(&dir).unwrap();
    let names = out
        .stage(&[
            output(&dir, "internal", "new"),
            output(&dir, "public", "new"),
        ])
        .unwrap();
    // internal swapped (renames 1, 2), public moved aside (3), then every
    // rename fails, the undo's too.
    let err = journal::commit(&dir, &names, &mut failing(4, true)).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, WriteError::SwapHalf { .. }), "{msg}");
    assert!(msg.contains("internal: the new build"), "{msg}");
    assert!(msg.contains("public: missing"), "{msg}");
    assert!(!msg.contains("nothing was replaced"), "{msg}");
    drop(out);
    let out = OutDir::open(&dir).unwrap();
    assert_eq!(out.recovered.len(), 1, "{:?}", out.recovered);
    assert_eq!(
        (read(&dir, "internal"), read(&dir, "public")),
        ("new".into(), "new".into())
    );
    assert_eq!(entries(&dir), ["internal", "public"]);
    drop(out);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_interrupted_swap_is_rolled_forward_from_every_step() {
    // Stop after 0 … 4 renames (the fifth call "kills" by failing without
    // an undo): the next open finishes it, whatever the step.
    for done in 0..=4 {
        let dir = tmp(&format!("forward-{done}"));
        build(&dir, "old");
        let out = OutDir::open(&dir).unwrap();
        let names = out
            .stage(&[
                output(&dir, "internal", "new"),
                output(&dir, "public", "new"),
            ])
            .unwrap();
        journal::write_journal(&dir, &names).unwrap();
        fs::create_dir_all(dir.join(OLD_DIR)).unwrap();
        let _ = journal::apply(&dir, &names, &mut failing(done + 1, true));
        drop(out);
        let out = OutDir::open(&dir).unwrap();
        assert_eq!(
            (read(&dir, "internal"), read(&dir, "public")),
            ("new".into(), "new".into())
        );
        assert_eq!(entries(&dir), ["internal", "public"]);
        drop(out);
        fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn leftovers_are_removed_and_an_older_versions_previous_output_moved_back() {
    let dir = tmp("leftovers");
    build(&dir, "old");
    fs::rename(dir.join("public"), dir.join(".public.old-12")).unwrap();
    fs::create_dir_all(dir.join(".public.new-12/x")).unwrap();
    fs::create_dir_all(dir.join(".internal.new-1/y")).unwrap();
    fs::create_dir_all(dir.join(".lagesbild.staging/internal")).unwrap();
    fs::write(dir.join(".lagesbild.journal.tmp"), "half").unwrap();
    // What an interrupted build began writing beside each record and
    // kept part.
    for f in super::LEFT_BESIDE {
        fs::write(dir.join(format!(".{f}.tmp")), "half").unwrap();
    }
    fs::create_dir_all(dir.join(".keep.me")).unwrap();
    let out = OutDir::open(&dir).unwrap();
    assert_eq!(
        out.recovered.len(),
        5 + super::LEFT_BESIDE.len(),
        "{:?}",
        out.recovered
    );
    assert_eq!(entries(&dir), [".keep.me", "internal", "public"]);
    assert_eq!(read(&dir, "public"), "old");
    drop(out);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_staging_replaces_nothing() {
    let dir = tmp("stage");
    build(&dir, "old");
    let mut bad = output(&dir, "public", "new");
    // A file where a folder must go.
    bad.files.push(OutFile {
        path: "a/index.html/x".into(),
        bytes: Vec::new().into(),
    });
    let err = write_all(&[output(&dir, "internal", "new"), bad]).unwrap_err();
    assert!(err.to_string().contains("nothing was replaced"), "{err}");
    assert_eq!(
        (read(&dir, "internal"), read(&dir, "public")),
        ("old".into(), "old".into())
    );
    assert_eq!(entries(&dir), ["internal", "public"]);
    fs::remove_dir_all(&dir).unwrap();
}

/// The inode of `path` (unix): the same inode means the file was left
/// alone, a new one that it was written anew.
#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_kept_changed_ones_written_and_dropped_ones_removed() {
    let dir = tmp("unchanged");
    let file = |path: &str, text: &str| OutFile {
        path: path.into(),
        bytes: text.as_bytes().into(),
    };
    let first = Output {
        target: dir.join("internal"),
        files: vec![
            file("same.html", "same"),
            file("a/changed.html", "before"),
            file("a/resized.html", "1"),
            file("gone.html", "gone"),
        ],
    };
    write_all(std::slice::from_ref(&first)).unwrap();
    let out = dir.join("internal");
    let before: Vec<u64> = ["same.html", "a/changed.html", "a/resized.html"]
        .iter()
        .map(|p| inode(&out.join(p)))
        .collect();
    // A hand edit of the previous output is not "unchanged": its bytes differ.
    let second = Output {
        target: out.clone(),
        files: vec![
            file("same.html", "same"),
            file("a/changed.html", "after!"),
            file("a/resized.html", "12"),
            file("new/page.html", "new"),
        ],
    };
    write_all(&[second]).unwrap();
    assert_eq!(inode(&out.join("same.html")), before[0], "same bytes: kept");
    assert_ne!(inode(&out.join("a/changed.html")), before[1]);
    assert_ne!(inode(&out.join("a/resized.html")), before[2]);
    assert_eq!(
        fs::read_to_string(out.join("a/changed.html")).unwrap(),
        "after!"
    );
    assert_eq!(
        fs::read_to_string(out.join("new/page.html")).unwrap(),
        "new"
    );
    assert!(
        !out.join("gone.html").exists(),
        "a file no longer produced is removed"
    );
    // The kept file has two names: the output's and the replaced
    // output's, kept for the next staging; no third copy anywhere.
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(out.join("same.html")).unwrap().nlink(), 2);
    assert_eq!(
        fs::read_to_string(dir.join(OLD_DIR).join("internal/a/changed.html")).unwrap(),
        "before"
    );
    assert_eq!(entries(&dir), ["internal"]);
    fs::remove_dir_all(&dir).unwrap();
}

/// Three builds: the third stages into the first's folder (kept by the
/// second swap), so what it must not do is write into a file the current
/// output shares, or leave anything of the first build behind.
#[cfg(unix)]
#[test]
fn a_staging_folder_made_from_the_replaced_output_holds_exactly_the_new_one() {
    let dir = tmp("seeded");
    let out = dir.join("site");
    let build = |files: &[(&str, &str)]| {
        let o = Output {
            target: out.clone(),
            files: files
                .iter()
                .map(|(p, t)| OutFile {
                    path: p.to_string(),
                    bytes: t.as_bytes().into(),
                })
                .collect(),
        };
        write_all(&[o]).unwrap();
    };
    build(&[
        ("same.html", "same"),
        ("d/page.html", "one"),
        ("gone/x.html", "x"),
        ("file-then-folder", "f"),
        ("folder-then-file/y.html", "y"),
    ]);
    assert!(!dir.join(OLD_DIR).exists(), "a first build keeps nothing");
    build(&[("same.html", "same"), ("d/page.html", "two")]);
    let same = inode(&out.join("same.html"));
    build(&[
        ("same.html", "same"),
        ("d/page.html", "three"),
        ("file-then-folder/z.html", "z"),
        ("folder-then-file", "w"),
    ]);
    assert_eq!(
        common_tree(&out),
        [
            ("d/page.html".to_string(), "three".to_string()),
            ("file-then-folder/z.html".into(), "z".into()),
            ("folder-then-file".into(), "w".into()),
            ("same.html".into(), "same".into()),
        ]
    );
    assert_eq!(inode(&out.join("same.html")), same, "unchanged: kept");
    // The second build's output, now the replaced one, is as it was: the
    // third wrote "three" as a new file, not into the one it shared.
    assert_eq!(
        common_tree(&dir.join(OLD_DIR).join("site")),
        [
            ("d/page.html".to_string(), "two".to_string()),
            ("same.html".into(), "same".into()),
        ]
    );
    assert_eq!(entries(&dir), ["site"]);
    fs::remove_dir_all(&dir).unwrap();
}

/// A build of the output `site` below `dir`: each of `paths` holding
/// `text`.
#[cfg(unix)]
fn build_pages(dir: &Path, paths: &[&str], text: &str) {
    let files = (paths.iter())
        .map(|path| OutFile {
            path: path.to_string(),
            bytes: text.as_bytes().into(),
        })
        .collect();
    write_all(&[Output {
        target: dir.join("site"),
        files,
    }])
    .unwrap();
}

/// Two builds of `paths`, then the kept output's folder `d` replaced by
/// a link to `outside`, then a third build ("three") over it.
#[cfg(unix)]
fn built_over_a_planted_link(dir: &Path, outside: &Path, paths: &[&str]) {
    build_pages(dir, paths, "one");
    build_pages(dir, paths, "two");
    let kept = dir.join(OLD_DIR).join("site");
    fs::remove_dir_all(kept.join("d")).unwrap();
    std::os::unix::fs::symlink(outside, kept.join("d")).unwrap();
    build_pages(dir, paths, "three");
}

/// A link planted in the kept output (by anyone who can write to the
/// output folder) is never written through: the folder it stands for is
/// made anew inside the staging folder.
#[cfg(unix)]
#[test]
fn a_link_in_the_replaced_output_is_not_followed() {
    let dir = tmp("seed-link");
    let outside = tmp("seed-link-outside");
    fs::create_dir_all(&outside).unwrap();
    let out = dir.join("site");
    let pages = ["d/page.html"];
    built_over_a_planted_link(&dir, &outside, &pages);
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        0,
        "written through"
    );
    assert!(fs::symlink_metadata(out.join("d")).unwrap().is_dir());
    assert_eq!(
        fs::read_to_string(out.join("d/page.html")).unwrap(),
        "three"
    );
    // A link in place of the kept output itself is not taken either.
    fs::remove_dir_all(dir.join(OLD_DIR).join("site")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join(OLD_DIR).join("site")).unwrap();
    build_pages(&dir, &pages, "four");
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        0,
        "written through"
    );
    assert_eq!(fs::read_to_string(out.join("d/page.html")).unwrap(), "four");
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&outside).unwrap();
}

/// A link planted in the kept output where a page's folder's parent
/// goes, to an outside folder that has the page's folder: the page is
/// not written through it (the parent is looked at before the folder, and
/// the folder is then made anew), and neither is its sibling's.
#[cfg(unix)]
#[test]
fn a_link_in_place_of_a_parent_folder_is_not_followed() {
    let dir = tmp("seed-parent-link");
    let outside = tmp("seed-parent-link-outside");
    fs::create_dir_all(outside.join("e")).unwrap();
    fs::create_dir_all(outside.join("f")).unwrap();
    let out = dir.join("site");
    built_over_a_planted_link(
        &dir,
        &outside,
        &["d/e/page.html", "d/f/page.html", "d/e/g/page.html"],
    );
    let planted: Vec<_> = walkdir::WalkDir::new(&outside)
        .into_iter()
        .map(|e| e.unwrap().path().to_path_buf())
        .filter(|p| p.is_file())
        .collect();
    assert!(planted.is_empty(), "written through: {planted:?}");
    for folder in ["d", "d/e", "d/f", "d/e/g"] {
        assert!(
            fs::symlink_metadata(out.join(folder)).unwrap().is_dir(),
            "{folder}"
        );
    }
    assert_eq!(
        fs::read_to_string(out.join("d/e/g/page.html")).unwrap(),
        "three"
    );
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&outside).unwrap();
}

/// Every file below `dir`: relative path and text, in order.
fn common_tree(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// [`same_bytes`] compares a piece at a time: a difference anywhere, in
/// the first piece, the last or past the first 64 KiB, is found, and a
/// file of the stated length that holds more or fewer bytes is not the same.
#[test]
fn same_bytes_finds_a_difference_anywhere() {
    let dir = tmp("same-bytes");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("f");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(&file, &bytes).unwrap();
    let len = bytes.len() as u64;
    assert!(same_bytes(&file, len, &bytes));
    for at in [0, 65_535, 65_536, 131_072, bytes.len() - 1] {
        let mut other = bytes.clone();
        other[at] ^= 1;
        assert!(!same_bytes(&file, len, &other), "{at}");
    }
    // A stated length other than the bytes' is not the same, unread.
    assert!(!same_bytes(&file, len, &bytes[1..]));
    // A stated length that does not match what the file holds: more,
    // or fewer (the file ends before the bytes do).
    assert!(!same_bytes(&file, len - 1, &bytes[..bytes.len() - 1]));
    assert!(!same_bytes(&file, len + 1, &[&bytes[..], &[0]].concat()));
    fs::write(&file, b"").unwrap();
    assert!(same_bytes(&file, 0, b""));
    assert!(!same_bytes(&dir.join("missing"), 0, b""));
    fs::remove_dir_all(&dir).unwrap();
}

/// A keep that finds no file as recorded (the current output's file
/// changed since the record, or gone) stages nothing and leaves nothing
/// in the way: the page is then rendered and its put succeeds.
#[test]
fn a_keep_that_finds_nothing_as_recorded_leaves_nothing_in_the_way_of_the_put() {
    let dir = tmp("failed-keep");
    let out = OutDir::open(&dir).unwrap();
    fs::create_dir_all(dir.join("internal/a")).unwrap();
    fs::write(dir.join("internal/a/index.html"), b"changed").unwrap();
    let staging = out.staging("internal").unwrap();
    assert_eq!(staging.keep("a/index.html", |_| false).unwrap(), None);
    assert_eq!(staging.keep("a/gone.html", |_| true).unwrap(), None);
    assert!(!staging.dir().join("a/index.html").exists());
    assert!(!staging.dir().join("a/gone.html").exists());
    let page = OutFile {
        path: "a/index.html".into(),
        bytes: b"rendered".as_slice().into(),
    };
    staging.put(&page).unwrap();
    let written = fs::read(staging.dir().join("a/index.html")).unwrap();
    assert_eq!(written, b"rendered");
    assert_eq!(staging.files(), ["a/index.html"]);
    drop(staging);
    drop(out);
    fs::remove_dir_all(&dir).unwrap();
}

/// The files put, in the order of a walk with each folder's entries
/// sorted by name: a folder's files come where its name sorts, before
/// a longer name it begins ("a/…" before "a-b", "a.b").
#[test]
fn files_are_listed_in_the_order_of_a_sorted_walk() {
    let dir = tmp("files-order");
    let out = OutDir::open(&dir).unwrap();
    let staging = out.staging("internal").unwrap();
    let names = ["ab", "a-b", "a/z", "a/b/c", "a.b/c", "a/b-c", "b", "a0"];
    for name in names {
        let page = OutFile {
            path: name.into(),
            bytes: b"x".as_slice().into(),
        };
        staging.put(&page).unwrap();
    }
    let mut walk: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    walk.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    assert_eq!(staging.files(), walk);
    assert_eq!(
        walk,
        ["a/b/c", "a/b-c", "a/z", "a-b", "a.b/c", "a0", "ab", "b"]
    );
    drop(staging);
    drop(out);
    fs::remove_dir_all(&dir).unwrap();
}

/// A keep stages the very file recorded: from the seed where the seed
/// holds it, even when the current output's file was replaced since;
/// else from the current output (a hard link to it), the seed's other
/// file there removed first; neither when the current output's file was
/// replaced and the seed holds another.
#[test]
fn a_keep_stages_the_very_file_recorded() {
    use std::os::unix::fs::MetadataExt;
    let dir = tmp("keep-same");
    let out = OutDir::open(&dir).unwrap();
    let current = dir.join("internal");
    fs::create_dir_all(current.join("a")).unwrap();
    for (name, text) in [
        ("a/index.html", "one"),
        ("b.html", "two"),
        ("c.html", "three"),
    ] {
        fs::write(current.join(name), text).unwrap();
    }
    fs::write(current.join("d.html"), "four").unwrap();
    let ino = |p: &Path| fs::symlink_metadata(p).unwrap().ino();
    let recorded = |name: &str| {
        let ino = ino(&current.join(name));
        move |m: &fs::Metadata| m.is_file() && m.ino() == ino
    };
    let (a, b, c, d) = (
        recorded("a/index.html"),
        recorded("b.html"),
        recorded("c.html"),
        recorded("d.html"),
    );
    // The seed (the output the last swap replaced) shares b.html, and
    // has other files of its own as c.html and d.html; then the current
    // output's b.html and c.html are replaced by new files.
    let seed = dir.join(OLD_DIR).join("internal");
    fs::create_dir_all(&seed).unwrap();
    fs::hard_link(current.join("b.html"), seed.join("b.html")).unwrap();
    fs::write(seed.join("c.html"), "old three").unwrap();
    fs::write(seed.join("d.html"), "old four").unwrap();
    for (name, text) in [("b.html", "new two"), ("c.html", "new three")] {
        fs::write(dir.join("new"), text).unwrap();
        fs::rename(dir.join("new"), current.join(name)).unwrap();
    }
    let staging = out.staging("internal").unwrap();
    let staged = |name: &str| staging.dir().join(name);
    assert_eq!(staging.keep("a/index.html", a).unwrap(), Some(true));
    assert_eq!(
        ino(&staged("a/index.html")),
        ino(&current.join("a/index.html"))
    );
    assert_eq!(staging.keep("b.html", b).unwrap(), Some(true));
    assert_eq!(fs::read(staged("b.html")).unwrap(), b"two");
    assert_eq!(staging.keep("c.html", c).unwrap(), None);
    assert!(!staged("c.html").exists(), "the seed's other file is gone");
    assert_eq!(staging.keep("d.html", d).unwrap(), Some(true));
    assert_eq!(fs::read(staged("d.html")).unwrap(), b"four");
    assert_eq!(staging.files(), ["a/index.html", "b.html", "d.html"]);
    drop(staging);
    drop(out);
    fs::remove_dir_all(&dir).unwrap();
}
