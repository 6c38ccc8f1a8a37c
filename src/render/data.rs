//! Open data: each report's numbers as `data.json` and `data.csv`, written
//! from the same view model the page shows, so the files hold exactly the
//! numbers on the page.

use serde::Serialize;

use crate::audience::view::{Change, CountRow, NamedCount, ReportView, SeriesPoint};

#[derive(Serialize)]
struct DataJson<'a> {
    schema: &'static str,
    period: Period<'a>,
    total: &'a CountRow,
    categories: &'a [CountRow],
    places: &'a [NamedCount],
    areas: &'a [NamedCount],
    organisations: &'a [NamedCount],
    series_unit: &'a str,
    series: &'a [SeriesPoint],
}

#[derive(Serialize)]
struct Period<'a> {
    cadence: &'a str,
    slug: &'a str,
    label: &'a str,
    start: &'a str,
    end: &'a str,
    partial: bool,
    previous_label: Option<&'a str>,
    year_ago_label: Option<&'a str>,
}

pub const SCHEMA: &str = "lagesbild-report/1";

pub fn json(r: &ReportView) -> Vec<u8> {
    let data = DataJson {
        schema: SCHEMA,
        period: Period {
            cadence: &r.cadence,
            slug: &r.slug,
            label: &r.label,
            start: &r.start,
            end: &r.end,
            partial: r.partial,
            previous_label: r.previous_label.as_deref(),
            year_ago_label: r.year_ago_label.as_deref(),
        },
        total: &r.total,
        categories: &r.categories,
        places: &r.places,
        areas: &r.areas,
        organisations: &r.organisations,
        series_unit: &r.series_unit,
        series: &r.series,
    };
    let mut out = serde_json::to_vec_pretty(&data).unwrap_or_default();
    out.push(b'\n');
    out
}

/// One table in long form: `table,id,label,count,previous,change,
/// change_percent,year_ago,change_year,change_year_percent,start,end`.
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
    let _ = w.write_record(head);
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    let abs = |c: &Option<Change>| c.as_ref().map_or(String::new(), |c| c.abs.to_string());
    let pct = |c: &Option<Change>| {
        c.as_ref()
            .and_then(|c| c.pct)
            .map_or(String::new(), |p| format!("{p:.1}"))
    };
    let mut count_row = |table: &str, c: &CountRow| {
        let _ = w.write_record([
            table,
            &c.id,
            &c.label,
            &c.count.to_string(),
            &opt(c.previous),
            &abs(&c.change),
            &pct(&c.change),
            &opt(c.year_ago),
            &abs(&c.change_year),
            &pct(&c.change_year),
            &r.start,
            &r.end,
        ]);
    };
    count_row("total", &r.total);
    for c in &r.categories {
        count_row("category", c);
    }
    for (table, rows) in [
        ("place", &r.places),
        ("area", &r.areas),
        ("organisation", &r.organisations),
    ] {
        for n in rows {
            let _ = w.write_record([
                table,
                &n.id,
                &n.label,
                &n.count.to_string(),
                "",
                "",
                "",
                "",
                "",
                "",
                &r.start,
                &r.end,
            ]);
        }
    }
    for s in &r.series {
        let _ = w.write_record([
            "series",
            &s.start,
            &s.label,
            &s.count.to_string(),
            "",
            "",
            "",
            "",
            "",
            "",
            &s.start,
            &s.end,
        ]);
    }
    w.into_inner().unwrap_or_default()
}
