//! Language-dependent words and number formats for data-derived text:
//! period names, cadences, groups, statuses, dates and numbers, written the
//! way Swedish statistics write them (`1 234`, `12,5 %`, "18 april 2023",
//! "v. 16", "tertial 2 2024"). Interface text of the theme lives in the
//! theme's translation files instead.

use chrono::{Datelike, NaiveDate};

use crate::analysis::Period;
use crate::config::{Cadence, Language};
use crate::model::ActionStatus;

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// No-break space: keeps `1 234` and `12,5 %` on one line.
const NBSP: char = '\u{a0}';

#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub lang: Language,
}

impl Words {
    pub fn new(lang: Language) -> Self {
        Words { lang }
    }

    fn sv(&self) -> bool {
        self.lang == Language::Sv
    }

    pub fn month(&self, m: u32) -> &'static str {
        let names = if self.sv() { &MONTHS_SV } else { &MONTHS_EN };
        names[(m as usize).saturating_sub(1).min(11)]
    }

    /// An integer with thousands separated: `1 234` (sv), `1,234` (en).
    pub fn num(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = if self.sv() { NBSP } else { ',' };
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(ch);
        }
        if n < 0 { format!("−{out}") } else { out }
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
        let body = format!("{:.1}", p.abs());
        if self.sv() {
            format!("{sign}{}{NBSP}%", body.replace('.', ","))
        } else {
            format!("{sign}{body}%")
        }
    }

    /// "18 april 2023" / "18 April 2023".
    pub fn date(&self, d: NaiveDate) -> String {
        format!("{} {} {}", d.day(), self.month(d.month()), d.year())
    }

    /// "18 apr" style short date without year, used on chart axes.
    pub fn date_short(&self, d: NaiveDate) -> String {
        let m: String = self.month(d.month()).chars().take(3).collect();
        format!("{} {m}", d.day())
    }

    /// "mar 2024" style month, used on chart axes and narrow tables.
    pub fn month_short(&self, d: NaiveDate) -> String {
        let m: String = self.month(d.month()).chars().take(3).collect();
        format!("{m} {}", d.year())
    }

    /// ISO week: "v. 16" / "w. 16".
    pub fn week(&self, d: NaiveDate) -> String {
        let w = d.iso_week().week();
        if self.sv() {
            format!("v. {w}")
        } else {
            format!("w. {w}")
        }
    }

    pub fn cadence(&self, c: Cadence) -> &'static str {
        match (c, self.sv()) {
            (Cadence::Operative, true) => "Operativ period",
            (Cadence::Operative, false) => "Operative period",
            (Cadence::Month, true) => "Månad",
            (Cadence::Month, false) => "Month",
            (Cadence::Bimonth, true) => "Tvåmånadersperiod",
            (Cadence::Bimonth, false) => "Two months",
            (Cadence::Tertial, true) => "Tertial",
            (Cadence::Tertial, false) => "Four months",
            (Cadence::Quarter, true) => "Kvartal",
            (Cadence::Quarter, false) => "Quarter",
            (Cadence::Year, true) => "År",
            (Cadence::Year, false) => "Year",
        }
    }

    /// "mars 2024", "januari–februari 2024", "tertial 2 2024", "kvartal 3
    /// 2024", "2024", "5–18 april 2024".
    pub fn period(&self, p: &Period) -> String {
        let y = p.year;
        match p.cadence {
            Cadence::Month => format!("{} {y}", self.month(p.number)),
            Cadence::Bimonth => format!(
                "{}–{} {y}",
                self.month(p.start.month()),
                self.month(p.end.month())
            ),
            Cadence::Tertial if self.sv() => format!("tertial {} {y}", p.number),
            Cadence::Tertial => format!(
                "{}–{} {y}",
                self.month(p.start.month()),
                self.month(p.end.month())
            ),
            Cadence::Quarter if self.sv() => format!("kvartal {} {y}", p.number),
            Cadence::Quarter => format!("Q{} {y}", p.number),
            Cadence::Year => format!("{y}"),
            Cadence::Operative => self.range(p.start, p.end),
        }
    }

    /// A date range written compactly: "5–18 april 2024", "29 mars–11 april 2024".
    pub fn range(&self, a: NaiveDate, b: NaiveDate) -> String {
        if a.year() != b.year() {
            format!("{}–{}", self.date(a), self.date(b))
        } else if a.month() != b.month() {
            format!("{} {}–{}", a.day(), self.month(a.month()), self.date(b))
        } else {
            format!("{}–{}", a.day(), self.date(b))
        }
    }

    pub fn status(&self, s: ActionStatus) -> &'static str {
        match (s, self.sv()) {
            (ActionStatus::Planned, true) => "Planerad",
            (ActionStatus::Planned, false) => "Planned",
            (ActionStatus::Ongoing, true) => "Pågår",
            (ActionStatus::Ongoing, false) => "Ongoing",
            (ActionStatus::Done, true) => "Genomförd",
            (ActionStatus::Done, false) => "Done",
            (ActionStatus::Cancelled, true) => "Avbruten",
            (ActionStatus::Cancelled, false) => "Cancelled",
        }
    }

    /// Label of a built-in group; configured groups carry their own label.
    pub fn group(&self, id: &str) -> Option<&'static str> {
        Some(match (id, self.sv()) {
            ("operative", true) => "Operativ grupp",
            ("operative", false) => "Operative group",
            ("strategic", true) => "Strategisk grupp",
            ("strategic", false) => "Strategic group",
            ("council", true) => "Lokalt brottsförebyggande råd",
            ("council", false) => "Local safety council",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SV: Words = Words { lang: Language::Sv };
    const EN: Words = Words { lang: Language::En };

    #[test]
    fn swedish_numbers() {
        assert_eq!(SV.num(1234), "1\u{a0}234");
        assert_eq!(SV.num(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(SV.num(-12), "−12");
        assert_eq!(SV.pct(12.54), "+12,5\u{a0}%");
        assert_eq!(SV.signed(0), "±0");
        assert_eq!(EN.num(1234), "1,234");
        assert_eq!(EN.pct(-3.0), "−3.0%");
    }

    #[test]
    fn swedish_dates_and_periods() {
        let d = NaiveDate::from_ymd_opt(2023, 4, 18).unwrap();
        assert_eq!(SV.date(d), "18 april 2023");
        assert_eq!(SV.week(d), "v. 16");
        let p = crate::analysis::periods::calendar_period(
            Cadence::Tertial,
            NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
        );
        assert_eq!(SV.period(&p), "tertial 2 2024");
        let a = NaiveDate::from_ymd_opt(2024, 3, 29).unwrap();
        assert_eq!(
            SV.range(a, a + chrono::Days::new(13)),
            "29 mars–11 april 2024"
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

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.get(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}
