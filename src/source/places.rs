//! The place register, `content/places.toml`.

use std::path::Path;

use serde::Deserialize;

use crate::config::from_str_all;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diagnostics::{find_from, toml_entry_start, toml_value_offset};
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
    let Ok(bytes) = std::fs::read(path) else {
        if path.exists() {
            diags.push(Diagnostic::error(path, 0, crate::msg!("places_unreadable")));
        }
        return Vec::new();
    };
    let text = match crate::diagnostics::text_from_bytes(path, &bytes, "TOML") {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let file: PlacesFile = match from_str_all(path, &text, 0).clean() {
        Ok(f) => f,
        Err(errors) => {
            errors.into_iter().for_each(|d| diags.push(d));
            return Vec::new();
        }
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut names: std::collections::HashMap<String, String> = Default::default();
    for (k, p) in file.places.into_iter().enumerate() {
        let start = toml_entry_start(&text, "places", k);
        let at = find_from(&text, start, &format!("\"{}\"", p.id));
        for (key, value, limit) in [
            ("latitude", p.latitude, 90.0),
            ("longitude", p.longitude, 180.0),
        ] {
            if let Some(v) = value
                && !(-limit..=limit).contains(&v)
            {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!(
                            "place_off_earth",
                            key = key,
                            value = v,
                            id = p.id,
                            limit = limit
                        ),
                    )
                    .at_offset(&text, toml_value_offset(&text, start, key))
                    .with_hint(Some(crate::msg!("lat_lon_hint"))),
                );
            }
        }
        let own = std::iter::once(&p.id).chain(std::iter::once(&p.name));
        for name in own.chain(&p.aliases) {
            let key = crate::source::lookup::normalise(name);
            match names.get(&key) {
                Some(other) if *other != p.id && p.aliases.contains(name) => {
                    diags.push(
                        Diagnostic::error(
                            path,
                            0,
                            crate::msg!("alias_twice", name = name, other = other, id = p.id),
                        )
                        .at_offset(&text, find_from(&text, start, &format!("\"{name}\""))),
                    );
                }
                Some(_) => {}
                None => {
                    names.insert(key, p.id.clone());
                }
            }
        }
        if !seen.insert(p.id.clone()) {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("place_twice", id = p.id))
                    .at_offset(&text, at),
            );
            continue;
        }
        if p.latitude.is_some() != p.longitude.is_some() {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("place_half_position", id = p.id))
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
