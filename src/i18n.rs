//! Language: the theme's translation files hold every word the reader sees,
//! interface text and the words and formats of data-derived text alike
//! (period names, cadences, groups, statuses, dates and numbers, written
//! the way Swedish statistics write them: `1 234`, `12,5 %`, "18 april
//! 2023", "v. 16", "tertial 2 2024"). A site changes any of them by
//! overriding keys in its own `i18n/` file; code holds no words.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::analysis::Period;
use crate::config::Cadence;
use crate::model::ActionStatus;

/// Words and formats for data-derived text, read once from the theme's
/// translation file (`month_1`, `cadence_quarter`, `period_tertial`,
/// `thousands_separator` …). Cheap to clone: the texts are shared.
#[derive(Debug, Clone)]
pub struct Words {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    texts: Translations,
    months: Vec<String>,
    months_short: Vec<String>,
    thousands: String,
    decimal: String,
}

impl Words {
    pub fn new(texts: &Translations) -> Self {
        let list = |prefix: &str| {
            (1..=12)
                .map(|m| texts.get(&format!("{prefix}{m}")))
                .collect()
        };
        Words {
            inner: Arc::new(Inner {
                months: list("month_"),
                months_short: list("month_short_"),
                thousands: texts.get("thousands_separator"),
                decimal: texts.get("decimal_separator"),
                texts: texts.clone(),
            }),
        }
    }

    fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        self.inner.texts.fill(key, args)
    }

    /// "april" (1 = January).
    pub fn month(&self, m: u32) -> &str {
        &self.inner.months[(m as usize).saturating_sub(1).min(11)]
    }

    fn month_abbr(&self, m: u32) -> &str {
        &self.inner.months_short[(m as usize).saturating_sub(1).min(11)]
    }

    /// An integer with thousands separated: `1 234` (sv), `1,234` (en).
    pub fn num(&self, n: i64) -> String {
        let out = self.grouped(&n.unsigned_abs().to_string());
        if n < 0 { format!("−{out}") } else { out }
    }

    /// Digits with the language's thousands separator: `8 437`.
    fn grouped(&self, digits: &str) -> String {
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.inner.thousands);
            }
            out.push(ch);
        }
        out
    }

    /// A change with its sign: `+5`, `−3`, `±0`.
    pub fn signed(&self, n: i64) -> String {
        match n.signum() {
            1 => format!("+{}", self.num(n)),
            0 => "±0".to_string(),
            _ => self.num(n),
        }
    }

    /// A percentage with one decimal and sign: `+12,5 %` (sv), `+12.5%` (en).
    pub fn pct(&self, p: f64) -> String {
        let sign = if p > 0.0 {
            "+"
        } else if p < 0.0 {
            "−"
        } else {
            "±"
        };
        let body = format!("{:.1}", p.abs()).replace('.', &self.inner.decimal);
        format!("{sign}{}", self.fill("percent", &[("value", body)]))
    }

    /// A decimal number: `62,5` (sv), `62.5` (en), minus as `−`.
    /// A decimal number with the language's separators, thousands
    /// grouped as in [`Words::num`]: `8 437`, `1 234,5`, `−0,25`.
    pub fn decimal(&self, x: f64, digits: usize) -> String {
        let s = format!("{x:.digits$}");
        let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("−", r));
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let mut out = format!("{sign}{}", self.grouped(int));
        if !frac.is_empty() {
            out.push_str(&self.inner.decimal);
            out.push_str(frac);
        }
        out
    }

    /// The decimal separator of the language.
    pub fn decimal_separator(&self) -> &str {
        &self.inner.decimal
    }

    /// A whole percentage without sign: `42 %` (sv), `42%` (en).
    pub fn percent(&self, n: i64) -> String {
        self.fill("percent", &[("value", self.num(n))])
    }

    /// "18 april 2023".
    pub fn date(&self, d: NaiveDate) -> String {
        self.fill(
            "date_long",
            &[
                ("day", d.day().to_string()),
                ("month", self.month(d.month()).to_string()),
                ("year", d.year().to_string()),
            ],
        )
    }

    /// "18 apr": a short date without year, used on chart axes.
    pub fn date_short(&self, d: NaiveDate) -> String {
        self.fill(
            "date_short",
            &[
                ("day", d.day().to_string()),
                ("month", self.month_abbr(d.month()).to_string()),
            ],
        )
    }

    /// "mar 2024": a month, used on chart axes and narrow tables.
    pub fn month_short(&self, d: NaiveDate) -> String {
        self.fill(
            "month_year_short",
            &[
                ("month", self.month_abbr(d.month()).to_string()),
                ("year", d.year().to_string()),
            ],
        )
    }

    /// ISO week: "v. 16".
    pub fn week(&self, d: NaiveDate) -> String {
        self.fill("week", &[("week", d.iso_week().week().to_string())])
    }

    /// "Kvartal".
    pub fn cadence(&self, c: Cadence) -> String {
        self.inner.texts.get(&format!("cadence_{}", c.id()))
    }

    /// "mars 2024", "januari–februari 2024", "tertial 2 2024", "kvartal 3
    /// 2024", "2024", "5–18 april 2024".
    pub fn period(&self, p: &Period) -> String {
        if p.cadence == Cadence::Operative {
            return self.range(p.start, p.end);
        }
        self.fill(
            &format!("period_{}", p.cadence.id()),
            &[
                ("n", p.number.to_string()),
                ("year", p.year.to_string()),
                ("month", self.month(p.start.month()).to_string()),
                ("from", self.month(p.start.month()).to_string()),
                ("to", self.month(p.end.month()).to_string()),
            ],
        )
    }

    /// A period as an entry of a list of reports of every cadence,
    /// naming the cadence once: "Kvartal 4 2026", "Månad: oktober 2026".
    pub fn period_entry(&self, p: &Period) -> String {
        self.fill(
            &format!("entry_{}", p.cadence.id()),
            &[
                ("period", self.period(p)),
                ("n", p.number.to_string()),
                ("year", p.year.to_string()),
            ],
        )
    }

    /// A date range written compactly: "5–18 april 2024", "29 mars–11 april 2024".
    pub fn range(&self, a: NaiveDate, b: NaiveDate) -> String {
        let from = if a.year() != b.year() {
            self.date(a)
        } else if a.month() != b.month() {
            self.fill(
                "date_no_year",
                &[
                    ("day", a.day().to_string()),
                    ("month", self.month(a.month()).to_string()),
                ],
            )
        } else {
            a.day().to_string()
        };
        format!("{from}–{}", self.date(b))
    }

    /// "Pågår".
    pub fn status(&self, s: ActionStatus) -> String {
        self.inner.texts.get(&format!("status_{}", s.id()))
    }

    /// Label of a built-in group (`group_operative` …); configured groups
    /// carry their own label.
    pub fn group(&self, id: &str) -> Option<String> {
        self.inner
            .texts
            .text(&format!("group_{id}"))
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(file: &str) -> Words {
        let mut t = Translations::default();
        t.merge_toml(file).unwrap();
        Words::new(&t)
    }

    fn sv() -> Words {
        words(include_str!("../themes/default/i18n/sv.toml"))
    }

    #[test]
    fn a_text_is_filled_in_one_pass() {
        let mut t = Translations::default();
        t.merge_toml("t = \"{a} och {b}, {{a}}, {c} {a\"\nopen = \"{\"")
            .unwrap();
        let args = [("a", "{b}".to_string()), ("b", "två".to_string())];
        // A value is not searched for names; an unknown name and an
        // unclosed brace stay as they are.
        assert_eq!(t.fill("t", &args), "{b} och två, {{b}}, {c} {a");
        assert_eq!(t.fill("open", &args), "{");
        assert_eq!(t.fill("saknas {a}", &args), "saknas {b}");
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(sv().date(d), "5 december 2026");
    }

    #[test]
    fn swedish_numbers() {
        let (sv, en) = (sv(), words(include_str!("../themes/default/i18n/en.toml")));
        assert_eq!(sv.num(1234), "1\u{a0}234");
        assert_eq!(sv.num(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(sv.num(-12), "−12");
        assert_eq!(sv.pct(12.54), "+12,5\u{a0}%");
        assert_eq!(sv.signed(0), "±0");
        assert_eq!(en.num(1234), "1,234");
        assert_eq!(en.pct(-3.0), "−3.0%");
        // Decimals are grouped like whole numbers: "8 437" beside "1 198".
        assert_eq!(sv.decimal(8436.6, 0), "8\u{a0}437");
        assert_eq!(sv.decimal(-1234.56, 1), "−1\u{a0}234,6");
        assert_eq!(sv.decimal(0.5, 2), "0,50");
        assert_eq!(en.decimal(12345.0, 1), "12,345.0");
    }

    #[test]
    fn a_list_entry_names_the_cadence_once() {
        let sv = sv();
        let at = |c, y, m| {
            crate::analysis::periods::calendar_period(c, NaiveDate::from_ymd_opt(y, m, 1).unwrap())
        };
        assert_eq!(
            sv.period_entry(&at(Cadence::Quarter, 2026, 11)),
            "Kvartal 4 2026"
        );
        assert_eq!(sv.period_entry(&at(Cadence::Year, 2026, 1)), "År 2026");
        assert_eq!(
            sv.period_entry(&at(Cadence::Month, 2026, 10)),
            "Månad: oktober 2026"
        );
    }

    #[test]
    fn swedish_dates_and_periods() {
        let sv = sv();
        let d = NaiveDate::from_ymd_opt(2023, 4, 18).unwrap();
        assert_eq!(sv.date(d), "18 april 2023");
        assert_eq!(sv.week(d), "v. 16");
        assert_eq!(sv.date_short(d), "18 apr");
        assert_eq!(sv.month_short(d), "apr 2023");
        let at = |c, y, m| {
            crate::analysis::periods::calendar_period(c, NaiveDate::from_ymd_opt(y, m, 1).unwrap())
        };
        assert_eq!(sv.period(&at(Cadence::Tertial, 2024, 6)), "tertial 2 2024");
        assert_eq!(sv.period(&at(Cadence::Quarter, 2024, 8)), "kvartal 3 2024");
        assert_eq!(sv.period(&at(Cadence::Month, 2024, 3)), "mars 2024");
        assert_eq!(
            sv.period(&at(Cadence::Bimonth, 2024, 2)),
            "januari–februari 2024"
        );
        assert_eq!(sv.period(&at(Cadence::Year, 2024, 2)), "2024");
        let a = NaiveDate::from_ymd_opt(2024, 3, 29).unwrap();
        assert_eq!(
            sv.range(a, a + chrono::Days::new(13)),
            "29 mars–11 april 2024"
        );
        assert_eq!(sv.range(d, d + chrono::Days::new(3)), "18–21 april 2023");
        assert_eq!(sv.status(ActionStatus::Ongoing), "Pågår");
        assert_eq!(
            sv.group("council").as_deref(),
            Some("Lokalt brottsförebyggande råd")
        );
        assert_eq!(sv.group("nämnden"), None);
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let keys = |file: &str| -> Vec<String> {
            let map: std::collections::BTreeMap<String, String> = toml::from_str(file).unwrap();
            map.into_keys().collect()
        };
        assert_eq!(
            keys(include_str!("../themes/default/i18n/sv.toml")),
            keys(include_str!("../themes/default/i18n/en.toml"))
        );
    }
}

/// Interface text of the theme: `key = "text"` with `{name}` placeholders.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Translations {
    texts: std::collections::BTreeMap<String, String>,
}

impl Translations {
    /// Adds (or replaces) the texts of a TOML file of `key = "text"` lines.
    pub fn merge_toml(&mut self, text: &str) -> Result<(), toml::de::Error> {
        let map: std::collections::BTreeMap<String, String> = toml::from_str(text)?;
        self.texts.extend(map);
        Ok(())
    }

    /// The text for `key`; the key itself when missing, so a gap shows.
    pub fn get(&self, key: &str) -> String {
        self.texts
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The text for `key`, if the files have it.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// The text for `key` with each `{name}` replaced by its value, in
    /// one pass ([`crate::messages::fill`]): a value is never searched for
    /// names itself (a title holding `{year}` stays as it is), and no text
    /// is copied per name (dates and ranges are filled tens of thousands
    /// of times a build).
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        crate::messages::fill(self.text(key).unwrap_or(key), args)
    }
}
