//! Hot spots: places clearly above their own usual level in a period.
//!
//! The rule, stated on every report: a place's baseline is its rate of
//! events per day over the previous N periods of the same cadence (N from
//! `[hotspots] baseline_periods`, 6 by default; at least 3 earlier periods
//! with data are needed), scaled to the period's length: λ. If events at
//! the place were a Poisson process at that rate, the chance of at least
//! the observed count is P(X ≥ observed | λ). The place is flagged when
//! that chance is below `p_value` (0.01) and the count is at least
//! `min_count` (5), so one or two events more at a quiet place never make
//! a hot spot.

use crate::config::HotspotConfig;
use crate::model::PlaceId;

/// Fewest earlier periods a baseline is made of.
pub const MIN_BASELINE_PERIODS: usize = 3;

/// One place's count in a period against its baseline.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HotSpot {
    pub place: PlaceId,
    pub count: u64,
    /// Expected count λ from the baseline; `None` without enough history.
    pub expected: Option<f64>,
    /// P(X ≥ count | λ).
    pub p_value: Option<f64>,
    pub flagged: bool,
}

/// P(X ≥ k) for X ~ Poisson(λ), in bounded work (see [`super::poisson`]).
pub use super::poisson::upper_tail as poisson_upper_tail;

/// The hot-spot rows of one period: every place with events in it (most
/// first), tested against its baseline. `history` holds, for each earlier
/// period of the cadence with data (most recent last), its length in days
/// and its events per place (indexed by `PlaceId`).
pub fn rank(
    current: &[(PlaceId, u64)],
    days: i64,
    history: &[(i64, &[u64])],
    rule: &HotspotConfig,
) -> Vec<HotSpot> {
    let window = &history[history.len().saturating_sub(rule.baseline_periods)..];
    let enough = window.len() >= MIN_BASELINE_PERIODS;
    let window_days: i64 = window.iter().map(|(d, _)| d).sum();
    current
        .iter()
        .map(|&(place, count)| {
            let expected = enough.then(|| {
                let before: u64 = window
                    .iter()
                    .map(|(_, c)| c.get(place as usize).copied().unwrap_or(0))
                    .sum();
                before as f64 / window_days as f64 * days as f64
            });
            let p_value = expected.map(|l| poisson_upper_tail(count, l));
            HotSpot {
                place,
                count,
                expected,
                p_value,
                flagged: count >= rule.min_count && p_value.is_some_and(|p| p < rule.p_value),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_tail_by_hand() {
        // P(X ≥ 5 | λ = 1) = 1 − e⁻¹(1 + 1 + 1/2 + 1/6 + 1/24) = 0.0036598…
        assert!((poisson_upper_tail(5, 1.0) - 0.003_659_846_827).abs() < 1e-12);
        // P(X ≥ 1 | λ = 2) = 1 − e⁻² = 0.8646647…
        assert!((poisson_upper_tail(1, 2.0) - 0.864_664_716_763).abs() < 1e-12);
        assert_eq!(poisson_upper_tail(0, 3.0), 1.0);
        assert_eq!(poisson_upper_tail(3, 0.0), 0.0);
        // Far in the tail the value keeps its precision: P(X ≥ 30 | λ = 5)
        // = 5³⁰e⁻⁵/30! × (1 + 5/31 + 25/(31·32) + …) ≈ 2.37e-14 × 1.19
        // (a sum 1 − P(X < 30) would round to 0).
        let p = poisson_upper_tail(30, 5.0);
        assert!(p > 2.7e-14 && p < 2.9e-14, "{p}");
        // Below the mean: P(X ≥ 2 | λ = 3) = 1 − e⁻³(1 + 3) = 0.8008517…
        assert!((poisson_upper_tail(2, 3.0) - 0.800_851_726_528).abs() < 1e-12);
        // Huge counts are quick and sensible: at the mean about one half.
        let p = poisson_upper_tail(4_000_000_000, 4e9);
        assert!((p - 0.5).abs() < 0.01, "{p}");
        assert!(poisson_upper_tail(4_001_000_000, 4e9) < 1e-40);
        // Stirling's series agrees with the exact sum where both apply.
        let exact: f64 = (2..=40u64).map(|i| (i as f64).ln()).sum();
        assert!((super::super::poisson::ln_factorial(40) - exact).abs() < 1e-10);
        // A count past the exact sums, far above a small baseline, and
        // below a huge one: answered at once (this looped per count).
        assert_eq!(poisson_upper_tail(4_294_967_295, 1e15), 1.0);
        assert_eq!(poisson_upper_tail(4_294_967_295, 2.0), 0.0);
    }

    #[test]
    fn flags_only_clear_rises_with_enough_history() {
        let rule = HotspotConfig::default();
        // Six 30-day months with 2 events each at place 0: λ = 2 for a
        // 30-day month. 9 events: P(X ≥ 9 | 2) = 0.00024 < 0.01 → flagged.
        let month = [2u64, 0];
        let history: Vec<(i64, &[u64])> = (0..6).map(|_| (30, &month[..])).collect();
        let rows = rank(&[(0, 9), (1, 4)], 30, &history, &rule);
        assert!((rows[0].expected.unwrap() - 2.0).abs() < 1e-12);
        assert!(rows[0].flagged);
        // Place 1 never had events (λ = 0): 4 is below the minimum of 5.
        assert_eq!(rows[1].p_value, Some(0.0));
        assert!(!rows[1].flagged);
        // 5 events at λ = 2: P = 0.0527 > 0.01 → not flagged.
        let rows = rank(&[(0, 5)], 30, &history, &rule);
        assert!(!rows[0].flagged);
        // Two earlier periods are too few for a baseline.
        let rows = rank(&[(0, 50)], 30, &history[..2], &rule);
        assert_eq!((rows[0].expected, rows[0].flagged), (None, false));
    }
}
