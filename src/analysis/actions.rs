//! The action register: every action (insats) with its current state and
//! the history of status changes, built from all notes in date order.

use chrono::NaiveDate;

use crate::model::{ActionStatus, CategoryId, Model, PlaceId};

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
            r.history.push(event);
        }
    }
    out
}
