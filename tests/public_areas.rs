//! Public area pages and the "Mitt område" chooser, on
//! `tests/fixtures/areas` (data 2024-01-01 to 2025-12-31, worked by hand):
//!
//! - Centrum: skadegörelse 5,6,4,7,5,6,8,5,4,6,7,5 (2024) and
//!   6,5,7,8,6,5,9,6,5,7,8,6 (2025), klotter 3 a month (2024) and 4
//!   (2025); except March 2024: 1 + 1. Per month 8, 9, 2, 10, 8, 9, 11, 8,
//!   7, 9, 10, 8 (2024) and 10, 9, 11, 12, 10, 9, 13, 10, 9, 11, 12, 10
//!   (2025). March 2024 (2) is below the threshold 3: hidden (primary); the
//!   audit hides January 2024 too (secondary), as the report shows. 2 of 24
//!   months hidden ≤ a quarter: shown per month.
//! - Norr: 1 or 2 a month (1,2,1, 2,1,2, 1,1,2, 2,1,1 in 2024; 2,2,1,
//!   1,2,1, 2,1,2, 2,2,1 in 2025). Each month the rows without a place (no
//!   area) hold 3 − Norr. Both are sparse (every non-zero month small), so
//!   the month reports publish them together, "Övriga områden (Norr, Utan
//!   område)": 3 every month, shown; Norr has no month count of its own
//!   (24 of 24 not shown); quarters 4, 5, 4, 4 and 5, 4, 5, 5 are all
//!   shown: shown per quarter. Its place MARKERAREAPLACE must never appear
//!   publicly.
//! - Byn: only non-public rows: 0 every month, shown per month.

mod common;

use std::fs;
use std::path::Path;

use lagesbild::model::ledger::CellId;
use lagesbild::site::{ReleaseOutcome, Site};

/// One row of an area page's period table.
#[derive(Debug)]
struct Row {
    /// The report's path from the output root.
    href: String,
    label: String,
    /// `None` when hidden (`..`).
    count: Option<u64>,
    year_ago: String,
    change: String,
}

fn build(site: &Path, tag: &str) -> common::TempDir {
    let out = common::temp_dir(tag);
    Site::build(site, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    out
}

fn read(public: &Path, path: &str) -> String {
    fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of an HTML fragment, tags removed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A count as a cell shows it: `None` for the hidden marker.
fn count(cell: &str) -> Option<u64> {
    let t = text(cell);
    if t.starts_with("..") {
        return None;
    }
    Some(t.parse().unwrap_or_else(|_| panic!("a count: {t:?}")))
}

/// The rows of the page's period table (`<table class="counts">`).
fn rows(html: &str) -> Vec<Row> {
    let start = html
        .find("<table class=\"counts\">")
        .expect("a period table");
    let body = &html[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|tr| {
            let href = tr
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let cells: Vec<&str> = tr
                .split("<td class=\"n\">")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap())
                .collect();
            Row {
                href: href.trim_start_matches("../").to_string(),
                label: text(tr.split("</th>").next().unwrap()),
                count: count(cells[0]),
                year_ago: text(cells[1]),
                change: text(cells[2]),
            }
        })
        .collect()
}

/// The area's count in the public report at `href`, as its data.json
/// publishes it (`None` when hidden or published together with other
/// areas; an area with 0 is left out: 0).
fn report_count(public: &Path, href: &str, id: &str) -> Option<u64> {
    let path = href.replace("index.html", "data.json");
    let data: serde_json::Value = serde_json::from_str(&read(public, &path)).unwrap();
    let areas = data["areas"].as_array().unwrap();
    let grouped = areas.iter().any(|a| {
        a["id"] == "other-areas" && a["label"].as_str().unwrap().to_lowercase().contains(id)
    });
    match areas.iter().find(|a| a["id"] == id) {
        None if grouped => None,
        None => Some(0),
        Some(a) => a["count"].as_u64(),
    }
}

/// "Centrum: …", the page's lead.
fn headline(html: &str) -> String {
    let lead = html.split("<p class=\"lead\">").nth(1).unwrap();
    text(lead.split("</p>").next().unwrap())
}

#[test]
fn area_pages_show_the_report_cells_worked_by_hand() {
    let out = build(&common::fixture("areas"), "areas-cells");
    let public = out.join("public");

    let centrum = read(&public, "areas/centrum/index.html");
    let rows_c = rows(&centrum);
    let expected: Vec<Option<u64>> = [
        None,
        Some(9),
        None,
        Some(10),
        Some(8),
        Some(9),
        Some(11),
        Some(8),
        Some(7),
        Some(9),
        Some(10),
        Some(8),
        Some(10),
        Some(9),
        Some(11),
        Some(12),
        Some(10),
        Some(9),
        Some(13),
        Some(10),
        Some(9),
        Some(11),
        Some(12),
        Some(10),
    ]
    .to_vec();
    assert_eq!(rows_c.iter().map(|r| r.count).collect::<Vec<_>>(), expected);
    assert_eq!(rows_c[0].href, "reports/month/2024-01/index.html");
    assert_eq!(rows_c[2].label, "mars 2024");
    let dec = &rows_c[23];
    assert_eq!((dec.label.as_str(), dec.count), ("december 2025", Some(10)));
    // December 2024: 5 + 3 = 8; 10 − 8 = +2 (+25 %).
    assert_eq!(dec.year_ago, "8");
    assert!(dec.change.starts_with("+2"), "{}", dec.change);
    // February 2025 (9) against February 2024 (9): ±0; January 2025 (10)
    // against a hidden January 2024: no change shown.
    assert!(rows_c[13].change.starts_with("±0"), "{}", rows_c[13].change);
    assert!(rows_c[12].year_ago.starts_with(".."));
    assert!(!rows_c[12].change.contains('+') && !rows_c[12].change.contains('−'));
    assert!(centrum.contains("<span aria-hidden=\"true\">..</span>"));
    assert_eq!(
        headline(&centrum),
        "Centrum: 10 händelser under december 2025, 2 fler än under december 2024."
    );

    let norr = read(&public, "areas/norr/index.html");
    let rows_n = rows(&norr);
    // 2024: 1+2+1, 2+1+2, 1+1+2, 2+1+1; 2025: 2+2+1, 1+2+1, 2+1+2, 2+2+1.
    assert_eq!(
        rows_n.iter().map(|r| r.count).collect::<Vec<_>>(),
        [4, 5, 4, 4, 5, 4, 5, 5].map(Some).to_vec()
    );
    assert!(
        rows_n
            .iter()
            .all(|r| r.href.starts_with("reports/quarter/"))
    );
    assert_eq!(
        headline(&norr),
        "Norr: 5 händelser under kvartal 4 2025, 1 fler än under kvartal 4 2024."
    );

    let byn = read(&public, "areas/byn/index.html");
    let rows_b = rows(&byn);
    assert_eq!(rows_b.len(), 24);
    assert!(rows_b.iter().all(|r| r.count == Some(0)));

    // Every number on every area page is its report's published cell.
    for (id, rows) in [("centrum", &rows_c), ("norr", &rows_n), ("byn", &rows_b)] {
        for r in rows {
            assert_eq!(r.count, report_count(&public, &r.href, id), "{id} {r:?}");
        }
    }
    let _ = fs::remove_dir_all(out);
}

#[test]
fn the_level_is_the_finest_mostly_shown_in_the_reports() {
    let out = build(&common::fixture("areas"), "areas-level");
    let public = out.join("public");
    let tree = common::read_tree(&public);
    // From the reports alone: per cadence, how many of the area's counts
    // are hidden; the level is the first with at most a quarter hidden.
    let hidden = |id: &str, cadence: &str| -> (usize, usize) {
        let reports: Vec<&String> = tree
            .keys()
            .filter(|p| p.starts_with(&format!("reports/{cadence}/")) && p.ends_with("index.html"))
            .collect();
        let n = reports
            .iter()
            .filter(|p| report_count(&public, p, id).is_none())
            .count();
        (n, reports.len())
    };
    assert_eq!(hidden("centrum", "month"), (2, 24));
    assert_eq!(hidden("norr", "month"), (24, 24));
    assert_eq!(hidden("norr", "quarter"), (0, 8));
    for (id, level) in [("centrum", "month"), ("norr", "quarter"), ("byn", "month")] {
        let first = ["month", "quarter", "year"]
            .into_iter()
            .find(|c| {
                let (h, n) = hidden(id, c);
                h * 4 <= n
            })
            .unwrap();
        assert_eq!(first, level, "{id}");
        let page = read(&public, &format!("areas/{id}/index.html"));
        assert!(
            rows(&page)
                .iter()
                .all(|r| r.href.starts_with(&format!("reports/{level}/"))),
            "{id} is shown per {level}"
        );
    }
    let norr = read(&public, "areas/norr/index.html");
    assert!(norr.contains("Per kvartal: siffrorna per månad är för få för att visas."));
    assert!(read(&public, "areas/centrum/index.html").contains("<p>Per månad. "));
    let _ = fs::remove_dir_all(out);
}

#[test]
fn no_place_and_no_internal_action_reaches_the_area_pages() {
    let out = build(&common::fixture("areas"), "areas-places");
    let internal = common::read_tree(&out.join("internal"));
    // The markers are planted: the internal output shows them.
    assert!(
        internal
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("MARKERAREAPLACE"))
    );
    for (path, bytes) in common::read_tree(&out.join("public")) {
        let s = String::from_utf8_lossy(&bytes);
        for marker in [
            "MARKERAREAPLACE",
            "MARKERAREAALIAS",
            "MARKERAREADESC",
            "MARKERHIDDENACTION",
        ] {
            assert!(!s.contains(marker), "{marker} in public/{path}");
        }
        if path.starts_with("areas/") || path == "index.html" {
            for place in ["Torget", "Norrskolan", "Kyrkan"] {
                assert!(!s.contains(place), "place {place} in public/{path}");
            }
        }
    }
    // The public actions there, as the public register shows them.
    let page =
        |id: &str| fs::read_to_string(out.join(format!("public/areas/{id}/index.html"))).unwrap();
    let (byn, norr, centrum) = (page("byn"), page("norr"), page("centrum"));
    assert!(byn.contains("AR-1") && byn.contains("Pågår") && !byn.contains("AR-2"));
    assert!(norr.contains("AR-3") && norr.contains("Genomförd") && !norr.contains("AR-1"));
    assert!(centrum.contains("Inga offentliga insatser i området."));
    assert!(byn.contains("href=\"../../actions/index.html#action-ar-1\""));
    let _ = fs::remove_dir_all(out);
}

#[test]
fn the_chooser_is_a_list_of_links_that_resolve() {
    let out = build(&common::fixture("areas"), "areas-chooser");
    let public = out.join("public");
    let index = read(&public, "index.html");
    let section = index
        .split("<h2 id=\"my-area-h\">Mitt område</h2>")
        .nth(1)
        .expect("a \"Mitt område\" section on the start page");
    let section = section.split("</section>").next().unwrap();
    let links: Vec<&str> = section
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "areas/byn/index.html",
            "areas/centrum/index.html",
            "areas/norr/index.html"
        ]
    );
    assert!(links.iter().all(|l| public.join(l).is_file()));
    assert!(!section.contains("<script"));
    let chooser = read(&public, "areas/index.html");
    assert!(chooser.contains("href=\"../areas/norr/index.html\""));
    assert!(chooser.contains("Norr: 5 händelser under kvartal 4 2025"));
    let broken = common::broken_links(&public);
    assert!(broken.is_empty(), "{broken:#?}");
    let _ = fs::remove_dir_all(out);
}

/// A copy of the fixture site, to release into.
fn fixture_copy(name: &str) -> common::TempDir {
    let from = common::fixture("areas");
    let dir = common::temp_dir(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(to).unwrap();
        } else {
            fs::copy(entry.path(), to).unwrap();
        }
    }
    dir
}

#[test]
fn with_a_ledger_the_area_pages_show_the_released_cells() {
    let site = fixture_copy("areas-ledger-site");
    let s = Site::load(&site).unwrap_or_else(|d| panic!("{d:?}"));
    let outcome = s
        .release("2026-01-10".parse().unwrap(), None, false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(outcome, ReleaseOutcome::Released(_)));
    let out = build(&site, "areas-ledger-out");
    let public = out.join("public");
    let values = Site::load(&site)
        .unwrap()
        .model
        .ledger
        .expect("a ledger")
        .values(None);
    let mut checked = 0;
    for name in ["Byn", "Centrum", "Norr"] {
        let page = read(
            &public,
            &format!("areas/{}/index.html", name.to_lowercase()),
        );
        for r in rows(&page) {
            let period = r
                .href
                .trim_start_matches("reports/")
                .trim_end_matches("/index.html");
            let id = CellId::parse(&format!("{period} area:{name}")).unwrap();
            let v = values[&id];
            assert_eq!(r.count, (!v.hidden).then_some(v.count), "{name} {period}");
            checked += 1;
        }
    }
    // Byn 24 months, Centrum 24 months, Norr 8 quarters.
    assert_eq!(checked, 56);
    // The months publish Norr with the rows of no area, and say so.
    let may = CellId::parse("month/2024-05 other-areas").unwrap();
    assert_eq!(values[&may].count, 3);
    assert!(!values[&may].hidden);
    assert!(!values.contains_key(&CellId::parse("month/2024-05 area:Norr").unwrap()));
    assert!(!values.contains_key(&CellId::parse("month/2024-05 no-area").unwrap()));
    let q2 = CellId::parse("quarter/2024-q2 area:Norr").unwrap();
    assert_eq!(values[&q2].count, 5);
    // The years publish each area per category (worked by hand in
    // `the_counts_per_category_and_year_are_worked_by_hand`).
    for (key, count) in [
        ("year/2024 area-category:skadegorelse:Centrum", 65),
        ("year/2025 area-category:klotter:Centrum", 48),
        ("year/2025 area-category:skadegorelse:Norr", 19),
    ] {
        let v = values[&CellId::parse(key).unwrap()];
        assert_eq!((v.count, v.hidden), (count, false), "{key}");
    }
    let report = read(&public, "reports/month/2024-05/index.html");
    assert!(
        report.contains("Övriga områden (Norr, Utan område)"),
        "{report}"
    );
    for d in [site, out] {
        let _ = fs::remove_dir_all(d);
    }
}

#[test]
fn a_released_period_keeps_its_grouping_after_a_late_row() {
    let site = fixture_copy("areas-late-site");
    let load = || Site::load(&site).unwrap_or_else(|d| panic!("{d:?}"));
    let first = load().release("2026-01-10".parse().unwrap(), None, false);
    assert!(matches!(first, Ok(ReleaseOutcome::Released(_))));
    // Three late rows at Norrskolan in May 2024: Norr's May is 4 now, no
    // longer small, but the released month keeps Norr inside "other areas"
    // and publishes the new sum as a revision, 3 → 6.
    let csv = site.join("content/incidents/a.csv");
    let mut text = fs::read_to_string(&csv).unwrap();
    text.push_str("2024-05-20,12:00,skadegorelse,skolan,Polisen,3,\n");
    fs::write(&csv, text).unwrap();
    let second = load()
        .release("2026-01-11".parse().unwrap(), Some("Sen anmälan"), false)
        .unwrap_or_else(|e| panic!("{e}"));
    let ReleaseOutcome::Released(second) = second else {
        panic!("the late rows are released as revisions");
    };
    let may = CellId::parse("month/2024-05 other-areas").unwrap();
    let rev = second
        .revisions
        .iter()
        .find(|r| r.cell == may)
        .expect("May's other areas are revised");
    assert_eq!((rev.from.count, rev.to.count), (3, 6));
    let values = load().model.ledger.expect("a ledger").values(None);
    assert!(!values.contains_key(&CellId::parse("month/2024-05 area:Norr").unwrap()));
    assert!(load().audit_ledger().is_empty());
    let out = build(&site, "areas-late-out");
    let report = read(&out.join("public"), "reports/month/2024-05/index.html");
    assert!(report.contains("Övriga områden (Norr, Utan område)"));
    for d in [site, out] {
        let _ = fs::remove_dir_all(d);
    }
}

/// The map of a month whose sparse areas are published together shows
/// what the area table shows: Norr dotted (no count of its own, not
/// "hidden"), the group's 3 below the map and in the map's table, the
/// key and the text saying what a dotted area is. The internal map of the
/// same month has Norr's own count and no dots.
#[test]
fn the_map_shows_areas_published_together_as_the_table_does() {
    let out = build(&common::fixture("areas"), "areas-map");
    let html = read(&out.join("public"), "reports/month/2024-05/index.html");
    let figure = html
        .split("<figure class=\"chart-figure\" aria-labelledby=\"map-areas-cap\">")
        .nth(1)
        .and_then(|f| f.split("</figure>").next())
        .expect("the map's figure");
    let svg = figure.split("</svg>").next().unwrap();
    // Norr's outline filled with the dots, named with the group's words.
    assert!(svg.contains("<pattern id=\"map-group\""), "{svg}");
    assert_eq!(
        svg.matches("fill=\"url(#map-group)\"").count(),
        2,
        "Norr and the key: {svg}"
    );
    assert!(
        !svg.contains("map-hatch"),
        "nothing on the map is hidden: {svg}"
    );
    assert!(svg.contains(">Norr</text>"), "{svg}");
    assert!(
        svg.contains(">Övriga områden (Norr, Utan område): <tspan font-weight=\"bold\">3</tspan>"),
        "{svg}"
    );
    assert!(
        figure.contains("Ett prickigt område redovisas bara tillsammans med andra"),
        "{figure}"
    );
    // The map's table: Byn 0, Centrum 8 (by hand above), the group's 3,
    // no row of Norr's own.
    let table = text(figure.split("<tbody>").nth(1).unwrap());
    let rows: Vec<&str> = table.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        rows,
        ["Byn0", "Centrum8", "Övriga områden (Norr, Utan område)3"],
        "{table}"
    );
    // Internally Norr has its count: May 2024 is 1 (by hand above).
    let internal =
        fs::read_to_string(out.join("internal/reports/month/2024-05/index.html")).unwrap();
    let map = internal
        .split("<figure class=\"chart-figure\" aria-labelledby=\"map-areas-cap\">")
        .nth(1)
        .unwrap();
    let map = map.split("</figure>").next().unwrap();
    assert!(!map.contains("map-group"), "{map}");
    let rows = text(map.split("<tbody>").nth(1).unwrap());
    assert!(rows.lines().any(|l| l == "Norr1"), "{rows}");
}

/// The rows of an area page's table per category and year: the category,
/// then its cells' text (the years', then the change's).
fn category_rows(html: &str) -> Vec<Vec<String>> {
    let section = html
        .split("<section aria-labelledby=\"acat-h\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a section per category");
    let body = section
        .split("<tbody>")
        .nth(1)
        .and_then(|b| b.split("</tbody>").next())
        .expect("a table per category");
    body.split("<tr>")
        .skip(1)
        .map(|tr| {
            let label = text(tr.split("</th>").next().unwrap());
            let cells = tr.split("<td class=\"n\">").skip(1);
            std::iter::once(label)
                .chain(cells.map(|c| text(c.split("</td>").next().unwrap())))
                .collect()
        })
        .collect()
}

/// The counts per category and year, worked by hand from the fixture's
/// rows: Centrum skadegörelse 65 in 2024 (the list's 68, less March's 3)
/// and 78 in 2025, klotter 34 (11 × 3 + 1) and 48 (12 × 4); Norr
/// skadegörelse 11 + 6 = 17 and 14 + 5 = 19 (Norrskolan and the marker
/// place), no klotter; Byn has only non-public rows: zeros. No count is
/// small, so no area is sparse and nothing is hidden.
#[test]
fn the_counts_per_category_and_year_are_worked_by_hand() {
    let out = build(&common::fixture("areas"), "areas-categories");
    let public = out.join("public");
    let expected = [
        ("centrum", [["65", "78", "+13"], ["34", "48", "+14"]]),
        ("norr", [["17", "19", "+2"], ["0", "0", "±0"]]),
        ("byn", [["0", "0", "±0"], ["0", "0", "±0"]]),
    ];
    for (id, counts) in expected {
        let page = read(&public, &format!("areas/{id}/index.html"));
        let rows = category_rows(&page);
        assert_eq!(rows.len(), 2, "{id}: the two public categories");
        for (row, (label, want)) in rows
            .iter()
            .zip(["Skadegörelse", "Klotter"].iter().zip(counts))
        {
            assert_eq!(row[0], *label, "{id}");
            assert_eq!(row[1..3], want[..2], "{id} {label}");
            assert!(row[3].starts_with(want[2]), "{id} {label}: {:?}", row[3]);
        }
        assert!(page.contains("2025 mot 2024"), "{id}: the change's years");
        // The categories add up to the area's count in each year report.
        for (k, year) in ["2024", "2025"].iter().enumerate() {
            let sum: u64 = rows.iter().map(|r| r[k + 1].parse::<u64>().unwrap()).sum();
            let href = format!("reports/year/{year}/index.html");
            assert_eq!(Some(sum), report_count(&public, &href, id), "{id} {year}");
        }
    }
    // No oro (not public) anywhere on the area pages.
    for id in ["byn", "centrum", "norr"] {
        assert!(!read(&public, &format!("areas/{id}/index.html")).contains("Oro"));
    }
}
