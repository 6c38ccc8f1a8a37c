//! Simplifying area outlines for drawing, so a map's size does not grow
//! with the detail of the GeoJSON file. Counting (point in polygon) always
//! uses the full rings; only the drawn outlines are simplified.
//!
//! Douglas–Peucker, run greedily: starting from the ring's first and
//! farthest points, the point farthest from the simplified outline is
//! added next, until the ring has `max` points or every dropped point lies
//! on it. A heap of segments keyed by their farthest point makes that
//! O(n log n) for typical rings. Ties go to the earlier point, so the
//! result is the same on every run.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::geo::Micro;

/// Most vertices of a drawn ring: well below a pixel's detail at the
/// map's 720 px width.
pub const MAX_DRAWN: usize = 400;

/// The ring with at most `max` (≥ 4) of its points, in order; a ring that
/// has no more is returned as it is.
pub fn simplify(ring: &[Micro], max: usize) -> Vec<Micro> {
    let max = max.max(4);
    // Without the closing repeat of the first point.
    let open = match ring {
        [first, .., last] if first == last => &ring[..ring.len() - 1],
        _ => ring,
    };
    if open.len() < max {
        return ring.to_vec();
    }
    let far = (1..open.len())
        .max_by(|&a, &b| {
            dist2(open[0], open[a])
                .total_cmp(&dist2(open[0], open[b]))
                .then(b.cmp(&a))
        })
        .unwrap_or(1);
    let mut keep = vec![false; open.len()];
    keep[0] = true;
    keep[far] = true;
    let mut heap = BinaryHeap::new();
    push(&mut heap, open, 0, far);
    push(&mut heap, open, far, open.len());
    let mut kept = 2;
    // Leave room for the closing point.
    while kept < max - 1 {
        let Some(Split {
            index,
            from,
            to,
            dist,
        }) = heap.pop()
        else {
            break;
        };
        if dist <= 0.0 {
            break;
        }
        keep[index] = true;
        kept += 1;
        push(&mut heap, open, from, index);
        push(&mut heap, open, index, to);
    }
    let mut out: Vec<Micro> = open
        .iter()
        .zip(&keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect();
    out.push(open[0]);
    out
}

/// A segment's farthest inner point, ordered by distance, then by the
/// earlier index.
struct Split {
    index: usize,
    from: usize,
    to: usize,
    dist: f64,
}

impl PartialEq for Split {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Split {}
impl PartialOrd for Split {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Split {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dist
            .total_cmp(&other.dist)
            .then(other.index.cmp(&self.index))
    }
}

/// Pushes the farthest point strictly between `from` and `to` (`to` may be
/// the ring's length: the segment back to the first point).
fn push(heap: &mut BinaryHeap<Split>, ring: &[Micro], from: usize, to: usize) {
    let (a, b) = (ring[from], ring[to % ring.len()]);
    let best = (from + 1..to).map(|i| (i, seg_dist2(ring[i], a, b))).fold(
        None,
        |best: Option<(usize, f64)>, (i, d)| match best {
            Some((_, bd)) if bd >= d => best,
            _ => Some((i, d)),
        },
    );
    if let Some((index, dist)) = best {
        heap.push(Split {
            index,
            from,
            to,
            dist,
        });
    }
}

fn dist2(a: Micro, b: Micro) -> f64 {
    let (dy, dx) = ((a.0 - b.0) as f64, (a.1 - b.1) as f64);
    dy * dy + dx * dx
}

/// Squared distance of `p` from the segment `a`–`b`.
fn seg_dist2(p: Micro, a: Micro, b: Micro) -> f64 {
    let (ay, ax, by, bx) = (a.0 as f64, a.1 as f64, b.0 as f64, b.1 as f64);
    let (py, px) = (p.0 as f64, p.1 as f64);
    let (dy, dx) = (by - ay, bx - ax);
    let len2 = dy * dy + dx * dx;
    if len2 == 0.0 {
        return dist2(p, a);
    }
    let t = (((py - ay) * dy + (px - ax) * dx) / len2).clamp(0.0, 1.0);
    let (qy, qx) = (ay + t * dy - py, ax + t * dx - px);
    qy * qy + qx * qx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A circle of `n` points (closed), radius 1,000,000.
    fn circle(n: usize) -> Vec<Micro> {
        let mut v: Vec<Micro> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                ((a.sin() * 1e6) as i64, (a.cos() * 1e6) as i64)
            })
            .collect();
        v.push(v[0]);
        v
    }

    #[test]
    fn small_rings_stay_and_large_ones_are_bounded_and_close() {
        let square = vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)];
        assert_eq!(simplify(&square, MAX_DRAWN), square);
        let ring = circle(200_000);
        let started = std::time::Instant::now();
        let s = simplify(&ring, MAX_DRAWN);
        assert!(started.elapsed().as_secs() < 5);
        assert!(s.len() <= MAX_DRAWN, "{}", s.len());
        assert!(s.len() > MAX_DRAWN / 2);
        assert_eq!(s.first(), s.last());
        // Every dropped point lies within 0.1 % of the radius of the
        // outline (a 400-gon's sagitta is 3e-5 of it).
        let worst = ring
            .iter()
            .step_by(97)
            .map(|&p| {
                s.windows(2)
                    .map(|w| seg_dist2(p, w[0], w[1]))
                    .fold(f64::INFINITY, f64::min)
            })
            .fold(0.0, f64::max);
        assert!(worst.sqrt() < 1_000.0, "{}", worst.sqrt());
        // Same input, same output.
        assert_eq!(simplify(&ring, MAX_DRAWN), s);
    }

    #[test]
    fn collinear_points_are_dropped() {
        let mut ring: Vec<Micro> = (0..1000).map(|x| (0, x)).collect();
        ring.extend((0..=1000).map(|y| (y, 1000)));
        ring.push((1000, 0));
        ring.push((0, 0));
        let s = simplify(&ring, 10);
        assert_eq!(s, vec![(0, 0), (0, 1000), (1000, 1000), (1000, 0), (0, 0)]);
    }
}
