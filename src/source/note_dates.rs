//! Two warnings about a note's dates, neither an error since the note is
//! readable as written:
//!
//! - its file name starts with a date other than its `date`: the notes
//!   folder is sorted by name (`2026-12-03-operativ.md`), so a copied note
//!   whose `date` was not changed, or a renamed file, sorts in one place
//!   and counts in another;
//! - it sets a `due` date before its own date for an action it keeps open:
//!   a deadline already passed when it was written is most likely a typo
//!   (the year). Only a due date the note writes is warned about: an open
//!   action restated without one may well be overdue, and that is what the
//!   meeting is there to follow up.
//!
//! Positions come from the TOML parser (`toml::Spanned`): the front matter
//! is read once more for its dates alone, and only where the note reader's
//! dates say there may be a warning ([`worth_a_look`]).

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::ActionStatus;

#[derive(Deserialize)]
struct Dates {
    date: Spanned<NoteDate>,
    #[serde(default)]
    actions: Vec<ActionDates>,
}

#[derive(Deserialize)]
struct ActionDates {
    id: String,
    due: Option<Spanned<NoteDate>>,
    status: ActionStatus,
}

/// A date as the note reader takes it.
struct NoteDate(NaiveDate);

impl<'de> Deserialize<'de> for NoteDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::config::date_in(d, super::dates::YEARS).map(NoteDate)
    }
}

/// Warns about the dates of the note `path`, whose whole text is `text`
/// and front matter `front` (a slice of `text`). A front matter that does
/// not parse gives nothing here: the note reader reports it.
pub fn warn(path: &Path, text: &str, front: &str, diags: &mut Diagnostics) {
    let Ok(dates) = toml::from_str::<Dates>(front) else {
        return;
    };
    // Where the front matter starts in the file, for the spans.
    let base = (front.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let at = |span: std::ops::Range<usize>| base + span.start;
    let date = dates.date.get_ref().0;
    if let Some(named) = other_date_named(path, date) {
        diags.push(
            Diagnostic::warning(
                path,
                0,
                crate::msg!("note_date_mismatch", date = date, named = named),
            )
            .at_offset(text, at(dates.date.span()))
            .with_hint(Some(crate::msg!("note_date_mismatch_hint"))),
        );
    }
    for a in &dates.actions {
        let Some(due) = &a.due else { continue };
        let due_date = due.get_ref().0;
        if due_before(due_date, date, a.status) {
            diags.push(
                Diagnostic::warning(
                    path,
                    0,
                    crate::msg!(
                        "action_due_before_note",
                        id = crate::diagnostics::echo(&a.id),
                        due = due_date,
                        date = date
                    ),
                )
                .at_offset(text, at(due.span()))
                .with_hint(Some(crate::msg!("action_due_before_note_hint"))),
            );
        }
    }
}

/// Whether [`warn`] may find something in the note `path` dated `date`
/// whose actions have these due dates and statuses (as the note reader
/// read them, with the same dates): a file name of another date, or an
/// open action due before the note. [`warn`] reads the front matter once
/// more for the positions; a note with nothing to warn about need not.
pub fn worth_a_look(
    path: &Path,
    date: NaiveDate,
    mut actions: impl Iterator<Item = (Option<NaiveDate>, ActionStatus)>,
) -> bool {
    other_date_named(path, date).is_some()
        || actions.any(|(due, status)| due.is_some_and(|due| due_before(due, date, status)))
}

/// The date the file name of the note `path` gives, when it is not the
/// note's `date`: the first warning.
fn other_date_named(path: &Path, date: NaiveDate) -> Option<NaiveDate> {
    file_date(path).filter(|named| *named != date)
}

/// Whether an action in `status`, due `due`, is still open though due
/// before the note's `date`: the second warning.
fn due_before(due: NaiveDate, date: NaiveDate, status: ActionStatus) -> bool {
    due < date && status.is_open()
}

/// The date a file name starts with (`2026-12-03-operativ.md`), if any.
fn file_date(path: &Path) -> Option<NaiveDate> {
    let stem = path.file_stem()?.to_str()?;
    NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(name: &str, text: &str) -> Vec<Diagnostic> {
        let split = super::super::frontmatter::split(Path::new(name), text).unwrap();
        let mut d = Diagnostics::default();
        warn(Path::new(name), text, split.front, &mut d);
        d.warnings().cloned().collect()
    }

    #[test]
    fn file_name_date_and_early_due_dates() {
        let text = "+++\ntitle = \"T\"\ndate = 2026-12-03\ngroup = \"operative\"\n\n[[actions]]\nid = \"A\"\nwhat = \"x\"\ndue = 2025-12-31\nstatus = \"planned\"\n\n[[actions]]\nid = \"B\"\nwhat = \"y\"\ndue = 2026-11-30\nstatus = \"done\"\n+++\n";
        let w = warnings("2026-12-04-operativ.md", text);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!((w[0].line, w[0].column), (3, 8));
        assert!(w[0].message.contains("2026-12-03"), "{}", w[0].message);
        assert!(w[0].message.contains("(2026-12-04)"), "{}", w[0].message);
        assert_eq!((w[1].line, w[1].column), (9, 7));
        assert!(w[1].message.contains("action \"A\": due 2025-12-31"));
        // The same note under its own date and with an action done:
        // only the early due date of the open one is left.
        assert_eq!(warnings("2026-12-03-operativ.md", text).len(), 1);
        assert!(warnings("protokoll.md", text).len() == 1);
        // The look before: worth it exactly where there is a warning.
        let date = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d);
        let look = |name: &str, due, status| {
            worth_a_look(Path::new(name), date, [(due, status)].into_iter())
        };
        assert!(look("2026-12-04-operativ.md", None, ActionStatus::Done));
        assert!(!look("2026-12-03-operativ.md", None, ActionStatus::Planned));
        assert!(!look("protokoll.md", day(3), ActionStatus::Planned));
        assert!(look("protokoll.md", day(2), ActionStatus::Ongoing));
        assert!(!look("protokoll.md", day(2), ActionStatus::Done));
    }
}
