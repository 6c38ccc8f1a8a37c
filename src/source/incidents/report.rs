//! The end of reading one file: each distinct unknown category (an error)
//! and unknown place (a warning) reported once, with its number of rows,
//! its first line and a "did you mean", and the counts of what was left
//! unshown.

use super::{FileReader, FileRows, MAX_DATE_WARNINGS, MAX_ERRORS_PER_FILE, Unknown};
use crate::diagnostics::{Diagnostic, echo, suggest};

impl FileReader<'_> {
    pub(super) fn finish(mut self) -> FileRows {
        let mut categories: Vec<Unknown> = std::mem::take(&mut self.seen.categories)
            .into_values()
            .collect();
        categories.sort_by_key(|u| u.line);
        for u in categories {
            let names = self.catalog.categories.names().chain(
                self.source
                    .iter()
                    .flat_map(|s| s.config.categories.keys().map(String::as_str)),
            );
            let hint = suggest(&u.raw, names).or_else(|| {
                Some(match self.source {
                    Some(s) => crate::msg!("map_category_hint", source = s.config.name),
                    None => crate::msg!("alias_category_hint"),
                })
            });
            let d = Diagnostic::error(
                self.path,
                u.line,
                crate::msg!("unknown_category_rows", name = echo(&u.raw), rows = u.rows),
            )
            .at_column(u.column)
            .with_snippet(u.text)
            .with_hint(hint);
            self.error(d);
        }
        let mut places: Vec<Unknown> = std::mem::take(&mut self.seen.places)
            .into_values()
            .collect();
        places.sort_by_key(|u| u.line);
        for u in places {
            let hint = suggest(&u.raw, self.catalog.places.names());
            let d = Diagnostic::warning(
                self.path,
                u.line,
                crate::msg!("unknown_place_rows", name = echo(&u.raw), rows = u.rows),
            )
            .at_column(u.column)
            .with_snippet(u.text)
            .with_hint(hint);
            self.out.diags.push(d);
        }
        if self.date_warnings > MAX_DATE_WARNINGS {
            self.out.diags.push_summary(Diagnostic::warning(
                self.path,
                0,
                crate::msg!(
                    "more_date_rows",
                    more = self.date_warnings - MAX_DATE_WARNINGS
                ),
            ));
        }
        if self.errors > MAX_ERRORS_PER_FILE {
            let more = self.errors - MAX_ERRORS_PER_FILE;
            self.out.diags.push_summary(Diagnostic::error(
                self.path,
                0,
                crate::msg!("more_errors", more = more),
            ));
        }
        self.out
    }
}
