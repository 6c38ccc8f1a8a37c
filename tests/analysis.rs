//! The analysis on `tests/fixtures/analysis`, whose numbers are worked out
//! by hand from its six incident rows (see the fixture's `a.csv`):
//!
//! | row | when | category | place | coordinates | area |
//! |---|---|---|---|---|---|
//! | 1 | Mon 4 Mar 10:15 | skadegörelse | p1 (Väst) | – | Väst (register) |
//! | 2 | Mon 4 Mar 23:00 | skadegörelse | p2 (Öst) | on the Väst/Öst edge | Väst (first in file) |
//! | 3 | Tue 5 Mar 12:00 | klotter | p2 (Öst) | outside every area | Öst (register) |
//! | 4 | Tue 5 Mar 12:30 | klotter | p3 (none) | in Öst's hole | none |
//! | 5 | Wed 6 Mar 18:00, 2 events | klotter | p1 (Väst) | – | Väst |
//! | 6 | Wed 6 Mar, no time | skadegörelse | p3 (none) | – | none |
//!
//! In Stockholm on 4–6 March the sun rises about 06:50 and sets about
//! 17:45; civil twilight ends about 18:20. So rows 1, 3 and 4 are in
//! daylight, row 5 (18:00) in twilight and row 2 (23:00) in darkness.

mod common;

use std::path::Path;

use lagesbild::site::Site;
use serde_json::Value;

fn build(tag: &str) -> common::TempDir {
    let out = common::temp_dir(tag);
    Site::build(&common::fixture("analysis"), &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    out
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn named(v: &Value, key: &str) -> Vec<(String, Value)> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["label"].as_str().unwrap().to_string(), x["count"].clone()))
        .collect()
}

#[test]
fn areas_by_polygon_with_edge_and_outside_rules_and_place_counts() {
    let out = build("analysis-areas");
    let march = json(&out.join("internal/reports/month/2024-03/data.json"));
    assert_eq!(march["schema"], "lagesbild-report/2");
    assert_eq!(
        named(&march, "areas"),
        [
            ("Väst".to_string(), Value::from(4)),
            ("Utan område".to_string(), Value::from(2)),
            ("Öst".to_string(), Value::from(1)),
        ]
    );
    assert_eq!(
        named(&march, "places"),
        [
            ("Platsen Ett".to_string(), Value::from(3)),
            ("Platsen Två".to_string(), Value::from(2)),
            ("Platsen Tre".to_string(), Value::from(2)),
        ]
    );
    // A page per place and per area, with their totals.
    let p1 = std::fs::read_to_string(out.join("internal/places/p1/index.html")).unwrap();
    assert!(p1.contains("<h1>Platsen Ett</h1>") && p1.contains("<dd>3 "));
    let vast = std::fs::read_to_string(out.join("internal/areas/vast/index.html")).unwrap();
    assert!(vast.contains("<h1>Väst</h1>") && vast.contains("<dd>4 "));
    assert!(!out.join("public/places").exists());
    // The public area page is the released totals, without places.
    let public_vast = std::fs::read_to_string(out.join("public/areas/vast/index.html")).unwrap();
    assert!(public_vast.contains("<h1>Väst</h1>") && !public_vast.contains("Platsen"));
    // The map draws both areas, hole included, with the counts as text.
    let page =
        std::fs::read_to_string(out.join("internal/reports/month/2024-03/index.html")).unwrap();
    assert_eq!(page.matches("<path d=\"M").count(), 2);
    assert!(page.contains("font-weight=\"bold\">4</text>"));
    assert!(common::broken_links(&out.join("internal")).is_empty());
    assert!(common::broken_links(&out.join("public")).is_empty());
}

#[test]
fn weekday_hour_and_light_by_hand() {
    let out = build("analysis-light");
    let a = &json(&out.join("internal/reports/month/2024-03/data.json"))["analysis"];
    let grid: Vec<Vec<u64>> = serde_json::from_value(a["weekday_hour"].clone()).unwrap();
    assert_eq!(grid.len(), 7);
    let mut cells = Vec::new();
    for (d, hours) in grid.iter().enumerate() {
        for (h, &n) in hours.iter().enumerate() {
            if n > 0 {
                cells.push((d, h, n));
            }
        }
    }
    assert_eq!(cells, [(0, 10, 1), (0, 23, 1), (1, 12, 2), (2, 18, 2)]);
    assert_eq!(a["untimed"], 1);
    let l = &a["light"];
    assert_eq!(
        (&l["daylight"], &l["twilight"], &l["dark"]),
        (&Value::from(3), &Value::from(2), &Value::from(1))
    );
    let cats = l["categories"].as_array().unwrap();
    assert_eq!(
        (&cats[0]["daylight"], &cats[0]["twilight"], &cats[0]["dark"]),
        (&Value::from(1), &Value::from(0), &Value::from(1))
    );
    assert_eq!(
        (&cats[1]["daylight"], &cats[1]["twilight"], &cats[1]["dark"]),
        (&Value::from(2), &Value::from(2), &Value::from(0))
    );
    // Per place, most events first: p1 has row 1 (day) and row 5 (2 at
    // dusk), p2 rows 2 (dark) and 3 (day), p3 row 4 (day; row 6 untimed).
    let places: Vec<(String, u64, u64, u64)> = l["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().unwrap();
            (
                p["id"].as_str().unwrap().to_string(),
                n("daylight"),
                n("twilight"),
                n("dark"),
            )
        })
        .collect();
    let want = [("p1", 1, 2, 0), ("p2", 1, 0, 1), ("p3", 1, 0, 0)];
    let want: Vec<(String, u64, u64, u64)> = want
        .iter()
        .map(|&(id, d, t, k)| (id.to_string(), d, t, k))
        .collect();
    assert_eq!(places, want);
    // The partner's data are complete to the end of 2024, so March is
    // whole. Dark hours of March 2024 at 59.33° N, by hand: with the sun's
    // mean declination in March about −2°, cos H = (sin −6° − sin φ sin δ)
    // / (cos φ cos δ) gives H ≈ 98.6°, 13.1 h from civil dawn to dusk, so
    // 10.9 of 24 hours (45 %) are dark.
    let share = a["dark_hours_share"].as_f64().unwrap();
    assert!((0.44..0.465).contains(&share), "{share}");
    // No history before March: no baseline, nothing flagged.
    for h in a["hotspots"].as_array().unwrap() {
        assert_eq!(
            (&h["expected"], &h["flagged"]),
            (&Value::Null, &Value::Bool(false))
        );
    }
    let csv = std::fs::read_to_string(out.join("internal/reports/month/2024-03/data.csv")).unwrap();
    assert!(csv.contains("\nweekday_hour,3-18,,2,"));
    assert!(csv.contains("\nlight_category,klotter:twilight,,2,"));
    assert!(csv.contains("\nlight_place,p1:twilight,,2,"));
    assert!(csv.contains("\nlight_place,p2:dark,,1,"));
}

#[test]
fn reference_statistics_beside_own_counts() {
    let out = build("analysis-reference");
    let q1 = json(&out.join("internal/reports/quarter/2024-q1/data.json"));
    let r = &q1["analysis"]["reference"][0];
    assert_eq!(
        (
            &r["key"],
            &r["official_count"],
            &r["own"],
            &r["preliminary"]
        ),
        (
            &Value::from("total"),
            &Value::from(9),
            &Value::from(7),
            &Value::Bool(true)
        )
    );
    assert_eq!(r["per100k"], 90.0);
    let year = json(&out.join("internal/reports/year/2024/data.json"));
    let refs = year["analysis"]["reference"].as_array().unwrap();
    let vandalism = refs.iter().find(|r| r["key"] == "vandalism").unwrap();
    assert_eq!(
        (
            &vandalism["label"],
            &vandalism["official_count"],
            &vandalism["own"]
        ),
        (
            &Value::from("Skadegörelse (Brå)"),
            &Value::from(12),
            &Value::from(3)
        )
    );
    // Months have no reference statistics.
    assert!(
        json(&out.join("internal/reports/month/2024-03/data.json"))["analysis"]["reference"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // In public, the own counts are the protected ones: 7 in all, 3 of
    // vandalism are shown (≥ 3) or hidden, never small.
    let public = json(&out.join("public/reports/year/2024/data.json"));
    for r in public["analysis"]["reference"].as_array().unwrap() {
        if let Some(n) = r["own"].as_u64() {
            assert!(n == 0 || n >= 3, "{r}");
        }
    }
}

#[test]
fn public_reports_keep_times_light_and_hot_spots_internal() {
    let out = build("analysis-public");
    let a = &json(&out.join("public/reports/month/2024-03/data.json"))["analysis"];
    // The share of dark hours is astronomy a citizen does not need: not
    // on the page nor in the downloads (the internal report keeps it).
    for key in [
        "light",
        "weekday_hour",
        "hotspots",
        "untimed",
        "dark_hours_share",
        "twilight_hours_share",
    ] {
        assert!(a.get(key).is_none(), "{key} in public");
    }
    let internal = &json(&out.join("internal/reports/month/2024-03/data.json"))["analysis"];
    assert!(internal["dark_hours_share"].as_f64().unwrap() > 0.4);
    let csv = std::fs::read_to_string(out.join("public/reports/month/2024-03/data.csv")).unwrap();
    assert!(!csv.contains("\ndark_hours,"));
    let page =
        std::fs::read_to_string(out.join("public/reports/month/2024-03/index.html")).unwrap();
    assert!(!page.contains("mörka") && !page.contains("light-h"));
    assert!(!page.contains("heat-weekday-hour"));
    assert!(page.contains("visas bara i den interna lägesbilden"));
    // The map shows the protected area counts: Väst's 4 is shown, Öst's
    // 1 is hidden (hatched, written ..).
    assert!(page.contains("font-weight=\"bold\">..</text>"));
    assert!(page.contains("url(#map-hatch)"));
}

#[test]
fn survey_indicators_on_the_public_start_page() {
    let out = build("analysis-surveys");
    let index = std::fs::read_to_string(out.join("public/index.html")).unwrap();
    assert!(index.contains("Trygg utomhus när det är mörkt (index 0–100)"));
    assert!(index.contains("55,5") && index.contains("57,3") && index.contains("(n=410)"));
    assert!(index.contains("För alla gick värdet från 55,5 (2023) till 57,3 (2024)."));
    assert!(out.join("public/surveys/index.html").is_file());
    assert!(out.join("internal/surveys/index.html").is_file());
}

/// A copy of the fixture with one file replaced, checked.
fn check_with(tag: &str, rel: &str, text: &str) -> Vec<String> {
    let dir = common::temp_dir(tag);
    let src = common::fixture("analysis");
    for (path, bytes) in common::read_tree(&src) {
        let to = dir.join(&path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    std::fs::write(dir.join(rel), text).unwrap();
    match Site::load(&dir) {
        Ok(site) => site
            .diagnostics
            .sorted()
            .iter()
            .map(|d| d.to_string())
            .collect(),
        Err(d) => d.sorted().iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn bad_inputs_name_file_line_and_column() {
    let e = check_with(
        "bad-ref",
        "content/reference/bra.csv",
        "kommun;period;key;count\n1;2024;total;40\n1;2024X;total;3\n1;2024;total;4,5\n",
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("error: ")
            && e[0].contains("content/reference/bra.csv:3:3: \"2024X\" is not a period"),
        "{e:?}"
    );
    assert!(
        e[1].contains("bra.csv:4:14: count \"4,5\" is not a whole number"),
        "{e:?}"
    );
    let e = check_with(
        "bad-survey",
        "content/surveys/scb.csv",
        "indikator;år;värde\nTrygg;2024;mycket\n",
    );
    assert!(
        e[0].contains("scb.csv:2:12: value \"mycket\" is not a number"),
        "{e:?}"
    );
    let e = check_with(
        "bad-survey-col",
        "content/surveys/scb.csv",
        "indikator;värde\nTrygg;50\n",
    );
    assert!(e[0].contains("scb.csv:1: no column \"year\""), "{e:?}");
    let e = check_with(
        "bad-geo",
        "content/areas.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": \"Feature\", \"properties\": {\"namn\": \"X\"}, \"geometry\": null}\n]}\n",
    );
    assert!(
        e[0].contains("areas.geojson:2:12: feature 1 has no property \"name\""),
        "{e:?}"
    );
    let e = check_with(
        "bad-json",
        "content/areas.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [,]}\n",
    );
    assert!(e[0].contains("areas.geojson:2:15: not valid JSON"), "{e:?}");
    let e = check_with(
        "bad-geom",
        "content/areas.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"properties\": {\"name\": \"X\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [18, 59]}}]}\n",
    );
    assert!(
        e[0].contains("feature 1 (\"X\"): geometry type \"Point\" is not an area"),
        "{e:?}"
    );
}

/// Without area polygons the internal report still maps the events that
/// have coordinates (rows 2–4 of March), and the public one has no map,
/// since positions of single events are internal.
#[test]
fn a_site_without_polygons_maps_the_positions_internally() {
    let from = common::fixture("analysis");
    let site = common::temp_dir("analysis-no-polygons");
    for e in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(&from).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(site.join(rel)).unwrap();
        } else if rel != Path::new("content/areas.geojson") {
            std::fs::copy(e.path(), site.join(rel)).unwrap();
        }
    }
    let out = common::temp_dir("analysis-no-polygons-out");
    Site::build(&site, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let page = |output: &str| {
        std::fs::read_to_string(out.join(output).join("reports/month/2024-03/index.html")).unwrap()
    };
    let internal = page("internal");
    let map = internal
        .split("aria-labelledby=\"map-areas-title")
        .nth(1)
        .expect("an internal map")
        .split("</svg>")
        .next()
        .unwrap();
    assert_eq!(
        map.matches("<circle").count(),
        3,
        "one dot per positioned event (the three are on different spots)"
    );
    assert!(!map.contains("<path"), "no outlines to draw");
    assert!(!page("public").contains("map-areas-title"));
}
