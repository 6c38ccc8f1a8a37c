//! Entry points for fuzzing and robustness tests: the CSV, JSON and
//! front-matter readers on arbitrary bytes, without a site folder. Neither may panic.

use std::path::Path;

use super::incidents::{self, Catalog};
use super::lookup::Lookup;
use super::notes;
use crate::diagnostics::Diagnostics;

/// Reads `bytes` as an incident file against a small fixed catalog and
/// returns the number of rows accepted and the diagnostics.
pub fn csv(bytes: &[u8]) -> (usize, Diagnostics) {
    incident_file("fuzz.csv", bytes)
}

/// [`csv`] for a JSON incident file (a list of objects).
pub fn json(bytes: &[u8]) -> (usize, Diagnostics) {
    incident_file("fuzz.json", bytes)
}

fn incident_file(name: &str, bytes: &[u8]) -> (usize, Diagnostics) {
    let mut categories = Lookup::default();
    categories.insert("skadegorelse", &["Skadegörelse"], 0);
    categories.insert("brand", &["Brand"], 1);
    let mut places = Lookup::default();
    places.insert("torget", &["Torget"], 0);
    let catalog = Catalog {
        categories: &categories,
        places: &places,
        tz: chrono_tz::Europe::Stockholm,
        dates: (chrono::NaiveDate::MIN, chrono::NaiveDate::MAX),
    };
    let rows = incidents::read_bytes(Path::new(name), bytes, None, &catalog);
    (rows.rows.len(), rows.diags)
}

/// Reads `text` as a meeting note against a small fixed catalog.
pub fn meeting(text: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut categories = Lookup::default();
    categories.insert("brand", &[], 0);
    let mut places = Lookup::default();
    places.insert("torget", &[], 0);
    let groups = ["operative", "strategic", "council"];
    let refs = notes::NoteRefs {
        groups: &groups,
        places: &places,
        categories: &categories,
        areas: &["Centrum".to_string()],
    };
    let _ = notes::meeting_from_text(Path::new("fuzz.md"), text, &refs, &mut diags);
    diags
}
