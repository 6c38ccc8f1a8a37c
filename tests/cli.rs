//! The command line: exit codes, diagnostics and that a failed build
//! leaves the previous output untouched.

mod common;

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
    let good = lagesbild(&[
        "build",
        "--site",
        common::fixture("basic").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let before = common::read_tree(&out_dir);
    assert!(before.contains_key("internal/index.html"));
    let bad = lagesbild(&[
        "build",
        "--site",
        common::fixture("errors").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
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
    let out = lagesbild(&[
        "build",
        "--site",
        common::fixture("basic").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
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
