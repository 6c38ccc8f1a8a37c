//! Counts and changes as pages show them: a count or "..", the change
//! against an earlier period with whether it is larger than chance, and
//! the rows of count tables.

use serde::Serialize;

/// A published count: a number, or hidden by disclosure control (written
/// `..`, the way Swedish official statistics write it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    Value(u64),
    /// Hidden by disclosure control. Every hidden count looks the same,
    /// small or hidden to protect a small one: no page says which, so a
    /// reader cannot tell the small ones apart.
    Hidden,
}

/// How a hidden count is written everywhere: pages, charts and downloads.
pub const HIDDEN: &str = "..";

impl Num {
    pub fn value(self) -> Option<u64> {
        match self {
            Num::Value(v) => Some(v),
            Num::Hidden => None,
        }
    }
}

impl From<u64> for Num {
    fn from(v: u64) -> Self {
        Num::Value(v)
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Num::Value(v) => s.serialize_u64(*v),
            Num::Hidden => s.serialize_str(HIDDEN),
        }
    }
}

/// The smallest earlier count a change is given as a percentage of:
/// below it a percentage says more than the counts do (1 → 4 is "+300 %"),
/// so only the difference is shown. Documented in the README.
pub const PCT_BASE: u64 = 10;

/// Which way a count moved against its comparison.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Up,
    Down,
    Same,
    /// Nothing before, something now.
    New,
}

/// The p-value below which a change is larger than chance (see
/// [`change_p_value`]).
pub const NOTABLE_P: f64 = 0.05;

/// A change against a comparison period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub abs: i64,
    /// Percent change; `None` when the earlier count was below
    /// [`PCT_BASE`].
    pub pct: Option<f64>,
    /// Whether the change is larger than chance: [`change_p_value`] below
    /// [`NOTABLE_P`]. Only such a change is coloured up or down; the others
    /// keep their sign and numbers in the text colour.
    pub notable: bool,
}

impl Change {
    /// `None` when there is no comparison (no data for the earlier period)
    /// or either count is hidden. The periods are taken as equally long.
    pub fn between(now: Num, before: Option<Num>) -> Option<Change> {
        Change::over(now, before, None)
    }

    /// As [`Change::between`], for periods of `days` = (now, before) days
    /// where the view knows them (a 31-day month against a 30-day one);
    /// `None` takes them as equally long.
    pub fn over(now: Num, before: Option<Num>, days: Option<(i64, i64)>) -> Option<Change> {
        let (now, before) = (now.value()?, before?.value()?);
        let abs = now as i64 - before as i64;
        let kind = match (before, abs.signum()) {
            (0, 1) => ChangeKind::New,
            (_, 1) => ChangeKind::Up,
            (_, -1) => ChangeKind::Down,
            _ => ChangeKind::Same,
        };
        let pct = (before >= PCT_BASE).then(|| abs as f64 * 100.0 / before as f64);
        let share = match days {
            Some((t1, t2)) if t1 > 0 && t2 > 0 => t1 as f64 / (t1 + t2) as f64,
            _ => 0.5,
        };
        let notable = p_value_below(now, before, share, NOTABLE_P) < NOTABLE_P;
        Some(Change {
            kind,
            abs,
            pct,
            notable,
        })
    }
}

/// How many days the periods of a headline row cover: now, the previous
/// period and a year earlier, where the view knows them (`None`: taken as
/// equally long).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowDays {
    pub now: Option<i64>,
    pub previous: Option<i64>,
    pub year_ago: Option<i64>,
}

/// The number of days from `start` to `end`, both inclusive.
pub fn days_in((start, end): (chrono::NaiveDate, chrono::NaiveDate)) -> i64 {
    (end - start).num_days() + 1
}

/// The two-sided p-value of the conditional (exact) binomial test of two
/// Poisson counts: `now` events over one period and `before` over another,
/// `share` being the first period's share of their joint length (½ for
/// equally long periods). If both periods had the same rate, `now` would be
/// Binomial(now + before, share); the p-value is the probability of every
/// outcome no more likely than the one observed (the sum of probabilities
/// ≤ P(observed), as R's `binom.test`, with a relative tolerance of 10⁻⁷
/// for ties). 1 against 4 gives 0.375, 20 against 5 gives 0.0041, 10
/// against 10 gives 1.
///
/// The tails are summed outwards from their inner edge while terms matter,
/// so the work grows with the spread of the distribution, not its size.
pub fn change_p_value(now: u64, before: u64, share: f64) -> f64 {
    p_value_below(now, before, share, f64::INFINITY)
}

/// [`change_p_value`] when it is below `cap`; otherwise some value at
/// least `cap`: the sums stop once they reach it. A page asks only
/// whether a change is notable, and the sums of every unremarkable change
/// of the public reports, made at every build, cost a build after a note
/// edit a few milliseconds. The same as [`change_p_value`] in every
/// answer to "below `cap`?": every term is positive, and adding a
/// positive number never makes a sum of floating-point numbers smaller.
pub fn p_value_below(now: u64, before: u64, share: f64, cap: f64) -> f64 {
    use crate::analysis::poisson::ln_factorial;
    let n = now + before;
    if n == 0 || !(share > 0.0 && share < 1.0) {
        return 1.0;
    }
    let (lq, lr) = (share.ln(), (1.0 - share).ln());
    let ln_pmf = |k: u64| {
        ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
            + k as f64 * lq
            + (n - k) as f64 * lr
    };
    // P(observed), with room for rounding: equally likely outcomes count.
    let limit = ln_pmf(now) + 1e-7;
    // The mode: the pmf rises up to it and falls after it.
    let mode = (((n + 1) as f64 * share).floor() as u64).min(n);
    // Sums P(k) from `from` outwards (down or up) while terms matter, and
    // while `base` (the other tail's sum) and it stay below the cap.
    let tail = |from: u64, down: bool, base: f64| -> f64 {
        let (mut k, mut term, mut sum) = (from, ln_pmf(from).exp(), 0.0);
        let ratio = share / (1.0 - share);
        loop {
            sum += term;
            if term <= sum * 1e-17 || (down && k == 0) || (!down && k == n) || base + sum >= cap {
                return sum;
            }
            // P(k−1)/P(k) = k/(n−k+1) · (1−q)/q; P(k+1)/P(k) = (n−k)/(k+1) · q/(1−q).
            if down {
                term *= k as f64 / ((n - k + 1) as f64 * ratio);
                k -= 1;
            } else {
                term *= (n - k) as f64 / (k + 1) as f64 * ratio;
                k += 1;
            }
        }
    };
    // The first outcome on the far side of the mode as unlikely as the one
    // observed, by binary search: past the observed count the pmf rises
    // (strictly, but for a tie at the mode) and then falls.
    let p = if now <= mode {
        let below = tail(now, true, 0.0);
        if below >= cap {
            return below;
        }
        let (mut lo, mut hi) = (now + 1, n + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if ln_pmf(mid) <= limit {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        below + if lo <= n { tail(lo, false, below) } else { 0.0 }
    } else {
        let above = tail(now, false, 0.0);
        if above >= cap {
            return above;
        }
        // The largest k < mode with P(k) ≤ P(observed), if any.
        let (mut lo, mut hi) = (0u64, mode);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if ln_pmf(mid) <= limit {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        above
            + if ln_pmf(lo) <= limit {
                tail(lo, true, above)
            } else {
                0.0
            }
    };
    p.min(1.0)
}

/// A line of a headline table: a category (or the total) with comparisons.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub id: String,
    pub label: String,
    pub colour: Option<String>,
    pub count: Num,
    pub previous: Option<Num>,
    pub change: Option<Change>,
    pub year_ago: Option<Num>,
    pub change_year: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedCount {
    pub id: String,
    pub label: String,
    pub detail: Option<String>,
    pub href: Option<String>,
    pub count: Num,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_percentage_below_the_base() {
        // 1 → 4: the difference only, not "+300 %".
        let small = Change::between(Num::Value(4), Some(Num::Value(1))).unwrap();
        assert_eq!(
            (small.kind, small.abs, small.pct),
            (ChangeKind::Up, 3, None)
        );
        // 9 → 12: still below the base of 10.
        assert_eq!(
            Change::between(12.into(), Some(9.into())).unwrap().pct,
            None
        );
        // 10 → 12: +2 of 10 = +20 %.
        assert_eq!(
            Change::between(12.into(), Some(10.into())).unwrap().pct,
            Some(20.0)
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Stopping the sums at the cap answers "below the cap?" as the whole
    /// sums do, for small and large counts and unequal periods alike, and
    /// below it gives the same value.
    #[test]
    fn a_capped_p_value_answers_as_the_whole_one() {
        let counts = (0..40).chain([97, 100, 103, 250, 1000, 1043, 5000, 5150]);
        let counts: Vec<u64> = counts.collect();
        let mut notable = 0;
        for &now in &counts {
            for &before in &counts {
                for share in [0.5, 31.0 / 61.0, 28.0 / 59.0, 0.2] {
                    let whole = change_p_value(now, before, share);
                    for cap in [NOTABLE_P, 0.01, 0.5] {
                        let capped = p_value_below(now, before, share, cap);
                        assert_eq!(capped < cap, whole < cap, "{now} {before} {share} {cap}");
                        if whole < cap {
                            assert_eq!(capped, whole);
                        }
                    }
                    notable += usize::from(whole < NOTABLE_P);
                }
            }
        }
        // Both answers occur.
        assert!(
            notable > 1000 && notable < counts.len() * counts.len() * 4 - 1000,
            "{notable}"
        );
    }

    #[test]
    fn p_values_worked_by_hand() {
        // 1 against 4, n = 5, q = ½: P(k) = C(5, k)/32 = 1, 5, 10, 10, 5,
        // 1 (/32). P(1) = 5/32; the outcomes no more likely are k = 0, 1,
        // 4, 5: (1 + 5 + 5 + 1)/32 = 12/32 = 0.375.
        assert!(close(change_p_value(1, 4, 0.5), 0.375));
        assert!(close(change_p_value(4, 1, 0.5), 0.375));
        // 20 against 5, n = 25: P(X ≥ 20) = (C(25,20) + C(25,21) + … +
        // C(25,25))/2²⁵ = (53130 + 12650 + 2300 + 300 + 25 + 1)/33554432
        // = 68406/33554432; twice that (the distribution is symmetric) is
        // 136812/33554432 = 0.0040774.
        assert!(close(change_p_value(20, 5, 0.5), 136812.0 / 33554432.0));
        assert!(close(change_p_value(5, 20, 0.5), 136812.0 / 33554432.0));
        // 10 against 10: the most likely outcome, p = 1.
        assert!(close(change_p_value(10, 10, 0.5), 1.0));
        // 2 against 3 (n = 5): P(2) = P(3) = 10/32, the largest: p = 1.
        assert!(close(change_p_value(2, 3, 0.5), 1.0));
        assert!(close(change_p_value(3, 2, 0.5), 1.0));
        // Nothing before: 5 against 0 is 2/2⁵ = 0.0625, 6 against 0 is
        // 2/2⁶ = 0.03125.
        assert!(close(change_p_value(5, 0, 0.5), 0.0625));
        assert!(close(change_p_value(6, 0, 0.5), 0.03125));
        // Unequal periods: 3 against 0 where the earlier period is three
        // times as long (q = ¼): P(k) = 27, 27, 9, 1 (/64) for k = 0..3;
        // only k = 3 is as unlikely as observed, p = 1/64 = 0.015625. Over
        // equal periods it would be 2/8 = 0.25.
        assert!(close(change_p_value(3, 0, 0.25), 1.0 / 64.0));
        assert!(close(change_p_value(3, 0, 0.5), 0.25));
        // And the other way: 0 against 3 with q = ¼ is what one expects:
        // P(0) = P(1) = 27/64 are the largest (a tie at the mode), p = 1.
        assert!(close(change_p_value(0, 3, 0.25), 1.0));
        // Nothing at all: no evidence either way.
        assert!(close(change_p_value(0, 0, 0.5), 1.0));
    }

    #[test]
    fn only_changes_larger_than_chance_are_notable() {
        let notable = |now: u64, before: u64| {
            Change::between(now.into(), Some(before.into()))
                .unwrap()
                .notable
        };
        // 1 → 4 (p = 0.375), 10 → 10 (p = 1), 0 → 5 (p = 0.0625): chance.
        assert!(!notable(4, 1));
        assert!(!notable(10, 10));
        assert!(!notable(5, 0));
        // 5 → 20 and 20 → 5 (p = 0.0041), 0 → 6 (p = 0.031): notable.
        assert!(notable(20, 5));
        assert!(notable(5, 20));
        assert!(notable(6, 0));
        // 3 now over a period a third as long as the earlier one with 0:
        // p = 1/64 (see above).
        let c = Change::over(3.into(), Some(0.into()), Some((10, 30))).unwrap();
        assert_eq!((c.kind, c.notable), (ChangeKind::New, true));
        // Unknown or unusable lengths count as equal: p = 0.25.
        assert!(
            !Change::over(3.into(), Some(0.into()), Some((0, 30)))
                .unwrap()
                .notable
        );
    }

    #[test]
    fn large_counts_stay_exact_and_bounded() {
        // Near the normal approximation: 1 100 against 1 000 is z =
        // 100/√2100 = 2.18, two-sided p ≈ 0.029; 1 050 against 1 000 is
        // z = 1.10, p ≈ 0.27.
        let p = change_p_value(1100, 1000, 0.5);
        assert!((0.025..0.035).contains(&p), "{p}");
        let p = change_p_value(1050, 1000, 0.5);
        assert!((0.25..0.3).contains(&p), "{p}");
        // A count in the hundreds of millions answers at once: n = 6·10⁸,
        // sd = √n/2 = 12 247, 5 000 from the middle is z = 0.41, p ≈ 0.68,
        // either way round.
        let a = change_p_value(300_000_000, 299_990_000, 0.5);
        let b = change_p_value(299_990_000, 300_000_000, 0.5);
        assert!((0.66..0.70).contains(&a) && (a - b).abs() < 1e-3, "{a} {b}");
    }
}
