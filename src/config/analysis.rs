//! Configuration of the analysis inputs: area polygons, reference
//! statistics, the hot-spot rule and the effect evaluation of actions.
//! Every table is optional.

use super::spans::Seg::{At, Key};
use super::spans::Spans;
use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// `[areas]`: a GeoJSON file of area polygons below `content/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreasConfig {
    /// Relative to `content/` and inside it; a missing file means no
    /// polygons. Spanned, so an error can point at the value.
    #[serde(default = "default_areas_file")]
    pub file: toml::Spanned<String>,
    /// The feature property that names the area.
    #[serde(default = "default_name_property")]
    pub name_property: String,
    /// The file's coordinates: "wgs84" (GeoJSON's own, longitude first) or
    /// "sweref99tm" (easting, northing in metres).
    #[serde(default)]
    pub crs: Crs,
}

impl Default for AreasConfig {
    fn default() -> Self {
        AreasConfig {
            file: default_areas_file(),
            name_property: default_name_property(),
            crs: Crs::default(),
        }
    }
}

fn default_areas_file() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "areas.geojson".into())
}

fn default_name_property() -> String {
    "name".into()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Crs {
    #[default]
    Wgs84,
    Sweref99tm,
}

/// `[reference]`: how the official statistics compare with own counts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceConfig {
    /// Reference key → the own categories it is compared with; `["*"]`
    /// means all categories.
    #[serde(default)]
    pub compare: BTreeMap<String, Vec<String>>,
    /// Reference key → label shown instead of the key.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// `[hotspots]`: when a place is flagged as clearly above its usual level.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotspotConfig {
    /// How many earlier periods of the same cadence make the baseline.
    #[serde(default = "default_baseline")]
    pub baseline_periods: usize,
    /// Flag when P(X ≥ observed) under the baseline is below this.
    #[serde(default = "default_p")]
    pub p_value: f64,
    /// Fewer events than this are never flagged.
    #[serde(default = "default_min")]
    pub min_count: u64,
}

impl Default for HotspotConfig {
    fn default() -> Self {
        HotspotConfig {
            baseline_periods: default_baseline(),
            p_value: default_p(),
            min_count: default_min(),
        }
    }
}

fn default_baseline() -> usize {
    6
}

fn default_p() -> f64 {
    0.01
}

fn default_min() -> u64 {
    5
}

/// `[effects]`: how an action's effect is evaluated (see
/// `analysis::effects`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectsConfig {
    /// Whole months counted before and after the start month (each side).
    #[serde(default = "default_window")]
    pub window_months: u32,
    /// Whole months of data after the start month needed before an effect
    /// is evaluated; the windows shrink to what the data hold, down to this.
    #[serde(default = "default_min_after")]
    pub min_months_after: u32,
    /// Below this many events in any of the four counts the verdict is
    /// "too few events": the interval would say nothing.
    #[serde(default = "default_min")]
    pub min_count: u64,
}

impl Default for EffectsConfig {
    fn default() -> Self {
        EffectsConfig {
            window_months: default_window(),
            min_months_after: default_min_after(),
            min_count: default_min(),
        }
    }
}

fn default_window() -> u32 {
    6
}

fn default_min_after() -> u32 {
    3
}

/// The longest window an action or `[effects]` may ask for.
pub const MAX_WINDOW_MONTHS: u32 = 36;

impl super::Config {
    /// Checks `[hotspots]`, `[effects]` and that `[reference.compare]` names known
    /// categories.
    pub(super) fn validate_analysis(
        &self,
        path: &Path,
        text: &str,
        spans: &Spans,
        diags: &mut Diagnostics,
    ) {
        let hotspots = |key: &str| spans.at(&[Key("hotspots"), Key(key)]);
        let h = &self.hotspots;
        if !(h.p_value > 0.0 && h.p_value < 1.0) {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("hotspots_p_value", value = h.p_value))
                    .at_offset(text, hotspots("p_value")),
            );
        }
        if h.baseline_periods == 0 {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("hotspots_baseline"))
                    .at_offset(text, hotspots("baseline_periods")),
            );
        }
        let file = &self.areas.file;
        if !super::paths::stays_below(file.get_ref()) {
            diags.push(
                Diagnostic::error(
                    path,
                    0,
                    crate::msg!(
                        "areas_outside",
                        file = crate::diagnostics::echo(file.get_ref())
                    ),
                )
                .at_offset(text, file.span().start)
                .with_hint(Some(crate::msg!("areas_outside_hint"))),
            );
        }
        let e = &self.effects;
        let at_effects = |key: &str| spans.at(&[Key("effects"), Key(key)]);
        if !(1..=MAX_WINDOW_MONTHS).contains(&e.window_months) {
            diags.push(
                Diagnostic::error(
                    path,
                    0,
                    crate::msg!("effects_window", max = MAX_WINDOW_MONTHS),
                )
                .at_offset(text, at_effects("window_months")),
            );
        }
        if e.min_months_after == 0 || e.min_months_after > e.window_months {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("effects_min_after"))
                    .at_offset(text, at_effects("min_months_after")),
            );
        }
        if e.min_count == 0 {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("effects_min_count"))
                    .at_offset(text, at_effects("min_count")),
            );
        }
        let ids = self.categories.iter().map(|c| c.id.as_str());
        for (key, cats) in &self.reference.compare {
            for (i, c) in cats.iter().enumerate().filter(|(_, c)| *c != "*") {
                if !self.categories.iter().any(|k| &k.id == c) {
                    diags.push(
                        Diagnostic::error(
                            path,
                            0,
                            crate::msg!("compare_unknown_category", key = key, name = c),
                        )
                        .at_offset(
                            text,
                            spans.at(&[Key("reference"), Key("compare"), Key(key), At(i)]),
                        )
                        .with_hint(crate::diagnostics::suggest(c, ids.clone())),
                    );
                }
            }
        }
    }
}
