//! Matching the names partners write to the configured ids.
//!
//! A category is found by id, label or alias and a place by id, name or
//! alias, all case-insensitively and ignoring surrounding spaces.

use rustc_hash::FxHashMap as HashMap;

/// Case-insensitive name → id table that also remembers the canonical ids
/// for "did you mean" hints.
#[derive(Debug, Default)]
pub struct Lookup<T: Copy> {
    by_name: HashMap<String, T>,
    /// Names as written (trimmed): most rows spell a name the way the
    /// configuration does, and are found without lower-casing.
    exact: HashMap<String, T>,
    ids: Vec<String>,
    /// Names and aliases (as written) that are not also an id.
    others: Vec<String>,
}

impl<T: Copy> Lookup<T> {
    pub fn insert(&mut self, id: &str, names: &[&str], value: T) {
        self.ids.push(id.to_string());
        for name in std::iter::once(&id).chain(names) {
            self.by_name.entry(normalise(name)).or_insert(value);
        }
        for name in std::iter::once(&id).chain(names) {
            let key = normalise(name);
            if let Some(&v) = self.by_name.get(&key) {
                self.exact.entry(name.trim().to_string()).or_insert(v);
            }
        }
        for name in names {
            let name = name.trim();
            if !name.is_empty() && !self.others.iter().any(|o| o == name) && name != id {
                self.others.push(name.to_string());
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<T> {
        let name = name.trim();
        self.exact
            .get(name)
            .or_else(|| self.by_name.get(&normalise(name)))
            .copied()
    }

    /// Ids and every accepted name, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().chain(&self.others).map(String::as_str)
    }
}

pub fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_any_name_case_insensitively() {
        let mut l = Lookup::default();
        l.insert("skadegorelse", &["Skadegörelse", "vandalism"], 0u16);
        assert_eq!(l.get(" SKADEGÖRELSE "), Some(0));
        assert_eq!(l.get("Vandalism"), Some(0));
        assert_eq!(l.get("klotter"), None);
        let names: Vec<&str> = l.names().collect();
        assert_eq!(names, ["skadegorelse", "Skadegörelse", "vandalism"]);
    }
}
