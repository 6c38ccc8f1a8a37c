//! The Markdown bodies of the notes and the free pages. The numbers in a
//! note are invented, not counted from the incidents: a benchmark needs
//! text of realistic size and structure, not consistent statistics.

use std::fmt::Write as _;

use super::rng::Rng;
use super::schedule::{Kind, Meeting};
use super::world::{AREAS, CATEGORIES, Place, SOURCES};

/// `k` distinct category labels with falling counts.
fn top_categories(rng: &mut Rng, k: usize) -> Vec<(&'static str, usize)> {
    let mut ids: Vec<usize> = (0..CATEGORIES.len()).collect();
    rng.shuffle(&mut ids);
    let mut n = rng.between(20, 60);
    ids[..k]
        .iter()
        .map(|&i| {
            n = n * rng.between(50, 95) / 100 + 1;
            (CATEGORIES[i].label, n)
        })
        .collect()
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

pub fn body(
    rng: &mut Rng,
    places: &[Place],
    m: &Meeting,
    decided: &[String],
    moved: &[String],
) -> String {
    let mut b = String::new();
    match m.kind {
        Kind::Operative | Kind::Area(_) => operative(&mut b, rng, places),
        Kind::Strategic => strategic(&mut b, rng),
        Kind::Council => council(&mut b, rng, places),
        Kind::Walk => walk(&mut b, rng, places),
    }
    b.push_str("## Åtgärder\n\n");
    if decided.is_empty() && moved.is_empty() {
        b.push_str("- Inga ändringar i åtgärdsregistret.\n");
    }
    for line in decided.iter().chain(moved) {
        let _ = writeln!(b, "- {line}");
    }
    b.push_str("\n## Inför nästa möte\n\n");
    b.push_str("- Trygghetssamordnaren uppdaterar lägesbilden efter mötet.\n");
    b.push_str("- Aktörerna skickar sina filer senast två dagar före mötet.\n");
    b
}

fn operative(b: &mut String, rng: &mut Rng, places: &[Place]) {
    let total = rng.between(40, 400);
    let change = rng.between(1, 40);
    let _ = writeln!(b, "## Läget sedan förra mötet\n");
    let _ = writeln!(
        b,
        "- Totalt **{total}** händelser från {} aktörer.",
        SOURCES.len()
    );
    let more = if rng.chance(0.5) { "fler" } else { "färre" };
    let _ = writeln!(b, "- Det är {change} {more} än under föregående period.\n");
    let top = top_categories(rng, 3);
    let _ = writeln!(
        b,
        "## Vad som hänt\n\nVanligast var {} ({}), {} ({}) och {} ({}).\n",
        lower(top[0].0),
        top[0].1,
        lower(top[1].0),
        top[1].1,
        lower(top[2].0),
        top[2].1
    );
    b.push_str("## Platser att hålla ögonen på\n\n");
    for _ in 0..3 {
        let p = &places[rng.below(places.len())];
        let c = top_categories(rng, 2);
        let _ = writeln!(
            b,
            "- **{}** ({}): {} händelser, främst {} och {}.",
            p.name,
            AREAS[p.area],
            rng.between(5, 30),
            lower(c[0].0),
            lower(c[1].0)
        );
    }
    let (evening, night) = (rng.between(20, 45), rng.between(10, 35));
    let _ = writeln!(
        b,
        "\n## Tid på dygnet\n\nAv händelserna med känd tid inträffade {evening} % kvällstid \
         (18–24) och {night} % nattetid (00–05).\n"
    );
    b.push_str("## Rapporter från aktörerna\n\n");
    for s in &SOURCES {
        let c = top_categories(rng, 1);
        let _ = writeln!(
            b,
            "- {}: {} händelser, mest {} ({}).",
            s.name,
            rng.between(5, 120),
            lower(c[0].0),
            c[0].1
        );
    }
    b.push('\n');
}

fn strategic(b: &mut String, rng: &mut Rng) {
    b.push_str("## Lägesbild sedan förra mötet\n\n");
    b.push_str(
        "| Kategori | Antal | Föregående period | Förändring |\n| --- | ---: | ---: | ---: |\n",
    );
    for c in &CATEGORIES {
        let (now, before) = (rng.between(0, 150), rng.between(0, 150));
        let change = if before == 0 {
            "ny".to_string()
        } else {
            format!("{:+} %", (now as i64 - before as i64) * 100 / before as i64)
        };
        let _ = writeln!(b, "| {} | {now} | {before} | {change} |", c.label);
    }
    b.push_str(
        "\n## Uppföljning\n\nGruppen gick igenom åtgärdsregistret och de operativa gruppernas \
         iakttagelser. Effekten av insatserna bedöms vid nästa möte[^1].\n\n\
         [^1]: Bedömningen bygger på jämförelse med samma period föregående år.\n\n",
    );
}

fn council(b: &mut String, rng: &mut Rng, places: &[Place]) {
    let top = top_categories(rng, 5);
    let _ = writeln!(
        b,
        "## Lägesbild sedan förra rådet\n\nSedan förra rådet har {} händelser registrerats.\n",
        rng.between(300, 3000)
    );
    for (label, n) in &top {
        let _ = writeln!(b, "- {label}: {n}");
    }
    b.push_str("\n## Fokusområden\n\nRådet fastställer fokus för det kommande halvåret:\n\n");
    for _ in 0..rng.between(1, 3) {
        let p = &places[rng.below(places.len())];
        let _ = writeln!(b, "- {} i området {}", p.name, AREAS[p.area]);
    }
    b.push_str(
        "\nInsatserna ska verka tillsammans och utvärderas mot ett jämförelseområde[^1]. \
         ~~Tidigare fokus på enskilda händelser~~ ersätts av fokus på platser.\n\n\
         [^1]: Jämförelseområdet väljs så att det liknar fokusområdet i storlek.\n\n",
    );
}

fn walk(b: &mut String, rng: &mut Rng, places: &[Place]) {
    b.push_str(
        "## Deltagare och sträcka\n\nVandringen gick kl. 18.30–20.30 i mörker. Ett tjugotal \
         deltagare: boende, Hembo, kommunens gatu- och parkenhet och kommunpolisen.\n\n\
         ## Iakttagelser\n\n",
    );
    let observations = [
        "Belysningen är trasig och platsen upplevs som otrygg.",
        "Täta buskage skymmer sikten.",
        "Bra belysning men mycket klotter.",
        "Platsen upplevs trygg; önskemål om fler papperskorgar.",
    ];
    for _ in 0..rng.between(2, 4) {
        let p = &places[rng.below(places.len())];
        let _ = writeln!(b, "- **{}**: {}", p.name, rng.pick(&observations));
    }
    b.push('\n');
}

/// The free pages: (file name, text).
pub fn pages() -> [(&'static str, &'static str); 3] {
    [
        ("om", PAGE_ABOUT),
        ("anmal", PAGE_REPORT),
        ("rutiner", PAGE_ROUTINES),
    ]
}

const PAGE_ABOUT: &str = "+++
title = \"Om lägesbilden\"
order = 1
public = true
+++

> **Testdata.** Bänkby kommun finns inte. Allt här är påhittat och framtaget
> av ett program för att mäta hur snabbt lagesbild bygger en stor webbplats.

## Vad är lägesbilden?

Lägesbilden samlar det som Polisen, kommunen, bostadsbolaget Hembo och
Räddningstjänsten ser i sitt arbete, för arbetet med *effektiv samordning för
trygghet* (EST).
";

const PAGE_REPORT: &str = "+++
title = \"Anmäl ett problem\"
order = 2
public = true
+++

## Vid akut fara

Ring **112** om någon är i fara, om det brinner eller om ett brott pågår.

## Felanmälan till kommunen

Trasig belysning, klotter och nedskräpning anmäls till kommunens felanmälan.
";

const PAGE_ROUTINES: &str = "+++
title = \"Rutiner för lägesbilden\"
order = 3
+++

| Steg | Vem | När |
| --- | --- | --- |
| Filer skickas | Varje aktör | Två dagar före mötet |
| Lägesbilden byggs | Trygghetssamordnaren | Dagen före mötet |
| Protokoll publiceras | Trygghetssamordnaren | Dagen efter mötet |
";
