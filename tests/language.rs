//! The language of the command line: the site's `[site] language`, else
//! the locale, with `LAGESBILD_LANG` over both (README: "Language of
//! messages").

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// The binary with a clean language environment plus `env`, run in `dir`.
fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lagesbild"));
    for k in ["LAGESBILD_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    cmd.envs(env.iter().copied())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `basic` fixture with `[site] language = "en"`.
fn english_site(name: &str) -> common::TempDir {
    let dir = common::temp_dir(name);
    common::copy_dir(&common::fixture("basic"), &dir);
    let config = std::fs::read_to_string(dir.join("lagesbild.toml")).unwrap();
    let config = config.replacen("[site]\n", "[site]\nlanguage = \"en\"\n", 1);
    assert!(config.contains("language = \"en\""), "{config}");
    std::fs::write(dir.join("lagesbild.toml"), config).unwrap();
    dir
}

#[test]
fn a_swedish_site_gets_swedish_errors_at_their_positions() {
    let site = common::fixture("errors");
    // An English locale does not outweigh the site's language (here the
    // current folder's, so paths are shown relative to it).
    let out = run(&site, &[("LANG", "en_GB.UTF-8")], &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for expected in [
        "fel: ",
        "content/meetings/2024-01-11-operativ.md:4:9: okänd grupp \"operatvie\": förväntade en av operative,",
        "    | group = \"operatvie\"\n    |         ^",
        "tips: menade du \"operative\"?",
        "content/meetings/2024-01-12-trasig.md:1:1: de inledande inställningarna (front matter) som börjar här avslutas aldrig",
        "content/incidents/rows.csv:3:18: okänd kategori \"skadegorlse\"",
        "content/incidents/rows.csv:4:1: \"2023-02-30\" är inget giltigt datum",
        "varning: ",
        "content/incidents/rows.csv:7:24: okänd plats \"Okända gatan\"",
        "6 fel, 1 varning(ar)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    for english in ["error", "warning", "hint", "unknown", "expected"] {
        assert!(!err.contains(english), "{english:?} in:\n{err}");
    }
}

#[test]
fn a_swedish_site_gets_a_swedish_summary() {
    let site = common::fixture("basic");
    let out_dir = common::temp_dir("sv-summary");
    let out = run(
        &site,
        &[],
        &["build", "--site", ".", "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // a.csv holds 10 rows, bolaget/ 3; content/meetings/ 6 notes. The
    // seconds are written with a decimal comma.
    let first = stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with("Byggde av 13 händelserader i 2 filer och 6 anteckningar på "),
        "{stdout}"
    );
    assert!(first.ends_with(" s") && first.contains(','), "{first}");
    assert!(
        stdout.contains("\n  internal: 66 sidor (188 filer) i "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  källa Bolaget: 2023-03-15 till 2024-05-02 (konfigurerat), 3 rader\n"),
        "{stdout}"
    );
    assert!(stdout.contains(" antal publicerade, "), "{stdout}");
    let err = text(&out.stderr);
    assert!(
        err.lines()
            .any(|l| l.starts_with("varning: public: ingen publiceringsliggare")),
        "{err}"
    );
    // Progress (shown when the build takes over a second) names its steps
    // in Swedish too: "[4/6] renderar internal".
    for step in err.lines().filter(|l| l.starts_with('[')) {
        let what = step.split_once("] ").map_or("", |(_, w)| w);
        assert!(
            [
                "läser",
                "analyserar",
                "prövar vad som får publiceras",
                "skriver"
            ]
            .contains(&what)
                || what.starts_with("renderar "),
            "{step}"
        );
    }
}

#[test]
fn help_follows_the_site_folder() {
    let swedish = common::fixture("basic");
    let english = english_site("en-help");
    // `--site DIR` names the site …
    let sv = run(
        Path::new("/"),
        &[("LANG", "en_GB.UTF-8")],
        &["build", "--site", swedish.to_str().unwrap(), "--help"],
    );
    assert_eq!(sv.status.code(), Some(0));
    let sv = text(&sv.stdout);
    assert!(
        sv.starts_with("Läs och kontrollera allt och skriv sedan webbplatsen."),
        "{sv}"
    );
    assert!(
        sv.contains("\nAnvändning: lagesbild build [FLAGGOR]\n"),
        "{sv}"
    );
    assert!(
        sv.contains("\n      --site <MAPP>    Webbplatsens mapp (den med lagesbild.toml); som standard den aktuella mappen.\n"),
        "{sv}"
    );
    assert!(sv.contains("\nFlaggor:\n"), "{sv}");
    assert!(sv.contains("Visa hjälpen"), "{sv}");
    // … else the current folder's lagesbild.toml.
    let en = run(&english, &[("LANG", "sv_SE.UTF-8")], &["--help"]);
    let en = text(&en.stdout);
    assert!(
        en.starts_with("Builds a municipality's lägesbild (situation picture) as a static website"),
        "{en}"
    );
    assert!(en.contains("\nUsage: lagesbild <COMMAND>"), "{en}");
    assert!(en.contains("\nCommands:\n"), "{en}");
    let en_build = text(&run(&english, &[], &["build", "--help"]).stdout);
    assert!(
        en_build.contains("\nUsage: lagesbild build [OPTIONS]\n"),
        "{en_build}"
    );
    assert!(
        en_build.contains("      --site <DIR>     The site folder"),
        "{en_build}"
    );
    assert!(
        en.contains("Read and validate everything, write nothing."),
        "{en}"
    );
    let sv_top = text(&run(&swedish, &[], &["--help"]).stdout);
    assert!(sv_top.contains("\nKommandon:\n"), "{sv_top}");
    assert!(
        sv_top.contains("  check    Läs och kontrollera allt, skriv ingenting."),
        "{sv_top}"
    );
}

#[test]
fn every_command_has_help_text_in_both_languages() {
    let commands: [&[&str]; 8] = [
        &[],
        &["build"],
        &["check"],
        &["serve"],
        &["release"],
        &["init"],
        &["new"],
        &["new", "meeting"],
    ];
    for lang in ["sv", "en"] {
        for c in commands {
            let mut args = c.to_vec();
            args.push("--help");
            let out = run(Path::new("/"), &[("LAGESBILD_LANG", lang)], &args);
            let help = text(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "{c:?}: {}", text(&out.stderr));
            // A key missing from the catalogue would show as itself.
            assert!(!help.contains("help_"), "{lang} {c:?}:\n{help}");
        }
    }
    // `help new meeting` is `new meeting --help`.
    let via = run(
        Path::new("/"),
        &[("LAGESBILD_LANG", "sv")],
        &["help", "new", "meeting"],
    );
    let direct = run(
        Path::new("/"),
        &[("LAGESBILD_LANG", "sv")],
        &["new", "meeting", "--help"],
    );
    assert_eq!(text(&via.stdout), text(&direct.stdout));
    assert!(text(&via.stdout).contains("Mötets grupp"));
}

#[test]
fn an_english_site_speaks_english_whatever_the_locale() {
    let site = english_site("en-site");
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let original = std::fs::read_to_string(&note).unwrap();
    let broken = original.replacen("group = \"operative\"", "group = \"operatvie\"", 1);
    assert_ne!(broken, original, "the fixture's note names its group");
    std::fs::write(&note, broken).unwrap();
    let out = run(
        &site,
        &[("LANG", "sv_SE.UTF-8")],
        &["check", "--site", site.to_str().unwrap()],
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("error: ")
            && err.contains("2024-01-11-operativ.md:4:9: unknown group \"operatvie\""),
        "{err}"
    );
    assert!(err.contains("hint: did you mean \"operative\"?"), "{err}");
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
}

#[test]
fn init_speaks_the_locale() {
    let swedish = common::temp_dir("init-sv");
    let out = run(
        &swedish,
        &[("LANG", "sv_SE.UTF-8")],
        &["init", swedish.join("site").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.starts_with("Skapade en webbplats för "), "{said}");
    assert!(said.contains("\nNästa steg: "), "{said}");
    for (env, first) in [
        (&[("LANG", "en_GB.UTF-8")][..], "Created a site for "),
        (&[][..], "Created a site for "),
        // LC_ALL comes before LANG.
        (
            &[("LC_ALL", "C"), ("LANG", "sv_SE.UTF-8")][..],
            "Created a site for ",
        ),
        (
            &[("LC_MESSAGES", "sv_SE.UTF-8"), ("LANG", "en_GB.UTF-8")][..],
            "Skapade en webbplats för ",
        ),
        (
            &[("LAGESBILD_LANG", "sv"), ("LANG", "en_GB.UTF-8")][..],
            "Skapade en webbplats för ",
        ),
    ] {
        let dir = common::temp_dir("init-locale");
        let out = run(&dir, env, &["init", dir.join("site").to_str().unwrap()]);
        let said = text(&out.stdout);
        assert!(said.starts_with(first), "{env:?}: {said}");
    }
}

#[test]
fn usage_errors_are_in_the_site_language() {
    let site = common::fixture("basic");
    let out = run(&site, &[], &["bild"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("fel: okänt kommando 'bild'"), "{err}");
    assert!(err.contains("tips: menade du \"build\"?"), "{err}");
    assert!(err.contains("\nAnvändning: lagesbild <KOMMANDO>"), "{err}");
    let out = run(&site, &[], &["release", "--date", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("fel: ogiltigt värde '2026-13-01' för '--date <ÅÅÅÅ-MM-DD>'"),
        "{err}"
    );
    assert!(
        err.contains("\nAnvändning: lagesbild release [FLAGGOR]\n"),
        "{err}"
    );
    let out = run(&site, &[], &["new", "meeting"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("fel: ett argument som krävs saknas: --group <GRUPP>"),
        "{}",
        text(&out.stderr)
    );
    // A missing site folder is told in the locale's language.
    let nowhere = common::temp_dir("no-site");
    let out = run(&nowhere, &[("LANG", "sv_SE.UTF-8")], &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .starts_with("fel: ingen lagesbild.toml i .: ange webbplatsens mapp med --site"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn lagesbild_lang_overrides_the_site() {
    let site = common::fixture("errors");
    let out = run(
        &site,
        &[("LAGESBILD_LANG", "en")],
        &["check", "--site", site.to_str().unwrap()],
    );
    assert!(
        text(&out.stderr).contains("6 error(s), 1 warning(s)"),
        "{}",
        text(&out.stderr)
    );
}
