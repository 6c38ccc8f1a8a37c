//! Meeting notes (`content/meetings/`) and free pages (`content/pages/`).
//!
//! Both are Markdown with TOML front matter. The front matter is checked
//! against the configuration: the group must exist, focus places and
//! categories must be known ids, action statuses must be one of the four,
//! and an action's target and comparison must name known places, areas
//! and categories (with a "did you mean" when not).

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use super::frontmatter;
use super::lookup::Lookup;
use crate::config::MAX_WINDOW_MONTHS;
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::model::{ActionEntry, ActionScope, ActionStatus, CategoryId, Meeting, Page, PlaceId};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingFront {
    title: String,
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    group: String,
    #[serde(default)]
    attendees: Vec<String>,
    #[serde(default)]
    focus: Focus,
    #[serde(default)]
    public: bool,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    public_summary: Option<String>,
    #[serde(default)]
    public_body: bool,
    #[serde(default)]
    actions: Vec<ActionFront>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Focus {
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionFront {
    id: String,
    what: Option<String>,
    place: Option<String>,
    category: Option<String>,
    owner: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    due: Option<NaiveDate>,
    status: ActionStatus,
    public: Option<bool>,
    comment: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_date")]
    end: Option<NaiveDate>,
    #[serde(default)]
    target_places: Vec<String>,
    #[serde(default)]
    target_areas: Vec<String>,
    #[serde(default)]
    target_categories: Vec<String>,
    #[serde(default)]
    compare_places: Vec<String>,
    #[serde(default)]
    compare_areas: Vec<String>,
    window_months: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFront {
    title: String,
    #[serde(default)]
    order: i64,
    #[serde(default)]
    public: bool,
}

/// A date written as a TOML date (`2024-01-11`) or as a string.
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    crate::config::date_in(d, super::dates::YEARS)
}

fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

/// The ids a note may refer to.
pub struct NoteRefs<'a> {
    pub groups: &'a [&'a str],
    pub places: &'a Lookup<PlaceId>,
    pub categories: &'a Lookup<CategoryId>,
    /// Area names: the polygons' and the place register's.
    pub areas: &'a [String],
}

/// A meeting from the text of its file; `path` names it in diagnostics.
pub fn meeting_from_text(
    path: &Path,
    text: &str,
    refs: &NoteRefs,
    diags: &mut Diagnostics,
) -> Option<Meeting> {
    let split = frontmatter::split(path, text)
        .map_err(|d| diags.push(d))
        .ok()?;
    // Every error of the front matter is reported; what was left of it is
    // still checked against the configuration, so one `check` shows all.
    let parsed = frontmatter::parse::<MeetingFront>(path, &split);
    let clean = parsed.errors.is_empty();
    parsed.errors.into_iter().for_each(|d| diags.push(d));
    let front = parsed.value?;
    let mut check = Checker {
        path,
        text,
        diags,
        ok: clean,
        clean,
        reported: Default::default(),
    };
    let group = check.group(refs, &front.group);
    let focus_places = front
        .focus
        .places
        .iter()
        .filter_map(|p| check.place(refs, p))
        .collect();
    let focus_categories = front
        .focus
        .categories
        .iter()
        .filter_map(|c| check.category(refs, c))
        .collect();
    // The front matter is read again for the dates' positions only when
    // there may be something to warn about (most notes have nothing); a
    // front matter with errors may hold more than `front` kept: always.
    let dues = front.actions.iter().map(|a| (a.due, a.status));
    let dated = !clean || super::note_dates::worth_a_look(path, front.date, dues);
    let actions = front
        .actions
        .into_iter()
        .map(|a| check.action(refs, a))
        .collect();
    if dated {
        super::note_dates::warn(path, text, split.front, check.diags);
    }
    let body_at = text.len() - split.body.len();
    // A body the parser trips on is not read for shortcodes (that parse
    // would trip too).
    let markdown = markdown_parses(path, text, body_at, check.diags);
    check.ok &= markdown;
    let shortcodes = match markdown {
        true => super::shortcodes::parse(path, text, body_at, refs, check.diags),
        false => None,
    };
    if !check.ok {
        return None;
    }
    Some(Meeting {
        slug: slug_of(path),
        title: front.title,
        date: front.date,
        group,
        attendees: front.attendees,
        focus_places,
        focus_categories,
        public: front.public,
        summary: front.summary,
        public_summary: front.public_summary,
        public_body: front.public_body,
        body: split.body.to_string(),
        shortcodes: shortcodes?,
        actions,
    })
}

/// The free page `path` (its bytes as hashed for the build's key, when
/// given: see `inputs::Hashes::take_texts`).
pub fn read_page(path: &Path, hashed: Option<&[u8]>, diags: &mut Diagnostics) -> Option<Page> {
    let text = read_text(path, hashed, diags)?;
    let split = frontmatter::split(path, &text)
        .map_err(|d| diags.push(d))
        .ok()?;
    let front: PageFront = frontmatter::parse(path, &split)
        .clean()
        .map_err(|e| e.into_iter().for_each(|d| diags.push(d)))
        .ok()?;
    let body_at = text.len() - split.body.len();
    if !markdown_parses(path, &text, body_at, diags) {
        return None;
    }
    Some(Page {
        slug: slug_of(path),
        title: front.title,
        order: front.order,
        public: front.public,
        body: split.body.to_string(),
    })
}

/// Whether the Markdown body of `text` (from `body_at`) parses; where it
/// trips the parser (see [`crate::model::markdown`]), an error at the line.
fn markdown_parses(path: &Path, text: &str, body_at: usize, diags: &mut Diagnostics) -> bool {
    let Some(at) = crate::model::markdown::trips_at(&text[body_at..]) else {
        return true;
    };
    diags.push(trips(path, text, body_at + at));
    false
}

/// The error for Markdown that trips the parser at byte `at` of `text`.
pub(super) fn trips(path: &Path, text: &str, at: usize) -> Diagnostic {
    Diagnostic::error(path, 0, crate::msg!("md_trips"))
        .at_offset(text, at)
        .with_hint(Some(crate::msg!("md_trips_hint")))
}

/// The text of the Markdown file `path`: from `hashed`, its bytes as the
/// build's key hashed them, when given, else as read now.
pub(super) fn read_text(
    path: &Path,
    hashed: Option<&[u8]>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let read = match hashed {
        Some(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        None => std::fs::read(path).map(std::borrow::Cow::Owned),
    };
    match read {
        Ok(bytes) => match crate::diagnostics::text_from_bytes(path, &bytes, "Markdown") {
            Ok(t) => Some(t),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                0,
                crate::msg!("cannot_read_file", error = e),
            ));
            None
        }
    }
}

/// The page name of a note or free page: its file stem, lowercased, with
/// anything but a-z, 0-9 and '-' made '-' (hashed when nothing readable
/// is left, cut when too long: see [`crate::model::names::settle`]).
pub fn slug_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    crate::model::names::settle(plain_slug(&stem), &stem)
}

/// The stem folded, before [`crate::model::names::settle`].
pub fn plain_slug(stem: &str) -> String {
    stem.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Validates references inside one note, pointing at where they are written.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    diags: &'a mut Diagnostics,
    ok: bool,
    /// The front matter had no error: nothing was taken out of it, so a
    /// missing part is really missing.
    clean: bool,
    /// How often each quoted value has been reported, so that a value
    /// written twice is shown at each place it is written.
    reported: std::collections::HashMap<String, usize>,
}

impl Checker<'_> {
    fn fail(&mut self, value: &str, message: String, hint: Option<String>) {
        let quoted = format!("\"{value}\"");
        let nth = self.reported.entry(quoted.clone()).or_insert(0);
        let mut found = self.text.match_indices(&quoted).map(|(i, _)| i);
        let at = found
            .nth(*nth)
            .or_else(|| self.text.find(&quoted))
            .unwrap_or(0);
        *nth += 1;
        self.diags.push(
            Diagnostic::error(self.path, 0, message)
                .at_offset(self.text, at)
                .with_hint(hint),
        );
        self.ok = false;
    }

    /// The group's id (a Swedish name resolved); unknown is an error.
    fn group(&mut self, refs: &NoteRefs, name: &str) -> String {
        crate::config::resolve_group(refs.groups, name).unwrap_or_else(|(message, hint)| {
            self.fail(name, message, hint);
            name.to_string()
        })
    }

    fn place(&mut self, refs: &NoteRefs, name: &str) -> Option<PlaceId> {
        let found = refs.places.get(name);
        if found.is_none() {
            let hint = suggest(name, refs.places.names());
            self.fail(name, crate::msg!("unknown_place_note", name = name), hint);
        }
        found
    }

    fn category(&mut self, refs: &NoteRefs, name: &str) -> Option<CategoryId> {
        let found = refs.categories.get(name);
        if found.is_none() {
            let hint = suggest(name, refs.categories.names());
            self.fail(
                name,
                crate::msg!("unknown_category_note", name = name),
                hint,
            );
        }
        found
    }

    fn area(&mut self, refs: &NoteRefs, name: &str) -> Option<String> {
        let wanted = name.trim().to_lowercase();
        let found = refs.areas.iter().find(|a| a.to_lowercase() == wanted);
        if found.is_none() {
            let hint = suggest(name, refs.areas.iter().map(String::as_str));
            self.fail(name, crate::msg!("unknown_area_note", name = name), hint);
        }
        found.cloned()
    }

    /// An error at `key` of the action whose id is `id` (else at the id).
    fn fail_key(&mut self, id: &str, key: &str, message: String) {
        let from = self.text.find(&format!("\"{id}\"")).unwrap_or(0);
        let at = self.text[from..].find(key).map_or(from, |i| from + i);
        self.diags
            .push(Diagnostic::error(self.path, 0, message).at_offset(self.text, at));
        self.ok = false;
    }

    fn scope(&mut self, refs: &NoteRefs, a: &ActionFront) -> ActionScope {
        let places =
            |c: &mut Self, v: &[String]| v.iter().filter_map(|p| c.place(refs, p)).collect();
        let areas = |c: &mut Self, v: &[String]| v.iter().filter_map(|p| c.area(refs, p)).collect();
        let scope = ActionScope {
            start: a.start,
            end: a.end,
            target_places: places(self, &a.target_places),
            target_areas: areas(self, &a.target_areas),
            target_categories: a
                .target_categories
                .iter()
                .filter_map(|c| self.category(refs, c))
                .collect(),
            compare_places: places(self, &a.compare_places),
            compare_areas: areas(self, &a.compare_areas),
            window_months: a.window_months,
        };
        if let (Some(s), Some(e)) = (a.start, a.end)
            && e < s
        {
            self.fail_key(
                &a.id,
                "end",
                crate::msg!("action_end_before_start", id = a.id, end = e, start = s),
            );
        }
        if let Some(w) = a.window_months
            && !(1..=MAX_WINDOW_MONTHS).contains(&w)
        {
            self.fail_key(
                &a.id,
                "window_months",
                crate::msg!(
                    "action_window",
                    id = a.id,
                    months = w,
                    max = MAX_WINDOW_MONTHS
                ),
            );
        }
        let compares = !a.compare_places.is_empty() || !a.compare_areas.is_empty();
        if compares && self.clean && a.target_places.is_empty() && a.target_areas.is_empty() {
            self.fail_key(
                &a.id,
                "compare_",
                crate::msg!("action_no_target", id = a.id),
            );
        }
        scope
    }

    fn action(&mut self, refs: &NoteRefs, a: ActionFront) -> ActionEntry {
        let scope = self.scope(refs, &a);
        ActionEntry {
            scope,
            place: a.place.as_deref().and_then(|p| self.place(refs, p)),
            category: a.category.as_deref().and_then(|c| self.category(refs, c)),
            id: a.id,
            what: a.what,
            owner: a.owner,
            due: a.due,
            status: a.status,
            public: a.public,
            comment: a.comment,
        }
    }
}
