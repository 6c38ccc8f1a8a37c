//! Builds the hand-worked fixture site and checks its numbers.
//!
//! The fixture (`tests/fixtures/basic`) has 13 rows; every expected number
//! below is counted by hand from its CSV files (see the comments).

mod common;

use std::path::Path;

use lagesbild::site::Site;
use serde_json::Value;

fn build_fixture(name: &str) -> common::TempDir {
    let out = common::temp_dir(name);
    Site::build(&common::fixture("basic"), &out, None)
        .unwrap_or_else(|e| panic!("build failed: {:?}", e.diagnostics()));
    out.into_sub("internal")
}

fn data(out: &Path, cadence: &str, slug: &str) -> Value {
    let path = out.join(format!("reports/{cadence}/{slug}/data.json"));
    serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

/// (count, previous, year_ago) of the total, `None` rendered as -1.
fn totals(v: &Value) -> (i64, i64, i64) {
    let t = &v["total"];
    let n = |k: &str| t[k].as_i64().unwrap_or(-1);
    (n("count"), n("previous"), n("year_ago"))
}

fn category(v: &Value, id: &str) -> i64 {
    v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()["count"]
        .as_i64()
        .unwrap()
}

#[test]
fn month_with_changes_and_utc_midnight() {
    let out = build_fixture("month");
    // March 2024: klotter at 2024-02-29T23:30Z (= 1 March 00:30 local),
    // Vandalism (alias) at Torget 31 March (count empty = 1), bolaget 15 March.
    let march = data(&out, "month", "2024-03");
    assert_eq!(totals(&march), (3, 2, 2));
    assert_eq!(category(&march, "skadegorelse"), 2);
    assert_eq!(category(&march, "klotter"), 1);
    let klotter = &march["categories"][1];
    assert_eq!(klotter["change"]["kind"], "new");
    // 3 against February's 2: +1, and no percentage (2 is below the base
    // of 10, README "data.json schema").
    assert_eq!(march["total"]["change"]["abs"], 1);
    assert!(march["total"]["change"]["pct"].is_null());
    // The UTC row counts on 1 March, not on the leap day.
    assert_eq!(march["series"][0]["count"], 1);
    // February 2024: the leap-day row and bolaget's brand on 10 February.
    let feb = data(&out, "month", "2024-02");
    assert_eq!(totals(&feb), (2, 5, 2));
    assert_eq!(feb["period"]["end"], "2024-02-29");
    assert_eq!(feb["series"].as_array().unwrap().len(), 29);
    assert_eq!(feb["series"][28]["count"], 1);
}

#[test]
fn places_areas_and_organisations() {
    let out = build_fixture("places");
    let march = data(&out, "month", "2024-03");
    let places = march["places"].as_array().unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(
        (places[0]["id"].as_str(), places[0]["count"].as_i64()),
        (Some("torget"), Some(3))
    );
    assert_eq!(march["areas"][0]["label"], "Centrum");
    let orgs: Vec<(String, i64)> = march["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["label"].as_str().unwrap().to_string(),
                o["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        orgs,
        [
            ("Polisen".to_string(), 2),
            ("Bostadsbolaget".to_string(), 1)
        ]
    );
}

#[test]
fn tertial_quarter_and_year() {
    let out = build_fixture("longer");
    // Jan–Apr 2024: 1+1+3+1+1+1 (a.csv) + 1+1 (bolaget) = 10; Sep–Dec 2023:
    // the New Year's Eve fire = 1; Jan–Apr 2023: 1 + 2 + 2 (bolaget) = 5.
    let t1 = data(&out, "tertial", "2024-t1");
    assert_eq!(totals(&t1), (10, 1, 5));
    assert_eq!(
        (
            category(&t1, "skadegorelse"),
            category(&t1, "klotter"),
            category(&t1, "brand")
        ),
        (4, 4, 2)
    );
    let q1 = data(&out, "quarter", "2024-q1");
    assert_eq!(totals(&q1), (10, 1, 5));
    // 2024 is a year to date: the data end on 2 May 2024, so it compares
    // 1 January – 2 May 2024 (11) with 1 January – 2 May 2023: 1 + 2 + 2
    // (bolaget) = 5, without the New Year's Eve fire that the whole of
    // 2023 (6) has.
    let year = data(&out, "year", "2024");
    assert_eq!(totals(&year), (11, 5, 5));
    assert_eq!(year["period"]["partial"], true);
    assert_eq!(year["period"]["window"]["end"], "2024-05-02");
    assert_eq!(year["period"]["previous_window"]["start"], "2023-01-01");
    assert_eq!(year["period"]["previous_window"]["end"], "2023-05-02");
    assert_eq!(data(&out, "year", "2023")["period"]["partial"], false);
    // March–April 2024: 1 March (UTC row), 31 March, bolaget 15 March = 3;
    // January–February 2024: 1+1+3+1 (a.csv) + 1 (bolaget) = 7; March–April
    // 2023: bolaget's 2 on 15 March.
    let b2 = data(&out, "bimonth", "2024-b2");
    assert_eq!(totals(&b2), (3, 7, 2));
}

#[test]
fn operative_periods_follow_meetings_across_new_year() {
    let out = build_fixture("operative");
    // First period: the 14 days up to 11 January, across New Year: two fires.
    // The 14 days before it (15–28 December) had nothing; a year earlier
    // lies before the data begin (January 2023), so there is no comparison.
    let first = data(&out, "operative", "2024-01-11");
    assert_eq!(first["period"]["start"], "2023-12-29");
    assert_eq!(totals(&first), (2, 0, -1));
    assert_eq!(category(&first, "brand"), 2);
    // 12–25 January: skadegörelse 15 Jan and three klotter 20 Jan; nothing
    // a year earlier, so the change against last year is "new".
    let second = data(&out, "operative", "2024-01-25");
    assert_eq!(totals(&second), (4, 2, 0));
    // 4 against 2: +2, no percentage below the base of 10.
    assert_eq!(second["total"]["change"]["abs"], 2);
    assert!(second["total"]["change"]["pct"].is_null());
    assert_eq!(second["total"]["change_year"]["kind"], "new");
    // 23 February – 7 March: the leap day and 1 March (from UTC); before it
    // 9–22 February: bolaget's fire; a year earlier 23 February – 7 March
    // 2023: two klotter on 28 February.
    assert_eq!(totals(&data(&out, "operative", "2024-03-07")), (2, 1, 2));
}

#[test]
fn comparisons_before_the_data_are_missing_not_zero() {
    let out = build_fixture("coverage");
    // January 2023 is the first month with data: no previous month, no last year.
    let jan = data(&out, "month", "2023-01");
    assert_eq!(totals(&jan), (1, -1, -1));
    assert!(jan["total"]["change"].is_null());
    let csv = std::fs::read_to_string(out.join("reports/month/2023-01/data.csv")).unwrap();
    assert!(
        csv.starts_with("table,id,label,count,previous,change"),
        "{csv}"
    );
    assert!(
        csv.contains("\ntotal,total,Totalt,1,,,,,,,2023-01-01,2023-01-31\n"),
        "{csv}"
    );
}

#[test]
fn action_register_keeps_history() {
    let out = build_fixture("actions");
    let html = std::fs::read_to_string(out.join("actions/index.html")).unwrap();
    assert!(html.contains("id=\"action-a-1\""));
    assert!(html.contains("Bättre belysning vid Torget"));
    assert!(html.contains("status-done"), "latest status is done");
    assert!(html.contains("Planerad"), "history keeps the first status");
    assert!(html.contains("Belysningen är på plats."));
    let note = std::fs::read_to_string(out.join("meetings/2024-01-18-radet/index.html")).unwrap();
    assert!(note.contains("<table>"), "Markdown table rendered");
    assert!(note.contains("id=\"beslut\""), "heading anchor");
    assert!(note.contains("footnote-definition"));
}

#[test]
fn every_link_resolves_and_is_relative() {
    let out = build_fixture("links");
    let broken = common::broken_links(&out);
    assert!(broken.is_empty(), "{broken:#?}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("href=\"static/style.css\""));
    let report = std::fs::read_to_string(out.join("reports/month/2024-03/index.html")).unwrap();
    assert!(report.contains("href=\"../../../static/style.css\""));
}

#[test]
fn charts_are_accessible_figures() {
    let out = build_fixture("charts");
    let report = std::fs::read_to_string(out.join("reports/month/2024-03/index.html")).unwrap();
    // Categories, time series and the weekday × hour heat map.
    assert_eq!(report.matches("<figure").count(), 3);
    assert_eq!(report.matches("role=\"img\"").count(), 3);
    assert!(report.contains("<title id=\"heat-weekday-hour-title\">"));
    assert!(report.contains("<title id=\"chart-categories-title\">"));
    assert!(report.contains("<desc id=\"chart-categories-desc\">Flest händelser i kategorin Skadegörelse (2). Skadegörelse gick från 1 till 2 (+1) jämfört med föregående period.</desc>"));
    assert!(!report.contains("<svg width="), "no fixed size");
    assert!(report.contains("<figcaption"));
}

#[test]
fn two_builds_are_identical() {
    let a = build_fixture("det-a");
    let b = build_fixture("det-b");
    assert_eq!(common::read_tree(&a), common::read_tree(&b));
}

/// A copy of the basic fixture with `files` (path below the site, text)
/// written into it: a site's own templates, words and so on.
fn basic_site_with(name: &str, files: &[(&str, &str)]) -> common::TempDir {
    let site = common::temp_dir(name);
    common::copy_dir(&common::fixture("basic"), &site);
    for (path, text) in files {
        let path = site.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    site
}

/// A site's translation file overrides only the keys it holds, words of
/// data-derived text included; the rest keep the built-in Swedish.
#[test]
fn a_site_translation_file_changes_only_its_keys() {
    let site = basic_site_with(
        "i18n-site",
        &[(
            "i18n/sv.toml",
            "reports = \"Lägesrapporter\"\nperiod_quarter = \"{n}:a kvartalet {year}\"\n",
        )],
    );
    let out = common::temp_dir("i18n-out");
    Site::build(&site, &out, Some("internal"))
        .unwrap_or_else(|e| panic!("build failed: {:?}", e.diagnostics()));
    let page = std::fs::read_to_string(out.join("internal/reports/index.html")).unwrap();
    assert!(page.contains("Lägesrapporter"), "the overridden key");
    assert!(page.contains("Hoppa till innehållet"), "a built-in key");
    assert!(page.contains("1:a kvartalet 2024"), "a period name");
    assert!(!page.contains("kvartal 1 2024"));
}

/// An operative report lists the latest 500 events and says how many the
/// period has: 600 rows on 1–2 February 2024 (period 26 January–8 February).
#[test]
fn a_long_event_list_shows_the_latest_rows_and_the_total() {
    let site = common::temp_dir("events-site");
    common::copy_dir(&common::fixture("basic"), &site);
    let mut csv = std::fs::read_to_string(site.join("content/incidents/a.csv")).unwrap();
    for i in 0..600 {
        let (day, minute) = (1 + i / 300, i % 300);
        csv.push_str(&format!(
            "2024-02-0{day},{:02}:{:02},klotter,torget,Polisen,1,rad {i}\n",
            minute / 60,
            minute % 60
        ));
    }
    std::fs::write(site.join("content/incidents/a.csv"), csv).unwrap();
    let out = common::temp_dir("events-out");
    Site::build(&site, &out, Some("internal"))
        .unwrap_or_else(|e| panic!("build failed: {:?}", e.diagnostics()));
    let page =
        std::fs::read_to_string(out.join("internal/reports/operative/2024-02-08/index.html"))
            .unwrap();
    let rows = page.matches("<td>rad ").count();
    assert_eq!(rows, 500);
    assert!(page.contains("Visa de 500 senaste av 600 händelserader"));
    assert!(page.contains("<td>rad 599</td>") && page.contains("<td>rad 100</td>"));
    assert!(
        !page.contains("<td>rad 99</td>"),
        "the oldest rows are left out"
    );
}

/// `language = "en"` switches every interface text, format and `lang`
/// attribute of both outputs to English; the site's own Swedish labels
/// (categories, places) stay as written.
#[test]
fn an_english_site_speaks_english_in_both_outputs() {
    let site = common::temp_dir("english-site");
    common::copy_dir(&common::fixture("basic"), &site);
    let config = std::fs::read_to_string(site.join("lagesbild.toml")).unwrap();
    let config = config.replacen("[site]\n", "[site]\nlanguage = \"en\"\n", 1);
    std::fs::write(site.join("lagesbild.toml"), config).unwrap();
    let out = common::temp_dir("english-out");
    Site::build(&site, &out, None)
        .unwrap_or_else(|e| panic!("build failed: {:?}", e.diagnostics()));
    for output in ["internal", "public"] {
        let page = std::fs::read_to_string(out.join(output).join("reports/index.html")).unwrap();
        assert!(
            page.contains("<html lang=\"en\""),
            "{output}: lang attribute"
        );
        assert!(page.contains("Skip to content"), "{output}: skip link");
        assert!(
            !page.contains("Hoppa till innehållet"),
            "{output}: no Swedish"
        );
        assert!(page.contains("January 2024"), "{output}: an English month");
        assert!(!page.contains("januari 2024"), "{output}: no Swedish month");
    }
    let report =
        std::fs::read_to_string(out.join("internal/reports/month/2024-01/index.html")).unwrap();
    assert!(report.contains("Skadegörelse"), "the site's own label");
    assert!(report.contains("Same period last year"));
}

/// A template that fails on some pages stops the build after others were
/// staged (each output's files are written as they are rendered): the
/// previous outputs stay as they were and no staging folder is left.
#[test]
fn a_template_failing_part_way_leaves_the_previous_outputs_and_no_staging() {
    let (before, out, message) =
        build_with_meeting_template("failing-template", "{{ page.no_such_field.at_all }}");
    assert!(before.keys().any(|p| p.starts_with("internal/meetings/")));
    assert!(message.contains("meetings/"), "{message}");
    assert_eq!(common::read_tree(&out), before);
    assert!(!out.join(".lagesbild.staging").exists());
}

/// Builds the basic fixture, then again with `template` as the site's
/// `meeting.html`, which must fail: the first build's files, the output
/// folder and the failure's diagnostics.
fn build_with_meeting_template(
    name: &str,
    template: &str,
) -> (
    std::collections::BTreeMap<String, Vec<u8>>,
    common::TempDir,
    String,
) {
    let site = basic_site_with(&format!("{name}-site"), &[]);
    let out = common::temp_dir(&format!("{name}-out"));
    Site::build(&site, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let before = common::read_tree(&out);
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("templates/meeting.html"), template).unwrap();
    let Err(err) = Site::build(&site, &out, None) else {
        panic!("{name}: the template must fail the build");
    };
    (before, out, format!("{:?}", err.diagnostics()))
}

/// A theme override that does not parse stops the build before anything
/// is staged, naming the template, its line and column (Tera's message).
#[test]
fn a_template_that_does_not_parse_is_named_with_its_line() {
    let (before, out, message) = build_with_meeting_template(
        "unparsable-template",
        "<p>\n{% if page %}\n{{ page.title }\n{% endif %}\n",
    );
    assert!(message.contains("--> meeting.html:3:15"), "{message}");
    assert!(
        message.contains("expected }}"),
        "what was expected: {message}"
    );
    assert_eq!(common::read_tree(&out), before);
    assert!(!out.join(".lagesbild.staging").exists());
}

/// A site's own template calls the default theme's components by name,
/// without an import (Tera 2), and `default` takes an empty (`null`) value
/// as a missing one, as the README says.
#[test]
fn an_own_template_calls_the_themes_components_by_name() {
    let template = r#"{% extends "base.html" %}{% block content %}<p id="own">{{ page.body.no_such | default(value="tom") }}|{{ page.body.summary | default(value="ingen") }}</p>{% if page.body.actions %}{{<action_table actions={page.body.actions} caption="Egna åtgärder" root={root} t={t} />}}{% endif %}{% endblock content %}"#;
    let site = basic_site_with("own-template-site", &[("templates/meeting.html", template)]);
    let out = common::temp_dir("own-template-out");
    Site::build(&site, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let page = |p: &str| std::fs::read_to_string(out.join("internal/meetings").join(p)).unwrap();
    let with = page("2024-03-07-operativ/index.html");
    assert!(
        with.contains(r#"<caption>Egna åtgärder</caption>"#),
        "{with}"
    );
    assert!(with.contains(">A-1</a>"), "the action's row: {with}");
    // No summary in the note: `null` in the view, so the default shows.
    assert!(with.contains(r#"<p id="own">tom|ingen</p>"#), "{with}");
    let without = page("2024-01-11-operativ/index.html");
    assert!(without.contains(r#"<p id="own">"#) && !without.contains("Egna åtgärder"));
}

/// A number filter given a field the view does not have (a misspelt name
/// in a site's template) stops the build, as Tera 1 did, rather than
/// publishing a 0: Tera 2 hands filters a missing value as "undefined".
#[test]
fn a_number_filter_on_a_missing_field_fails_the_build() {
    for filter in ["num", "signed", "pct"] {
        let template = format!("<p>{{{{ page.body.no_such_count | {filter} | safe }}}}</p>");
        let (before, out, message) =
            build_with_meeting_template(&format!("missing-{filter}"), &template);
        assert!(
            message.contains(&format!("`{filter}` got a value that is not defined")),
            "{message}"
        );
        assert!(message.contains("meetings/"), "the page: {message}");
        assert_eq!(common::read_tree(&out), before);
    }
}

/// A site's own word used as a template default is escaped once: Tera 1
/// escaped a `default(value=…)` taken from a variable twice, so a site
/// whose "no area" text held `&` published `&amp;amp;`.
#[test]
fn a_default_taken_from_the_words_is_escaped_once() {
    let site = basic_site_with(
        "default-escape-site",
        &[("i18n/sv.toml", "no_area = \"Fält & ängar 'ute'\"\n")],
    );
    // A place without an area: the places page's group "no area".
    let places = site.join("content/places.toml");
    let mut text = std::fs::read_to_string(&places).unwrap();
    text.push_str("\n[[places]]\nid = \"bron\"\nname = \"Bron\"\n");
    std::fs::write(&places, text).unwrap();
    let out = common::temp_dir("default-escape-out");
    Site::build(&site, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let page = std::fs::read_to_string(out.join("internal/places/index.html")).unwrap();
    let once = "Fält &amp; ängar &#x27;ute&#x27;";
    assert_eq!(page.matches(once).count(), 2, "heading and caption: {page}");
    assert!(
        !page.contains("&amp;amp;") && !page.contains("&amp;#x27;"),
        "{page}"
    );
}
