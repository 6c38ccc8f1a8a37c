//! The place register, `content/places.toml`.

use std::path::Path;

use serde::Deserialize;

use crate::config::toml_diagnostic;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Place;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    #[serde(default)]
    places: Vec<PlaceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceEntry {
    id: String,
    name: String,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    latitude: Option<f64>,
    #[serde(default)]
    longitude: Option<f64>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Reads the register; a missing file is an empty register.
pub fn read(path: &Path, diags: &mut Diagnostics) -> Vec<(Place, Vec<String>)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        if path.exists() {
            diags.push(Diagnostic::error(
                path,
                0,
                "cannot read the place register as UTF-8 text",
            ));
        }
        return Vec::new();
    };
    let file: PlacesFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(toml_diagnostic(path, &text, &e, 0));
            return Vec::new();
        }
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for p in file.places {
        let at = text.find(&format!("\"{}\"", p.id)).unwrap_or(0);
        if !seen.insert(p.id.clone()) {
            diags.push(
                Diagnostic::error(path, 0, format!("place id \"{}\" is used twice", p.id))
                    .at_offset(&text, at),
            );
            continue;
        }
        if p.latitude.is_some() != p.longitude.is_some() {
            diags.push(
                Diagnostic::error(
                    path,
                    0,
                    format!("place \"{}\" has only one of latitude and longitude", p.id),
                )
                .at_offset(&text, at),
            );
        }
        let place = Place {
            id: p.id,
            name: p.name,
            area: p.area,
            latitude: p.latitude,
            longitude: p.longitude,
            registered: true,
        };
        out.push((place, p.aliases));
    }
    out
}
