//! The effects of actions, on `tests/fixtures/effects`, worked by hand.
//!
//! Areas A–E lie in a row, F far away; every count sits in one row of
//! `a.csv` (with `count`), so each window's sum is read off the file.
//! All actions start in July 2024 (E1 by `start = 2024-07-10`, the others
//! by their first `ongoing` status on 2 July), so with 6-month windows
//! "before" is January–June 2024 and "after" August 2024–January 2025;
//! the July rows and the rows after January 2025 are not counted.
//!
//! - E1, Torget, skadegörelse, comparison by default C, D, E, F (not A,
//!   not its neighbour B): a = 7+7+7+7+6+6 = 40, b = 4+4+3+3+3+3 = 20,
//!   c = 20+15+15 = 50, d = 50. RES = 40·50/(20·50) = 2.000, var =
//!   1/40+1/20+1/50+1/50 = 0.115, interval exp(ln 2 ± 1.96·0.3391) =
//!   1.029–3.888: a clear decrease, −50 % against the comparison.
//! - E2, Hamnen, samling, against area E: 20, 18, 50, 50. RES = 1.111,
//!   var = 0.14556, interval 0.526–2.347: could be chance.
//! - E3, Parken, samling: 6 before, 0 after: too few, no RES.
//! - E4, Torget, klotter: 30, 10 against 40, 40: RES 3.000 (1.296–6.944),
//!   a clear decrease; but next door in B (Skolan) klotter went from 10
//!   to 30: RES 0.333 (0.144–0.772), a clear increase: displacement. The
//!   rest of A (Parken) 10 and 10: RES 1.000 (0.375–2.664).
//! - P1 (public), area F against E: 3 and 2 events, too few; its months
//!   in F are 1 and 2 events, hidden in the public output.
//! - P2 (public), area D against the place MARKERCMPPLACE: never a public
//!   effect (a place), and the place's name never public.
//!
//! The site's date is 30 June 2025 (the last incident; the last note is
//! 25 June): E1 (due 31 March 2025) and E4 (due 29 June 2025) are overdue,
//! E2 (due 30 June 2025, not before it) and E3 (done) are not.

mod common;

use std::collections::BTreeMap;

use lagesbild::analysis::effects::{Evaluation, Measure, Verdict};
use lagesbild::site::Site;

fn close(x: Option<f64>, want: f64, what: &str) {
    let x = x.unwrap_or_else(|| panic!("{what}: no value"));
    assert!((x - want).abs() < 5e-4, "{what}: {x} against {want}");
}

fn check(m: &Measure, counts: [u64; 4], res: f64, low: f64, high: f64, verdict: Verdict) {
    assert_eq!([m.a, m.b, m.c, m.d], counts);
    close(m.res, res, "RES");
    close(m.low, low, "low");
    close(m.high, high, "high");
    assert_eq!(m.verdict, verdict);
}

type Tree = BTreeMap<String, Vec<u8>>;

fn build(tag: &str) -> (Tree, Tree) {
    let out = common::temp_dir(tag);
    Site::build(&common::fixture("effects"), &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    (
        common::read_tree(&out.join("internal")),
        common::read_tree(&out.join("public")),
    )
}

fn text(tree: &Tree, path: &str) -> String {
    common::tree_text(tree, path)
}

#[test]
fn effects_by_hand() {
    let site = Site::load(&common::fixture("effects")).unwrap_or_else(|e| panic!("{e:?}"));
    let analysis = site.analyse();
    let actions = &analysis.actions;
    let effect = |id: &str| {
        let a = actions.iter().find(|a| a.id == id).expect(id);
        a.effect.clone()
    };
    let Evaluation::Done(e1) = effect("E1") else {
        panic!("E1 not evaluated")
    };
    assert_eq!(e1.months, 6);
    assert_eq!(e1.before.0.to_string(), "2024-01-01");
    assert_eq!(e1.after.1.to_string(), "2025-01-31");
    check(
        &e1.measure,
        [40, 20, 50, 50],
        2.0,
        1.029,
        3.888,
        Verdict::ClearDecrease,
    );
    close(e1.measure.change_pct, -50.0, "change");

    let Evaluation::Done(e2) = effect("E2") else {
        panic!("E2 not evaluated")
    };
    check(
        &e2.measure,
        [20, 18, 50, 50],
        1.111,
        0.526,
        2.347,
        Verdict::CouldBeChance,
    );

    let Evaluation::Done(e3) = effect("E3") else {
        panic!("E3 not evaluated")
    };
    assert_eq!(
        [e3.measure.a, e3.measure.b, e3.measure.c, e3.measure.d],
        [6, 0, 70, 68]
    );
    assert_eq!(e3.measure.res, None);
    assert_eq!(e3.measure.verdict, Verdict::TooFew);

    let Evaluation::Done(e4) = effect("E4") else {
        panic!("E4 not evaluated")
    };
    check(
        &e4.measure,
        [30, 10, 40, 40],
        3.0,
        1.296,
        6.944,
        Verdict::ClearDecrease,
    );
    let area = |d: &lagesbild::analysis::effects::Displacement| {
        site.model.areas[d.area as usize].name.clone()
    };
    let rest = e4.displacement.iter().find(|d| area(d) == "A").expect("A");
    assert!(rest.rest_of_area);
    check(
        &rest.measure,
        [10, 10, 40, 40],
        1.0,
        0.375,
        2.664,
        Verdict::CouldBeChance,
    );
    let b = e4.displacement.iter().find(|d| area(d) == "B").expect("B");
    check(
        &b.measure,
        [10, 30, 40, 40],
        0.333,
        0.144,
        0.772,
        Verdict::ClearIncrease,
    );
    assert_eq!(e4.displacement.len(), 2, "only A's rest and B");

    let overdue: Vec<&str> = actions
        .iter()
        .filter(|a| a.overdue)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(overdue, ["E1", "E4"]);
}

#[test]
fn pages_public_effects_and_markers() {
    let (internal, public) = build("effects");
    // The action's page: the effect table, its chart and what it cannot tell.
    let e4 = text(&internal, "actions/e4/index.html");
    for needle in [
        "3,00 (1,30–6,94)",
        "0,33 (0,14–0,77)",
        "Förflyttning?: B</th>",
        "Förflyttning?: A utom Torget",
        "role=\"img\"",
        "Vad jämförelsen inte kan säga",
        // The same in words beside the figures: 10 events against the
        // 30 the comparison leads one to expect is 1/RES = 33 %, the
        // interval 1/6.944–1/1.296 = 14–77 %; in B 30 against 10 is
        // 300 %, 1/0.772–1/0.144 = 130–694 %.
        "Efter starten: ungefär en tredjedel så många händelser som om utvecklingen hade följt jämförelsen (33\u{a0}% av det antalet; osäkert, någonstans mellan 14 och 77\u{a0}%).",
        "Efter starten: ungefär tre gånger så många händelser som om utvecklingen hade följt jämförelsen (300\u{a0}% av det antalet; osäkert, någonstans mellan 130 och 694\u{a0}%).",
    ] {
        assert!(e4.contains(needle), "{needle} not on E4's page");
    }
    // E3 (6 before, 0 after) is too few: no words that claim a size.
    let e3 = text(&internal, "actions/e3/index.html");
    assert!(!e3.contains("Efter starten"), "E3 judged in words");
    // Overdue in the register, on the start page and the follow-up page.
    for page in [
        "actions/index.html",
        "index.html",
        "actions/follow-up/index.html",
    ] {
        let html = text(&internal, page);
        assert!(html.contains("status-overdue"), "{page}");
    }
    let follow = text(&internal, "actions/follow-up/index.html");
    assert!(follow.contains("Operativ grupp 20 juni 2024"));
    assert!(follow.contains("2,00 (1,03–3,89)"));
    // E1 in words: 20 events where 40 were expected, 50 %; 1/3.888 =
    // 26 %, 1/1.029 = 97 %.
    assert!(follow.contains(
        "ungefär hälften så många händelser som om utvecklingen hade följt jämförelsen (50\u{a0}% av det antalet; osäkert, någonstans mellan 26 och 97\u{a0}%)."
    ));
    let data = text(&internal, "actions/data.json");
    assert!(data.contains("\"verdict\": \"clear_decrease\""), "{data}");
    // E1 targets Torget from 10 July 2024: marked on Torget's chart (a
    // dashed line labelled in the figure, said in its text), and on the
    // chart of Torget's area, never on a place it does not target.
    let torget = text(&internal, "places/torget/index.html");
    assert!(
        torget.contains("fill=\"#595959\">\nE1 start\n</text>"),
        "E1 start drawn"
    );
    assert!(
        torget.contains("Insatsen E1 (MARKERWHATEFF belysning vid Torget) började 10 juli 2024.")
    );
    let hamnen = text(&internal, "places/hamnen/index.html");
    assert!(!hamnen.contains("E1 start"));

    // September 2024 has no note, yet P1 and P2 ran in it.
    let sept = text(&public, "reports/month/2024-09/index.html");
    assert!(
        sept.contains("Trygghetsvandringar i område F"),
        "P1 not listed"
    );
    assert!(sept.contains("Grannsamverkan i område D"), "P2 not listed");
    assert!(!sept.contains("Fältassistenter"), "a non-public action");
    // P1's effect: too few, and no RES or counts.
    let register = text(&public, "actions/index.html");
    assert!(register.contains("För få händelser för att visa effekten."));
    assert!(
        !register.contains("RES "),
        "a number in the public register"
    );
    let pdata = text(&public, "actions/data.json");
    assert!(!pdata.contains("\"res\": 0") && !pdata.contains("\"counts\": ["));

    for marker in [
        "MARKERCMPPLACE",
        "MARKEROWNEREFF",
        "MARKERCOMMENTEFF",
        "MARKERWHATEFF",
    ] {
        let lower = marker.to_lowercase();
        assert!(
            internal
                .values()
                .any(|b| String::from_utf8_lossy(b).contains(marker)),
            "{marker} not internal"
        );
        let found: Vec<&String> = public
            .iter()
            .filter(|(_, b)| String::from_utf8_lossy(b).to_lowercase().contains(&lower))
            .map(|(p, _)| p)
            .collect();
        assert!(found.is_empty(), "{marker} in {found:?}");
    }
    assert!(common::broken_links(&common_root("effects-links")).is_empty());
}

/// A fresh build of the fixture, for the link check.
fn common_root(tag: &str) -> common::TempDir {
    let out = common::temp_dir(tag);
    Site::build(&common::fixture("effects"), &out, None).unwrap();
    out
}
