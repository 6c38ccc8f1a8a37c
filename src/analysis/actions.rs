//! The action register: every action (insats) with its current state and
//! the history of status changes, built from all notes in date order.
//!
//! Dates that pages and the effect evaluation rely on are settled here,
//! once: when an action started working (its `start`, else its first
//! `ongoing` status), when it stopped (its `end`, else the note that
//! recorded it done or cancelled), and whether it is overdue. "Today" is
//! never the wall clock, so that a build of the same input stays
//! byte-identical: it is the site's date, [`site_date`].

use chrono::NaiveDate;

use crate::model::{ActionScope, ActionStatus, CategoryId, Model, PlaceId};

/// A status as one note recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionEvent {
    /// Index into `Model::meetings`.
    pub meeting: usize,
    pub date: NaiveDate,
    pub status: ActionStatus,
    pub comment: Option<String>,
}

/// An action's current state: the latest value of each field.
#[derive(Debug, Clone)]
pub struct ActionRecord {
    pub id: String,
    pub what: String,
    pub place: Option<PlaceId>,
    pub category: Option<CategoryId>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    pub public: bool,
    /// Oldest first; the first event is where it was decided.
    pub history: Vec<ActionEvent>,
    /// Dates, target and comparison, the latest statement of each.
    pub scope: ActionScope,
    /// When it started working: `start`, else the first `ongoing` status.
    pub start: Option<NaiveDate>,
    /// When it stopped: `end`, else the note that recorded it done or
    /// cancelled; `None` while it runs.
    pub end: Option<NaiveDate>,
    /// Due before the site's date and neither done nor cancelled.
    pub overdue: bool,
    /// Its effect on the target, when it can be told (see `effects`).
    pub effect: super::effects::Evaluation,
}

impl ActionRecord {
    /// Did it run on some day of `from..=to`?
    pub fn ran_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start
            .is_some_and(|s| s <= to && self.end.is_none_or(|e| e >= from))
    }
}

/// The site's "today", for overdue actions: the later of the last date
/// with incident data and the last note's date. Taken from the content,
/// never from the clock, so the same input gives the same output.
pub fn site_date(model: &Model) -> Option<NaiveDate> {
    let data = model.incidents.last().map(|i| i.date());
    let note = model.meetings.iter().map(|m| m.date).max();
    data.max(note)
}

/// The register, in order of first mention (date, then note, then position).
pub fn action_register(model: &Model) -> Vec<ActionRecord> {
    let mut out: Vec<ActionRecord> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (mi, m) in model.meetings.iter().enumerate() {
        for a in &m.actions {
            let event = ActionEvent {
                meeting: mi,
                date: m.date,
                status: a.status,
                comment: a.comment.clone(),
            };
            let i = *index.entry(a.id.clone()).or_insert_with(|| {
                out.push(ActionRecord {
                    id: a.id.clone(),
                    what: String::new(),
                    place: None,
                    category: None,
                    owner: None,
                    due: None,
                    status: a.status,
                    public: false,
                    history: Vec::new(),
                    scope: ActionScope::default(),
                    start: None,
                    end: None,
                    overdue: false,
                    effect: Default::default(),
                });
                out.len() - 1
            });
            let r = &mut out[i];
            if let Some(w) = &a.what {
                r.what = w.clone();
            }
            r.place = a.place.or(r.place);
            r.category = a.category.or(r.category);
            r.owner = a.owner.clone().or(r.owner.take());
            r.due = a.due.or(r.due);
            r.public = a.public.unwrap_or(r.public);
            r.status = a.status;
            r.scope.merge(&a.scope);
            r.history.push(event);
        }
    }
    let today = site_date(model);
    for r in &mut out {
        let first = |pick: fn(ActionStatus) -> bool| {
            r.history.iter().find(|h| pick(h.status)).map(|h| h.date)
        };
        r.start = r
            .scope
            .start
            .or_else(|| first(|s| s == ActionStatus::Ongoing));
        let closed = (!r.status.is_open())
            .then(|| first(|s| !s.is_open()))
            .flatten();
        r.end = r.scope.end.or(closed.filter(|_| r.start.is_some()));
        r.overdue = r.status.is_open() && r.due.zip(today).is_some_and(|(d, t)| d < t);
    }
    out
}
