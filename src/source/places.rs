//! The place register, `content/places.toml`.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::config::from_str_all;
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
/// One place as written; spanned where a problem points at the value.
struct PlaceEntry {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    latitude: Option<Spanned<f64>>,
    #[serde(default)]
    longitude: Option<Spanned<f64>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
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
    for p in file.places {
        let (at, id) = (p.id.span().start, p.id.into_inner());
        for (key, value, limit) in [
            ("latitude", &p.latitude, 90.0),
            ("longitude", &p.longitude, 180.0),
        ] {
            if let Some(v) = value
                && !(-limit..=limit).contains(v.get_ref())
            {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!(
                            "place_off_earth",
                            key = key,
                            value = v.get_ref(),
                            id = id,
                            limit = limit
                        ),
                    )
                    .at_offset(&text, v.span().start)
                    .with_hint(Some(crate::msg!("lat_lon_hint"))),
                );
            }
        }
        let aliases: Vec<&str> = p.aliases.iter().map(|a| a.get_ref().as_str()).collect();
        let own = [(&id, at), (p.name.get_ref(), p.name.span().start)];
        let written = p.aliases.iter().map(|a| (a.get_ref(), a.span().start));
        for (name, name_at) in own.into_iter().chain(written) {
            let key = crate::source::lookup::normalise(name);
            match names.get(&key) {
                Some(other) if *other != id && aliases.contains(&name.as_str()) => {
                    diags.push(
                        Diagnostic::error(
                            path,
                            0,
                            crate::msg!("alias_twice", name = name, other = other, id = id),
                        )
                        .at_offset(&text, name_at),
                    );
                }
                Some(_) => {}
                None => {
                    names.insert(key, id.clone());
                }
            }
        }
        if !seen.insert(id.clone()) {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("place_twice", id = id))
                    .at_offset(&text, at),
            );
            continue;
        }
        if p.latitude.is_some() != p.longitude.is_some() {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("place_half_position", id = id))
                    .at_offset(&text, at),
            );
        }
        let place = Place {
            id,
            name: p.name.into_inner(),
            area: p.area,
            latitude: p.latitude.map(Spanned::into_inner),
            longitude: p.longitude.map(Spanned::into_inner),
            registered: true,
        };
        let aliases = p.aliases.into_iter().map(Spanned::into_inner).collect();
        out.push((place, aliases));
    }
    out
}
