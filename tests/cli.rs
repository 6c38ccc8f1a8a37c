//! The command line: exit codes, diagnostics and that a failed build
//! leaves the previous output untouched.

mod common;

use std::path::Path;
use std::process::Command;

/// The binary in English, whatever the site's language: these tests are
/// about behaviour; the language of messages has its own tests (`sv_`).
fn lagesbild(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lagesbild"))
        .env("LAGESBILD_LANG", "en")
        .args(args)
        .output()
        .unwrap()
}

/// `lagesbild build` of the site `site` into `out`, with `more` arguments.
fn build_into(site: &Path, out: &Path, more: &[&str]) -> std::process::Output {
    let args = ["build", "--site", site.to_str().unwrap()];
    lagesbild(&[&args[..], &["--out", out.to_str().unwrap()], more].concat())
}

#[test]
fn check_lists_every_error_with_file_line_and_exits_1() {
    let site = common::fixture("errors");
    let out = lagesbild(&["check", "--site", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let expected = [
        "content/incidents/rows.csv:3:18: unknown category \"skadegorlse\"",
        "hint: did you mean \"skadegorelse\"?",
        "content/incidents/rows.csv:4:1: \"2023-02-30\" is not a valid date",
        "content/incidents/rows.csv:5:12: \"25:00\" is not a valid time",
        "content/incidents/rows.csv:6:31: \"0\" is not a valid count",
        "content/meetings/2024-01-11-operativ.md:4:9: unknown group \"operatvie\"",
        "hint: did you mean \"operative\"?",
        "content/meetings/2024-01-12-trasig.md:1:1: front matter opened here is never closed",
        "warning: ",
        "content/incidents/rows.csv:7:24: unknown place \"Okända gatan\"",
        "6 error(s), 1 warning(s)",
    ];
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
}

#[test]
fn failed_build_writes_nothing_and_keeps_earlier_output() {
    let out_dir = common::temp_dir("failed-build");
    let good = build_into(&common::fixture("basic"), &out_dir, &["--quiet"]);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let before = common::read_tree(&out_dir);
    assert!(before.contains_key("internal/index.html"));
    let bad = build_into(&common::fixture("errors"), &out_dir, &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nothing was written"));
    assert_eq!(
        common::read_tree(&out_dir),
        before,
        "output changed after a failed build"
    );
}

#[test]
fn misspelt_config_key_is_named_with_line_and_hint() {
    let site = common::temp_dir("bad-config");
    let config = std::fs::read_to_string(common::fixture("basic").join("lagesbild.toml")).unwrap();
    std::fs::write(
        site.join("lagesbild.toml"),
        config.replace("colour = \"#5b3a8c\"", "color = \"#5b3a8c\""),
    )
    .unwrap();
    let out = lagesbild(&["check", "--site", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("lagesbild.toml:21:1: unknown key `color`"),
        "{err}"
    );
    assert!(err.contains("did you mean \"colour\"?"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let empty = common::temp_dir("no-site");
    assert_eq!(
        lagesbild(&["build", "--site", empty.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(lagesbild(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn build_prints_summary() {
    let out_dir = common::temp_dir("summary");
    let out = build_into(&common::fixture("basic"), &out_dir, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("Built from 13 incident rows in 2 files and 6 notes in "),
        "{stdout}"
    );
    assert!(stdout.contains("\n  internal: "), "{stdout}");
    assert!(stdout.contains("\n  public: "), "{stdout}");
    assert!(
        stdout.contains(" counts published, "),
        "the privacy summary line: {stdout}"
    );
}

/// Modification time of every file below `dir`, by path.
fn times(dir: &std::path::Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_build_with_nothing_to_do_writes_nothing_and_any_change_builds_again() {
    // Another day means a full build (the key holds the day in the
    // municipality's time zone, Stockholm here): a run that failed while
    // midnight passed there is run once more.
    let day = || {
        let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Stockholm);
        now.date_naive()
    };
    let before = day();
    if let Err(failed) = std::panic::catch_unwind(nothing_to_do_steps) {
        if day() == before {
            std::panic::resume_unwind(failed);
        }
        nothing_to_do_steps();
    }
}

fn nothing_to_do_steps() {
    let site = common::temp_dir("unchanged-site");
    common::copy_dir(&common::fixture("basic"), &site);
    let out_dir = common::temp_dir("unchanged-out");
    let build = || {
        let out = build_into(&site, &out_dir, &["--output", "internal"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(build().starts_with("Built from "));
    let written = times(&out_dir.join("internal"));
    let second = build();
    assert!(second.starts_with("Nothing to do: "), "{second}");
    assert!(
        second.contains("\n  internal: 65 pages (187 files) in "),
        "{second}"
    );
    assert_eq!(
        times(&out_dir.join("internal")),
        written,
        "nothing rewritten"
    );

    // A note edited (same size, other content): built again, and shown.
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replace("Inget särskilt.", "Inget särskilt!")).unwrap();
    assert!(build().starts_with("Built from "));
    let page = out_dir.join("internal/meetings/2024-01-11-operativ/index.html");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("Inget särskilt!")
    );
    assert!(build().starts_with("Nothing to do: "));

    // A page removed from the output: built again, the page back.
    std::fs::remove_file(&page).unwrap();
    assert!(build().starts_with("Built from "));
    assert!(page.exists());

    // --force: in full all the same (and recorded again).
    let out = build_into(&site, &out_dir, &["--output", "internal", "--force"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Built from "));
    assert!(build().starts_with("Nothing to do: "));

    // Another output chosen: a full build of it.
    let both = build_into(&site, &out_dir, &[]);
    assert!(String::from_utf8_lossy(&both.stdout).starts_with("Built from "));
    let _ = std::fs::remove_dir_all(&site);
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn a_build_with_warnings_is_never_skipped() {
    // `scaffold` has notes whose file-name date is not their date.
    let out_dir = common::temp_dir("unchanged-warned");
    for _ in 0..2 {
        let out = build_into(
            &common::fixture("scaffold"),
            &out_dir,
            &["--output", "internal"],
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.starts_with("Built from "), "{stdout}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("is not the date its file name starts with"),
            "{stderr}"
        );
    }
    assert!(!out_dir.join(lagesbild::output::MANIFEST_FILE).exists());
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn a_build_after_a_note_edit_takes_the_kept_protections_and_equals_a_clean_one() {
    // `areas` has no ledger: its public counts are protected at build.
    let site = common::temp_dir("kept-site");
    let from = common::fixture("areas");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = site.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to).unwrap();
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    let (out_dir, clean) = (common::temp_dir("kept-out"), common::temp_dir("kept-clean"));
    let build = |out: &Path| {
        let run = build_into(&site, out, &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    build(&out_dir);
    let kept = std::fs::read_to_string(out_dir.join(lagesbild::output::KEPT_FILE))
        .expect("the protections are kept beside the outputs");
    assert!(kept.starts_with("lagesbild protected 1 "), "{kept}");
    // Two years of counts: two tables kept.
    assert_eq!(kept.lines().count(), 3, "{kept}");
    let notes = site.join("content/meetings");
    let note = std::fs::read_dir(&notes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a note");
    let mut text = std::fs::read_to_string(&note).unwrap();
    text.push_str("\nEn rad till efter mötet.\n");
    std::fs::write(&note, text).unwrap();
    build(&out_dir);
    assert_eq!(
        std::fs::read_to_string(out_dir.join(lagesbild::output::KEPT_FILE)).unwrap(),
        kept,
        "the same tables, the same protections"
    );
    build(&clean);
    for output in ["public", "internal"] {
        assert!(
            common::read_tree(&out_dir.join(output)) == common::read_tree(&clean.join(output)),
            "{output}: a build with kept protections equals a clean build"
        );
    }
    for d in [site, out_dir, clean] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// Markdown that makes the Markdown parser panic (pulldown-cmark 0.13.6,
/// with heading attributes) is an error at the line where it trips, with
/// exit code 1 and no panic, and the build writes nothing.
#[test]
fn markdown_the_parser_trips_on_is_an_error_at_its_line_not_a_crash() {
    let site = common::temp_dir("parser-trips");
    common::copy_dir(&common::fixture("basic"), &site);
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let mut text = std::fs::read_to_string(&note).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // The underline `  ---` is the fourth line added.
    let line = text.lines().count() + 4;
    text.push_str("\n- Heading\n   {#h}\n  ---\n");
    std::fs::write(&note, text).unwrap();
    let out_dir = site.join("dist");
    let out = build_into(&site, &out_dir, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let expected = format!(
        "content/meetings/2024-01-11-operativ.md:{line}:1: the Markdown parser cannot read the text here"
    );
    assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out_dir.join("internal").exists());
}
