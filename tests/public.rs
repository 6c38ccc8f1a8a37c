//! The public output leaks nothing the privacy rules keep internal.
//!
//! `tests/fixtures/markers` plants a distinct marker in every internal-only
//! field: incident descriptions, a non-public category's label and alias, a
//! place's name and alias (below area level) and its coordinates, an
//! organisation, a non-public note (title, summary, body, attendees, focus),
//! its action (what, owner), a public note's internal summary and body, a
//! public action's owner and comment, and a non-public page.
//!
//! The scan covers every file of the public folder whatever its type
//! (HTML, SVG, JSON, CSV, the search index's files under `search/` and the
//! feed `feed.xml`) and ignores case, since the search index stores its
//! words in lower case (and without diacritics: the markers have none).
//!
//! Its area polygons put the area map in the public reports too.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use lagesbild::site::Site;

/// Markers that must appear in the internal output and never in the public one.
const SHOWN_INTERNALLY: [&str; 16] = [
    "MARKERDESC",
    "MARKERCATLABEL",
    "MARKERPLACENAME",
    "59.12346",
    "MARKERORG",
    "MARKERNOTETITLE",
    "MARKERSUMMARY",
    "MARKERNOTEBODY",
    "MARKERATTENDEE",
    "MARKERACTIONWHAT",
    "MARKEROWNER",
    "MARKERPUBNOTESUMMARY",
    "MARKERPUBNOTEBODY",
    "MARKERPUBOWNER",
    "MARKERCOMMENT",
    "MARKERPAGETITLE",
];

/// Markers of input-only fields (aliases): never written to any output.
const NEVER_SHOWN: [&str; 2] = ["MARKERCATALIAS", "MARKERPLACEALIAS"];

/// The place's coordinates (59.123456, 18.654321) at any precision, and
/// their decimals alone (the search index files a number's parts as words).
const COORDINATES: [&str; 4] = ["59.123", "18.654", "123456", "654321"];

fn build(tag: &str) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let out = common::temp_dir(tag);
    Site::build(&common::fixture("markers"), &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    (
        common::read_tree(&out.join("internal")),
        common::read_tree(&out.join("public")),
    )
}

/// The files whose text contains `needle`, in any case.
fn files_containing<'a>(tree: &'a BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<&'a str> {
    let needle = needle.to_lowercase();
    tree.iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).to_lowercase().contains(&needle))
        .map(|(p, _)| p.as_str())
        .collect()
}

#[test]
fn no_internal_marker_reaches_the_public_folder() {
    let (internal, public) = build("markers-leak");
    assert!(
        public.keys().any(|p| p.ends_with("data.json"))
            && public.keys().any(|p| p.ends_with("data.csv"))
    );
    for f in ["search/index.js", "feed.xml"] {
        assert!(public.contains_key(f) && internal.contains_key(f), "{f}");
    }
    for m in NEVER_SHOWN {
        assert!(
            files_containing(&internal, m).is_empty(),
            "{m} is input only"
        );
    }
    for m in SHOWN_INTERNALLY
        .iter()
        .chain(&NEVER_SHOWN)
        .chain(&COORDINATES)
    {
        let leaks = files_containing(&public, m);
        assert!(leaks.is_empty(), "{m} leaks into {leaks:?}");
    }
    for m in SHOWN_INTERNALLY {
        assert!(
            !files_containing(&internal, m).is_empty(),
            "{m} should be in the internal output"
        );
    }
    // What the note and action allow is published.
    assert!(!files_containing(&public, "PUBLICSUMMARYTEXT").is_empty());
    assert!(!files_containing(&public, "PUBLICACTIONTEXT").is_empty());
    // The place's area is public, its name is not.
    assert!(!files_containing(&public, "Centrum").is_empty());
    // The area map is published, with protected counts and no positions.
    assert!(!files_containing(&public, "id=\"map-areas-title\"").is_empty());
}

/// Markers of fields the internal search index covers; the public index
/// must hold none of them (the general scan above checks every file).
const INDEXED_INTERNALLY: [&str; 11] = [
    "MARKERPLACENAME",
    "MARKERNOTETITLE",
    "MARKERSUMMARY",
    "MARKERNOTEBODY",
    "MARKERACTIONWHAT",
    "MARKEROWNER",
    "MARKERPUBNOTESUMMARY",
    "MARKERPUBNOTEBODY",
    "MARKERPUBOWNER",
    "MARKERCOMMENT",
    "MARKERPAGETITLE",
];

#[test]
fn search_index_and_feed_hold_only_public_fields() {
    let (internal, public) = build("markers-search");
    let text = |tree: &BTreeMap<String, Vec<u8>>, f: &str| {
        String::from_utf8_lossy(&tree[f]).to_lowercase()
    };
    // Every file of the index, one after the other.
    let index = |tree: &BTreeMap<String, Vec<u8>>| -> String {
        let files = tree
            .iter()
            .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".js"));
        files
            .map(|(_, b)| String::from_utf8_lossy(b).to_lowercase())
            .collect()
    };
    let (index_in, index_pub) = (index(&internal), index(&public));
    assert!(
        public
            .keys()
            .filter(|p| p.starts_with("search/words/"))
            .count()
            > 5
    );
    for m in INDEXED_INTERNALLY {
        let m = m.to_lowercase();
        assert!(index_in.contains(&m), "{m} should be searchable internally");
        assert!(!index_pub.contains(&m), "{m} in the public index");
    }
    // What the public note and action publish is searchable.
    for m in [
        "publicsummarytext",
        "publicactiontext",
        "öppet möte om torget",
    ] {
        assert!(index_pub.contains(m), "{m} not in the public index");
    }
    // The public feed has the public note and not the internal one.
    let (feed_in, feed_pub) = (text(&internal, "feed.xml"), text(&public, "feed.xml"));
    assert!(feed_in.contains("markernotetitle") && feed_in.contains("öppet möte om torget"));
    assert!(feed_pub.contains("öppet möte om torget") && feed_pub.contains("publicsummarytext"));
    assert!(!feed_pub.contains("markernotetitle") && !feed_pub.contains("markerpubnotesummary"));
    assert_eq!(feed_pub.matches("<category term=\"note\"").count(), 1);
}

#[test]
fn public_output_has_no_operative_reports_places_or_small_numbers() {
    let (_, public) = build("markers-small");
    assert!(
        !public.keys().any(|p| p.starts_with("reports/operative/")),
        "no periods finer than a month"
    );
    assert!(
        !public.keys().any(|p| p.starts_with("places/")),
        "no place pages"
    );
    // Areas have public pages of their released totals (see
    // tests/public_areas.rs), never the internal profile with its places.
    for (path, bytes) in public.iter().filter(|(p, _)| p.starts_with("areas/")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("places/"), "a link to a place in {path}");
    }
    // Times of single events and hot spots stay internal.
    for (path, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        for internal in [
            "heat-weekday-hour",
            "\"weekday_hour\"",
            "\"hotspots\"",
            "\"light\"",
        ] {
            assert!(!text.contains(internal), "{internal} in {path}");
        }
    }
    assert!(
        public.contains_key("numbers/index.html"),
        "a page explains the numbers"
    );
    let mut counts = 0;
    for (path, bytes) in public.iter().filter(|(p, _)| p.ends_with("data.json")) {
        let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert!(
            v.get("places").is_none() && v.get("organisations").is_none(),
            "{path}"
        );
        let mut numbers = Vec::new();
        collect_counts(&v, &mut numbers);
        for n in numbers {
            counts += 1;
            assert!(n == 0 || n >= 3, "{path}: a published count of {n}");
        }
    }
    assert!(counts > 100, "{counts} counts checked");
    // The same for the counts written in pages' tables.
    for (path, bytes) in public.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for cell in html.split("<td class=\"n\">").skip(1) {
            let text = cell.split("</td>").next().unwrap_or("");
            if let Ok(n) = text.replace('\u{a0}', "").parse::<u64>() {
                assert!(n == 0 || n >= 3, "{path}: table cell {n}");
            }
        }
    }
}

/// Every count in a report's data: `count`, `previous`, `year_ago`, the
/// own counts beside reference statistics (`own`) and the årshjul's
/// `months`.
fn collect_counts(v: &serde_json::Value, out: &mut Vec<u64>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x.as_u64()) {
                    ("count" | "previous" | "year_ago" | "own", Some(n)) => out.push(n),
                    ("months", _) => out.extend(
                        x.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|n| n.as_u64()),
                    ),
                    _ => collect_counts(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_counts(x, out)),
        _ => {}
    }
}

#[test]
fn hidden_counts_are_written_as_dots_with_an_explanation() {
    let (_, public) = build("markers-dots");
    let march: serde_json::Value =
        serde_json::from_slice(&public["reports/month/2024-03/data.json"]).unwrap();
    let hidden = march["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["count"] == "..")
        .count();
    assert!(hidden > 0, "{march}");
    let page = String::from_utf8_lossy(&public["reports/month/2024-03/index.html"]).into_owned();
    assert!(page.contains(
        "<span aria-hidden=\"true\">..</span><span class=\"visually-hidden\">uppgift dold</span>"
    ));
    assert!(page.contains("href=\"../../../numbers/index.html\""));
    // Every hidden count is written alike: no page or download tells a
    // small one from one hidden to protect it ("färre än 3" would).
    let threshold_words = files_containing(&public, "färre än 3");
    assert!(threshold_words.is_empty(), "{threshold_words:?}");
    // In sentences too: Q1 2024's total is hidden, and its chart's text
    // says so in the one wording.
    let q1 = String::from_utf8_lossy(&public["reports/quarter/2024-q1/index.html"]).into_owned();
    assert!(q1.contains("Totalt uppgift dold händelser"), "{q1}");
}

#[test]
fn one_output_can_be_built_alone() {
    let out = common::temp_dir("only-public");
    Site::build(&common::fixture("basic"), &out, Some("public"))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    assert!(out.join("public/index.html").is_file());
    assert!(!Path::new(&out.join("internal")).exists());
    assert!(common::broken_links(&out.join("public")).is_empty());
}
