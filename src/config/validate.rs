//! Checking a read configuration: every value that deserialising alone
//! cannot judge (names that must exist, colours, the time zone, the
//! outputs and their privacy rules), each problem reported at its place in
//! the file.

use std::path::Path;

use super::spans::Seg::{At, Key};
use super::spans::{Seg, Spans};
use super::*;
use crate::diagnostics::{Diagnostic, Diagnostics};

impl Config {
    pub(super) fn validate(&self, path: &Path, text: &str, diags: &mut Diagnostics) {
        let spans = Spans::new(text);
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
                .at_offset(text, spans.at(&[Key("municipality"), Key("timezone")]))
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
                    .at_offset(text, spans.at(&[Key("municipality"), Key(key)]))
                    .with_hint(Some(crate::msg!("lat_lon_hint"))),
                );
            }
        }
        let mut seen = BTreeMap::new();
        let mut ids = std::collections::HashSet::new();
        for (k, c) in self.categories.iter().enumerate() {
            let at = |key: &[Seg]| spans.at(&[&[Key("categories"), At(k)], key].concat());
            if !ids.insert(c.id.as_str()) {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("category_twice", id = c.id))
                        .at_offset(text, at(&[Key("id")])),
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
                        .at_offset(text, at(&[Key("id")])),
                );
            }
            if !is_hex_colour(&c.colour) {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!("category_colour", colour = c.colour, id = c.id),
                    )
                    .at_offset(text, at(&[Key("colour")])),
                );
            }
            let names = [(&c.id, vec![Key("id")]), (&c.label, vec![Key("label")])]
                .into_iter()
                .chain(
                    (c.aliases.iter().enumerate()).map(|(j, a)| (a, vec![Key("aliases"), At(j)])),
                );
            for (name, place) in names {
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
                        .at_offset(text, at(&place)),
                    );
                }
            }
        }
        self.validate_outputs(path, text, &spans, diags);
        self.validate_analysis(path, text, &spans, diags);
        if self.categories.is_empty() {
            diags.push(Diagnostic::error(path, 0, crate::msg!("no_categories")));
        }
        for (k, s) in self.sources.iter().enumerate() {
            let at = |key: &[Seg]| spans.at(&[&[Key("sources"), At(k)], key].concat());
            if !paths::stays_below(&s.glob) {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!("glob_outside", source = s.name, glob = s.glob),
                    )
                    .at_offset(text, at(&[Key("glob")])),
                );
            }
            if let (Some(from), Some(until)) = (s.covered_from, s.covered_until)
                && from > until
            {
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        crate::msg!("covered_order", source = s.name, from = from, until = until),
                    )
                    .at_offset(text, at(&[Key("covered_from")])),
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
                        .at_offset(text, at(&[Key("glob")])),
                );
            }
            let targets = s
                .categories
                .iter()
                .map(|(name, t)| (t, vec![Key("categories"), Key(name)]))
                .chain(s.catch_all.iter().map(|t| (t, vec![Key("catch_all")])))
                .chain((s.fixed.category.iter()).map(|t| (t, vec![Key("fixed"), Key("category")])));
            for (target, place) in targets {
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
                        .at_offset(text, at(&place))
                        .with_hint(hint),
                    );
                }
            }
        }
    }

    fn validate_outputs(&self, path: &Path, text: &str, spans: &Spans, diags: &mut Diagnostics) {
        let mut names = std::collections::HashSet::new();
        for (k, o) in self.outputs.iter().enumerate() {
            let at = |key: &[Seg]| spans.at(&[&[Key("outputs"), At(k)], key].concat());
            let ok = !o.name.is_empty()
                && o.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("output_name_chars", name = o.name))
                        .at_offset(text, at(&[Key("name")])),
                );
            }
            if !names.insert(o.name.as_str()) {
                diags.push(
                    Diagnostic::error(path, 0, crate::msg!("output_twice", name = o.name))
                        .at_offset(text, at(&[Key("name")])),
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
                .at_offset(text, spans.at(&[Key("privacy"), Key("threshold")])),
            );
        }
        let cadences = &self.privacy.cadences;
        if let Some(i) = cadences.iter().position(|c| *c == Cadence::Operative) {
            diags.push(
                Diagnostic::error(path, 0, crate::msg!("privacy_operative"))
                    .at_offset(text, spans.at(&[Key("privacy"), Key("cadences"), At(i)])),
            );
        }
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}
