//! The invented municipality of a benchmark site: categories, areas,
//! places and the partners that send incident files, and the two files that
//! describe them (`lagesbild.toml`, `content/places.toml`).
//!
//! The categories are the example site's; the partners' exports differ the
//! way real ones do (delimiters, headers, own category names, coordinates),
//! so a benchmark exercises every path of the importer.

use std::fmt::Write as _;

use super::rng::Rng;

/// Hour-of-day profiles (relative weights for hours 0–23).
pub const EVENING: [f64; 24] = [
    3.0, 2.0, 1.2, 0.6, 0.3, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.3, 1.8, 2.4, 3.2,
    4.0, 4.6, 4.8, 4.4, 3.8,
];
pub const NIGHT: [f64; 24] = [
    4.0, 3.5, 3.0, 2.2, 1.2, 0.5, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.5, 0.8,
    1.2, 1.8, 2.6, 3.4, 4.0,
];
pub const OFFICE: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3, 2.0, 3.0, 3.0, 2.5, 2.0, 1.5, 2.0, 2.2, 1.8, 1.0, 0.3, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0,
];
pub const DAY: [f64; 24] = [
    0.1, 0.05, 0.05, 0.0, 0.0, 0.1, 0.3, 0.8, 1.2, 1.5, 1.6, 1.7, 1.8, 1.8, 1.9, 2.0, 2.1, 2.0,
    1.8, 1.5, 1.2, 0.8, 0.5, 0.3,
];

pub struct Category {
    pub id: &'static str,
    pub label: &'static str,
    pub colour: &'static str,
    pub public: bool,
    pub aliases: &'static [&'static str],
    /// What the police call it (a label, an alias or a name mapped in
    /// the police source's `[sources.categories]`).
    pub police: &'static str,
    pub hours: &'static [f64; 24],
    pub descriptions: &'static [&'static str],
}

macro_rules! cat {
    ($id:literal, $label:literal, $colour:literal, $public:literal, [$($a:literal),*],
     $police:literal, $hours:ident, [$($d:literal),*]) => {
        Category {
            id: $id, label: $label, colour: $colour, public: $public,
            aliases: &[$($a),*], police: $police, hours: &$hours,
            descriptions: &[$($d),*],
        }
    };
}

#[rustfmt::skip]
pub const CATEGORIES: [Category; 12] = [
    cat!("skadegorelse", "Skadegörelse", "#9c2f1f", true, ["vandalism", "skadegörelse, övrigt"],
         "Skadegörelse", EVENING, ["Krossad ruta", "Trasig belysning", "Sönderslagen busskur",
         "Skadat staket, anmält till fastighetsägaren"]),
    cat!("klotter", "Klotter", "#6a3d9a", true, ["graffiti", "tags"], "Klotter", OFFICE,
         ["Klotter på fasad", "Tags på elskåp", "Klotter i gångtunnel, sanerat"]),
    cat!("brand", "Brand", "#b34700", true, ["anlagd brand", "brand utomhus", "brand i container"],
         "Brand", EVENING, ["Brand i papperskorg", "Brand i container", "Anlagd brand i förråd"]),
    cat!("nedskrapning", "Nedskräpning", "#55661a", true, ["skräp", "dumpning"], "Nedskräpning",
         OFFICE, ["Nedskräpning efter helgen", "Dumpade möbler", "Glasflaskor, krossat glas"]),
    cat!("ordningsstorning", "Ordningsstörning", "#1f4e9c", true, ["störning", "bråk"],
         "Ordningsstörning", EVENING, ["Bråk mellan ungdomar, skingrades", "Hög musik",
         "Berusad person, omhändertagen"]),
    cat!("samling", "Samling som skapar otrygghet", "#a0306e", true, ["folksamling", "samling"],
         "Folksamling", EVENING, ["Grupp ungdomar, ca 15 personer", "Samling vid entrén",
         "Mopedåkning och samling"]),
    cat!("hot-vald", "Hot och våld", "#6e0b2a", true, ["misshandel", "hot/våld"], "Misshandel",
         EVENING, ["Misshandel utomhus", "Hot mot personal", "Slagsmål, två inblandade"]),
    cat!("narkotika", "Narkotika", "#1f6b3a", true, ["narkotikabrott", "droger"], "Narkotikabrott",
         DAY, ["Misstänkt försäljning", "Innehav, ringa", "Sprutor upphittade"]),
    cat!("inbrott", "Inbrott", "#4a4a4a", true, ["stöld/inbrott", "stöld"], "Stöld/inbrott", NIGHT,
         ["Inbrott i förråd", "Cykelstöld", "Inbrottsförsök i källare"]),
    cat!("larm", "Larm", "#7d5a00", true, ["brandlarm", "inbrottslarm"], "Larm", NIGHT,
         ["Brandlarm utan brand", "Inbrottslarm, ingen åtgärd", "Larm från skola"]),
    cat!("orosanmalan", "Orosanmälan", "#3d4f63", false, ["orosanmälan", "oro"], "Oro för person",
         DAY, ["Orosanmälan efter kontakt", "Ungdom ute sent"]),
    cat!("otrygg-plats", "Otrygg plats", "#0f5f78", true, ["otrygg plats", "otrygghet"],
         "Otrygg miljö", DAY, ["Mörk gångväg", "Buskage skymmer sikten", "Trasig lampa i tunnel"]),
];

pub const AREAS: [&str; 12] = [
    "Centrum",
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Älvstranden",
    "Industriområdet",
    "Hamnen",
    "Skogsby",
    "Fagerhult",
    "Bergsäng",
    "Kyrkbyn",
];

const PREFIXES: [&str; 25] = [
    "Björk", "Lind", "Ek", "Sol", "Norr", "Hag", "Berg", "Ängs", "Sjö", "Kvarn", "Gran", "Tall",
    "Ros", "Lönn", "Ask", "Alm", "Hassel", "Rönn", "Sälg", "Vide", "Mosse", "Strand", "Kyrk",
    "Skogs", "Fager",
];
const SUFFIXES: [&str; 8] = [
    "skolan", "gården", "parken", "torget", "backen", "vägen", "hallen", "stigen",
];

/// Housing areas: where the housing company's incidents happen.
fn is_housing(name: &str) -> bool {
    name.ends_with("gården") || name.ends_with("backen")
}

pub struct Place {
    pub id: String,
    pub name: String,
    pub area: usize,
    pub alias: Option<String>,
    pub position: Option<(f64, f64)>,
    pub housing: bool,
    pub village: bool,
}

/// An id from a Swedish name: lower case, å/ä → a, ö → o, spaces → '-'.
pub fn slug(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            ' ' => '-',
            c => c,
        })
        .collect()
}

pub const CENTRE: (f64, f64) = (59.76, 13.18);

/// How many of `areas` areas are villages: a few places with a handful
/// of incidents a month, whose small counts the public output must hide.
pub fn villages(areas: usize) -> usize {
    (areas / 4).max(1)
}

/// `count` places (at most 200) spread over the first `areas` areas: two
/// in each village, the rest in turn over the other areas.
pub fn places(rng: &mut Rng, count: usize, areas: usize) -> Vec<Place> {
    let mut names: Vec<String> = PREFIXES
        .iter()
        .flat_map(|p| SUFFIXES.iter().map(move |s| format!("{p}{s}")))
        .collect();
    rng.shuffle(&mut names);
    names.truncate(count);
    let v = villages(areas);
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let village = i < 2 * v;
            let area = if village {
                areas - v + i / 2
            } else {
                (i - 2 * v) % (areas - v)
            };
            let angle = area as f64 / areas as f64 * std::f64::consts::TAU;
            let ring = match area {
                0 => 0.0,
                _ if village => 0.08,
                _ => 0.025,
            };
            let (lat, lon) = (
                CENTRE.0 + ring * angle.sin() + (rng.f64() - 0.5) * 0.008,
                CENTRE.1 + 2.0 * ring * angle.cos() + (rng.f64() - 0.5) * 0.016,
            );
            let alias = rng.chance(0.25).then(|| format!("{name} {}", AREAS[area]));
            Place {
                id: slug(&name),
                housing: is_housing(&name),
                position: rng.chance(0.9).then_some((lat, lon)),
                name,
                area,
                alias,
                village,
            }
        })
        .collect()
}

/// How a partner's export is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Comma, Swedish headers, the police's own category names.
    Police,
    /// Semicolon, category ids, a count, decimal-comma coordinates.
    Municipality,
    /// The default English headers with an organisation column.
    Housing,
    /// Tab, date and time in one column, coordinates in one column.
    Rescue,
}

pub struct Source {
    pub folder: &'static str,
    pub name: &'static str,
    pub organisation: &'static str,
    pub share: f64,
    /// Relative weight of each category, in `CATEGORIES` order.
    pub weights: [f64; 12],
    pub layout: Layout,
}

#[rustfmt::skip]
pub const SOURCES: [Source; 4] = [
    Source { folder: "polisen", name: "Polisen", organisation: "Polisen", share: 0.38,
        weights: [0.35, 0.05, 0.07, 0.0, 0.55, 0.14, 0.22, 0.18, 0.28, 0.03, 0.18, 0.02],
        layout: Layout::Police },
    Source { folder: "kommunen", name: "Bänkby kommun", organisation: "Bänkby kommun", share: 0.30,
        weights: [0.30, 0.34, 0.08, 0.32, 0.10, 0.22, 0.0, 0.03, 0.0, 0.20, 0.14, 0.14],
        layout: Layout::Municipality },
    Source { folder: "hembo", name: "Hembo", organisation: "Hembo", share: 0.22,
        weights: [0.32, 0.22, 0.045, 0.18, 0.15, 0.07, 0.0, 0.0, 0.14, 0.11, 0.0, 0.05],
        layout: Layout::Housing },
    Source { folder: "raddningstjansten", name: "Räddningstjänsten", organisation: "Räddningstjänsten",
        share: 0.10,
        weights: [0.05, 0.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.4, 0.0, 0.0],
        layout: Layout::Rescue },
];

/// The rescue service's own names for its kinds of call.
pub const RESCUE_NAMES: [(&str, &str); 4] = [
    ("Brand i byggnad", "brand"),
    ("Brand i fordon", "brand"),
    ("Automatlarm", "larm"),
    ("Skadegörelse på brandpost", "skadegorelse"),
];

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// `lagesbild.toml`: every report cadence, both outputs.
pub fn config_toml(tier: &str, seed: u64, areas: usize) -> String {
    let mut t = String::new();
    let w = &mut t;
    let _ = writeln!(
        w,
        "# Synthetic benchmark site (tier {tier}, seed {seed}), written by"
    );
    let _ = writeln!(
        w,
        "# `cargo run --release --example benchsite`. Everything here is invented.\n"
    );
    let _ = writeln!(w, "[site]\ntitle = \"Lägesbild Bänkby\"");
    let _ = writeln!(
        w,
        "description = \"Syntetisk lägesbild för prestandamätning.\""
    );
    let _ = writeln!(w, "language = \"sv\"");
    let _ = writeln!(
        w,
        "notice = \"Testwebbplats: Bänkby kommun och alla uppgifter här är påhittade.\"\n"
    );
    let _ = writeln!(w, "[municipality]\nname = \"Bänkby kommun\"");
    let _ = writeln!(w, "latitude = {}\nlongitude = {}", CENTRE.0, CENTRE.1);
    let _ = writeln!(w, "timezone = \"Europe/Stockholm\"\n");
    for c in &CATEGORIES {
        let _ = writeln!(w, "[[categories]]\nid = {:?}\nlabel = {:?}", c.id, c.label);
        let _ = writeln!(w, "colour = {:?}\npublic = {}", c.colour, c.public);
        let _ = writeln!(w, "aliases = {}\n", toml_list(c.aliases));
    }
    let _ = writeln!(
        w,
        "[[groups]]\nid = \"trygghetsvandring\"\nlabel = \"Trygghetsvandring\"\n"
    );
    for area in &AREAS[..areas] {
        let _ = writeln!(w, "[[groups]]\nid = \"omrade-{}\"", slug(area));
        let _ = writeln!(w, "label = \"Områdesgrupp {area}\"\n");
    }
    sources_toml(w);
    let _ = writeln!(w, "[reports]");
    let _ = writeln!(
        w,
        "cadences = [\"operative\", \"month\", \"bimonth\", \"tertial\", \"quarter\", \"year\"]\n"
    );
    let _ = writeln!(
        w,
        "[[outputs]]\nname = \"internal\"\naudience = \"internal\"\n"
    );
    let _ = writeln!(w, "[[outputs]]\nname = \"public\"\naudience = \"public\"\n");
    let _ = writeln!(
        w,
        "[privacy]\nthreshold = 3\ncadences = [\"month\", \"quarter\", \"year\"]"
    );
    let _ = writeln!(w, "organisations = false");
    t
}

fn sources_toml(w: &mut String) {
    let police = &SOURCES[0];
    let _ = writeln!(
        w,
        "[[sources]]\nname = {:?}\nglob = \"{}/**/*.csv\"",
        police.name, police.folder
    );
    let _ = writeln!(
        w,
        "delimiter = \",\"\n[sources.fixed]\norganisation = {:?}",
        police.organisation
    );
    let _ = writeln!(
        w,
        "[sources.columns]\ndate = \"Datum\"\ntime = \"Tid\"\ncategory = \"Händelsetyp\""
    );
    let _ = writeln!(
        w,
        "place = \"Plats\"\ndescription = \"Beskrivning\"\n[sources.categories]"
    );
    let _ = writeln!(
        w,
        "\"Oro för person\" = \"orosanmalan\"\n\"Otrygg miljö\" = \"otrygg-plats\"\n"
    );

    let kommun = &SOURCES[1];
    let _ = writeln!(
        w,
        "[[sources]]\nname = {:?}\nglob = \"{}/**/*.csv\"",
        kommun.name, kommun.folder
    );
    let _ = writeln!(
        w,
        "delimiter = \";\"\n[sources.fixed]\norganisation = {:?}",
        kommun.organisation
    );
    let _ = writeln!(
        w,
        "[sources.columns]\ndate = \"Datum\"\ntime = \"Klockslag\"\ncategory = \"Kategori\""
    );
    let _ = writeln!(
        w,
        "place = \"Plats\"\ncount = \"Antal\"\nlatitude = \"Latitud\"\nlongitude = \"Longitud\""
    );
    let _ = writeln!(w, "description = \"Beskrivning\"\n");

    let housing = &SOURCES[2];
    let _ = writeln!(
        w,
        "# The housing company's files use the default English headers."
    );
    let _ = writeln!(
        w,
        "[[sources]]\nname = {:?}\nglob = \"{}/**/*.csv\"\n",
        housing.name, housing.folder
    );

    let rescue = &SOURCES[3];
    let _ = writeln!(
        w,
        "[[sources]]\nname = {:?}\nglob = \"{}/**/*.csv\"",
        rescue.name, rescue.folder
    );
    let _ = writeln!(
        w,
        "delimiter = \"tab\"\n[sources.fixed]\norganisation = {:?}",
        rescue.organisation
    );
    let _ = writeln!(
        w,
        "[sources.columns]\ndate = \"Tidpunkt\"\ncategory = \"Händelse\"\nplace = \"Objekt\""
    );
    let _ = writeln!(
        w,
        "coordinates = \"Koordinater\"\ndescription = \"Notering\"\n[sources.categories]"
    );
    for (name, id) in RESCUE_NAMES {
        let _ = writeln!(w, "{name:?} = {id:?}");
    }
    let _ = writeln!(w);
}

/// `content/places.toml`.
pub fn places_toml(places: &[Place]) -> String {
    let mut t = String::from("# Place register of the invented Bänkby kommun.\n");
    for p in places {
        let _ = write!(
            t,
            "\n[[places]]\nid = {:?}\nname = {:?}\narea = {:?}\n",
            p.id, p.name, AREAS[p.area]
        );
        if let Some((lat, lon)) = p.position {
            let _ = write!(t, "latitude = {lat:.5}\nlongitude = {lon:.5}\n");
        }
        if let Some(alias) = &p.alias {
            let _ = writeln!(t, "aliases = [{alias:?}]");
        }
    }
    t
}
