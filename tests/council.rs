//! The council's path (issue 16, part 5) on `tests/fixtures/council`, and
//! the wording fixes of part 4 on the example site.
//!
//! The fixture has seven notes: five of the operative group (11 and 25
//! January, 8 and 22 February, 7 March 2024) and two of the council:
//! "Rådet januari" (18 January, public) decides A-1 (planned, public);
//! "Rådet februari" (15 February, not public) decides A-2 (planned). The
//! operative note of 7 March restates both: A-1 done, A-2 ongoing. So:
//!
//! - the council's page lists both council notes, February first, and no
//!   operative note; the operative page lists the five operative notes
//!   and no council note;
//! - the public output shows one note, "Rådet januari": its council page
//!   lists that note only, and it has no operative page (no public
//!   operative note);
//! - the decisions page lists A-1 under "Rådet januari" with its status
//!   now, "Genomförd" (done on 7 March), and A-2 under "Rådet februari"
//!   as "Pågår"; nothing under the operative note of 7 March, which only
//!   restated them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use lagesbild::site::Site;

type Tree = BTreeMap<String, Vec<u8>>;

fn build(site: &Path, tag: &str) -> (Tree, Tree) {
    let out = common::temp_dir(tag);
    Site::build(site, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let trees = (
        common::read_tree(&out.join("internal")),
        common::read_tree(&out.join("public")),
    );
    let _ = std::fs::remove_dir_all(&out);
    trees
}

fn text(tree: &Tree, path: &str) -> String {
    common::tree_text(tree, path)
}

/// The `<main>` of a page: what it lists, without the menu and footer.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

/// The ids of the archive's cadence sections, in page order.
fn archive_order(html: &str) -> Vec<&str> {
    html.match_indices("<section id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn archive_starts_with_years_then_quarters() {
    let (internal, public) = build(&common::fixture("council"), "council-archive");
    assert_eq!(
        archive_order(&text(&internal, "reports/index.html")),
        [
            "year",
            "quarter",
            "tertial",
            "bimonth",
            "month",
            "operative"
        ]
    );
    // The public output has no operative periods; the order is the same.
    assert_eq!(
        archive_order(&text(&public, "reports/index.html")),
        ["year", "quarter", "month"]
    );
}

#[test]
fn a_page_per_group_lists_its_meetings_newest_first() {
    let (internal, public) = build(&common::fixture("council"), "council-groups");
    let list = text(&internal, "meetings/index.html");
    for href in ["groups/council/index.html", "groups/operative/index.html"] {
        assert!(
            list.contains(&format!("href=\"../{href}\"")),
            "no link to {href}"
        );
    }
    let council = text(&internal, "groups/council/index.html");
    let council = main_of(&council);
    let (feb, jan) = (
        council
            .find("Rådet februari")
            .expect("February's council note"),
        council
            .find("Rådet januari")
            .expect("January's council note"),
    );
    assert!(feb < jan, "newest first");
    assert!(!council.contains("Operativ grupp 2024"), "{council}");
    let operative = text(&internal, "groups/operative/index.html");
    let operative = main_of(&operative);
    assert_eq!(operative.matches("Operativ grupp 2024-").count(), 5);
    assert!(!operative.contains("Rådet"));

    // Public: only the public note, on its group's page; no page for a
    // group without public notes, and no link to one.
    let council = text(&public, "groups/council/index.html");
    assert!(main_of(&council).contains("Rådet januari"));
    assert!(!council.contains("Rådet februari"));
    assert!(!public.contains_key("groups/operative/index.html"));
    assert!(!text(&public, "meetings/index.html").contains("groups/operative"));
}

#[test]
fn decisions_page_lists_actions_under_the_note_that_decided_them() {
    let (internal, public) = build(&common::fixture("council"), "council-decisions");
    let page = text(&internal, "actions/follow-up/index.html");
    // The menu names it so the council finds its decisions.
    assert!(page.contains(">Beslut och uppföljning</a>"));
    let page = main_of(&page);
    let sections: Vec<&str> = page.split("<section").skip(1).collect();
    let section = |title: &str| {
        sections
            .iter()
            .find(|s| s.contains(title))
            .unwrap_or_else(|| panic!("no section of {title}"))
    };
    let jan = section("Rådet januari");
    assert!(jan.contains(">A-1<") && jan.contains("Genomförd"), "{jan}");
    assert!(!jan.contains(">A-2<"));
    let feb = section("Rådet februari");
    assert!(feb.contains(">A-2<") && feb.contains("Pågår"), "{feb}");
    assert_eq!(sections.len(), 2, "no section for the note that restated");
    // The public output has its action register, no decisions page.
    assert!(!public.contains_key("actions/follow-up/index.html"));
}

#[test]
fn public_action_table_has_no_empty_owner_column() {
    let (internal, public) = build(&common::fixture("council"), "council-owner");
    let head = |html: &str| {
        let t = &html[html
            .find("<table class=\"actions\">")
            .expect("an action table")..];
        t[..t.find("</thead>").unwrap()].to_string()
    };
    let public_head = head(&text(&public, "actions/index.html"));
    assert!(!public_head.contains("Ansvarig"), "{public_head}");
    assert!(public_head.contains(">Område<") && !public_head.contains(">Plats<"));
    let internal_head = head(&text(&internal, "actions/index.html"));
    assert!(internal_head.contains(">Ansvarig<") && internal_head.contains(">Plats<"));
}

/// The wording fixes of issue 16, part 4, on the example site's pages:
/// each old wording absent everywhere, the new one present.
#[test]
fn example_wording() {
    let (internal, public) = build(Path::new(env!("CARGO_MANIFEST_DIR")), "council-words");
    let all: Vec<(&String, String)> = internal
        .iter()
        .chain(public.iter())
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    for old in [
        "Officiell statistik (bra)",
        "den senaste bygget",
        "utgåvan",
        "Kvartal: kvartal",
        "dygnets timmar",
        "på mån klockan",
        " klockan ",
        ">Sannolikhet<",
        "8437",
    ] {
        let hit = all.iter().find(|(_, h)| h.contains(old));
        assert!(hit.is_none(), "{old:?} still on {}", hit.unwrap().0);
    }
    let year = text(&internal, "reports/year/2025/index.html");
    // Brå's 2025 total in content/reference/bra.csv: 1198 reported
    // crimes, 8436.6 per 100 000 inhabitants, shown whole: both grouped.
    assert!(year.contains("Officiell statistik (Brå)"));
    assert!(year.contains("1\u{a0}198") && year.contains("8\u{a0}437"));
    // The weekday × hour peak of 2025: Saturdays 23–24, 36 events.
    assert!(year.contains("Flest händelser på lördagar kl. 23–24 (36)."));
    assert!(year.contains("Av periodens timmar var 41\u{a0}% mörka"));
    // Södra centrum in May 2026: 41 events against 26.89 expected, the
    // chance of at least 41 is 0.006755 (data.json keeps the number);
    // 1/0.006755 = 148.0, to two digits 150.
    let may = text(&internal, "reports/month/2026-05/index.html");
    assert!(may.contains("ovanligt många: skulle hända av en slump ungefär 1 gång av 150"));
    let index = text(&internal, "index.html");
    assert!(index.contains(">Kvartal 4 2026 (pågår)</a>"));
    let privacy = text(&internal, "privacy/index.html");
    assert!(privacy.contains("enligt det senaste bygget"));
}
