//! The benchmark site generator (`tools/benchsite.rs`, see BENCHMARKS.md):
//! the same seed gives a byte-identical site, another seed another site,
//! and the small tier holds exactly what its tier promises and loads
//! without a problem.

mod common;

#[path = "../tools/benchsite_gen/mod.rs"]
mod benchsite_gen;

use benchsite_gen::{Tier, generate};
use lagesbild::site::Site;

#[test]
fn same_seed_same_bytes_other_seed_other_site() {
    let (a, b, c) = (
        common::temp_dir("benchsite-a"),
        common::temp_dir("benchsite-b"),
        common::temp_dir("benchsite-c"),
    );
    let sa = generate(Tier::Small, 7, &a).unwrap();
    let sb = generate(Tier::Small, 7, &b).unwrap();
    generate(Tier::Small, 8, &c).unwrap();
    assert_eq!(sa, sb);
    let (ta, tb, tc) = (
        common::read_tree(&a),
        common::read_tree(&b),
        common::read_tree(&c),
    );
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs between two runs");
    }
    let differing = ta
        .iter()
        .filter(|(path, bytes)| tc.get(*path) != Some(*bytes))
        .count();
    assert!(
        differing > ta.len() / 2,
        "seed 8 should change most files, changed {differing} of {}",
        ta.len()
    );
    // A second run into the same folder replaces the first one's files.
    generate(Tier::Small, 7, &c).unwrap();
    assert!(
        common::read_tree(&c) == ta,
        "a rerun into the same folder differs"
    );
}

#[test]
fn small_tier_has_its_rows_notes_and_places_and_loads_cleanly() {
    let dir = common::temp_dir("benchsite-small");
    let summary = generate(Tier::Small, 1, &dir).unwrap();
    let tree = common::read_tree(&dir);
    // No field holds a line break, so data rows are lines after the header.
    let csv_rows: usize = tree
        .iter()
        .filter(|(p, _)| p.ends_with(".csv"))
        .map(|(_, b)| b.iter().filter(|&&c| c == b'\n').count() - 1)
        .sum();
    assert_eq!(csv_rows, 5_000);
    let notes = tree
        .keys()
        .filter(|p| p.starts_with("content/meetings/"))
        .count();
    assert_eq!(notes, 30);
    assert_eq!(summary.rows, 5_000);
    assert_eq!(summary.notes, 30);

    let site = Site::load(&dir).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(
        site.diagnostics.is_empty(),
        "warnings: {:?}",
        site.diagnostics
    );
    assert_eq!(site.model.rows, 5_000);
    assert_eq!(site.model.meetings.len(), 30);
    assert_eq!(site.model.places.len(), 20);
    assert_eq!(site.model.organisations.len(), 4);
}

#[test]
fn tier_names_round_trip() {
    let names: Vec<&str> = Tier::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(names, ["small", "medium", "large", "notes-only"]);
    for t in Tier::ALL {
        assert_eq!(Tier::parse(t.name()), Some(t));
    }
    assert_eq!(Tier::parse("huge"), None);
    assert_eq!(Tier::Large.spec().rows, 1_000_000);
    assert_eq!(Tier::NotesOnly.spec().notes, 1_000);
}

#[test]
fn refuses_a_folder_it_did_not_write() {
    let dir = common::temp_dir("benchsite-foreign");
    std::fs::write(dir.join("keep.txt"), "mine").unwrap();
    let err = generate(Tier::Small, 1, &dir).unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.txt")).unwrap(),
        "mine"
    );
}
