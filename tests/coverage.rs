//! Coverage per source and like-for-like comparisons, on
//! `tests/fixtures/coverage`, every number worked out by hand from its
//! CSV files:
//!
//! - Polisen (11 rows): 2025-07-10 skadegörelse, 2025-10-05 skadegörelse,
//!   2025-10-25 klotter ×2, 2025-11-15 skadegörelse, 2026-01-15 klotter,
//!   2026-07-05 skadegörelse, 2026-07-31 klotter, 2026-08-10 skadegörelse,
//!   2026-10-03 skadegörelse, 2026-10-20 klotter (its last public row),
//!   2026-10-31 orosanmälan (not public; its last row).
//! - Kommunen (7 rows): 2025-01-20 skadegörelse, 2025-10-31 klotter,
//!   2025-11-01 klotter, 2026-07-20 skadegörelse, 2026-10-15 skadegörelse
//!   ×2, 2026-11-05 klotter, 2026-11-20 skadegörelse.
//! - ovrigt.csv (no source): 1900-01-01 and 2099-05-01, both left out.
//! - One note, 26 November 2026.
//!
//! So every source is complete up to 31 October 2026 (the minimum of
//! Polisen's 31 October and Kommunen's 20 November), for the public
//! categories up to 20 October (Polisen's last public row).

mod common;

use std::path::Path;

use chrono::NaiveDate;
use lagesbild::site::Site;
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn data(out: &Path, cadence: &str, slug: &str) -> Value {
    let path = out.join(format!("internal/reports/{cadence}/{slug}/data.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// (count, previous, year_ago) of a row, `None` as -1.
fn counts(row: &Value) -> (i64, i64, i64) {
    let n = |k: &str| row[k].as_i64().unwrap_or(-1);
    (n("count"), n("previous"), n("year_ago"))
}

fn category<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

fn window(v: &Value, key: &str) -> (String, String) {
    let w = &v["period"][key];
    (
        w["start"].as_str().unwrap().to_string(),
        w["end"].as_str().unwrap().to_string(),
    )
}

fn build(name: &str) -> common::TempDir {
    let out = common::temp_dir(name);
    Site::build(&common::fixture("coverage"), &out, None)
        .unwrap_or_else(|e| panic!("build failed: {:?}", e.diagnostics()));
    out
}

#[test]
fn coverage_end_is_the_minimum_over_sources_and_public_until_ignores_other_categories() {
    let site = Site::load(&common::fixture("coverage")).unwrap();
    let a = site.analyse();
    let c = a.coverage.unwrap();
    // Kommunen's first row, 20 January 2025, from the first of its month.
    assert_eq!(c.start, d(2025, 1, 1));
    // min(Polisen 31 October, Kommunen 20 November).
    assert_eq!(c.end, d(2026, 10, 31));
    // Polisen's orosanmälan on 31 October does not move it: its last
    // public row is on 20 October.
    assert_eq!(a.public_until, Some(d(2026, 10, 20)));
    assert_eq!(
        lagesbild::model::coverage_lines(&site.model),
        [
            "source Polisen: 2025-07-10 to 2026-10-31, 11 rows",
            "source Kommunen: 2025-01-20 to 2026-11-20, 7 rows",
            "source (no source): – to –, 0 rows",
        ]
    );
}

#[test]
fn configured_coverage_wins_over_the_rows() {
    let site = common::temp_dir("coverage-configured");
    common::copy_dir(&common::fixture("coverage"), &site);
    let config = std::fs::read_to_string(site.join("lagesbild.toml")).unwrap();
    let config = config.replacen(
        "glob = \"polisen/*.csv\"\n",
        "glob = \"polisen/*.csv\"\ncovered_until = 2026-11-25\n",
        1,
    );
    std::fs::write(site.join("lagesbild.toml"), config).unwrap();
    let s = Site::load(&site).unwrap();
    let a = s.analyse();
    // Polisen now covers to 25 November: Kommunen's 20 November is the
    // minimum, for the public categories too.
    assert_eq!(a.coverage.unwrap().end, d(2026, 11, 20));
    assert_eq!(a.public_until, Some(d(2026, 11, 20)));
    assert!(
        !s.diagnostics
            .warnings()
            .any(|w| w.message.contains("has data until")),
        "no source lags by more than 14 days"
    );
    assert_eq!(
        lagesbild::model::coverage_lines(&s.model)[0],
        "source Polisen: 2025-07-10 to 2026-11-25 (configured), 11 rows"
    );
}

#[test]
fn a_lagging_source_is_warned_with_its_dates() {
    let site = Site::load(&common::fixture("coverage")).unwrap();
    let lag: Vec<_> = site
        .diagnostics
        .warnings()
        .filter(|w| w.message.contains("has data until"))
        .collect();
    // Kommunen is 6 days behind the note: within 14 days.
    assert_eq!(lag.len(), 1, "{lag:#?}");
    assert!(
        lag[0]
            .file
            .ends_with("content/incidents/polisen/2025-2026.csv"),
        "{:?}",
        lag[0].file
    );
    assert_eq!(lag[0].line, 12, "the source's last row");
    assert_eq!(
        lag[0].message,
        "source \"Polisen\" has data until 2026-10-31 (its last row), 26 days before the latest meeting note (2026-11-26) and 20 days before source \"Kommunen\" (2026-11-20): every comparison after 2026-10-31 waits for it"
    );
}

#[test]
fn impossible_dates_are_warned_and_make_no_reports() {
    let site = Site::load(&common::fixture("coverage")).unwrap();
    let at = |line: usize, what: &str| {
        site.diagnostics.warnings().any(|w| {
            w.file.ends_with("content/incidents/ovrigt.csv")
                && w.line == line
                && w.message.contains(what)
        })
    };
    assert!(at(2, "the date 1900-01-01 is before 1990-01-01"));
    assert!(at(3, "the date 2099-05-01 is after today"));
    // 11 + 7 rows kept, the two left out.
    assert_eq!(site.model.rows, 18);
    let out = build("coverage-dates");
    let years: Vec<String> = std::fs::read_dir(out.join("internal/reports/year"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(years, ["2025", "2026"]);
    // January 2025 to November 2026 (Kommunen's last row): 23 months.
    assert_eq!(
        std::fs::read_dir(out.join("internal/reports/month"))
            .unwrap()
            .count(),
        23
    );
}

#[test]
fn a_partial_quarter_and_the_year_to_date_are_compared_like_for_like() {
    let out = build("coverage-like");
    // Quarter 4 2026, data to 31 October: 1–31 October 2026 = 5 (Polisen
    // 3 Oct, 20 Oct, 31 Oct; Kommunen 15 Oct ×2), against 1–31 July 2026 =
    // 3 (5 Jul, 31 Jul, Kommunen 20 Jul; not 10 August) and 1–31 October
    // 2025 = 4 (5 Oct, 25 Oct ×2, Kommunen 31 Oct; not November's two).
    let q4 = data(&out, "quarter", "2026-q4");
    assert_eq!(q4["period"]["partial"], true);
    assert_eq!(
        window(&q4, "window"),
        ("2026-10-01".into(), "2026-10-31".into())
    );
    assert_eq!(
        window(&q4, "previous_window"),
        ("2026-07-01".into(), "2026-07-31".into())
    );
    assert_eq!(
        window(&q4, "year_ago_window"),
        ("2025-10-01".into(), "2025-10-31".into())
    );
    assert_eq!(counts(&q4["total"]), (5, 3, 4));
    assert_eq!(counts(category(&q4, "skadegorelse")), (3, 2, 1));
    assert_eq!(counts(category(&q4, "klotter")), (1, 1, 3));
    assert_eq!(
        q4["period"]["previous_label"],
        "samma dagar: 1–31 juli 2026"
    );
    let csv =
        std::fs::read_to_string(out.join("internal/reports/quarter/2026-q4/data.csv")).unwrap();
    for line in [
        "\nwindow,current,,,,,,,,,2026-10-01,2026-10-31\n",
        "\nwindow,previous,,,,,,,,,2026-07-01,2026-07-31\n",
        "\nwindow,year_ago,,,,,,,,,2025-10-01,2025-10-31\n",
        // 5 against 3 and 4: +2 and +1, no percentages (3 and 4 are
        // below the base of 10).
        "\ntotal,total,Totalt,5,3,2,,4,1,,2026-10-01,2026-12-31\n",
    ] {
        assert!(csv.contains(line), "{line:?} in {csv}");
    }
    let page =
        std::fs::read_to_string(out.join("internal/reports/quarter/2026-q4/index.html")).unwrap();
    assert!(page.contains(
        "Siffrorna gäller 1–31 oktober 2026, jämfört med samma dagar: 1–31 juli 2026 och 1–31 oktober 2025."
    ));
    assert!(page.contains("<span class=\"sub\">samma dagar: 1–31 juli 2026</span>"));
    // The year to date: 1 January – 31 October 2026 = 10 (Polisen 7,
    // Kommunen 3) against 1 January – 31 October 2025 = 6 (Polisen 10 Jul,
    // 5 Oct, 25 Oct ×2; Kommunen 20 Jan, 31 Oct), not the whole 2025 (8).
    let year = data(&out, "year", "2026");
    assert_eq!(
        window(&year, "previous_window"),
        ("2025-01-01".into(), "2025-10-31".into())
    );
    assert_eq!(counts(&year["total"]), (10, 6, 6));
    // October 2026 is complete: compared whole.
    let oct = data(&out, "month", "2026-10");
    assert_eq!(oct["period"]["partial"], false);
    assert_eq!(counts(&oct["total"]), (5, 0, 4));
    // November begins after the coverage end: its two rows (Kommunen) are
    // shown, compared with nothing.
    let nov = data(&out, "month", "2026-11");
    assert_eq!(counts(&nov["total"]), (2, -1, -1));
    assert!(nov["period"]["previous_window"].is_null());
    // The archive and the start page say which periods are in progress.
    let archive = std::fs::read_to_string(out.join("internal/reports/index.html")).unwrap();
    assert!(archive.contains("kvartal 4 2026</a> <span class=\"sub\">(5) pågår</span>"));
    assert!(archive.contains("kvartal 3 2026</a> <span class=\"sub\">(4)</span>"));
    let index = std::fs::read_to_string(out.join("internal/index.html")).unwrap();
    assert!(index.contains("Kvartal 4 2026 (pågår)"));
    assert!(index.contains("Uppgifter till och med 31 oktober 2026"));
    // The public output's line is the public categories' (Polisen's last
    // public row, 20 October; its orosanmälan of 31 October is not
    // public): it says so, and releases September but not October.
    let public = std::fs::read_to_string(out.join("public/index.html")).unwrap();
    assert!(public.contains("Uppgifter till och med 20 oktober 2026"));
    assert!(!public.contains("31 oktober 2026"));
    assert!(out.join("public/reports/month/2026-09/index.html").exists());
    assert!(!out.join("public/reports/month/2026-10/index.html").exists());
    assert!(
        !out.join("public/reports/quarter/2026-q4/index.html")
            .exists()
    );
}
