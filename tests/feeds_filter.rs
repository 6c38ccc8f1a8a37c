//! Partners' feeds as they come, and notes written as people write them.
//!
//! `tests/fixtures/feeds/` holds 30 synthetic events in the shape of the
//! police events API (`generate.py`), once as the API's JSON (one line, as
//! a browser saves it) and once as the CSV the feed's archive keeps, and a
//! site whose `[sources.keep]` keeps Sunne's rows. Worked by hand from the
//! list in `generate.py`:
//!
//! - Sunne has 12 events: 2024-01-05 Trafikolycka, 2024-01-19 Brand,
//!   2024-01-31 23:40 UTC Misshandel (00:40 on 1 February in Sweden),
//!   2024-02-29 Stöld, 2024-03-12 Trafikolycka singel and Rattfylleri,
//!   2024-04-02 Stöld, 2024-06-21 Misshandel, 2024-07-14 Trafikolycka,
//!   2025-01-10 Brand, and two from 2026 whose location is only the county
//!   (`Värmlands län`) with Sunne as the last part of the name:
//!   2026-02-14 Misshandel and 2026-03-03 Trafikolycka.
//! - The other 18 are Karlstad's, Torsby's and the county's: among them the
//!   earliest (2023-12-28) and the latest (2026-04-20) events, and a row
//!   dated 2024-02-30, which is left out unread and so is no error.
//!
//! So the source covers 2024-01-05 to 2026-03-03 with 12 rows and 18 left
//! out; January 2024 has 2 events (trafik 1, brand 1), February 2024 2
//! (vald 1, stöld 1), March 2024 2 (trafik 2), the first quarter of 2024
//! 6 (trafik 3, brand 1, vald 1, stöld 1), the year 2024 9 (trafik 4,
//! brand 1, vald 2, stöld 2), 2025 1 and 2026 2.
//!
//! The real county feed (`../shared/realdata/`) is filtered by
//! `examples/sunne/` and counted independently; that test is ignored when
//! the shared folder is missing, and fails under `CI=true` (see build.rs).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use lagesbild::config::Cadence;
use lagesbild::diagnostics::Diagnostic;
use lagesbild::model::ActionStatus;
use lagesbild::site::Site;
use serde_json::Value;

fn feeds() -> PathBuf {
    common::fixture("feeds")
}

/// A copy of the fixture site with the events as `events` (a file of
/// `tests/fixtures/feeds/`) and `extra` files (path, text) added.
fn site(name: &str, events: &str, extra: &[(&str, &str)]) -> common::TempDir {
    let dir = common::temp_dir(name);
    common::copy_dir(&feeds().join("site"), &dir);
    let polisen = dir.join("content/incidents/polisen");
    std::fs::create_dir_all(&polisen).unwrap();
    std::fs::copy(feeds().join(events), polisen.join(events)).unwrap();
    for (path, text) in extra {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn errors(dir: &Path) -> Vec<Diagnostic> {
    match Site::load(dir) {
        Ok(_) => Vec::new(),
        Err(d) => d.errors().cloned().collect(),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_filter_keeps_sunnes_rows_and_coverage_sees_only_them() {
    let dir = site("keep", "handelser.csv", &[]);
    let site = Site::load(&dir).unwrap_or_else(|e| panic!("{:?}", e.sorted()));
    assert!(
        site.diagnostics.is_empty(),
        "the bad date of a Karlstad row is not read: {:?}",
        site.diagnostics.sorted()
    );
    assert_eq!(site.model.rows, 12);
    let s = &site.model.sources[0];
    assert_eq!((s.rows, s.filtered), (12, 18));
    // Karlstad's 2023-12-28 and 2026-04-20 rows do not stretch it.
    assert_eq!(
        (s.first, s.last),
        (Some(d(2024, 1, 5)), Some(d(2026, 3, 3)))
    );
    assert_eq!(
        lagesbild::model::coverage_lines(&site.model),
        ["source Polisen: 2024-01-05 to 2026-03-03, 12 rows (18 left out by [sources.keep])"]
    );
    let places: Vec<&str> = site.model.places.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(places, ["Sunne"], "no other municipality became a place");
    // The Swedish cadences of the fixture's [reports].
    assert_eq!(
        site.config.reports.cadences,
        [Cadence::Month, Cadence::Quarter, Cadence::Year]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every report's data.json of the internal output, path → JSON.
fn reports(out: &Path) -> BTreeMap<String, Value> {
    common::read_tree(&out.join("internal/reports"))
        .into_iter()
        .filter(|(p, _)| p.ends_with("data.json"))
        .map(|(p, b)| (p, serde_json::from_slice(&b).unwrap()))
        .collect()
}

fn count(v: &Value, category: &str) -> i64 {
    let c = v["categories"].as_array().unwrap();
    c.iter().find(|c| c["id"] == category).unwrap()["count"]
        .as_i64()
        .unwrap()
}

#[test]
fn json_and_csv_of_the_same_events_give_the_same_numbers() {
    let mut built = Vec::new();
    for events in ["handelser.json", "handelser.csv"] {
        let dir = site(events.replace('.', "-").as_str(), events, &[]);
        let out = dir.join("dist");
        let (site, _) = Site::build(&dir, &out, Some("internal"))
            .unwrap_or_else(|e| panic!("{events}: {:?}", e.diagnostics().sorted()));
        assert!(
            site.diagnostics.is_empty(),
            "{events}: {:?}",
            site.diagnostics.sorted()
        );
        assert_eq!(site.model.sources[0].filtered, 18, "{events}");
        built.push((reports(&out), dir));
    }
    let (json, csv) = (&built[0].0, &built[1].0);
    assert_eq!(
        json.keys().collect::<Vec<_>>(),
        csv.keys().collect::<Vec<_>>()
    );
    assert_eq!(json, csv, "every report's numbers are the same");
    // The numbers themselves, by hand (see the top of this file).
    let r = |slug: &str| &json[&format!("{slug}/data.json")];
    assert_eq!(r("month/2024-01")["total"]["count"], 2);
    assert_eq!(
        (
            count(r("month/2024-01"), "trafik"),
            count(r("month/2024-01"), "brand")
        ),
        (1, 1)
    );
    // 23:40 UTC on 31 January is 1 February in Sweden.
    assert_eq!(
        (
            count(r("month/2024-02"), "vald"),
            count(r("month/2024-02"), "stold")
        ),
        (1, 1)
    );
    assert_eq!(count(r("month/2024-03"), "trafik"), 2);
    let q1 = r("quarter/2024-q1");
    assert_eq!(q1["total"]["count"], 6);
    assert_eq!(
        ["trafik", "brand", "vald", "stold"].map(|c| count(q1, c)),
        [3, 1, 1, 1]
    );
    let y = r("year/2024");
    assert_eq!(y["total"]["count"], 9);
    assert_eq!(
        ["trafik", "brand", "vald", "stold", "ovrigt"].map(|c| count(y, c)),
        [4, 1, 2, 2, 0]
    );
    assert_eq!(r("year/2025")["total"]["count"], 1);
    assert_eq!(r("year/2026")["total"]["count"], 2);
    for (_, dir) in built {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_filter_naming_a_missing_column_or_keeping_nothing_is_an_error_with_its_position() {
    let config = std::fs::read_to_string(feeds().join("site/lagesbild.toml")).unwrap();
    // The column is checked against each file's header.
    let dir = site("keep-column", "handelser.csv", &[]);
    let bad = config.replacen(
        "[sources.keep]\ncolumn = [\n  { column = \"location_name\"",
        "[sources.keep]\ncolumn = [\n  { column = \"location_nam\"",
        1,
    );
    assert_ne!(bad, config);
    std::fs::write(dir.join("lagesbild.toml"), &bad).unwrap();
    let e = errors(&dir);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].file.ends_with("handelser.csv"));
    assert_eq!(e[0].line, 1);
    assert!(
        e[0].message
            .contains("no column \"location_nam\" in the header, which [sources.keep] names"),
        "{}",
        e[0].message
    );
    assert_eq!(
        e[0].hint.as_deref(),
        Some("did you mean \"location_name\"?")
    );
    // An empty list, and a misspelt key: both in lagesbild.toml, each at
    // its own line (the keep table starts on line 56).
    let line = |needle: &str| config.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let values_line = line("values = [\"Sunne\"]");
    let empty = config.replace("values = [\"Sunne\"]", "values = []");
    std::fs::write(dir.join("lagesbild.toml"), &empty).unwrap();
    let e = errors(&dir);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].line, e[0].column), (values_line, 10));
    assert!(
        e[0].message.contains("[sources.keep] values is empty"),
        "{}",
        e[0].message
    );
    let typo = config.replace("values = [\"Sunne\"]", "value = [\"Sunne\"]");
    std::fs::write(dir.join("lagesbild.toml"), &typo).unwrap();
    let e = errors(&dir);
    assert_eq!(
        e.len(),
        1,
        "one error: `values` missing is explained by `value`: {e:?}"
    );
    assert_eq!((e[0].line, e[0].column), (values_line, 1));
    assert!(
        e[0].message.contains("unknown key `value`"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].hint.as_deref(), Some("did you mean \"values\"?"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Five typos in five keys of one note (front matter from line 2).
const FIVE_TYPOS: &str = "+++
titel = \"Operativ grupp 5 mars\"
date = 2026-03-05
group = \"operativ\"
public = \"ja\"
attendes = [\"Polisen\"]

[[actions]]
id = \"S-1\"
what = \"Kontroller på E45\"
status = \"pågårr\"

[[actions]]
id = \"S-2\"
what = \"Trygghetsvandring\"
plats = \"sunne\"
status = \"klar\"
+++
Text.
";

#[test]
fn five_typos_in_a_note_give_five_errors_in_one_check() {
    let note = "content/meetings/2026-03-05-operativ.md";
    let dir = site("typos", "handelser.csv", &[(note, FIVE_TYPOS)]);
    let e = errors(&dir);
    let mut at: Vec<(usize, usize, &str)> = e
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    at.sort();
    assert_eq!(e.len(), 5, "{at:#?}");
    assert!(e.iter().all(|d| d.file.ends_with(note)));
    let lines: Vec<(usize, usize)> = at.iter().map(|&(l, c, _)| (l, c)).collect();
    // titel at its key; "ja" at its value; attendes at its key; "pågårr"
    // at its value; plats at its key.
    assert_eq!(lines, [(2, 1), (5, 10), (6, 1), (11, 10), (16, 1)]);
    assert!(at[0].2.contains("unknown key `titel`"), "{}", at[0].2);
    assert!(at[1].2.contains("expected a boolean"), "{}", at[1].2);
    assert!(at[2].2.contains("unknown key `attendes`"), "{}", at[2].2);
    assert!(at[3].2.contains("unknown value \"pågårr\""), "{}", at[3].2);
    assert!(at[4].2.contains("unknown key `plats`"), "{}", at[4].2);
    let hint = |line: usize| e.iter().find(|d| d.line == line).unwrap().hint.clone();
    assert_eq!(hint(2).as_deref(), Some("did you mean \"title\"?"));
    assert_eq!(hint(6).as_deref(), Some("did you mean \"attendees\"?"));
    // Over both languages: "pågårr" is closest to the Swedish word.
    assert_eq!(hint(11).as_deref(), Some("did you mean \"pågår\"?"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn groups_and_statuses_may_be_written_in_swedish() {
    let a = "+++\ntitle = \"A\"\ndate = 2026-03-05\ngroup = \"operativ\"\n[[actions]]\nid = \"S-1\"\nwhat = \"Kontroller\"\nstatus = \"planerad\"\n+++\n";
    let b = "+++\ntitle = \"B\"\ndate = 2026-03-19\ngroup = \"Strategisk\"\n[[actions]]\nid = \"S-1\"\nstatus = \"pågår\"\n+++\n";
    let c = "+++\ntitle = \"C\"\ndate = 2026-04-02\ngroup = \"råd\"\n[[actions]]\nid = \"S-1\"\nstatus = \"genomförd\"\n[[actions]]\nid = \"S-2\"\nwhat = \"Ny belysning\"\nstatus = \"avbruten\"\n+++\n";
    let dir = site(
        "swedish",
        "handelser.csv",
        &[
            ("content/meetings/a.md", a),
            ("content/meetings/b.md", b),
            ("content/meetings/c.md", c),
        ],
    );
    let site = Site::load(&dir).unwrap_or_else(|e| panic!("{:?}", e.sorted()));
    let groups: Vec<&str> = site
        .model
        .meetings
        .iter()
        .map(|m| m.group.as_str())
        .collect();
    assert_eq!(groups, ["operative", "strategic", "council"]);
    let statuses: Vec<ActionStatus> = site
        .model
        .meetings
        .iter()
        .flat_map(|m| m.actions.iter().map(|a| a.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ActionStatus::Planned,
            ActionStatus::Ongoing,
            ActionStatus::Done,
            ActionStatus::Cancelled
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_group_or_status_gets_a_did_you_mean_over_both_languages() {
    let note = |group: &str, status: &str| {
        format!(
            "+++\ntitle = \"A\"\ndate = 2026-03-05\ngroup = \"{group}\"\n[[actions]]\nid = \"S-1\"\nwhat = \"K\"\nstatus = \"{status}\"\n+++\n"
        )
    };
    let dir = site(
        "unknown-words",
        "handelser.csv",
        &[
            ("content/meetings/a.md", &note("strategsk", "planned")),
            ("content/meetings/b.md", &note("councl", "avbrutet")),
        ],
    );
    let e = errors(&dir);
    let of = |file: &str, line: usize| {
        e.iter()
            .find(|d| d.file.ends_with(file) && d.line == line)
            .unwrap_or_else(|| panic!("{file}:{line} in {e:#?}"))
    };
    assert_eq!(e.len(), 3, "{e:#?}");
    let g = of("a.md", 4);
    assert!(
        g.message.contains("unknown group \"strategsk\""),
        "{}",
        g.message
    );
    assert!(
        g.message.contains("operativ, strategisk, styrgrupp, råd"),
        "{}",
        g.message
    );
    assert_eq!(g.hint.as_deref(), Some("did you mean \"strategisk\"?"));
    assert_eq!(
        of("b.md", 4).hint.as_deref(),
        Some("did you mean \"council\"?")
    );
    let s = of("b.md", 8);
    assert!(
        s.message.contains("`cancelled`") && s.message.contains("`avbruten`"),
        "{}",
        s.message
    );
    assert_eq!(s.hint.as_deref(), Some("did you mean \"avbruten\"?"));
    let _ = std::fs::remove_dir_all(&dir);
}

const REAL: &str = common::COUNTY_FEED;

#[test]
#[cfg_attr(shared_missing, ignore = "../shared/realdata is missing")]
fn the_sunne_example_keeps_exactly_the_rows_an_independent_count_gives() {
    let real = common::realdata(REAL);
    assert!(real.is_file(), "{} is missing", real.display());
    // The independent count: the raw file read with the csv crate.
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(&real).unwrap();
    let h = reader.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (loc, name) = (col("location_name"), col("name"));
    for r in reader.records() {
        let r = r.unwrap();
        *per.entry(common::feed_municipality(&r[loc], &r[name]))
            .or_default() += 1;
    }
    let all: usize = per.values().sum();
    assert_eq!(all, 3678, "the file's documented row count");
    assert_eq!(
        per["Sunne"], 123,
        "111 by location name, 12 more from 2026 by name"
    );

    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sunne");
    let dir = common::temp_dir("sunne");
    common::copy_dir(&example, &dir);
    std::fs::copy(&real, dir.join("content/incidents/polisen").join(REAL)).unwrap();
    let out = dir.join("dist");
    let (site, _) =
        Site::build(&dir, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics().sorted()));
    assert!(
        site.diagnostics.is_empty(),
        "{:?}",
        site.diagnostics.sorted()
    );
    assert_eq!(site.model.rows, 123);
    assert_eq!(site.model.sources[0].filtered, all - 123);
    assert!(common::broken_links(&out.join("internal")).is_empty());
    assert!(common::broken_links(&out.join("public")).is_empty());

    // Every other municipality in turn, by changing only `values`.
    let config = std::fs::read_to_string(dir.join("lagesbild.toml")).unwrap();
    for (m, n) in &per {
        let c = config.replace("values = [\"Sunne\"]", &format!("values = [\"{m}\"]"));
        std::fs::write(dir.join("lagesbild.toml"), c).unwrap();
        let site = Site::load(&dir).unwrap_or_else(|e| panic!("{m}: {:?}", e.sorted()));
        assert_eq!(site.model.rows, *n, "{m}");
        assert_eq!(site.model.sources[0].filtered, all - n, "{m}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
