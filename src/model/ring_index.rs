//! Which edges of a ring reach a latitude: the ring's latitude range cut
//! into bands, each listing the edges that overlap it. Point in polygon
//! then asks only the edges of the point's band, so counting incidents in
//! a 200,000-vertex area costs a few edges per incident, not 200,000, with
//! the same answer: only an edge whose latitudes span the point's can hold
//! the point or cross the ray from it.

use super::geo::{Micro, Side, side_of};

/// Bands per edge (about): a handful of edges per band on typical rings.
const EDGES_PER_BAND: usize = 4;
/// Most bands of one ring.
const MAX_BANDS: usize = 1 << 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RingIndex {
    /// Latitude of the first band's lower edge, and each band's height.
    y0: i64,
    height: i64,
    /// Per band, the edges (by their first point) that overlap it.
    bands: Vec<Vec<u32>>,
}

impl RingIndex {
    pub fn new(ring: &[Micro]) -> RingIndex {
        let (Some(lo), Some(hi)) = (
            ring.iter().map(|p| p.0).min(),
            ring.iter().map(|p| p.0).max(),
        ) else {
            return RingIndex {
                y0: 0,
                height: 1,
                bands: Vec::new(),
            };
        };
        let count = (ring.len() / EDGES_PER_BAND).clamp(1, MAX_BANDS) as i64;
        let height = ((hi - lo) / count + 1).max(1);
        let mut index = RingIndex {
            y0: lo,
            height,
            bands: vec![Vec::new(); count as usize],
        };
        for i in 0..ring.len() {
            let (a, b) = (ring[i].0, ring[(i + 1) % ring.len()].0);
            for band in index.band(a.min(b))..=index.band(a.max(b)) {
                index.bands[band].push(i as u32);
            }
        }
        index
    }

    fn band(&self, y: i64) -> usize {
        (((y - self.y0) / self.height).max(0) as usize).min(self.bands.len().saturating_sub(1))
    }

    /// [`super::geo::ring_side`] of `ring` (the ring this index was made
    /// from), asking only the edges at `p`'s latitude.
    pub fn side(&self, ring: &[Micro], p: Micro) -> Side {
        let Some(last) = self.bands.len().checked_sub(1) else {
            return Side::Outside;
        };
        if p.0 < self.y0 || p.0 > self.y0 + self.height * (last as i64 + 1) {
            return Side::Outside;
        }
        let edges = &self.bands[self.band(p.0)];
        side_of(ring, edges.iter().map(|&i| i as usize), p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geo::ring_side;

    #[test]
    fn the_index_answers_as_every_edge_does() {
        // A star of 1,000 points with integer corners, and points on a
        // grid over and around it: inside, outside, on edges and vertices.
        let ring: Vec<Micro> = (0..1_000)
            .map(|i| {
                let a = i as f64 / 1_000.0 * std::f64::consts::TAU;
                let r = if i % 2 == 0 { 1_000.0 } else { 600.0 };
                ((a.sin() * r).round() as i64, (a.cos() * r).round() as i64)
            })
            .collect();
        let index = RingIndex::new(&ring);
        let mut sides = [0; 3];
        for y in (-1_100..=1_100).step_by(13) {
            for x in (-1_100..=1_100).step_by(13) {
                let s = ring_side(&ring, (y, x));
                assert_eq!(index.side(&ring, (y, x)), s, "({y}, {x})");
                sides[s as usize] += 1;
            }
        }
        for &p in ring.iter().step_by(13) {
            assert_eq!(index.side(&ring, p), Side::Edge);
        }
        assert!(sides.iter().all(|&n| n > 0), "{sides:?}");
    }
}
