//! `lagesbild release` and the audit of the ledger: the only commands
//! that look at the public output across versions, and `release` the only
//! one that writes into the site folder.

use super::Site;
use crate::{audience, source};

/// What `lagesbild release` did.
pub enum ReleaseOutcome {
    /// Nothing complete is waiting and no released count changed.
    Nothing,
    /// The release recorded (or, in a dry run, that would be).
    Released(crate::model::ledger::Release),
}

impl Site {
    /// Records the next release of the public output in the site's ledger
    /// (`content/releases.toml`), dated `date`; with `dry_run`, only says
    /// what it would record. The only command that writes into the site
    /// folder.
    pub fn release(
        &self,
        date: chrono::NaiveDate,
        reason: Option<&str>,
        dry_run: bool,
    ) -> Result<ReleaseOutcome, String> {
        let analysis = self.analyse();
        let ctx = self.ctx(&analysis);
        let Some(plan) = audience::plan_release(&ctx, date, reason)? else {
            return Ok(ReleaseOutcome::Nothing);
        };
        if !dry_run {
            let path = self.dir.join(source::ledger::LEDGER_FILE);
            crate::output::replace_file(&path, &plan.ledger.to_toml())
                .map_err(|e| crate::msg!("cannot_write", path = path.display(), error = e))?;
        }
        Ok(ReleaseOutcome::Released(plan.release))
    }
}

impl Site {
    /// The exact disclosure audit over every version of the public output
    /// that the ledger released, together: hidden counts that some
    /// combination of versions pins (none, when all is well).
    pub fn audit_ledger(&self) -> Vec<String> {
        let analysis = self.analyse();
        audience::audit_ledger(&self.ctx(&analysis))
    }
}
