//! Periods before the incident data, on `tests/fixtures/uncovered`: notes
//! from 7 November 2024, Polisen's rows from 10 January 2025 to 30 April
//! 2025, so the data cover 1 January (the first of the first row's month)
//! to 30 April 2025. Worked out by hand from its CSV file:
//!
//! - January 2025: skadegörelse 2 (10th) + klotter 3 (20th) = 5;
//!   February: 4 + 1 = 5; March: 5 + 2 = 7; the first quarter 17.
//! - November and December 2024, the fourth quarter and the year 2024
//!   end before 1 January 2025: no data cover them. So do the operative
//!   periods ending on 7 and 21 November; the one ending 13 February
//!   (22 November – 13 February) holds January's 5 and 3 February's 4.
//!
//! Such a period's report shows its notes and actions and says that no
//! incident data cover it, never a table of zeros ("nothing happened");
//! the public output never releases it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use lagesbild::config::Cadence;
use lagesbild::site::{ReleaseOutcome, Site};

fn fixture() -> PathBuf {
    common::fixture("uncovered")
}

fn build(name: &str) -> common::TempDir {
    let out = common::temp_dir(name);
    Site::build(&fixture(), &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    out
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn total(out: &Path, rel: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(&read(out, rel)).unwrap();
    v["total"]["count"]
        .as_u64()
        .unwrap_or_else(|| panic!("{rel}: {v}"))
}

#[test]
fn periods_before_the_data_are_not_covered() {
    let site = Site::load(&fixture()).unwrap_or_else(|d| panic!("{d:?}"));
    let a = site.analyse();
    let cov = a.coverage.unwrap();
    assert_eq!(cov.start.to_string(), "2025-01-01");
    assert_eq!(cov.end.to_string(), "2025-04-30");
    let covered = |c: Cadence| -> Vec<(String, bool)> {
        a.reports[&c]
            .iter()
            .map(|r| (r.period.slug.clone(), r.covered))
            .collect()
    };
    let pairs = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
        v.iter().map(|(s, b)| (s.to_string(), *b)).collect()
    };
    assert_eq!(
        covered(Cadence::Month),
        pairs(&[
            ("2024-11", false),
            ("2024-12", false),
            ("2025-01", true),
            ("2025-02", true),
            ("2025-03", true),
            ("2025-04", true),
        ])
    );
    assert_eq!(
        covered(Cadence::Year),
        pairs(&[("2024", false), ("2025", true)])
    );
    assert_eq!(
        covered(Cadence::Operative),
        pairs(&[
            ("2024-11-07", false),
            ("2024-11-21", false),
            ("2025-02-13", true),
            ("2025-02-27", true),
        ])
    );
}

#[test]
fn an_uncovered_report_shows_its_notes_and_actions_and_no_counts() {
    let out = build("uncovered-internal");
    let html = read(&out, "internal/reports/month/2024-11/index.html");
    assert!(
        html.contains(
            "Inga händelseuppgifter täcker den här perioden: uppgifterna börjar 1 januari 2025."
        ),
        "{html}"
    );
    // Its notes and the action decided in them.
    assert!(html.contains("Operativ grupp 7 november 2024"), "{html}");
    assert!(html.contains("Operativ grupp 21 november 2024"), "{html}");
    assert!(html.contains("A-2024-01"), "{html}");
    // No counts: no category table, no chart, no downloads.
    for absent in ["Totalt", "Skadegörelse", "<svg", "data.json"] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    assert!(
        !out.join("internal/reports/month/2024-11/data.json")
            .exists()
    );
    assert!(!out.join("internal/reports/year/2024/data.csv").exists());
    // The covered periods count as before (hand-worked above).
    assert_eq!(total(&out, "internal/reports/month/2025-01/data.json"), 5);
    assert_eq!(total(&out, "internal/reports/month/2025-02/data.json"), 5);
    assert_eq!(
        total(&out, "internal/reports/quarter/2025-q1/data.json"),
        17
    );
    assert_eq!(
        total(&out, "internal/reports/operative/2025-02-13/data.json"),
        9
    );
    // The archive says so instead of "(0)".
    let archive = read(&out, "internal/reports/index.html");
    assert!(
        archive.contains("november 2024</a> <span class=\"sub\">(inga händelseuppgifter)</span>"),
        "{archive}"
    );
    assert!(
        archive.contains("januari 2025</a> <span class=\"sub\">(5)</span>"),
        "{archive}"
    );
    assert!(!archive.contains("(0)"), "{archive}");
    // The feed announces no report of a period without data.
    let feed = read(&out, "internal/feed.xml");
    assert!(!feed.contains("reports/month/2024-11"), "{feed}");
    assert!(feed.contains("reports/month/2025-01"), "{feed}");
    for output in ["internal", "public"] {
        assert_eq!(
            common::broken_links(&out.join(output)),
            Vec::<String>::new()
        );
    }
}

#[test]
fn the_public_output_never_publishes_a_period_before_the_data() {
    let out = build("uncovered-public");
    for gone in [
        "public/reports/month/2024-11",
        "public/reports/month/2024-12",
        "public/reports/quarter/2024-q4",
        "public/reports/year/2024",
    ] {
        assert!(!out.join(gone).exists(), "{gone}");
    }
    assert_eq!(total(&out, "public/reports/month/2025-01/data.json"), 5);
    let archive = read(&out, "public/reports/index.html");
    assert!(!archive.contains("2024"), "{archive}");
}

#[test]
fn a_release_leaves_out_the_periods_before_the_data() {
    let site = common::temp_dir("uncovered-release");
    for entry in walkdir::WalkDir::new(fixture()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(fixture()).unwrap();
        if entry.file_type().is_dir() {
            fs::create_dir_all(site.join(rel)).unwrap();
        } else {
            fs::copy(entry.path(), site.join(rel)).unwrap();
        }
    }
    let s = Site::load(&site).unwrap_or_else(|d| panic!("{d:?}"));
    let outcome = s
        .release("2025-05-02".parse().unwrap(), None, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let ReleaseOutcome::Released(r) = outcome else {
        panic!("nothing released")
    };
    let periods: Vec<String> = r
        .periods
        .iter()
        .map(|p| format!("{}/{}", p.cadence.id(), p.slug))
        .collect();
    // Complete and covered: January to April, the first quarter; not the
    // second quarter (it runs past 30 April) nor 2025 (nor anything of
    // 2024).
    assert_eq!(
        periods,
        [
            "month/2025-01",
            "month/2025-02",
            "month/2025-03",
            "month/2025-04",
            "quarter/2025-q1"
        ]
    );
    // The public output built from the ledger shows what it released.
    let out = common::temp_dir("uncovered-release-out");
    Site::build(&site, &out, Some("public")).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    assert!(out.join("public/reports/month/2025-01/index.html").exists());
    assert!(!out.join("public/reports/month/2024-12").exists());
}
