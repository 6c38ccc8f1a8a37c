//! Area polygons and the point-in-polygon rule that assigns incidents to
//! areas.
//!
//! Coordinates are WGS84 in millionths of a degree, the unit of
//! [`super::Incident::position`], so the test is exact integer arithmetic:
//! a point on an edge is decided the same way on every machine.
//!
//! The rule: a point lies in a polygon when it is inside its outer ring or
//! on that ring's edge, and not strictly inside one of its holes (a point on
//! a hole's edge still belongs to the polygon). The boundary belongs to the
//! area, so a point on the edge shared by two areas lies in both; the
//! area listed first in the file wins.

use super::ring_index::RingIndex;
use super::simplify::{MAX_DRAWN, simplify};

/// A point: (latitude, longitude) in millionths of a degree.
pub type Micro = (i64, i64);

/// One polygon: an outer ring and its holes, each a closed list of points
/// (the last point may repeat the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polygon {
    pub outer: Vec<Micro>,
    pub holes: Vec<Vec<Micro>>,
}

/// A named area, with its polygons when a GeoJSON file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub name: String,
    /// The full geometry: what incidents are counted by.
    pub polygons: Vec<Polygon>,
    /// Every ring of `polygons` (outer rings then their holes, polygon by
    /// polygon) simplified to at most [`MAX_DRAWN`] points: what maps draw.
    pub outline: Vec<Vec<Micro>>,
    /// Per polygon, the edge index of its outer ring and of each hole.
    index: Vec<(RingIndex, Vec<RingIndex>)>,
}

/// Where a point lies relative to one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Inside,
    Edge,
    Outside,
}

/// What one edge of a ring says about a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The point lies on the edge.
    OnEdge,
    /// The ray from the point towards growing longitude crosses the edge.
    Crosses,
    Misses,
}

/// Edge `i` (from point `i` to the next, the last back to the first).
pub(crate) fn step(ring: &[Micro], i: usize, p: Micro) -> Step {
    let (py, px) = p;
    let (ay, ax) = ring[i];
    let (by, bx) = ring[(i + 1) % ring.len()];
    let cross = (bx - ax) as i128 * (py - ay) as i128 - (by - ay) as i128 * (px - ax) as i128;
    if cross == 0 && px >= ax.min(bx) && px <= ax.max(bx) && py >= ay.min(by) && py <= ay.max(by) {
        return Step::OnEdge;
    }
    // The edge crosses the horizontal line through p (half-open, so a
    // vertex is counted once), to the right of p.
    if (ay > py) != (by > py) {
        // x of the crossing > px  ⇔  (cross sign) depending on direction.
        let right = if by > ay { cross > 0 } else { cross < 0 };
        if right {
            return Step::Crosses;
        }
    }
    Step::Misses
}

/// Even-odd ray casting over the given edges of a ring.
pub(crate) fn side_of(ring: &[Micro], edges: impl Iterator<Item = usize>, p: Micro) -> Side {
    if ring.len() < 3 {
        return Side::Outside;
    }
    let mut inside = false;
    for i in edges {
        match step(ring, i, p) {
            Step::OnEdge => return Side::Edge,
            Step::Crosses => inside = !inside,
            Step::Misses => {}
        }
    }
    if inside { Side::Inside } else { Side::Outside }
}

/// Even-odd ray casting towards growing longitude, with an exact test for
/// points on an edge, over every edge. ([`Area::contains`] asks only the
/// edges that reach the point's latitude, through a [`RingIndex`].)
pub fn ring_side(ring: &[Micro], p: Micro) -> Side {
    side_of(ring, 0..ring.len(), p)
}

impl Polygon {
    pub fn contains(&self, p: Micro) -> bool {
        match ring_side(&self.outer, p) {
            Side::Outside => false,
            Side::Edge => true,
            Side::Inside => !self.holes.iter().any(|h| ring_side(h, p) == Side::Inside),
        }
    }

    /// Smallest and largest (lat, lon) of the outer ring.
    pub fn bounds(&self) -> Option<(Micro, Micro)> {
        bounds(self.outer.iter().copied())
    }
}

impl Area {
    /// An area with its polygons and their simplified outline.
    pub fn new(name: String, polygons: Vec<Polygon>) -> Area {
        let outline = polygons
            .iter()
            .flat_map(|p| std::iter::once(&p.outer).chain(&p.holes))
            .map(|ring| simplify(ring, MAX_DRAWN))
            .collect();
        let index = polygons
            .iter()
            .map(|p| {
                let holes = p.holes.iter().map(|h| RingIndex::new(h)).collect();
                (RingIndex::new(&p.outer), holes)
            })
            .collect();
        Area {
            name,
            polygons,
            outline,
            index,
        }
    }

    /// [`Polygon::contains`] for any of its polygons, asking each ring only
    /// the edges at the point's latitude.
    pub fn contains(&self, p: Micro) -> bool {
        self.polygons
            .iter()
            .zip(&self.index)
            .any(|(g, (outer, holes))| match outer.side(&g.outer, p) {
                Side::Outside => false,
                Side::Edge => true,
                Side::Inside => !g
                    .holes
                    .iter()
                    .zip(holes)
                    .any(|(h, hi)| hi.side(h, p) == Side::Inside),
            })
    }
}

/// Do two areas share a boundary? True when a corner of one's outline
/// lies on the other's outline (an edge or a corner in common; touching
/// at a single corner counts). Areas without polygons touch nothing.
pub fn touching(a: &Area, b: &Area) -> bool {
    let on = |x: &Area, y: &Area| {
        x.polygons.iter().any(|p| {
            p.outer.iter().any(|&v| {
                y.polygons
                    .iter()
                    .any(|q| ring_side(&q.outer, v) == Side::Edge)
            })
        })
    };
    on(a, b) || on(b, a)
}

/// The first area (in the given order) whose polygons hold `p`.
pub fn area_at(areas: &[Area], p: Micro) -> Option<usize> {
    areas.iter().position(|a| a.contains(p))
}

/// Smallest and largest (lat, lon) of some points.
pub fn bounds(points: impl Iterator<Item = Micro>) -> Option<(Micro, Micro)> {
    points.fold(None, |acc, (y, x)| match acc {
        None => Some(((y, x), (y, x))),
        Some(((y0, x0), (y1, x1))) => Some(((y0.min(y), x0.min(x)), (y1.max(y), x1.max(x)))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(y0: i64, x0: i64, y1: i64, x1: i64) -> Vec<Micro> {
        vec![(y0, x0), (y0, x1), (y1, x1), (y1, x0), (y0, x0)]
    }

    #[test]
    fn inside_edge_vertex_outside() {
        let r = square(0, 0, 10, 10);
        assert_eq!(ring_side(&r, (5, 5)), Side::Inside);
        assert_eq!(ring_side(&r, (0, 5)), Side::Edge);
        assert_eq!(ring_side(&r, (10, 10)), Side::Edge);
        assert_eq!(ring_side(&r, (5, 11)), Side::Outside);
        assert_eq!(ring_side(&r, (10, 5)), Side::Edge);
        // A ray through a vertex counts the crossing once.
        let diamond = vec![(0, 5), (5, 10), (10, 5), (5, 0)];
        assert_eq!(ring_side(&diamond, (5, 5)), Side::Inside);
        assert_eq!(ring_side(&diamond, (5, -1)), Side::Outside);
        assert_eq!(ring_side(&diamond, (0, 4)), Side::Outside);
    }

    #[test]
    fn holes_and_shared_edges() {
        let a = Area::new(
            "A".into(),
            vec![Polygon {
                outer: square(0, 0, 10, 10),
                holes: vec![square(4, 4, 6, 6)],
            }],
        );
        let b = Area::new(
            "B".into(),
            vec![Polygon {
                outer: square(0, 10, 10, 20),
                holes: vec![],
            }],
        );
        let areas = [a, b];
        assert_eq!(area_at(&areas, (5, 5)), None, "in the hole");
        assert_eq!(area_at(&areas, (4, 5)), Some(0), "on the hole's edge");
        assert_eq!(area_at(&areas, (5, 10)), Some(0), "shared edge: first area");
        assert_eq!(area_at(&areas, (5, 15)), Some(1));
        assert_eq!(area_at(&areas, (50, 50)), None);
        assert!(touching(&areas[0], &areas[1]));
        let far = Area::new(
            "C".into(),
            vec![Polygon {
                outer: square(30, 30, 40, 40),
                holes: vec![],
            }],
        );
        assert!(!touching(&areas[0], &far));
    }
}
