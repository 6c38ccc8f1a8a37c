//! Areas: the GeoJSON file of area polygons (`content/areas.geojson`, set
//! in `[areas]`) and the assignment of every incident to an area.
//!
//! Areas such as SCB's DeSO or RegSO come as GeoJSON: a FeatureCollection
//! of Polygon or MultiPolygon features (holes allowed) with a property
//! naming the area. An incident with coordinates counts in the polygon
//! that holds them (see [`crate::model::geo`] for the edge rule); one
//! without coordinates, or outside every polygon, counts in its place's
//! area from the register (or the polygon holding the place's
//! coordinates when the register gives it no area).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use super::coords::grid_to_geodetic;
use crate::config::{AreasConfig, Crs};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::geo::{Area, Micro, Polygon, area_at};
use crate::model::{AreaId, Model, Place};

/// Reads the polygons of the areas file `path`.
pub fn read(path: &Path, config: &AreasConfig, diags: &mut Diagnostics) -> Vec<Area> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                0,
                crate::msg!("cannot_read", error = e),
            ));
            return Vec::new();
        }
    };
    let text = match crate::diagnostics::text_from_bytes(path, &bytes, "GeoJSON") {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    match parse(&text, config) {
        Ok(areas) => areas,
        Err((offset, message)) => {
            diags.push(Diagnostic::error(path, 0, message).at_offset(&text, offset));
            Vec::new()
        }
    }
}

/// The areas of a GeoJSON text, or the first problem: (byte offset, message).
pub fn parse(text: &str, config: &AreasConfig) -> Result<Vec<Area>, (usize, String)> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        (
            line_col_offset(text, e.line(), e.column()),
            crate::msg!("json_invalid", error = e),
        )
    })?;
    if root["type"] != "FeatureCollection" {
        return Err((0, crate::msg!("geojson_not_collection")));
    }
    let Some(features) = root["features"].as_array() else {
        return Err((0, crate::msg!("geojson_no_features")));
    };
    let starts: Vec<usize> = text.match_indices("\"Feature\"").map(|(i, _)| i).collect();
    // Features of one name are one area, in order of first appearance.
    let mut out: Vec<(String, Vec<Polygon>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (k, f) in features.iter().enumerate() {
        let at = starts.get(k).copied().unwrap_or(0);
        let name = match &f["properties"][&config.name_property] {
            Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => {
                return Err((
                    at,
                    crate::msg!(
                        "geojson_no_name",
                        n = k + 1,
                        property = config.name_property
                    ),
                ));
            }
        };
        let polygons = geometry(&f["geometry"], config.crs).map_err(|m| {
            (
                at,
                crate::msg!("geojson_feature", n = k + 1, name = name, problem = m),
            )
        })?;
        match index.get(&name) {
            Some(&i) => out[i].1.extend(polygons),
            None => {
                index.insert(name.clone(), out.len());
                out.push((name, polygons));
            }
        }
    }
    Ok(out.into_iter().map(|(n, p)| Area::new(n, p)).collect())
}

fn geometry(g: &Value, crs: Crs) -> Result<Vec<Polygon>, String> {
    let coords = &g["coordinates"];
    match g["type"].as_str() {
        Some("Polygon") => Ok(vec![polygon(coords, crs)?]),
        Some("MultiPolygon") => coords
            .as_array()
            .ok_or_else(|| crate::msg!("geojson_multipolygon"))?
            .iter()
            .map(|p| polygon(p, crs))
            .collect(),
        Some(other) => Err(crate::msg!("geojson_not_area", kind = other)),
        None => Err(crate::msg!("geojson_no_geometry")),
    }
}

fn polygon(v: &Value, crs: Crs) -> Result<Polygon, String> {
    let rings = v.as_array().ok_or_else(|| crate::msg!("geojson_rings"))?;
    let mut rings = rings.iter().map(|r| ring(r, crs));
    let outer = rings.next().ok_or_else(|| crate::msg!("geojson_outer"))??;
    Ok(Polygon {
        outer,
        holes: rings.collect::<Result<_, _>>()?,
    })
}

fn ring(v: &Value, crs: Crs) -> Result<Vec<Micro>, String> {
    let points = v
        .as_array()
        .ok_or_else(|| crate::msg!("geojson_positions"))?;
    if points.len() < 4 {
        return Err(crate::msg!("geojson_ring_short", count = points.len()));
    }
    points.iter().map(|p| position(p, crs)).collect()
}

fn position(p: &Value, crs: Crs) -> Result<Micro, String> {
    let xy = p
        .as_array()
        .filter(|a| a.len() >= 2)
        .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)))
        .ok_or_else(|| crate::msg!("geojson_not_xy", position = p))?;
    let (lat, lon) = match crs {
        Crs::Wgs84 => (xy.1, xy.0),
        Crs::Sweref99tm => grid_to_geodetic(xy.1, xy.0),
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(crate::msg!(
            "geojson_off_earth",
            position = p,
            crs = match crs {
                Crs::Wgs84 => crate::msg!("crs_wgs84"),
                Crs::Sweref99tm => crate::msg!("crs_sweref"),
            }
        ));
    }
    Ok(((lat * 1e6).round() as i64, (lon * 1e6).round() as i64))
}

fn line_col_offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + col.saturating_sub(1)).min(text.len())
}

/// Warns about places whose coordinates lie in another area's polygon
/// than the register names: one of the two is probably wrong.
pub fn check_places(places_file: &Path, model: &Model, polygons: &[Area], diags: &mut Diagnostics) {
    let text = std::fs::read_to_string(places_file).unwrap_or_default();
    for p in model.places.iter().filter(|p| p.registered) {
        let (Some(area), Some((la, lo))) = (&p.area, p.latitude.zip(p.longitude)) else {
            continue;
        };
        let at = ((la * 1e6).round() as i64, (lo * 1e6).round() as i64);
        if let Some(i) = area_at(polygons, at)
            && polygons[i].name != *area
        {
            let offset = crate::diagnostics::find_from(&text, 0, &format!("\"{}\"", p.id));
            diags.push(
                Diagnostic::warning(
                    places_file,
                    0,
                    crate::msg!(
                        "place_area_mismatch",
                        id = p.id,
                        area = area,
                        other = polygons[i].name
                    ),
                )
                .at_offset(&text, offset)
                .with_hint(Some(crate::msg!("place_area_mismatch_hint"))),
            );
        }
    }
}

/// Fills `model.areas` and every incident's area (see the module docs).
pub fn assign(model: &mut Model, polygons: Vec<Area>) {
    let areas = with_register(polygons, &model.places);
    let index: HashMap<&str, AreaId> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.as_str(), i as AreaId))
        .collect();
    let place_area: Vec<Option<AreaId>> = model
        .places
        .iter()
        .map(|p| match (&p.area, p.latitude.zip(p.longitude)) {
            (Some(a), _) => index.get(a.as_str()).copied(),
            (None, Some((la, lo))) => {
                let at = ((la * 1e6).round() as i64, (lo * 1e6).round() as i64);
                area_at(&areas, at).map(|i| i as AreaId)
            }
            (None, None) => None,
        })
        .collect();
    let any_polygons = areas.iter().any(|a| !a.polygons.is_empty());
    for inc in model.incidents.make_mut().iter_mut() {
        let by_position = (inc.position())
            .filter(|_| any_polygons)
            .and_then(|(la, lo)| area_at(&areas, (i64::from(la), i64::from(lo))));
        let area = (by_position.map(|i| i as AreaId))
            .or_else(|| inc.place().and_then(|p| place_area[p as usize]));
        // Only the 65,535th area could not be held (then none is set).
        inc.set_area(area);
    }
    model.areas = areas;
}

/// The areas: `polygons` (those of the areas file), then the other area
/// names `places` give, sorted.
pub fn with_register(mut areas: Vec<Area>, places: &[Place]) -> Vec<Area> {
    let named: BTreeSet<&str> = (places.iter())
        .filter_map(|p| p.area.as_deref())
        .filter(|a| !areas.iter().any(|x| x.name == *a))
        .collect();
    let extra: Vec<Area> = named
        .into_iter()
        .map(|n| Area::new(n.to_string(), Vec::new()))
        .collect();
    areas.extend(extra);
    areas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geo::area_at;

    fn config(crs: Crs) -> AreasConfig {
        AreasConfig {
            crs,
            ..AreasConfig::default()
        }
    }

    #[test]
    fn sweref_polygons_are_easting_then_northing() {
        // A 10 km square of SWEREF 99 TM around central Stockholm
        // (59.33° N, 18.07° E lies near E 674 000, N 6 580 000).
        let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
          "properties": {"name": 7}, "geometry": {"type": "Polygon", "coordinates":
          [[[669000, 6575000], [679000, 6575000], [679000, 6585000], [669000, 6585000], [669000, 6575000]]]}}]}"#;
        let areas = parse(text, &config(Crs::Sweref99tm)).unwrap();
        assert_eq!(areas[0].name, "7", "a numeric name is fine");
        assert_eq!(area_at(&areas, (59_330_000, 18_070_000)), Some(0));
        assert_eq!(area_at(&areas, (59_500_000, 18_070_000)), None);
        // Read as WGS84 the same numbers are off the Earth.
        let e = parse(text, &config(Crs::Wgs84)).unwrap_err();
        assert!(
            e.1.contains("is not on Earth as WGS84 [longitude, latitude]"),
            "{e:?}"
        );
    }

    #[test]
    fn features_with_one_name_are_one_area() {
        let square = |x: f64| {
            format!(
                "[[[{x}, 59.0], [{}, 59.0], [{}, 59.1], [{x}, 59.1], [{x}, 59.0]]]",
                x + 0.1,
                x + 0.1
            )
        };
        let text = format!(
            r#"{{"type": "FeatureCollection", "features": [
            {{"type": "Feature", "properties": {{"name": "A"}}, "geometry": {{"type": "Polygon", "coordinates": {}}}}},
            {{"type": "Feature", "properties": {{"name": "A"}}, "geometry": {{"type": "MultiPolygon", "coordinates": [{}]}}}}]}}"#,
            square(18.0),
            square(18.5)
        );
        let areas = parse(&text, &config(Crs::Wgs84)).unwrap();
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].polygons.len(), 2);
        assert_eq!(area_at(&areas, (59_050_000, 18_550_000)), Some(0));
        let short = text.replace(", [18.1, 59.1], [18, 59.1]", "");
        let e = parse(&short, &config(Crs::Wgs84)).unwrap_err();
        assert!(e.1.contains("a ring needs at least 4 positions"), "{e:?}");
    }
}
