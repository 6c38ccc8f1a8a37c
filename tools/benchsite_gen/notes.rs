//! Meeting notes (`content/meetings/*.md`) in the format of the example
//! site: TOML front matter with focus and actions, and a Markdown body with
//! lists, tables and footnotes. Actions are decided at strategic and
//! council meetings and walks, and later notes move them on (planned →
//! ongoing → done, now and then cancelled), as a real register does.

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};

use super::rng::Rng;
use super::schedule::{Kind, Meeting};
use super::texts;
use super::world::{AREAS, CATEGORIES, Place, SOURCES, slug};

const MONTHS: [&str; 12] = [
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
const WHAT: [&str; 9] = [
    "Fältassistenter kvällstid vid {}",
    "Förbättrad belysning vid {}",
    "Förstudie om kamerabevakning vid {}",
    "Städrundor helger vid {}",
    "Klottersanering inom 24 timmar vid {}",
    "Samtal med fastighetsägaren vid {}",
    "Ökad polisnärvaro fredag–lördag vid {}",
    "Trygghetsvandring kring {}",
    "Röjning av buskage vid {}",
];
const OWNERS: [&str; 6] = [
    "Bänkby kommun, fritidsförvaltningen",
    "Bänkby kommun, tekniska förvaltningen",
    "Polisen, kommunpolisen",
    "Hembo, förvaltning",
    "Räddningstjänsten, förebyggande",
    "Bänkby kommun, trygghetssamordnaren",
];
const COMMENTS: [&str; 5] = [
    "Arbetet har påbörjats.",
    "Klart enligt plan.",
    "Försenat på grund av leveranstider.",
    "Utvärdering pågår tillsammans med polisen.",
    "Effekten följs upp vid nästa möte.",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Planned,
    Ongoing,
    Done,
    Cancelled,
}

impl Status {
    fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    fn swedish(self) -> &'static str {
        match self {
            Status::Planned => "planerad",
            Status::Ongoing => "pågår",
            Status::Done => "klar",
            Status::Cancelled => "avbruten",
        }
    }
}

struct Action {
    id: String,
    created: NaiveDate,
    what: String,
    status: Status,
}

/// Writes notes one after another, keeping the action register.
pub struct Writer<'a> {
    rng: Rng,
    places: &'a [Place],
    actions: Vec<Action>,
    per_year: (i32, usize),
}

fn sv_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn quoted_list<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

impl<'a> Writer<'a> {
    pub fn new(rng: Rng, places: &'a [Place]) -> Writer<'a> {
        Writer {
            rng,
            places,
            actions: Vec::new(),
            per_year: (0, 0),
        }
    }

    /// The file name (without `.md`) and text of one note.
    pub fn note(&mut self, m: &Meeting) -> (String, String) {
        let suffix = match m.kind {
            Kind::Operative => "operativ".to_string(),
            Kind::Strategic => "strategisk".to_string(),
            Kind::Council => "radet".to_string(),
            Kind::Walk => "trygghetsvandring".to_string(),
            Kind::Area(a) => format!("omrade-{}", slug(AREAS[a])),
        };
        let name = format!("{}-{suffix}", m.date.format("%Y-%m-%d"));
        let (updates, new) = match m.kind {
            Kind::Operative => (3, usize::from(self.rng.chance(0.25))),
            Kind::Area(_) => (2, usize::from(self.rng.chance(0.15))),
            Kind::Strategic => (3, self.rng.between(1, 2)),
            Kind::Council => (2, self.rng.between(1, 3)),
            Kind::Walk => (0, 1),
        };
        let public = match m.kind {
            Kind::Council | Kind::Walk => true,
            Kind::Strategic => self.rng.chance(0.4),
            _ => false,
        };
        let mut front = self.front(m, public);
        let mut decided = Vec::new();
        for _ in 0..new {
            decided.push(self.decide(m, public, &mut front));
        }
        let moved = self.move_on(m.date, updates, &mut front);
        let body = texts::body(&mut self.rng, self.places, m, &decided, &moved);
        (name, format!("+++\n{front}+++\n\n{body}"))
    }

    fn title(m: &Meeting) -> String {
        let when = sv_date(m.date);
        match m.kind {
            Kind::Operative => format!("Operativ grupp {when}"),
            Kind::Strategic => format!("Strategisk grupp {when}"),
            Kind::Council => format!("Trygghetsrådet {when}"),
            Kind::Walk => format!("Trygghetsvandring {when}"),
            Kind::Area(a) => format!("Områdesgrupp {} {when}", AREAS[a]),
        }
    }

    fn front(&mut self, m: &Meeting, public: bool) -> String {
        let rng = &mut self.rng;
        let group = match m.kind {
            Kind::Operative => "operative".to_string(),
            Kind::Strategic => "strategic".to_string(),
            Kind::Council => "council".to_string(),
            Kind::Walk => "trygghetsvandring".to_string(),
            Kind::Area(a) => format!("omrade-{}", slug(AREAS[a])),
        };
        let attendees = SOURCES[..2 + rng.below(3)].iter().map(|s| s.organisation);
        let total = rng.between(40, 400);
        let top = CATEGORIES[rng.below(CATEGORIES.len())].label.to_lowercase();
        let mut f = String::new();
        let _ = writeln!(
            f,
            "title = {:?}\ndate = {}\ngroup = {group:?}",
            Self::title(m),
            m.date
        );
        let _ = writeln!(
            f,
            "attendees = {}\npublic = {public}",
            quoted_list(attendees)
        );
        let _ = writeln!(
            f,
            "summary = \"{total} registrerade händelser sedan förra mötet, flest {top}.\""
        );
        if public {
            // A generated body names places and internal actions, which a
            // public body must not (a warning): no body is public. The
            // draw that once chose is kept, so the rest of a site stays.
            let _ = m.kind == Kind::Walk || rng.chance(0.5);
            let _ = writeln!(
                f,
                "public_summary = \"Mötet gick igenom läget och beslutade om åtgärder.\"\npublic_body = false"
            );
        }
        let mut places: Vec<&str> = (0..rng.between(1, 3))
            .map(|_| self.places[rng.below(self.places.len())].id.as_str())
            .collect();
        places.sort_unstable();
        places.dedup();
        let mut cats: Vec<&str> = (0..rng.between(1, 3))
            .map(|_| CATEGORIES[rng.below(12)].id)
            .collect();
        cats.sort_unstable();
        cats.dedup();
        let _ = writeln!(
            f,
            "\n[focus]\nplaces = {}\ncategories = {}",
            quoted_list(places),
            quoted_list(cats)
        );
        f
    }

    fn decide(&mut self, m: &Meeting, public_note: bool, front: &mut String) -> String {
        let rng = &mut self.rng;
        if self.per_year.0 != m.date.year() {
            self.per_year = (m.date.year(), 0);
        }
        self.per_year.1 += 1;
        let id = format!("A-{}-{:03}", m.date.year(), self.per_year.1);
        let place = &self.places[rng.below(self.places.len())];
        let what = rng.pick(&WHAT).replace("{}", &place.name);
        let category = CATEGORIES[rng.below(12)].id;
        let due = m.date + Duration::days(rng.between(30, 240) as i64);
        let public = public_note && rng.chance(0.8);
        let _ = writeln!(
            front,
            "\n[[actions]]\nid = {id:?}\nwhat = {what:?}\nplace = {:?}",
            place.id
        );
        let _ = writeln!(
            front,
            "category = {category:?}\nowner = {:?}",
            rng.pick(&OWNERS)
        );
        let _ = writeln!(
            front,
            "due = {due}\nstatus = \"planned\"\npublic = {public}"
        );
        let line = format!("**{id}** (ny): {what}, klart senast {}.", sv_date(due));
        self.actions.push(Action {
            id,
            created: m.date,
            what,
            status: Status::Planned,
        });
        line
    }

    /// Moves up to `n` open actions decided before `date` on.
    fn move_on(&mut self, date: NaiveDate, n: usize, front: &mut String) -> Vec<String> {
        let mut open: Vec<usize> = (0..self.actions.len())
            .filter(|&i| {
                let a = &self.actions[i];
                a.created < date && matches!(a.status, Status::Planned | Status::Ongoing)
            })
            .collect();
        let mut lines = Vec::new();
        for _ in 0..n.min(open.len()) {
            let i = open.swap_remove(self.rng.below(open.len()));
            let x = self.rng.f64();
            let next = match self.actions[i].status {
                Status::Planned if x < 0.05 => Status::Cancelled,
                Status::Planned if x < 0.55 => Status::Ongoing,
                Status::Ongoing if x < 0.4 => Status::Done,
                _ => continue,
            };
            let comment = self.rng.pick(&COMMENTS);
            let a = &mut self.actions[i];
            a.status = next;
            let _ = writeln!(
                front,
                "\n[[actions]]\nid = {:?}\nstatus = {:?}",
                a.id,
                next.key()
            );
            let _ = writeln!(front, "comment = {comment:?}");
            lines.push(format!(
                "**{}**: {} – {}. {comment}",
                a.id,
                a.what,
                next.swedish()
            ));
        }
        lines
    }
}
