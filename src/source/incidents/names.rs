//! What a row names: its category (the source's own names, then the
//! site's ids, labels and aliases, then `catch_all`), its place (the
//! register, else a name counted under itself and warned once) and its
//! organisation, each resolved once per distinct spelling in a file.

use super::layout::Layout;
use super::{FileReader, PlaceRef, Unknown};
use crate::config::Field;
use crate::model::CategoryId;
use crate::source::lookup::normalise;

impl FileReader<'_> {
    pub(super) fn category(
        &mut self,
        record: &csv::StringRecord,
        layout: &Layout,
    ) -> Option<CategoryId> {
        let (raw, col) = layout.value(Field::Category, record);
        let Some(raw) = raw else {
            self.field_error(record, col, crate::msg!("category_empty"));
            return None;
        };
        if let Some(&found) = self.seen.category_of.get(raw) {
            if found.is_none() {
                self.count_unknown_category(record, col, raw);
            }
            return found;
        }
        let key = normalise(raw);
        let mapped = self.source.and_then(|s| s.categories.get(&key).copied());
        let found = mapped
            .or_else(|| self.catalog.categories.get(raw))
            .or_else(|| self.source.and_then(|s| s.catch_all));
        self.seen.category_of.insert(raw.to_string(), found);
        if found.is_none() {
            self.count_unknown_category(record, col, raw);
        }
        found
    }

    /// Counts a row with an unknown category, remembering where it was
    /// first met.
    fn count_unknown_category(
        &mut self,
        record: &csv::StringRecord,
        col: Option<usize>,
        raw: &str,
    ) {
        let key = normalise(raw);
        let (line, column, text) = self.locate(record, col);
        let u = self.seen.categories.entry(key).or_insert_with(|| Unknown {
            raw: raw.to_string(),
            rows: 0,
            line,
            column,
            text,
        });
        u.rows += 1;
    }

    pub(super) fn place(
        &mut self,
        record: &csv::StringRecord,
        layout: &Layout,
    ) -> Option<PlaceRef> {
        let (name, col) = layout.value(Field::Place, record);
        let name = name?;
        if let Some(id) = self.catalog.places.get(name) {
            return Some(PlaceRef::Known(id));
        }
        let key = normalise(name);
        let area = layout.value(Field::Area, record).0.map(str::to_string);
        let next = self.out.unregistered.len() as u32;
        let idx = match self.seen.place_index.get(&key) {
            Some(&i) => i,
            None => {
                self.out.unregistered.push((name.to_string(), area));
                self.seen.place_index.insert(key.clone(), next);
                next
            }
        };
        if !self.seen.places.contains_key(&key) {
            let (line, column, text) = self.locate(record, col);
            self.seen.places.insert(
                key.clone(),
                Unknown {
                    raw: name.to_string(),
                    rows: 0,
                    line,
                    column,
                    text,
                },
            );
        }
        if let Some(u) = self.seen.places.get_mut(&key) {
            u.rows += 1;
        }
        Some(PlaceRef::Unregistered(idx))
    }

    pub(super) fn organisation(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.seen.orgs.get(name) {
            return i;
        }
        let i = self.out.organisations.len() as u16;
        self.out.organisations.push(name.to_string());
        self.seen.orgs.insert(name.to_string(), i);
        i
    }
}
