//! Computed figures in notes (`{{ antal(…) }}` and the others) on the
//! fixture `tests/fixtures/shortcodes`, whose numbers are worked out by
//! hand here.
//!
//! The data (`content/incidents/a.csv`; torget lies in Centrum, skolan in
//! Norr; brand is not a public category):
//!
//! | month   | skadegorelse          | klotter     | brand      |
//! |---------|-----------------------|-------------|------------|
//! | 2023-01 | 8 torget              |             |            |
//! | 2024-01 | 10 torget             | 4 skolan    | 1 torget   |
//! | 2024-02 | 12 torget             | 3 skolan    | 2 skolan   |
//! | 2024-03 | 3 skolan (5th), 15 torget | 5 skolan |           |
//! | 2024-04 | 6 torget              | 1 torget (30th) |        |
//!
//! The data run to 30 April 2024 (the last row), so every month to April
//! and the first quarter of 2024 are complete and public. The only small
//! public count is klotter in April 2024 (1): hidden (`..`), and with it
//! one more count of April (skadegörelse, 6), since total 7 = 6 + 1.
//! Nothing of January to March is hidden.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

use lagesbild::site::Site;

/// The fixture's output, built once for the tests that read it at the
/// same time (and removed when the last of them is done).
fn built() -> Arc<common::TempDir> {
    static OUT: Mutex<Weak<common::TempDir>> = Mutex::new(Weak::new());
    let mut shared = OUT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(out) = shared.upgrade() {
        return out;
    }
    // A new name each time: the last reader of an earlier output may be
    // removing it at this moment, outside the lock.
    static BUILDS: AtomicUsize = AtomicUsize::new(0);
    let n = BUILDS.fetch_add(1, Ordering::Relaxed);
    let out = common::temp_dir(&format!("shortcodes-{n}"));
    Site::build(&common::fixture("shortcodes"), &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let out = Arc::new(out);
    *shared = Arc::downgrade(&out);
    out
}

fn read(out: &Path, path: &str) -> String {
    let p = out.join(path);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .replace("&nbsp;", " ")
}

/// The note's body text before its first figure, markup removed.
fn prose(out: &Path, path: &str) -> String {
    let page = read(out, path);
    let start = page.find("<div class=\"prose\">").expect("a body");
    let body = &page[start..];
    let end = body.find("<figure").unwrap_or(body.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in body[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const OPERATIVE: &str = "internal/meetings/2024-03-07-operativ/index.html";
const COUNCIL: &str = "meetings/2024-04-20-radet/index.html";

#[test]
fn internal_counts_and_changes_are_worked_by_hand() {
    let out = built();
    let t = prose(&out, OPERATIVE);
    // antal(kategori="skadegorelse"), the note's own month March 2024:
    // 3 (skolan) + 15 (torget) = 18.
    assert!(t.contains("Skadegörelse i mars: 18."), "{t}");
    // plats="torget", 2024-q1: January 10 + 1 (brand), February 12,
    // March 15 = 38 (every category counts internally).
    assert!(t.contains("Vid Torget under kvartalet: 38."), "{t}");
    // Norr and klotter in February: 3 (skolan).
    assert!(t.contains("Klotter i Norr i februari: 3."), "{t}");
    // brand, not public, counts internally: January 1.
    assert!(t.contains("Bränder i januari: 1."), "{t}");
    // The operative period ending on 7 March 2024 (the only operative
    // note, so it covers the 14 days 23 February – 7 March): the row of
    // 5 March, 3.
    assert!(t.contains("Perioden fram till mötet: 3."), "{t}");
    // March 18 against February 12: +6, 6/12 = +50,0 %.
    assert!(t.contains("Mot februari: +6 (+50,0 %);"), "{t}");
    // January 2024 10 against January 2023 8: +2; no percentage, as 8
    // is below the base of 10 (the reports' rule, see README).
    assert!(t.contains("mot januari i fjol: +2."), "{t}");
}

#[test]
fn a_public_note_shows_the_published_counts_in_both_outputs() {
    let out = built();
    let internal = prose(&out, &format!("internal/{COUNCIL}"));
    let public = prose(&out, &format!("public/{COUNCIL}"));
    // Skadegörelse in March: 18 in both, +6 (+50,0 %) against February.
    for t in [&internal, &public] {
        assert!(
            t.contains("Skadegörelse i mars: 18, +6 (+50,0 %) mot februari."),
            "{t}"
        );
        // Centrum in April (the note's month by default): torget's 6 + 1
        // = 7; March 15 (torget's skadegörelse): 7 − 15 = −8, −8/15 =
        // −53,3 %. Both cells are shown in public (total 7 = Centrum 7).
        assert!(t.contains("Centrum i april: 7 (−8 (−53,3 %))."), "{t}");
    }
    // Klotter in April: 1, internally against March's 5: −4 (5 is below
    // the percentage base of 10: the difference only); in public the
    // count is below the threshold 3: `..`, and so is its change.
    assert!(internal.contains("Klotter i april: 1 (−4)."), "{internal}");
    assert!(public.contains("Klotter i april: .. (..)."), "{public}");
    // The first quarter's total: internally every category, 15 + 17 + 23
    // = 55 (brand 1 and 2 included); in public only the public
    // categories: 14 + 15 + 23 = 52.
    assert!(
        internal.contains("Hela första kvartalet: 55."),
        "{internal}"
    );
    assert!(public.contains("Hela första kvartalet: 52."), "{public}");
    // The operative period ending 7 March 2024 (3, see above) is not a
    // public period; January 2030 has no report in either output.
    assert!(internal.contains("Operativt: 3; år 2030: –."), "{internal}");
    assert!(public.contains("Operativt: ..; år 2030: ..."), "{public}");
    // The internal note is not in the public output at all.
    assert!(!out.join("public/meetings/2024-03-07-operativ").exists());
}

/// The rows of the data table of the figure whose caption is `caption`.
fn table_rows(page: &str, caption: &str) -> Vec<(String, String)> {
    let at = page
        .find(&format!(">{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table {caption}"));
    let table = &page[at..at + page[at..].find("</table>").unwrap()];
    table
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let (label, rest) = row.split_once("</th><td class=\"n\">").unwrap();
            let value = rest.split_once("</td>").unwrap().0;
            (label.to_string(), value.to_string())
        })
        .collect()
}

fn zeros_may_to_december_2023() -> Vec<(String, String)> {
    [
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ]
    .iter()
    .map(|m| (format!("{m} 2023"), "0".to_string()))
    .collect()
}

#[test]
fn a_chart_is_a_figure_with_caption_text_and_table() {
    let out = built();
    let page = read(&out, OPERATIVE);
    // diagram(kategori="skadegorelse", period="2024-04"): the 12 months
    // May 2023 – April 2024: eight zeros, then 10, 12, 18, 6 (total 46,
    // most in March).
    let caption = "Händelser per månad, Skadegörelse, maj 2023 – april 2024";
    let figure = &page[page.find("<figure").expect("a figure")..];
    assert!(
        figure.contains(&format!(
            "<figcaption id=\"figure-8-cap\">{caption}</figcaption>"
        )),
        "{figure}"
    );
    assert!(figure.contains("role=\"img\""), "{figure}");
    assert!(figure.contains("<title id=\"figure-8-title\">"), "{figure}");
    assert!(
        figure.contains("Totalt 46 händelser. Flest: mars 2024 (18)."),
        "{figure}"
    );
    let mut expected = zeros_may_to_december_2023();
    for (m, n) in [
        ("januari", "10"),
        ("februari", "12"),
        ("mars", "18"),
        ("april", "6"),
    ] {
        expected.push((format!("{m} 2024"), n.to_string()));
    }
    assert_eq!(table_rows(&page, caption), expected);
    // tabell(omrade="Centrum", period="2024-q1"): quarters Q1 2023 – Q1
    // 2024: 8 (January 2023), 0, 0, 0, 38 (torget's 11 + 12 + 15).
    let caption = "Händelser per kvartal, Centrum, kvartal 1 2023 – kvartal 1 2024";
    assert!(page.contains(&format!(
        "<caption id=\"figure-9-table\">{caption}</caption>"
    )));
    let rows: Vec<String> = table_rows(&page, caption)
        .into_iter()
        .map(|(l, n)| format!("{l}={n}"))
        .collect();
    assert_eq!(
        rows,
        [
            "kvartal 1 2023=8",
            "kvartal 2 2023=0",
            "kvartal 3 2023=0",
            "kvartal 4 2023=0",
            "kvartal 1 2024=38"
        ]
    );
    // The table stands alone: not inside a figure, no chart drawn.
    assert_eq!(page.matches("<figure").count(), 1);
}

#[test]
fn a_public_chart_shows_the_published_month_totals() {
    let out = built();
    let caption = "Händelser per månad, Totalt, maj 2023 – april 2024";
    // Public categories only: January 10 + 4 = 14, February 12 + 3 = 15,
    // March 18 + 5 = 23, April 7 (its total is shown; its parts are not).
    // Internally brand is added: January 15, February 17.
    for (output, jan, feb) in [("public", "14", "15"), ("internal", "15", "17")] {
        let page = read(&out, &format!("{output}/{COUNCIL}"));
        let mut expected = zeros_may_to_december_2023();
        for (m, n) in [
            ("januari", jan),
            ("februari", feb),
            ("mars", "23"),
            ("april", "7"),
        ] {
            expected.push((format!("{m} 2024"), n.to_string()));
        }
        assert_eq!(table_rows(&page, caption), expected, "{output}");
        assert!(page.contains("<svg"), "{output}");
    }
}

#[test]
fn shortcodes_in_code_stay_literal() {
    let out = built();
    let page = read(&out, OPERATIVE);
    assert!(
        page.contains("<code>{{ antal(kategori=\"klotter\") }}</code>"),
        "{page}"
    );
    // In a code block even an unknown category is only text.
    assert!(page.contains("<pre><code>{{ diagram(kategori=\"okand\") }}\n</code></pre>"));
    // `\{{` is written as `{{`.
    assert!(page.contains("och {{ är text."));
}

#[test]
fn search_index_and_feed_carry_the_evaluated_values() {
    let out = built();
    let internal_feed = read(&out, "internal/feed.xml");
    let public_feed = read(&out, "public/feed.xml");
    assert!(internal_feed.contains("Skadegörelse i mars: 18. Vid Torget under kvartalet: 38."));
    assert!(internal_feed.contains("Klotter i april: 1 (−4)."));
    assert!(
        public_feed.contains("Klotter i april: .. (..)."),
        "{public_feed}"
    );
    let internal_index = common::search_index(&out.join("internal")).text;
    let public_index = common::search_index(&out.join("public")).text;
    assert!(internal_index.contains("Skadegörelse i mars: 18. Vid Torget under kvartalet: 38."));
    assert!(
        public_index.contains("Klotter i april: .. (..)."),
        "{public_index}"
    );
    for text in [&internal_feed, &public_feed, &public_index] {
        assert!(!text.contains("antal("), "{text}");
    }
}

/// A copy of the fixture with `notes` added, and the errors of loading it.
fn errors_with(name: &str, notes: &[(&str, &str)]) -> String {
    let site = common::temp_dir(name);
    common::copy_dir(&common::fixture("shortcodes"), &site);
    for (file, text) in notes {
        std::fs::write(site.join("content/meetings").join(file), text).unwrap();
    }
    let d = Site::load(&site).err().expect("the load fails");
    let _ = std::fs::remove_dir_all(&site);
    // One line per error: file:line:column: message | hint.
    d.errors()
        .map(|e| {
            let file = e.file.file_name().unwrap().to_string_lossy();
            let hint = e.hint.clone().unwrap_or_default();
            format!("{file}:{}:{}: {} | {hint}", e.line, e.column, e.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn mistakes_are_errors_at_their_line_and_column() {
    // Body lines start at line 7 (five lines of front matter, one blank).
    let note = "+++\ntitle = \"Fel\"\ndate = 2024-03-21\ngroup = \"operative\"\n+++\n\n\
                Antal: {{ antl(kategori=\"klotter\") }}.\n\
                Kategori: {{ antal(kategori=\"skadegorlse\") }}.\n\
                Nyckel: {{ antal(kategorie=\"klotter\") }}.\n\
                Period: {{ antal(period=\"2024-13\") }}.\n\
                I text {{ diagram() }} här.\n\
                Tal: {{ antal(kategori=\"klotter\" }}.\n\
                \n\
                {{ tabell() }}\n\
                \n\
                L\u{e4}nk [{{ tabell() }}](x).\n";
    let e = errors_with("sc-errors", &[("2024-03-21-fel.md", note)]);
    let at = |line: usize, column: usize, text: &str, hint: &str| {
        let found = e.lines().any(|l| {
            l.starts_with(&format!("2024-03-21-fel.md:{line}:{column}:"))
                && l.contains(text)
                && l.contains(hint)
        });
        assert!(found, "{line}:{column} {text}\n{e}");
    };
    // "Antal: {{ " is 10 characters: the name starts in column 11.
    at(
        7,
        11,
        "unknown shortcode \"antl\"",
        "did you mean \"antal\"?",
    );
    // "Kategori: {{ antal(kategori=\"" is 29 characters.
    at(
        8,
        30,
        "unknown category \"skadegorlse\"",
        "did you mean \"skadegorelse\"?",
    );
    // "Nyckel: {{ antal(" is 17 characters.
    at(
        9,
        18,
        "unknown key \"kategorie\"",
        "did you mean \"kategori\"?",
    );
    // "Period: {{ antal(period=\"" is 25 characters.
    at(10, 26, "not a period: \"2024-13\"", "");
    // "I text " is 7 characters.
    at(11, 8, "must stand alone in its paragraph", "blank line");
    // "Tal: {{ antal(kategori=\"klotter\" " is 33 characters.
    at(12, 34, "expected , or ) between keys", "");
    // A table alone on line 14 does not make its copy inside the link on
    // line 16 alone ("Länk [" is 6 characters).
    at(16, 7, "must stand alone in its paragraph", "blank line");
    assert_eq!(e.lines().count(), 7, "{e}");
}

#[test]
fn a_public_body_may_not_count_a_place_or_a_withheld_category() {
    let note = "+++\ntitle = \"Publik\"\ndate = 2024-03-22\ngroup = \"council\"\n\
                public = true\npublic_body = true\n+++\n\n\
                Torget: {{ antal(plats=\"torget\") }}.\n\
                Bränder: {{ antal(kategori=\"brand\") }}.\n";
    let e = errors_with("sc-public", &[("2024-03-22-publik.md", note)]);
    // Body lines start at line 9. "Torget: {{ antal(plats=\"" is 24
    // characters, "Bränder: {{ antal(kategori=\"" 28.
    assert!(
        e.contains("2024-03-22-publik.md:9:25: this note's body is public and may not count the place \"torget\""),
        "{e}"
    );
    assert!(
        e.contains("2024-03-22-publik.md:10:29: this note's body is public and may not count the category \"brand\""),
        "{e}"
    );
    // The same note kept internal is fine.
    let internal = note.replace("public = true\npublic_body = true\n", "");
    let site = common::temp_dir("sc-internal-ok");
    common::copy_dir(&common::fixture("shortcodes"), &site);
    std::fs::write(site.join("content/meetings/2024-03-22-publik.md"), internal).unwrap();
    let loaded = Site::load(&site);
    let _ = std::fs::remove_dir_all(&site);
    assert!(loaded.is_ok(), "{:?}", loaded.err());
}

/// A note whose body holds shortcodes, valid against the small catalog of
/// `fuzzing::meeting` (category brand, place torget, area Centrum).
const NOTE_SEED: &str = "+++\ntitle = \"T\"\ndate = 2024-01-11\ngroup = \"operative\"\n+++\n\
    ## Läget {{ antal() }}\n\nBränder: {{ antal(kategori=\"brand\", period=\"2024-q1\") }}, \
    {{ forandring(plats=\"torget\", jamfor=\"fjol\") }} `{{ x }}` \\{{\n\n\
    {{ diagram(omrade=\"Centrum\", period=\"2024-01-11\") }}\n\n| a |\n|-|\n| {{ antal() }} |\n";

#[test]
fn the_shortcode_reader_never_panics() {
    use lagesbild::source::fuzzing;
    assert!(fuzzing::meeting(NOTE_SEED).is_empty());
    let special = [
        "{", "}", "{{", "}}", "(", ")", "\"", "=", ",", "\\", "`", "\n", "\n\n", " ", "ä", "-",
        "q", "```\n",
    ];
    let mut rng = common::Rng(0x005c_0de5);
    let (mut clean, mut wrong) = (0, 0);
    for _ in 0..3000 {
        // Insert, replace or delete a few characters of the body.
        let mut text: Vec<char> = NOTE_SEED.chars().collect();
        let body = NOTE_SEED[..NOTE_SEED.find("## ").unwrap()].chars().count();
        for _ in 0..1 + rng.below(4) {
            let at = body + rng.below(text.len() - body);
            match rng.below(3) {
                0 => {
                    let s = special[rng.below(special.len())];
                    text.splice(at..at, s.chars());
                }
                1 => text[at] = special[rng.below(special.len())].chars().next().unwrap(),
                _ => {
                    text.remove(at);
                }
            }
        }
        let text: String = text.into_iter().collect();
        let diags = fuzzing::meeting(&text);
        if diags.is_empty() {
            clean += 1;
        } else {
            // Every error of a shortcode points into the body.
            assert!(diags.errors().all(|e| e.line >= 6), "{text}");
            wrong += 1;
        }
    }
    assert!(clean > 0 && wrong > 0, "{clean} clean, {wrong} with errors");
}
