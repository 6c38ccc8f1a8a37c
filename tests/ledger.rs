//! The publication ledger over time, on a copy of the example site:
//! release, add a day of rows (nothing public changes), add a late row to
//! a released month (a revision in HTML and data.json), and the exact
//! audit over both released versions together finds no pinned count.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use lagesbild::model::ledger::{CellId, Ledger};
use lagesbild::site::{ReleaseOutcome, Site};

/// A copy of the example site without its own ledger.
fn example_copy(name: &str) -> common::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::temp_dir(name);
    fs::copy(root.join("lagesbild.toml"), dir.join("lagesbild.toml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(root).unwrap();
        if entry.file_type().is_dir() {
            fs::create_dir_all(dir.join(rel)).unwrap();
        } else if !rel.ends_with("releases.toml") {
            fs::copy(entry.path(), dir.join(rel)).unwrap();
        }
    }
    dir
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn release(site: &Path, on: &str, reason: Option<&str>) -> ReleaseOutcome {
    let s = Site::load(site).unwrap_or_else(|d| panic!("{d:?}"));
    s.release(date(on), reason, false)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn build(site: &Path, out: &Path) -> Site {
    Site::build(site, out, Some("public"))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()))
        .0
}

fn append(path: &Path, rows: &str) {
    let mut text = fs::read_to_string(path).unwrap();
    text.push_str(rows);
    fs::write(path, text).unwrap();
}

fn ledger(site: &Path) -> Ledger {
    Site::load(site).unwrap().model.ledger.expect("a ledger")
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// The shown count of category `id` in a public report's data.json.
fn category_count(data: &serde_json::Value, id: &str) -> Option<u64> {
    data["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .and_then(|c| c["count"].as_u64())
}

#[test]
fn releases_stay_true_and_safe_across_versions() {
    let site = example_copy("ledger-site");
    let out1 = common::temp_dir("ledger-out1");
    let ReleaseOutcome::Released(first) = release(&site, "2026-11-03", None) else {
        panic!("the first release releases the complete periods");
    };
    // Data to 31 October: months to October, quarters to Q3, year 2025.
    assert_eq!(first.through, date("2026-10-31"));
    let names: Vec<String> = first.periods.iter().map(|p| p.to_string()).collect();
    for p in ["month/2026-10", "quarter/2026-q3", "year/2025"] {
        assert!(names.contains(&p.to_string()), "{p} released");
    }
    for p in ["quarter/2026-q4", "year/2026", "month/2026-11"] {
        assert!(!names.contains(&p.to_string()), "{p} is not complete");
    }
    build(&site, &out1);
    let public1 = common::read_tree(&out1.join("public"));
    assert!(public1.contains_key("reports/month/2026-10/index.html"));
    assert!(!public1.contains_key("reports/quarter/2026-q4/index.html"));
    assert!(!public1.contains_key("reports/year/2026/index.html"));

    // One more day from every partner, and a late non-public row in a
    // released month: nothing public changes, and nothing is to release.
    let incidents = site.join("content/incidents");
    append(
        &incidents.join("polisen/2026.csv"),
        "2026-11-01,10:00,Skadegörelse,Lindskolan,Krossad ruta\n",
    );
    append(
        &incidents.join("kommunen/2026.csv"),
        "2026-11-01;09:00;klotter;Torget;1;Klotter på bänk\n2026-03-04;09:00;orosanmalan;Torget;1;Oro\n",
    );
    append(
        &incidents.join("sjobyhem/2026.csv"),
        "2026-11-01,08:00,Skadegörelse,Norrhagen,Sjöbyhem,1,Trasig dörr,59.77916,13.18164\n",
    );
    let out2 = common::temp_dir("ledger-out2");
    build(&site, &out2);
    assert!(
        common::read_tree(&out2.join("public")) == public1,
        "a day of new rows and a non-public late row change nothing public"
    );
    assert!(matches!(
        release(&site, "2026-11-04", None),
        ReleaseOutcome::Nothing
    ));

    // A late row in June 2025: released numbers stay until the release,
    // which publishes it as revisions.
    let june = "reports/month/2025-06/data.json";
    let before = category_count(&json(&out1.join("public").join(june)), "skadegorelse")
        .expect("June 2025 skadegörelse is shown");
    fs::write(
        incidents.join("polisen/late.csv"),
        "Datum,Tid,Händelsetyp,Plats,Beskrivning\n2025-06-14,22:00,Skadegörelse,Lindskolan,Sen anmälan\n",
    )
    .unwrap();
    let out3 = common::temp_dir("ledger-out3");
    build(&site, &out3);
    assert!(common::read_tree(&out3.join("public")) == public1);
    // The reason is published: naming a place is refused.
    let err = Site::load(&site)
        .unwrap()
        .release(date("2026-11-05"), Some("Sen anmälan, Lindskolan"), false)
        .err()
        .expect("a reason naming a place is refused");
    assert!(err.contains("Lindskolan"), "{err}");
    let ReleaseOutcome::Released(second) =
        release(&site, "2026-11-05", Some("Sen anmälan från polisen"))
    else {
        panic!("the late row is to be released as a revision");
    };
    assert!(second.periods.is_empty());
    let cell = CellId::parse("month/2025-06 category:skadegorelse").unwrap();
    let rev = second
        .revisions
        .iter()
        .find(|r| r.cell == cell)
        .expect("June's skadegörelse is revised");
    assert_eq!((rev.from.count, rev.to.count), (before, before + 1));
    build(&site, &out3);
    let data = json(&out3.join("public").join(june));
    assert_eq!(category_count(&data, "skadegorelse"), Some(before + 1));
    let revisions = data["revisions"]
        .as_array()
        .expect("revisions in data.json");
    assert!(revisions.iter().any(|r| r["what"] == "Skadegörelse"
        && r["from"] == before
        && r["to"] == before + 1
        && r["reason"] == "Sen anmälan från polisen"));
    let html = fs::read_to_string(out3.join("public/reports/month/2025-06/index.html")).unwrap();
    assert!(html.contains("Revideringar") && html.contains("Sen anmälan från polisen"));
    let page = fs::read_to_string(out3.join("public/revisions/index.html")).unwrap();
    assert!(page.contains("juni 2025"));

    // Every number each public output showed is the ledger's for its
    // version, and the audit over both versions together pins nothing.
    let l = ledger(&site);
    for (k, out) in [(0, &out1), (1, &out3)] {
        let values = l.values(Some(k));
        for (path, bytes) in common::read_tree(&out.join("public")) {
            let Some(slug) = path.strip_prefix("reports/month/") else {
                continue;
            };
            if !slug.ends_with("/data.json") {
                continue;
            }
            let data: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let slug = slug.trim_end_matches("/data.json");
            let v = values[&CellId::parse(&format!("month/{slug} total")).unwrap()];
            let shown = data["total"]["count"].as_u64();
            assert_eq!(shown, (!v.hidden).then_some(v.count), "{path}");
        }
    }
    let pinned = Site::load(&site).unwrap().audit_ledger();
    assert!(pinned.is_empty(), "pinned across versions: {pinned:?}");
}

#[test]
fn counts_released_under_two_values_keep_that_rule() {
    use lagesbild::model::ledger::Protection;
    let site = example_copy("ledger-two-values");
    assert!(matches!(
        release(&site, "2026-11-03", None),
        ReleaseOutcome::Released(_)
    ));
    // The same release as one made before the interval rule: without the
    // key, its hash over the text without it.
    let mut old = ledger(&site);
    assert_eq!(old.releases[0].protection, Protection::Interval);
    old.releases[0].protection = Protection::TwoValues;
    let path = site.join("content/releases.toml");
    fs::write(&path, old.to_toml()).unwrap();
    assert!(
        !fs::read_to_string(&path)
            .unwrap()
            .contains("\nprotection =")
    );
    let first_hash = ledger(&site).releases[0].hash();
    // A late row: the next release revises under the rule each count was
    // first released with, and leaves the old release as it was.
    fs::write(
        site.join("content/incidents/polisen/late.csv"),
        "Datum,Tid,Händelsetyp,Plats,Beskrivning\n2025-06-14,22:00,Skadegörelse,Lindskolan,Sen anmälan\n",
    )
    .unwrap();
    let ReleaseOutcome::Released(second) = release(&site, "2026-11-05", None) else {
        panic!("the late row is released as revisions");
    };
    assert_eq!(second.protection, Protection::Interval);
    assert!(!second.revisions.is_empty());
    let l = ledger(&site);
    assert_eq!(l.releases[0].protection, Protection::TwoValues);
    assert_eq!(l.releases[0].hash(), first_hash);
    let pinned = Site::load(&site).unwrap().audit_ledger();
    assert!(pinned.is_empty(), "pinned across versions: {pinned:?}");
    let _ = fs::remove_dir_all(site);
}

#[test]
fn a_ledger_edited_by_hand_stops_the_build() {
    let site = example_copy("ledger-edited");
    assert!(matches!(
        release(&site, "2026-11-03", None),
        ReleaseOutcome::Released(_)
    ));
    let path = site.join("content/releases.toml");
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replacen("month/2024-01 total = ", "month/2024-01 total = 1", 1);
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    let out = common::temp_dir("ledger-edited-out");
    let Err(err) = Site::build(&site, &out, None) else {
        panic!("a hand-edited ledger is an error");
    };
    let diags = err.diagnostics();
    let d = diags.errors().next().expect("an error");
    assert!(d.message.contains("edited by hand"), "{}", d.message);
    assert!(d.file.ends_with("content/releases.toml"));
    let line = edited
        .lines()
        .position(|l| l.starts_with("sha256"))
        .unwrap()
        + 1;
    assert_eq!(d.line, line);
    assert!(!out.join("public").exists(), "nothing was written");
    let _ = fs::remove_dir_all(site);
    let _ = fs::remove_dir_all(out);
}

#[test]
fn a_changed_threshold_applies_to_new_counts_only() {
    let site = example_copy("ledger-threshold");
    // Released to September under the default threshold of 3.
    let incidents = site.join("content/incidents");
    let files: Vec<PathBuf> = ["polisen", "kommunen", "sjobyhem"]
        .iter()
        .map(|s| incidents.join(s).join("2026.csv"))
        .collect();
    let full: Vec<String> = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect();
    for (f, text) in files.iter().zip(&full) {
        let september: String = text
            .lines()
            .filter(|l| !l.starts_with("2026-10"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(
            september.len() < text.len(),
            "{} has October rows",
            f.display()
        );
        fs::write(f, september).unwrap();
    }
    let ReleaseOutcome::Released(first) = release(&site, "2026-10-05", None) else {
        panic!("the first release releases the periods to September");
    };
    assert_eq!(
        (first.through, first.threshold),
        (date("2026-09-30"), Some(3))
    );
    // October's rows, and the threshold raised to 5.
    for (f, text) in files.iter().zip(&full) {
        fs::write(f, text).unwrap();
    }
    append(&site.join("lagesbild.toml"), "\n[privacy]\nthreshold = 5\n");
    let ReleaseOutcome::Released(second) = release(&site, "2026-11-03", None) else {
        panic!("October is released under the new threshold");
    };
    assert_eq!(second.threshold, Some(5));
    assert!(
        second
            .periods
            .iter()
            .any(|p| p.to_string() == "month/2026-10"),
        "{:?}",
        second.periods
    );
    // New counts: 1 … 4 hidden, and there are 3s and 4s to hide.
    let small = |count| (1..5).contains(&count);
    assert!(
        second
            .entries
            .iter()
            .any(|e| (3..5).contains(&e.value.count))
    );
    for e in second.entries.iter().filter(|e| small(e.value.count)) {
        assert!(e.value.hidden, "{} is below 5 and shown", e.cell);
    }
    // Counts released before keep the rule they were released under: the
    // 3s and 4s shown in September stay shown, unrevised.
    let shown_before: Vec<&CellId> = first
        .entries
        .iter()
        .filter(|e| (3..5).contains(&e.value.count) && !e.value.hidden)
        .map(|e| &e.cell)
        .collect();
    assert!(!shown_before.is_empty());
    let l = ledger(&site);
    let now = l.values(None);
    for cell in &shown_before {
        assert!(!now[*cell].hidden, "{cell} was shown and stays so");
    }
    assert_eq!(l.releases[0].threshold, Some(3));
    let pinned = Site::load(&site).unwrap().audit_ledger();
    assert!(pinned.is_empty(), "pinned across versions: {pinned:?}");
    // The numbers page tells which periods keep the earlier threshold.
    let out = common::temp_dir("ledger-threshold-out");
    build(&site, &out);
    let numbers = fs::read_to_string(out.join("public/numbers/index.html")).unwrap();
    assert!(numbers.contains("Antal från 1 till 4"), "{numbers}");
    assert!(
        numbers.contains(
            "Perioder som publicerades till och med 5 oktober 2026 följer den gräns som gällde då, 3: där visas aldrig antal från 1 till 2"
        ),
        "{numbers}"
    );
    let _ = fs::remove_dir_all(site);
    let _ = fs::remove_dir_all(out);
}

#[test]
fn a_release_that_may_have_used_a_higher_threshold_stops_the_next() {
    let site = example_copy("ledger-unsure");
    assert!(matches!(
        release(&site, "2026-11-03", None),
        ReleaseOutcome::Released(_)
    ));
    // The release as one from before the key, showing nothing below 5:
    // made with 3, 4 or 5, nobody can tell.
    let mut old = ledger(&site);
    old.releases[0].threshold = None;
    old.releases[0]
        .entries
        .retain(|e| e.value.hidden || !(1..5).contains(&e.value.count));
    fs::write(site.join("content/releases.toml"), old.to_toml()).unwrap();
    fs::write(
        site.join("content/incidents/polisen/late.csv"),
        "Datum,Tid,Händelsetyp,Plats,Beskrivning\n2025-06-14,22:00,Skadegörelse,Lindskolan,Sen anmälan\n",
    )
    .unwrap();
    let s = Site::load(&site).unwrap_or_else(|d| panic!("{d:?}"));
    let Err(err) = s.release(date("2026-11-05"), None, false) else {
        panic!("the threshold of release 1 is unsure");
    };
    assert!(
        err.contains("release 1 was made before")
            && err.contains("smaller than 5")
            && err.contains("today's 3"),
        "{err}"
    );
    assert_eq!(ledger(&site).releases.len(), 1, "nothing was released");
    // With the threshold it may have used, the check passes.
    append(&site.join("lagesbild.toml"), "\n[privacy]\nthreshold = 5\n");
    let s = Site::load(&site).unwrap_or_else(|d| panic!("{d:?}"));
    if let Err(e) = s.release(date("2026-11-05"), None, true) {
        assert!(!e.contains("release 1 was made before"), "{e}");
    }
    let _ = fs::remove_dir_all(site);
}
