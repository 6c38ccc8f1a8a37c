//! `lagesbild release`: what the next release adds to the ledger.
//!
//! The computation is [`super::history::next_release`]; this is its public
//! face for the site, which writes the ledger (the output stage).

use chrono::NaiveDate;

use super::cells::Dims;
use super::{history, public_cadences};
use crate::audience::Ctx;
use crate::model::ledger::{Ledger, Release};

/// A release to record: the ledger with it appended, and the release.
pub struct ReleasePlan {
    pub ledger: Ledger,
    pub release: Release,
}

/// The next release of the site's public output, or `None` when no
/// complete period is waiting and no released count changed.
pub fn plan_release(
    ctx: &Ctx,
    date: NaiveDate,
    reason: Option<&str>,
) -> Result<Option<ReleasePlan>, String> {
    if let Some(place) = reason.and_then(|r| ctx.model.place_named_in(r)) {
        return Err(crate::msg!("release_reason_place", place = place));
    }
    let dims = Dims::new(ctx);
    let cadences = public_cadences(ctx);
    let mut ledger = ctx.model.ledger.clone().unwrap_or_default();
    let next = history::next_release(ctx, &dims, &cadences, &ledger, date, reason)?;
    Ok(next.map(|release| {
        ledger.releases.push(release.clone());
        ReleasePlan { ledger, release }
    }))
}

/// The exact disclosure audit over every version the site's ledger
/// released, together (see [`super::history`]): the hidden counts some
/// combination of versions pins; empty when all are safe or there is no
/// ledger.
pub fn audit_ledger(ctx: &Ctx) -> Vec<String> {
    let Some(ledger) = &ctx.model.ledger else {
        return Vec::new();
    };
    history::audit_ledger(ctx, &Dims::new(ctx), &public_cadences(ctx), ledger)
}
