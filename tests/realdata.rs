//! The police's open events feed for Värmland (`../shared/realdata/`),
//! imported with `examples/polisen-varmland/` and no code specific to it.
//! Counts per municipality and per type are checked against a count made
//! here directly from the file. Ignored when the shared folder is absent
//! on a developer's machine; under `CI=true` it fails then (see build.rs).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lagesbild::site::Site;

fn realdata() -> PathBuf {
    common::realdata(common::COUNTY_FEED)
}

/// A site folder with the example's configuration and the real file.
fn police_site(csv: &Path) -> common::TempDir {
    let site = common::temp_dir("polisen");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/polisen-varmland");
    std::fs::create_dir_all(site.join("content/incidents/polisen")).unwrap();
    std::fs::copy(example.join("lagesbild.toml"), site.join("lagesbild.toml")).unwrap();
    std::fs::copy(
        example.join("content/places.toml"),
        site.join("content/places.toml"),
    )
    .unwrap();
    std::fs::copy(
        csv,
        site.join("content/incidents/polisen")
            .join(common::COUNTY_FEED),
    )
    .unwrap();
    site
}

#[test]
#[cfg_attr(shared_missing, ignore = "../shared/realdata is missing")]
fn police_feed_counts_match_an_independent_count() {
    let csv_path = realdata();
    let mut per_municipality: BTreeMap<String, u64> = BTreeMap::new();
    let mut per_type: BTreeMap<String, u64> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (loc, name, typ) = (col("location_name"), col("name"), col("type"));
    let mut rows = 0;
    for r in reader.records() {
        let r = r.unwrap();
        rows += 1;
        *per_municipality
            .entry(common::feed_municipality(&r[loc], &r[name]))
            .or_default() += 1;
        *per_type.entry(r[typ].to_string()).or_default() += 1;
    }
    assert_eq!(rows, 3678, "the file's documented row count");

    let site = Site::load(&police_site(&csv_path)).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(
        site.diagnostics.is_empty(),
        "{:?}",
        site.diagnostics.sorted()
    );
    assert_eq!(site.model.rows, rows);
    let analysis = site.analyse();
    let by_name: BTreeMap<String, u64> = site
        .model
        .places
        .iter()
        .zip(&analysis.place_totals)
        .map(|(p, n)| {
            (
                if p.id == "varmlands-lan" {
                    "Värmlands län".to_string()
                } else {
                    p.name.clone()
                },
                *n,
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(by_name, per_municipality);
    assert_eq!(
        per_municipality["Sunne"],
        111 + 12,
        "Sunne: 111 by location name, 12 more from 2026 by name"
    );

    let mut per_category: BTreeMap<&str, u64> = BTreeMap::new();
    for i in site.model.incidents.iter() {
        *per_category
            .entry(site.model.categories[i.category as usize].id.as_str())
            .or_default() += u64::from(i.count);
    }
    let types = |names: &[&str]| {
        names
            .iter()
            .map(|n| per_type.get(*n).copied().unwrap_or(0))
            .sum::<u64>()
    };
    assert_eq!(per_category["skadegorelse"], types(&["Skadegörelse"]));
    assert_eq!(per_category["narkotika"], types(&["Narkotikabrott"]));
    assert_eq!(per_category["brand"], types(&["Brand", "Mordbrand"]));
    assert_eq!(
        per_category["sammanfattning"],
        types(&[
            "Sammanfattning natt",
            "Sammanfattning kväll och natt",
            "Sammanfattning dag"
        ])
    );
    assert_eq!(per_category.values().sum::<u64>(), rows as u64);
    assert!(
        site.model.incidents.iter().all(|i| i.position().is_some()),
        "every row has the feed's GPS position"
    );
}
