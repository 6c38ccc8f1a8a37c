//! Reading the publication ledger `content/releases.toml` (see
//! [`crate::model::ledger`] for what it is and why).
//!
//! The ledger is checked, never repaired: a line that does not parse, a
//! release whose numbers no longer match its sha256 (edited by hand),
//! releases out of order, or a period released twice is an error naming the
//! file, line and column, so a build never publishes from a ledger that
//! does not say what was released.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::config::toml_diagnostic;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::model::ledger::{
    CellId, Entry, Ledger, PeriodRef, Protection, Release, Revision, Value,
};

/// The ledger's place in the site folder.
pub const LEDGER_FILE: &str = "content/releases.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerFile {
    #[serde(default)]
    release: Vec<Spanned<ReleaseToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseToml {
    number: u32,
    date: Spanned<toml::value::Datetime>,
    through: Spanned<toml::value::Datetime>,
    sha256: Spanned<String>,
    #[serde(default = "marked")]
    marks_small: bool,
    #[serde(default)]
    protection: Option<Spanned<String>>,
    #[serde(default)]
    threshold: Option<Spanned<u64>>,
    #[serde(default)]
    periods: Vec<Spanned<String>>,
    #[serde(default)]
    numbers: Vec<Spanned<String>>,
    #[serde(default)]
    revision: Vec<RevisionToml>,
}

/// A release written before the key existed told which counts were small.
fn marked() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionToml {
    cell: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// Reads the ledger file at `path` (the site's [`LEDGER_FILE`], once
/// found inside the site): `None` when there is none.
pub fn read(path: &Path, diags: &mut Diagnostics) -> Option<Ledger> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                0,
                crate::msg!("cannot_read", error = e),
            ));
            return None;
        }
    };
    let text = match crate::diagnostics::text_from_bytes(path, &bytes, "TOML") {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    parse(path, &text, diags)
}

/// Parses and checks ledger text; errors go to `diags`.
pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Ledger> {
    let file: LedgerFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(toml_diagnostic(path, text, &e, 0));
            return None;
        }
    };
    let errors_before = diags.errors().count();
    let mut at = Reader {
        path,
        text,
        diags,
        seen: BTreeSet::new(),
    };
    let mut ledger = Ledger::default();
    for r in file.release {
        let start = r.span().start;
        let release = at.release(r.into_inner(), start, &ledger);
        ledger.releases.extend(release);
    }
    (diags.errors().count() == errors_before).then_some(ledger)
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    diags: &'a mut Diagnostics,
    /// Periods released so far.
    seen: BTreeSet<PeriodRef>,
}

impl Reader<'_> {
    fn error(&mut self, offset: usize, message: String) {
        self.diags
            .push(Diagnostic::error(self.path, 0, message).at_offset(self.text, offset));
    }

    fn date(&mut self, d: &Spanned<toml::value::Datetime>) -> Option<NaiveDate> {
        let parsed = NaiveDate::parse_from_str(&d.get_ref().to_string(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.error(d.span().start, crate::msg!("ledger_date"));
        }
        parsed
    }

    fn parsed<T>(
        &mut self,
        s: &Spanned<String>,
        what: &str,
        f: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = f(s.get_ref());
        if v.is_none() {
            self.error(
                s.span().start,
                crate::msg!(
                    "ledger_not_what",
                    value = crate::diagnostics::echo(s.get_ref()),
                    what = what
                ),
            );
        }
        v
    }

    fn release(&mut self, r: ReleaseToml, start: usize, ledger: &Ledger) -> Option<Release> {
        let expected = ledger.releases.len() as u32 + 1;
        if r.number != expected {
            self.error(
                start,
                crate::msg!("ledger_number", number = r.number, expected = expected),
            );
        }
        let (date, through) = (self.date(&r.date), self.date(&r.through));
        let periods: Vec<PeriodRef> = r.periods.iter().filter_map(|p| self.period(p)).collect();
        let entries: Vec<Entry> = r
            .numbers
            .iter()
            .filter_map(|e| self.parsed(e, &crate::msg!("ledger_what_number"), Entry::parse))
            .collect();
        let revisions: Vec<Revision> = r.revision.iter().filter_map(|v| self.revision(v)).collect();
        let release = Release {
            number: r.number,
            date: date?,
            through: through?,
            periods,
            entries,
            revisions,
            marks_small: r.marks_small,
            protection: self.protection(r.protection.as_ref())?,
            threshold: self.threshold(r.threshold.as_ref())?,
            line: crate::diagnostics::locate(self.text, start).0,
        };
        if release.hash() != *r.sha256.get_ref() {
            self.error(
                r.sha256.span().start,
                crate::msg!("ledger_sha", number = release.number),
            );
            return None;
        }
        Some(release)
    }

    /// The rule of a release: two values when the key is absent (releases
    /// from before it), else `interval`.
    fn protection(&mut self, p: Option<&Spanned<String>>) -> Option<Protection> {
        let Some(p) = p else {
            return Some(Protection::TwoValues);
        };
        let what = crate::msg!("ledger_what_protection");
        self.parsed(p, &what, |s| {
            (s == "interval").then_some(Protection::Interval)
        })
    }

    /// The threshold a release was made with, if it says (releases from
    /// before the key do not): at least 3, as the configuration's.
    fn threshold(&mut self, t: Option<&Spanned<u64>>) -> Option<Option<u64>> {
        let Some(t) = t else { return Some(None) };
        let value = *t.get_ref();
        if value < 3 {
            self.error(t.span().start, crate::msg!("threshold_low", value = value));
            return None;
        }
        Some(Some(value))
    }

    fn period(&mut self, p: &Spanned<String>) -> Option<PeriodRef> {
        let period = self.parsed(p, &crate::msg!("ledger_what_period"), PeriodRef::parse)?;
        if !self.seen.insert(period.clone()) {
            self.error(
                p.span().start,
                crate::msg!("ledger_period_twice", period = period),
            );
            return None;
        }
        Some(period)
    }

    fn revision(&mut self, v: &RevisionToml) -> Option<Revision> {
        let cell = self.parsed(&v.cell, &crate::msg!("ledger_what_cell"), CellId::parse);
        let from = self.parsed(&v.from, &crate::msg!("ledger_what_value"), Value::parse);
        let to = self.parsed(&v.to, &crate::msg!("ledger_what_value"), Value::parse);
        Some(Revision {
            cell: cell?,
            from: from?,
            to: to?,
            reason: v.reason.clone().filter(|r| !r.trim().is_empty()),
        })
    }
}

/// A revision's reason is published beside it: one that names a place,
/// which the public output never shows, is an error at its release.
pub fn check_reasons(site_dir: &Path, ledger: &Ledger, model: &Model, diags: &mut Diagnostics) {
    for r in &ledger.releases {
        for v in &r.revisions {
            let Some(reason) = &v.reason else { continue };
            if let Some(place) = model.place_named_in(reason) {
                diags.push(Diagnostic::error(
                    &site_dir.join(LEDGER_FILE),
                    r.line,
                    crate::msg!(
                        "ledger_reason_place",
                        cell = v.cell,
                        number = r.number,
                        place = place
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Cadence;

    fn sample() -> Ledger {
        let cell = CellId::parse("month/2026-01 category:brand").unwrap();
        Ledger {
            releases: vec![Release {
                number: 1,
                date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                through: NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
                periods: vec![PeriodRef {
                    cadence: Cadence::Month,
                    slug: "2026-01".into(),
                }],
                entries: vec![Entry {
                    cell,
                    value: Value {
                        count: 2,
                        hidden: true,
                    },
                }],
                revisions: Vec::new(),
                marks_small: false,
                protection: Protection::Interval,
                threshold: Some(4),
                line: 16,
            }],
        }
    }

    #[test]
    fn written_ledger_reads_back() {
        let ledger = sample();
        let mut diags = Diagnostics::default();
        let back = parse(Path::new("releases.toml"), &ledger.to_toml(), &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(back, Some(ledger));
    }

    #[test]
    fn a_release_without_protection_keeps_two_values() {
        let text = sample().to_toml();
        assert!(text.contains("\nprotection = \"interval\"\n"), "{text}");
        // A release written before the key: its hash is over the text
        // without it, and it reads back as the earlier rule.
        let mut old = sample();
        old.releases[0].protection = Protection::TwoValues;
        let text = old.to_toml();
        assert!(!text.contains("\nprotection ="), "{text}");
        let mut diags = Diagnostics::default();
        let back = parse(Path::new("releases.toml"), &text, &mut diags).unwrap();
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(back.releases[0].protection, Protection::TwoValues);
        // Adding the key by hand is caught by the hash, and an unknown rule
        // is an error at its value.
        let added = text.replace(
            "marks_small = false\n",
            "marks_small = false\nprotection = \"interval\"\n",
        );
        let mut diags = Diagnostics::default();
        parse(Path::new("releases.toml"), &added, &mut diags);
        assert!(diags.has_errors());
        let unknown = text.replace(
            "marks_small = false\n",
            "marks_small = false\nprotection = \"wide\"\n",
        );
        let mut diags = Diagnostics::default();
        parse(Path::new("releases.toml"), &unknown, &mut diags);
        let shown = format!("{diags:?}");
        assert!(
            shown.contains("interval") && shown.contains("wide"),
            "{shown}"
        );
    }

    #[test]
    fn a_release_keeps_the_threshold_it_was_made_with() {
        let text = sample().to_toml();
        assert!(text.contains("\nthreshold = 4\n"), "{text}");
        // Lowering it by hand is caught by the hash.
        let lowered = text.replace("threshold = 4", "threshold = 3");
        let mut diags = Diagnostics::default();
        assert_eq!(
            parse(Path::new("releases.toml"), &lowered, &mut diags),
            None
        );
        // A release written before the key has its old hash and says none;
        // a threshold below 3 is an error at its value.
        let mut old = sample();
        old.releases[0].threshold = None;
        let text = old.to_toml();
        assert!(!text.contains("\nthreshold ="), "{text}");
        let mut diags = Diagnostics::default();
        let back = parse(Path::new("releases.toml"), &text, &mut diags).expect("parses");
        assert_eq!(back.releases[0].threshold, None);
        let low = text.replace("periods = [", "threshold = 2\nperiods = [");
        let mut diags = Diagnostics::default();
        assert_eq!(parse(Path::new("releases.toml"), &low, &mut diags), None);
        let d = diags.errors().next().expect("an error");
        let line = low.lines().position(|l| l == "threshold = 2").unwrap() + 1;
        assert_eq!(
            (d.line, d.message.contains('2')),
            (line, true),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_release_without_marks_small_told_which_counts_were_small() {
        let text = sample().to_toml();
        assert!(text.contains("\nmarks_small = false\n"), "{text}");
        // Taking the key out by hand is caught by the hash.
        let edited = text.replace("marks_small = false\n", "");
        let mut diags = Diagnostics::default();
        assert_eq!(parse(Path::new("releases.toml"), &edited, &mut diags), None);
        // A release written before the key existed has its old hash.
        let mut old = sample();
        old.releases[0].marks_small = true;
        let text = old.to_toml();
        assert!(!text.contains("\nmarks_small ="), "{text}");
        let mut diags = Diagnostics::default();
        let back = parse(Path::new("releases.toml"), &text, &mut diags).expect("parses");
        assert!(back.releases[0].marks_small);
    }

    #[test]
    fn a_number_edited_by_hand_is_an_error_at_the_hash() {
        let text = sample().to_toml().replace("= ..2", "= ..1");
        let mut diags = Diagnostics::default();
        assert_eq!(parse(Path::new("releases.toml"), &text, &mut diags), None);
        let d = diags.errors().next().expect("an error");
        assert!(d.message.contains("edited by hand"), "{}", d.message);
        let line = text.lines().position(|l| l.starts_with("sha256")).unwrap() + 1;
        assert_eq!(d.line, line);
    }
}
