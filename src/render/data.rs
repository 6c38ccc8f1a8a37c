//! Open data: each report's numbers as `data.json` and `data.csv`, written
//! from the same view model the page shows, so the files hold exactly the
//! numbers on the page (hidden counts as `".."`, as on the page).
//!
//! A CSV cell is opened by a spreadsheet, which runs a cell starting with
//! `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
//! formula. Such a cell gets a leading `'` (OWASP's advice) unless it is a
//! number: `-3` and `-72.2` stay numbers.

use serde::Serialize;

use crate::audience::insight_view::InsightData;
use crate::audience::view::{
    Change, CountRow, HIDDEN, NamedCount, Num, ReportHead, ReportView, RevisionView, SeriesPoint,
};

#[derive(Serialize)]
struct DataJson<'a> {
    schema: &'static str,
    period: Period<'a>,
    total: &'a CountRow,
    categories: &'a [CountRow],
    #[serde(skip_serializing_if = "Option::is_none")]
    places: Option<&'a [NamedCount]>,
    areas: &'a [NamedCount],
    #[serde(skip_serializing_if = "Option::is_none")]
    organisations: Option<&'a [NamedCount]>,
    series_unit: &'a str,
    series: &'a [SeriesPoint],
    analysis: &'a InsightData,
    /// Released counts of the period changed by later releases.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    revisions: &'a [RevisionView],
}

#[derive(Serialize)]
struct Period<'a> {
    #[serde(flatten)]
    head: &'a ReportHead,
    previous_label: Option<&'a str>,
    year_ago_label: Option<&'a str>,
}

pub const SCHEMA: &str = "lagesbild-report/2";

pub fn json(r: &ReportView) -> Vec<u8> {
    let data = DataJson {
        schema: SCHEMA,
        period: Period {
            head: &r.head,
            previous_label: r.previous_label.as_deref(),
            year_ago_label: r.year_ago_label.as_deref(),
        },
        total: &r.total,
        categories: &r.categories,
        places: r.places.as_deref(),
        areas: &r.areas,
        organisations: r.organisations.as_deref(),
        series_unit: &r.series_unit,
        series: &r.series,
        analysis: &r.insight.data,
        revisions: &r.revisions,
    };
    let mut out = serde_json::to_vec_pretty(&data).unwrap_or_default();
    out.push(b'\n');
    out
}

type Out = csv::Writer<Vec<u8>>;

/// Writes one row with every cell made safe for a spreadsheet.
/// Field by field, then the end of the record: no array of cells between
/// (a report's data.csv has some 1,800 rows, a large site a million).
fn record(w: &mut Out, fields: [&str; 12]) {
    for f in fields {
        let _ = w.write_field(neutralise(f).as_bytes());
    }
    let _ = w.write_record(None::<&[u8]>);
}

/// The cell, with a leading `'` when a spreadsheet would read it as a
/// formula.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    // Each is one ASCII byte, so the first byte says it.
    let risky = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A plain decimal number (`-3`, `+1.5`, `-7e-3`), not `-inf` or `NaN`.
fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(f64::is_finite)
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
}

fn num(n: Num) -> String {
    n.value()
        .map_or_else(|| HIDDEN.to_string(), |v| v.to_string())
}

/// One table in long form: `table,id,label,count,previous,change,
/// change_percent,year_ago,change_year,change_year_percent,start,end`.
/// The `window` rows (`current`, `previous`, `year_ago`) give the days
/// the counts and their comparisons cover.
pub fn csv(r: &ReportView) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let head = [
        "table",
        "id",
        "label",
        "count",
        "previous",
        "change",
        "change_percent",
        "year_ago",
        "change_year",
        "change_year_percent",
        "start",
        "end",
    ];
    record(&mut w, head);
    let (start, end) = (&r.head.start, &r.head.end);
    let opt = |v: Option<Num>| v.map_or(String::new(), num);
    let abs = |c: &Option<Change>| c.as_ref().map_or(String::new(), |c| c.abs.to_string());
    let pct = |c: &Option<Change>| {
        c.as_ref()
            .and_then(|c| c.pct)
            .map_or(String::new(), |p| format!("{p:.1}"))
    };
    let mut count_row = |table: &str, c: &CountRow| {
        record(
            &mut w,
            [
                table,
                &c.id,
                &c.label,
                &num(c.count),
                &opt(c.previous),
                &abs(&c.change),
                &pct(&c.change),
                &opt(c.year_ago),
                &abs(&c.change_year),
                &pct(&c.change_year),
                start,
                end,
            ],
        );
    };
    count_row("total", &r.total);
    for c in &r.categories {
        count_row("category", c);
    }
    // The days the counts and their comparisons cover, as ISO dates.
    if let Some(h) = &r.head.windows {
        let windows = [
            ("current", Some(&h.window)),
            ("previous", h.previous_window.as_ref()),
            ("year_ago", h.year_ago_window.as_ref()),
        ];
        for (id, win) in windows.into_iter().filter_map(|(id, x)| Some((id, x?))) {
            let _ = w.write_record([
                "window", id, "", "", "", "", "", "", "", "", &win.start, &win.end,
            ]);
        }
    }
    let tables = [
        ("place", r.places.as_deref()),
        ("area", Some(r.areas.as_slice())),
        ("organisation", r.organisations.as_deref()),
    ];
    for (table, rows) in tables {
        for n in rows.unwrap_or_default() {
            record(
                &mut w,
                [
                    table,
                    &n.id,
                    &n.label,
                    &num(n.count),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    start,
                    end,
                ],
            );
        }
    }
    for s in &r.series {
        record(
            &mut w,
            [
                "series",
                &s.start,
                &s.label,
                &num(s.count),
                "",
                "",
                "",
                "",
                "",
                "",
                &s.start,
                &s.end,
            ],
        );
    }
    analysis_rows(&mut w, &r.insight.data, start, end);
    w.into_inner().unwrap_or_default()
}

/// The analysis numbers in long form: `dark_hours` (percent, one
/// decimal; internal only), `light` and `light_category` (id `daylight` … or
/// `CATEGORY:dark`), `light_place` (id `PLACE:dark`), `weekday_hour` (id
/// `1-00` for Monday 00–01), `hotspot`, `hotspot_expected`,
/// `hotspot_p_value` and `hotspot_flagged` (1 or 0), `reference`,
/// `reference_per100k`, `reference_preliminary` (1 or 0) and
/// `reference_own` (id `SERIES:KEY`) and `seasonal` (id `2024-03`).
fn analysis_rows(w: &mut Out, d: &InsightData, start: &str, end: &str) {
    let mut row = |table: &str, id: &str, label: &str, count: String| {
        record(
            w,
            [table, id, label, &count, "", "", "", "", "", "", start, end],
        );
    };
    for (id, share) in [
        ("dark", d.dark_hours_share),
        ("twilight", d.twilight_hours_share),
    ] {
        if let Some(share) = share {
            row("dark_hours", id, "", format!("{:.1}", share * 100.0));
        }
    }
    if let Some(l) = &d.light {
        for (id, n) in [
            ("daylight", l.daylight),
            ("twilight", l.twilight),
            ("dark", l.dark),
        ] {
            row("light", id, "", n.to_string());
        }
        for (table, list) in [
            ("light_category", &l.categories),
            ("light_place", &l.places),
        ] {
            for c in list {
                for (k, n) in [
                    ("daylight", c.daylight),
                    ("twilight", c.twilight),
                    ("dark", c.dark),
                ] {
                    row(table, &format!("{}:{k}", c.id), "", n.to_string());
                }
            }
        }
    }
    for (day, hours) in d.weekday_hour.iter().flatten().enumerate() {
        for (h, n) in hours.iter().enumerate() {
            row(
                "weekday_hour",
                &format!("{}-{h:02}", day + 1),
                "",
                n.to_string(),
            );
        }
    }
    for h in d.hotspots.iter().flatten() {
        row("hotspot", &h.id, &h.label, h.events.to_string());
        if let Some(e) = h.expected {
            row("hotspot_expected", &h.id, &h.label, e.to_string());
        }
        if let Some(p) = h.p_value {
            row("hotspot_p_value", &h.id, &h.label, p.to_string());
        }
        row(
            "hotspot_flagged",
            &h.id,
            &h.label,
            u8::from(h.flagged).to_string(),
        );
    }
    for r in &d.reference {
        let id = format!("{}:{}", r.series, r.key);
        row(
            "reference",
            &id,
            &r.label,
            r.official_count.map_or(String::new(), |n| n.to_string()),
        );
        if let Some(x) = r.per100k {
            row("reference_per100k", &id, &r.label, x.to_string());
        }
        row(
            "reference_preliminary",
            &id,
            &r.label,
            u8::from(r.preliminary).to_string(),
        );
        if let Some(own) = r.own {
            row("reference_own", &id, &r.label, num(own));
        }
    }
    for y in d.seasonal.iter().flatten() {
        for (m, n) in y.months.iter().enumerate() {
            if let Some(n) = n {
                row("seasonal", &format!("{}-{:02}", y.year, m + 1), "", num(*n));
            }
        }
    }
}

/// The actions of a register as `actions/data.json`: status, dates and
/// effect, from the same rows the register shows (a public register's
/// rows hold only the public effect).
pub fn actions_json(actions: &[crate::audience::view::ActionRow]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        what: &'a str,
        area: Option<&'a str>,
        category: Option<&'a str>,
        due: Option<&'a str>,
        status: &'a str,
        overdue: bool,
        period: Option<&'a str>,
        effect: Option<&'a crate::audience::action_view::EffectSummary>,
    }
    #[derive(Serialize)]
    struct Data<'a> {
        schema: &'static str,
        actions: Vec<Row<'a>>,
    }
    let data = Data {
        schema: "lagesbild-actions/1",
        actions: actions
            .iter()
            .map(|a| Row {
                id: &a.id,
                what: &a.what,
                area: a.area.as_deref(),
                category: a.category.as_deref(),
                due: a.due.as_deref(),
                status: &a.status,
                overdue: a.overdue,
                period: a.period.as_deref(),
                effect: a.effect.as_ref(),
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&data).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_get_a_quote_numbers_stay() {
        for (cell, shown) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-inf", "'-inf"),
            ("-", "'-"),
            ("-3", "-3"),
            ("-72.2", "-72.2"),
            ("+4", "+4"),
            ("1e3", "1e3"),
            ("Centrum", "Centrum"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), shown, "{cell:?}");
        }
    }
}
