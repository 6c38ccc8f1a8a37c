//! `lagesbild new meeting`: the next note of a group, from `meeting.md`.
//!
//! What a coordinator types by hand after every meeting is mostly already
//! known: the title, the period the group looks back on, and every open
//! action, which the meeting must follow up. The note is written with
//! those filled in, each open action as an entry ready to restate (its id
//! and current status, a comment to fill in, its description as a TOML
//! comment above it) and the overdue ones marked, so nothing open is
//! forgotten. The file is named `DATE-GROUP.md`, as the example's notes
//! are, so sorting the folder by name sorts it by date.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};

use super::{ScaffoldError, comment_text, fill, toml_escape, write_new};
use crate::analysis::periods;
use crate::analysis::{ActionRecord, action_register};
use crate::config::{Cadence, Config};
use crate::i18n::Words;
use crate::model::Model;
use crate::site::Site;

/// The note's template.
const TEMPLATE: &str = include_str!("meeting.md");

/// Where notes live in a site folder.
pub const MEETINGS_DIR: &str = "content/meetings";

/// Live figures for the note's "Läget" section, written in place of
/// `{siffror}`: shortcodes (README, "Computed numbers in notes") the build
/// evaluates for each output, so a late file never leaves a typed figure
/// stale. `{nyckel}` is the period's page name, `{namn}` its name; a line
/// holding `{kategori}` (or `{etikett}`) is written once per category.
/// The operative group looks at its own period (the report ending on the
/// meeting's date) against the one before.
const OPERATIVE_FIGURES: &[&str] = &[
    "Händelser under perioden: {{ antal(period=\"{nyckel}\") }} ({{ forandring(period=\"{nyckel}\") }} mot perioden före).",
    "",
    "- {etikett}: {{ antal(kategori=\"{kategori}\", period=\"{nyckel}\") }} ({{ forandring(kategori=\"{kategori}\", period=\"{nyckel}\") }})",
];

/// The other groups look at the last whole month against the same month a
/// year before, and at the year up to it in a chart.
const MONTH_FIGURES: &[&str] = &[
    "Händelser i {namn}: {{ antal(period=\"{nyckel}\") }} ({{ forandring(period=\"{nyckel}\", jamfor=\"fjol\") }} mot samma månad året före).",
    "",
    "- {etikett}: {{ antal(kategori=\"{kategori}\", period=\"{nyckel}\") }} ({{ forandring(kategori=\"{kategori}\", period=\"{nyckel}\", jamfor=\"fjol\") }})",
    "",
    "{{ diagram(period=\"{nyckel}\") }}",
];

/// The built-in groups by what their notes look back on; the configured
/// ones (`[[groups]]`) are `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    /// Every two weeks: the operative period since its last meeting.
    Operative,
    /// Every two months: the two whole months before the meeting.
    Strategic,
    /// The council, and configured groups: since their last meeting.
    Council,
    Other,
}

impl GroupKind {
    fn of(id: &str) -> GroupKind {
        match id {
            "operative" => GroupKind::Operative,
            "strategic" => GroupKind::Strategic,
            "council" => GroupKind::Council,
            _ => GroupKind::Other,
        }
    }

    /// The end of the file name, as the example's notes have it.
    fn file_suffix(self, id: &str) -> String {
        match self {
            GroupKind::Operative => "operativ".into(),
            GroupKind::Strategic => "strategisk".into(),
            GroupKind::Council => "radet".into(),
            GroupKind::Other => crate::model::names::page_name(id),
        }
    }

    /// The days the note looks back on, given the date of the group's
    /// previous note.
    fn period(self, date: NaiveDate, previous: Option<NaiveDate>) -> (NaiveDate, NaiveDate) {
        match self {
            // The same rule as the operative reports, so the note and its
            // report cover the same days.
            GroupKind::Operative => {
                let dates: Vec<NaiveDate> = previous.into_iter().chain([date]).collect();
                let p = periods::operative_periods(&dates)
                    .pop()
                    .expect("one date given");
                (p.start, p.end)
            }
            GroupKind::Strategic => {
                let month = |d: NaiveDate| periods::calendar_period(Cadence::Month, d);
                let last = month(date.with_day(1).expect("day 1") - chrono::Days::new(1));
                let first = month(last.start - chrono::Days::new(1));
                (first.start, last.end)
            }
            GroupKind::Council | GroupKind::Other => {
                let jan1 = NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("1 January");
                (previous.map_or(jan1, |p| p + chrono::Days::new(1)), date)
            }
        }
    }
}

/// An open action as the new note restates it.
struct OpenAction {
    id: String,
    status: &'static str,
    /// Its description, owner, place and due date in one line.
    about: String,
    /// Its due date, when that lies before the meeting.
    overdue: Option<NaiveDate>,
}

/// Everything the note is written from.
struct Note {
    title: String,
    date: NaiveDate,
    group: String,
    kind: GroupKind,
    period: String,
    open: Vec<OpenAction>,
    next_id: String,
    /// Category ids and labels, for the figure lines.
    categories: Vec<(String, String)>,
    /// The figure lines of the note's period, its page name and its name.
    figures_of: Option<(&'static [&'static str], String, String)>,
}

/// Writes the note of `group`'s meeting on `date` into the site folder
/// `site_dir` and returns its path relative to it.
pub fn new_meeting(
    site_dir: &Path,
    group: &str,
    date: NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    if !site_dir.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ScaffoldError::NoSite(site_dir.to_path_buf()));
    }
    let mut site = Site::load(site_dir).map_err(ScaffoldError::Content)?;
    let group = resolve_group(&site.config, group)?;
    let words = Words::new(&site.theme.translations);
    // The register as it stands on the meeting's day: notes written
    // later (a date in the past) have not happened yet.
    site.model.meetings.retain(|m| m.date <= date);
    let note = Note::plan(&site.config, &site.model, &words, &group, date);
    let rel = note.path();
    let slug = crate::model::names::page_name(&note.file_stem());
    if site.model.meetings.iter().any(|m| m.slug == slug) {
        return Err(ScaffoldError::Exists(vec![site_dir.join(&rel)]));
    }
    write_new(site_dir, &[(rel.clone(), note.render())])?;
    Ok(rel)
}

/// The first note of a new site (an operative meeting on `date`, nothing
/// to follow up yet): its path below the site folder and its text.
pub fn first_note(config: &Config, words: &Words, date: NaiveDate) -> (PathBuf, String) {
    let note = Note::plan(config, &Model::default(), words, "operative", date);
    (note.path(), note.render())
}

/// The group id that `name` means: a built-in or configured id, a
/// built-in group's Swedish name (`operativ`, the note reader's rule for
/// `group`, [`crate::config::resolve_group`]) or a configured group's
/// label, in any case.
fn resolve_group(config: &Config, name: &str) -> Result<String, ScaffoldError> {
    let ids = config.group_ids();
    let wanted = name.trim().to_lowercase();
    let by_id = ids.iter().find(|id| id.to_lowercase() == wanted);
    let by_label = config
        .groups
        .iter()
        .find(|g| g.label.to_lowercase() == wanted)
        .map(|g| &g.id);
    if let Some(id) = by_id.map(|s| s.to_string()).or(by_label.cloned()) {
        return Ok(id);
    }
    crate::config::resolve_group(&ids, name).map_err(|(_, hint)| {
        let swedish = crate::config::GROUP_NAMES
            .iter()
            .flat_map(|(_, sv)| sv.iter());
        ScaffoldError::UnknownGroup {
            name: name.to_string(),
            hint,
            expected: ids
                .iter()
                .copied()
                .chain(swedish.copied())
                .map(String::from)
                .collect(),
        }
    })
}

impl Note {
    /// `model` holds the notes up to the meeting's date.
    fn plan(config: &Config, model: &Model, words: &Words, group: &str, date: NaiveDate) -> Note {
        let kind = GroupKind::of(group);
        let previous = model
            .meetings
            .iter()
            .filter(|m| m.group == group && m.date < date)
            .map(|m| m.date)
            .max();
        let (start, end) = kind.period(date, previous);
        let label = words
            .group(group)
            .or_else(|| {
                let g = config.groups.iter().find(|g| g.id == group);
                g.map(|g| g.label.clone())
            })
            .unwrap_or_else(|| group.to_string());
        let register = action_register(model);
        Note {
            title: format!("{label} {}", words.date(date)),
            date,
            group: group.to_string(),
            kind,
            period: words.range(start, end),
            open: register
                .iter()
                .filter(|r| r.status.is_open())
                .map(|r| OpenAction::of(r, model, words, date))
                .collect(),
            next_id: next_action_id(&register, date.year()),
            figures_of: figures_period(config, kind, date, words),
            categories: config
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.label.clone()))
                .collect(),
        }
    }

    fn file_stem(&self) -> String {
        format!("{}-{}", self.date, self.kind.file_suffix(&self.group))
    }

    fn path(&self) -> PathBuf {
        Path::new(MEETINGS_DIR).join(format!("{}.md", self.file_stem()))
    }

    fn render(&self) -> String {
        let mut actions: String = self.open.iter().map(OpenAction::entry).collect();
        if !actions.is_empty() {
            actions.insert_str(0, "\n# Öppna åtgärder att följa upp: ändra status när den har ändrats och\n# skriv i comment vad som har hänt. Ta bort det som inte togs upp.\n");
        }
        let due = self
            .date
            .checked_add_months(Months::new(3))
            .unwrap_or(self.date);
        fill(
            TEMPLATE,
            &[
                ("titel", &toml_escape(&self.title)),
                ("datum", &self.date.to_string()),
                ("grupp", &toml_escape(&self.group)),
                ("atgarder", &actions),
                ("nytt_id", &toml_escape(&self.next_id)),
                ("forfallodag", &due.to_string()),
                ("period", &self.period),
                ("siffror", &self.figures()),
            ],
        )
    }
}

impl OpenAction {
    fn of(r: &ActionRecord, model: &Model, words: &Words, date: NaiveDate) -> OpenAction {
        let mut about = vec![r.what.clone()];
        if let Some(p) = r.place.and_then(|p| model.places.get(p as usize)) {
            about.push(format!("plats: {}", p.name));
        }
        if let Some(o) = &r.owner {
            about.push(format!("ansvarig: {o}"));
        }
        if let Some(d) = r.due {
            about.push(format!("förfallodag {d}"));
        }
        about.push(format!("status nu: {}", words.status(r.status)));
        OpenAction {
            id: r.id.clone(),
            status: r.status.id(),
            about: comment_text(&about.join("; ")),
            overdue: r.due.filter(|d| *d < date),
        }
    }

    /// The front-matter entry restating it, with its comment lines.
    fn entry(&self) -> String {
        let mut out = format!("\n# {}: {}\n", comment_text(&self.id), self.about);
        if let Some(d) = self.overdue {
            out.push_str(&format!("# FÖRSENAD: förfallodag {d} har passerat\n"));
        }
        let status = format!("status = \"{}\"", self.status);
        out.push_str(&format!(
            "[[actions]]\nid = \"{}\"\n{status:<35}# planned | ongoing | done | cancelled\n{:<35}# vad har hänt sedan förra mötet?\n",
            toml_escape(&self.id),
            "comment = \"\"",
        ));
        out
    }
}

/// The next free id of the form `A-YEAR-NN`, as the example numbers them.
fn next_action_id(register: &[ActionRecord], year: i32) -> String {
    let prefix = format!("A-{year}-");
    let used = register
        .iter()
        .filter_map(|r| r.id.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:02}", used + 1)
}

/// The period a note's figures are of, with its figure lines: the operative period ending on the
/// meeting's date, else (or when the site builds no operative reports) the
/// last whole month before it; `None` when the site builds neither.
fn figures_period(
    config: &Config,
    kind: GroupKind,
    date: NaiveDate,
    words: &Words,
) -> Option<(&'static [&'static str], String, String)> {
    let built = |c: Cadence| config.reports.cadences.contains(&c);
    if kind == GroupKind::Operative && built(Cadence::Operative) {
        return Some((OPERATIVE_FIGURES, date.to_string(), String::new()));
    }
    let month = date.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(date);
    built(Cadence::Month).then(|| {
        (
            MONTH_FIGURES,
            format!("{}-{:02}", month.year(), month.month()),
            format!("{} {}", words.month(month.month()), month.year()),
        )
    })
}

impl Note {
    /// The figure lines for the note's period, filled in.
    fn figures(&self) -> String {
        let Some((lines, key, name)) = &self.figures_of else {
            return String::new();
        };
        let lines: Vec<String> = lines
            .iter()
            .map(|l| fill(l, &[("nyckel", key), ("namn", name)]))
            .collect();
        figures(&lines, &self.categories)
    }
}

/// The figure lines with each category line repeated per category, and a
/// blank line after them; nothing when there are none.
fn figures(lines: &[String], categories: &[(String, String)]) -> String {
    let mut out = String::new();
    for line in lines {
        if line.contains("{kategori}") || line.contains("{etikett}") {
            for (id, label) in categories {
                out.push_str(&fill(line, &[("kategori", id), ("etikett", label)]));
                out.push('\n');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_by_group() {
        let op = GroupKind::Operative;
        // The operative report's rule: the day after the last meeting ...
        assert_eq!(
            op.period(d(2026, 11, 12), Some(d(2026, 10, 29))),
            (d(2026, 10, 30), d(2026, 11, 12))
        );
        // ... or the 14 days up to the first.
        assert_eq!(
            op.period(d(2026, 1, 8), None),
            (d(2025, 12, 26), d(2026, 1, 8))
        );
        // Strategic: the two whole months before, across New Year too.
        let st = GroupKind::Strategic;
        assert_eq!(
            st.period(d(2026, 10, 20), None),
            (d(2026, 8, 1), d(2026, 9, 30))
        );
        assert_eq!(
            st.period(d(2026, 2, 17), None),
            (d(2025, 12, 1), d(2026, 1, 31))
        );
        let co = GroupKind::Council;
        assert_eq!(
            co.period(d(2026, 9, 16), Some(d(2026, 3, 11))),
            (d(2026, 3, 12), d(2026, 9, 16))
        );
        assert_eq!(
            co.period(d(2026, 3, 11), None),
            (d(2026, 1, 1), d(2026, 3, 11))
        );
    }

    #[test]
    fn file_names_follow_the_example() {
        assert_eq!(GroupKind::of("council").file_suffix("council"), "radet");
        assert_eq!(
            GroupKind::of("Trygghetsvandring").file_suffix("Trygghetsvandring"),
            "trygghetsvandring"
        );
    }

    #[test]
    fn figure_lines_repeat_per_category() {
        let cats = vec![
            ("brand".to_string(), "Brand".to_string()),
            ("klotter".to_string(), "Klotter".to_string()),
        ];
        let lines = [
            "Totalt: {{ antal() }}".to_string(),
            "- {etikett}: {{ antal(kategori=\"{kategori}\") }}".to_string(),
        ];
        assert_eq!(
            figures(&lines, &cats),
            "Totalt: {{ antal() }}\n- Brand: {{ antal(kategori=\"brand\") }}\n- Klotter: {{ antal(kategori=\"klotter\") }}\n\n"
        );
    }
}
