//! `lagesbild init` and `lagesbild new meeting`, run as the binary: a new
//! site builds at once, nothing is ever overwritten, and the next note of
//! a group restates exactly the open actions, overdue ones marked; plus the
//! warnings about a note's dates (`tests/fixtures/scaffold`).

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// The binary in English (the language of messages is tested in
/// tests/cli.rs).
fn lagesbild(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lagesbild"))
        .env("LAGESBILD_LANG", "en")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `lagesbild new meeting --group GROUP --date DATE --site SITE`.
fn new_meeting(site: &Path, group: &str, date: &str) -> Output {
    lagesbild(&[
        "new",
        "meeting",
        "--group",
        group,
        "--date",
        date,
        "--site",
        s(site),
    ])
}

#[test]
fn init_writes_a_site_that_builds_with_both_start_pages() {
    let tmp = common::temp_dir("scaffold-init");
    let site = tmp.join("sunne");
    let out = lagesbild(&["init", s(&site), "--name", "Sunne kommun"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("lagesbild.toml"), "{said}");
    assert!(site.join("content/incidents").is_dir());
    let tree = common::read_tree(&site);
    let notes: Vec<&String> = tree
        .keys()
        .filter(|k| k.starts_with("content/meetings/"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    // content/meetings/YYYY-MM-DD-operativ.md: sorts by date.
    let name = notes[0].trim_start_matches("content/meetings/");
    assert!(name.ends_with("-operativ.md") && name.len() == 22, "{name}");
    assert!(name[..10].chars().all(|c| c.is_ascii_digit() || c == '-'));

    let dist = tmp.join("dist");
    let built = lagesbild(&["build", "--site", s(&site), "--out", s(&dist)]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    // No error, and no warning but the public output's missing ledger.
    let err = text(&built.stderr);
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(err.contains("no publication ledger"), "{err}");
    for output in ["internal", "public"] {
        let page = std::fs::read_to_string(dist.join(output).join("index.html")).unwrap();
        assert!(page.contains("Lägesbild för Sunne kommun"), "{output}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = common::temp_dir("scaffold-refuse");
    std::fs::write(tmp.join("lagesbild.toml"), "# mine\n").unwrap();
    std::fs::create_dir_all(tmp.join("content")).unwrap();
    std::fs::write(tmp.join("content/places.toml"), "# mine too\n").unwrap();
    let before = common::read_tree(&tmp);
    let out = lagesbild(&["init", s(&tmp)]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("lagesbild.toml"), "{err}");
    assert!(err.contains("content/places.toml"), "{err}");
    assert!(
        err.contains("already exist, so nothing was written"),
        "{err}"
    );
    assert_eq!(common::read_tree(&tmp), before);
    assert!(!tmp.join("content/meetings").exists());
    assert!(!tmp.join("content/incidents").exists());

    // A folder with other files only is fine, and they stay as they were.
    let other = tmp.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("LÄSMIG.txt"), "egen fil\n").unwrap();
    let out = lagesbild(&["init", s(&other)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(other.join("LÄSMIG.txt")).unwrap(),
        "egen fil\n"
    );
    let again = lagesbild(&["init", s(&other)]);
    assert_eq!(again.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The effects fixture's register (see its notes): E1–E4, P1 and P2
/// decided on 20 June 2024 and set ongoing on 2 July 2024, E3 recorded
/// done by the council on 25 June 2025. Due dates: E1 2025-03-31,
/// E2 2025-06-30, E3 2025-01-31, E4 2025-06-29, P1 and P2 none.
///
/// An operative meeting on 30 June 2025: open are E1, E2, E4, P1, P2 (E3
/// is done). Overdue (due before 30 June): E1 and E4; E2 is due on the
/// day itself, so not. The period runs from the day after the last
/// operative meeting (2 July 2024) to the meeting: 3 July 2024–30 June 2025.
#[test]
fn new_meeting_restates_the_open_actions_and_marks_the_overdue() {
    let tmp = common::temp_dir("scaffold-new");
    let site = tmp.join("site");
    common::copy_dir(&common::fixture("effects"), &site);
    let out = new_meeting(&site, "operative", "2025-06-30");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rel = "content/meetings/2025-06-30-operativ.md";
    assert_eq!(text(&out.stdout).trim(), s(&site.join(rel)));
    let note = std::fs::read_to_string(site.join(rel)).unwrap();
    assert!(
        note.contains("title = \"Operativ grupp 30 juni 2025\"\n"),
        "{note}"
    );
    assert!(
        note.contains("date = 2025-06-30\ngroup = \"operative\"\n"),
        "{note}"
    );
    assert!(
        note.contains("## Läget 3 juli 2024–30 juni 2025\n"),
        "{note}"
    );

    let front: toml::Table = toml::from_str(note.split("+++").nth(1).unwrap()).unwrap();
    let actions = front["actions"].as_array().unwrap();
    let ids: Vec<&str> = actions.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["E1", "E2", "E4", "P1", "P2"]);
    for a in actions {
        let keys: Vec<&String> = a.as_table().unwrap().keys().collect();
        assert_eq!(keys, ["comment", "id", "status"], "{a:?}");
        assert_eq!(a["status"].as_str(), Some("ongoing"));
    }
    // The description above each entry, the overdue mark on E1 and E4 only.
    assert!(note.contains("# E2: Fältassistenter vid Hamnen; förfallodag 2025-06-30"));
    let marks: Vec<&str> = note
        .lines()
        .filter(|l| l.starts_with("# FÖRSENAD"))
        .collect();
    assert_eq!(
        marks,
        [
            "# FÖRSENAD: förfallodag 2025-03-31 har passerat",
            "# FÖRSENAD: förfallodag 2025-06-29 har passerat"
        ]
    );
    let lines: Vec<&str> = note.lines().collect();
    for (id, overdue) in [("E1", true), ("E2", false), ("E4", true), ("P1", false)] {
        let at = lines
            .iter()
            .position(|l| *l == format!("id = \"{id}\""))
            .unwrap();
        let start = lines[..at].iter().rposition(|l| l.is_empty()).unwrap();
        let block = &lines[start..at];
        let marked = block.iter().any(|l| l.starts_with("# FÖRSENAD"));
        assert_eq!(marked, overdue, "{id}: {block:?}");
    }

    // The note builds as written.
    let dist = tmp.join("dist");
    let built = lagesbild(&["build", "--site", s(&site), "--out", s(&dist), "--quiet"]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    assert!(
        dist.join("internal/meetings/2025-06-30-operativ/index.html")
            .is_file()
    );

    // Never overwritten: the same meeting again is refused.
    let again = new_meeting(&site, "operative", "2025-06-30");
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(site.join(rel)).unwrap(), note);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// On 24 June 2025, the day before the council recorded E3 done, E3 is
/// still open and overdue (due 2025-01-31). A strategic meeting looks back
/// on the two whole months before its month: April and May 2025.
#[test]
fn new_meeting_takes_the_register_as_it_stood_on_the_day() {
    let tmp = common::temp_dir("scaffold-day");
    let site = tmp.join("site");
    common::copy_dir(&common::fixture("effects"), &site);
    let out = new_meeting(
        &site,
        // The Swedish name of the built-in group, as a note may write it.
        "Strategisk",
        "2025-06-24",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let note =
        std::fs::read_to_string(site.join("content/meetings/2025-06-24-strategisk.md")).unwrap();
    assert!(note.contains("title = \"Strategisk grupp 24 juni 2025\"\n"));
    assert!(note.contains("## Läget 1 april–31 maj 2025\n"), "{note}");
    assert!(note.contains("id = \"E3\""));
    assert!(note.contains("# FÖRSENAD: förfallodag 2025-01-31 har passerat"));

    let unknown = lagesbild(&["new", "meeting", "--group", "strategik", "--site", s(&site)]);
    assert_eq!(unknown.status.code(), Some(2));
    let err = text(&unknown.stderr);
    assert!(err.contains("unknown group \"strategik\""), "{err}");
    assert!(err.contains("did you mean \"strategisk\"?"), "{err}");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `tests/fixtures/scaffold`: the file 2025-03-06-operativ.md says
/// `date = 2025-03-05` (line 3, value at column 8) and sets S0's due date
/// 2025-03-01, before it (line 9, column 7); 2025-03-20-operativ.md sets
/// S1's due 2024-04-30 (line 14), restates the overdue S0 without a date
/// (no warning) and S2 done with an earlier due date (no warning).
#[test]
fn warnings_name_the_dates_at_their_lines() {
    let out = lagesbild(&["check", "--site", s(&common::fixture("scaffold"))]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    for expected in [
        "content/meetings/2025-03-06-operativ.md:3:8: the note's date 2025-03-05 is not the date its file name starts with (2025-03-06)",
        "content/meetings/2025-03-06-operativ.md:9:7: action \"S0\": due 2025-03-01 lies before the note's date 2025-03-05",
        "content/meetings/2025-03-20-operativ.md:14:7: action \"S1\": due 2024-04-30 lies before the note's date 2025-03-20",
        "0 error(s), 3 warning(s)",
    ] {
        let line = err.lines().find(|l| l.contains(expected));
        let line = line.unwrap_or_else(|| panic!("missing {expected:?} in:\n{err}"));
        assert!(
            line.starts_with("warning: ") || line.contains("0 error(s)"),
            "{line}"
        );
    }
}

/// The note's live figures: `tests/fixtures/effects` builds no operative
/// reports, so a meeting on 3 October 2024 gets those of the last whole
/// month, September 2024 (6 rows in `a.csv`), as shortcodes; built, they
/// equal the September report's numbers, total and per category.
#[test]
fn new_meeting_writes_live_figures_equal_to_the_report() {
    let tmp = common::temp_dir("scaffold-figures");
    let site = tmp.join("site");
    common::copy_dir(&common::fixture("effects"), &site);
    let out = new_meeting(&site, "operativ", "2024-10-03");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let note =
        std::fs::read_to_string(site.join("content/meetings/2024-10-03-operativ.md")).unwrap();
    assert!(note.contains("{{ antal(period=\"2024-09\") }}"), "{note}");
    let dist = tmp.join("dist");
    let built = lagesbild(&["build", "--site", s(&site), "--out", s(&dist), "--quiet"]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let page =
        std::fs::read_to_string(dist.join("internal/meetings/2024-10-03-operativ/index.html"))
            .unwrap();
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dist.join("internal/reports/month/2024-09/data.json")).unwrap(),
    )
    .unwrap();
    let total = report["total"]["count"].as_u64().unwrap();
    assert!(total > 0, "September has rows");
    assert!(
        page.contains(&format!("Händelser i september 2024: {total} (")),
        "{page}"
    );
    for c in report["categories"].as_array().unwrap() {
        let line = format!("<li>{}: {} (", c["label"].as_str().unwrap(), c["count"]);
        assert!(page.contains(&line), "{line} in {page}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
