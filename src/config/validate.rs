//! Checking a read configuration: every value that deserialising alone
//! cannot judge (names that must exist, colours, the time zone, the
//! outputs and their privacy rules), each problem reported at its place in
//! the file.

use std::path::Path;

use super::*;
use crate::diagnostics::{Diagnostic, Diagnostics};

impl Config {
    pub(super) fn validate(&self, path: &Path, text: &str, diags: &mut Diagnostics) {
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        if self.timezone().is_none() {
            diags.push(
                Diagnostic::error(
                    path,
                    0,
                    crate::msg!(
                        "unknown_timezone",
                        name = crate::diagnostics::echo(&self.municipality.timezone)
                    ),
                )
                .at_offset(text, at(&self.municipality.timezone))
                .with_hint(crate::diagnostics::suggest(
                    &self.municipality.timezone,
                    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()),
                )),
            );
        }
        for (key, value, limit) in [
            ("latitude", self.municipality.latitude, 90.0),
            ("longitude", self.municipality.longitude, 180.0),
        ] {
            if !(-limit..=limit).contains(&value) {
                let from = text.find("[municipality]").unwrap_or(0);
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!(
                            "municipality_off_earth",
                            key = key,
                            value = value,
                            limit = limit
                        ),
                    )
                    .at_offset(text, crate::diagnostics::toml_value_offset(text, from, key))
                    .with_hint(Some(crate::msg!("lat_lon_hint"))),
                );
            }
        }
        let mut seen = BTreeMap::new();
        let mut ids = std::collections::HashSet::new();
        for (k, c) in self.categories.iter().enumerate() {
            let start = crate::diagnostics::toml_entry_start(text, "categories", k);
            let at = |needle: &str| crate::diagnostics::find_from(text, start, needle);
            if !ids.insert(c.id.as_str()) {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("category_twice", id = c.id))
                        .at_offset(text, at(&format!("\"{}\"", c.id))),
                );
                continue;
            }
            let ok_id = !c.id.is_empty()
                && c.id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
            if !ok_id {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("category_id_chars", id = c.id))
                        .at_offset(text, at(&format!("\"{}\"", c.id))),
                );
            }
            if !is_hex_colour(&c.colour) {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!("category_colour", colour = c.colour, id = c.id),
                    )
                    .at_offset(text, at(&c.colour)),
                );
            }
            for name in std::iter::once(&c.id)
                .chain(std::iter::once(&c.label))
                .chain(&c.aliases)
            {
                if let Some(other) = seen.insert(name.to_lowercase(), c.id.clone())
                    && other != c.id
                {
                    diags.push(
                        Diagnostic::error(
                            path,
                            0,
                            crate::msg!(
                                "category_name_twice",
                                name = name,
                                other = other,
                                id = c.id
                            ),
                        )
                        .at_offset(text, at(&format!("\"{name}\""))),
                    );
                }
            }
        }
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        self.validate_outputs(path, text, diags);
        self.validate_analysis(path, text, diags);
        if self.categories.is_empty() {
            diags.push(Diagnostic::error(path, 0, crate::msg!("no_categories")));
        }
        for (k, s) in self.sources.iter().enumerate() {
            if !paths::stays_below(&s.glob) {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!("glob_outside", source = s.name, glob = s.glob),
                    )
                    .at_offset(text, at(&s.glob)),
                );
            }
            if let (Some(from), Some(until)) = (s.covered_from, s.covered_until)
                && from > until
            {
                let start = crate::diagnostics::toml_entry_start(text, "sources", k);
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!("covered_order", source = s.name, from = from, until = until),
                    )
                    .at_offset(
                        text,
                        crate::diagnostics::toml_value_offset(text, start, "covered_from"),
                    ),
                );
            }
            if let Some(keep) = s.keep.as_ref().filter(|k| k.values.get_ref().is_empty()) {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("keep_empty", source = s.name))
                        .at_offset(text, keep.values.span().start),
                );
            }
            if let Err(e) = globset::Glob::new(&s.glob) {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("bad_glob", source = s.name, error = e))
                        .at_offset(text, at(&s.glob)),
                );
            }
            let targets = s
                .categories
                .values()
                .chain(s.catch_all.iter())
                .chain(s.fixed.category.iter());
            for target in targets {
                if !seen.contains_key(&target.to_lowercase()) {
                    let hint = crate::diagnostics::suggest(
                        target,
                        self.categories.iter().map(|c| c.id.as_str()),
                    );
                    diags.push(
                        Diagnostic::error(
                            path,
                            0,
                            crate::msg!(
                                "source_unknown_category",
                                source = s.name,
                                target = target
                            ),
                        )
                        .at_offset(text, at(&format!("\"{target}\"")))
                        .with_hint(hint),
                    );
                }
            }
        }
    }

    fn validate_outputs(&self, path: &Path, text: &str, diags: &mut Diagnostics) {
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        let mut names = std::collections::HashSet::new();
        for o in &self.outputs {
            let ok = !o.name.is_empty()
                && o.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("output_name_chars", name = o.name))
                        .at_offset(text, at(&format!("\"{}\"", o.name))),
                );
            }
            if !names.insert(o.name.as_str()) {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("output_twice", name = o.name))
                        .at_offset(text, at(&format!("\"{}\"", o.name))),
                );
            }
        }
        if self.privacy.threshold < 3 {
            diags.push(
                Diagnostic::error(
                    path,
                    0,
                    crate::msg!("threshold_low", value = self.privacy.threshold),
                )
                .at_offset(text, at("threshold")),
            );
        }
        if self.privacy.cadences.contains(&Cadence::Operative) {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("privacy_operative"))
                    .at_offset(text, at("operative")),
            );
        }
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}
