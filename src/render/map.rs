//! The area map, drawn by hand like the other figures (see `figures.rs`
//! for the shared rules: `role="img"`, `aria-hidden` text, the five blue
//! steps, the hatch): each area shaded by its count and named with it,
//! counts outside the areas below the map, a key of the shades, and
//! (internal output) the incidents' positions as dots. An equirectangular
//! projection scaled by cos(latitude): no tiles, nothing loaded.
//!
//! Phone-first: 400 units wide, 14-unit text (12.5 px on a phone), dots 8
//! units across; area names that would overlap are moved apart.

use std::fmt::Write;

use super::escape_html as esc;
use super::figures::{
    DISPLAY, FONT, HALO, OneDecimal, STEPS, Size, WIDTH, close_after, dotted, hatch, num_text,
    open, step,
};
use crate::audience::insight_view::{MapShape, MapView};
use crate::audience::view::{HIDDEN, Num};

/// The dots' group: their colours set once, for every dot in it.
/// Near-black dots with a white ring: at least 3:1 against every shade,
/// the white ring against the darkest ones.
const DOTS: &str = "<g fill=\"#1b1b1b\" stroke=\"#fff\" stroke-width=\"1.5\">";

/// Draws the area map into `m.svg`: each area shaded by its count relative
/// to the largest (a zero white, a hidden count hatched), names and counts
/// as text, counts outside the areas below the map, and (internal output)
/// the incidents' positions as dots.
pub fn map(m: &mut MapView) {
    // The outlines and the dots together: a site without area polygons
    // still gets its incidents' positions drawn (internal output).
    // Points are whole micro-degrees, as the outlines' rings.
    let micro = |&(la, lo): &(i32, i32)| (i64::from(la), i64::from(lo));
    let positions = m.points.iter().map(micro);
    let all = m
        .shapes
        .iter()
        .flat_map(|a| a.rings.iter().flatten().copied())
        .chain(positions);
    let Some(((y0, x0), (y1, x1))) = crate::model::geo::bounds(all) else {
        return;
    };
    let lat0 = ((y0 + y1) as f64 / 2e6).to_radians().cos();
    let (w, margin) = (WIDTH, 12.0);
    let span_x = ((x1 - x0) as f64 * lat0).max(1.0);
    let span_y = ((y1 - y0) as f64).max(1.0);
    let scale = (w - 2.0 * margin) / span_x;
    let h = (span_y * scale + 2.0 * margin).min(MAX_HEIGHT);
    let scale = scale.min((h - 2.0 * margin) / span_y);
    let px = |(y, x): (i64, i64)| {
        (
            margin + (x - x0) as f64 * lat0 * scale,
            margin + (y1 - y) as f64 * scale,
        )
    };
    let max = m
        .shapes
        .iter()
        .filter_map(|a| a.count.value())
        .max()
        .unwrap_or(0)
        .max(1);
    let hidden = m.shapes.iter().any(MapShape::hatched);
    let mut legend = legend_items(max, hidden);
    if let Some(key) = &m.group_key {
        // On a row of its own: the words are longer than a column.
        while !legend.len().is_multiple_of(LEGEND_PER_ROW) {
            legend.push((String::new(), String::new()));
        }
        legend.push(("url(#map-group)".to_string(), key.clone()));
    }
    // Counts with no shape on the map (events without an area, areas
    // without a polygon) are written below it, one line each, then the
    // legend of the shades.
    let off_map: Vec<_> = m
        .areas
        .iter()
        .filter(|a| !m.shapes.iter().any(|s| s.name == a.label))
        .collect();
    let line_h = 22.0;
    let legend_rows = legend.len().div_ceil(LEGEND_PER_ROW) as f64;
    let total_h = h + line_h * (off_map.len() as f64 + legend_rows) + 6.0;
    let size = Size {
        w,
        h: total_h.ceil(),
        display: DISPLAY,
    };
    let mut s = open(&m.id, size, &m.alt, &m.long_desc);
    if hidden {
        s.push_str(&hatch("map-hatch"));
    }
    if m.group_key.is_some() {
        s.push_str(&dotted("map-group"));
    }
    for a in &m.shapes {
        let mut d = String::new();
        for ring in &a.rings {
            for (k, p) in ring.iter().enumerate() {
                let (x, y) = px(*p);
                d.push(if k == 0 { 'M' } else { 'L' });
                OneDecimal(x).push_to(&mut d);
                d.push(',');
                OneDecimal(y).push_to(&mut d);
            }
            d.push('Z');
        }
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"{}\" fill-rule=\"evenodd\" stroke=\"#333\" stroke-width=\"1.2\"/>",
            if a.grouped {
                "url(#map-group)".to_string()
            } else {
                shade(a.count, max)
            }
        );
    }
    dots(&mut s, m.points.iter().map(|p| px(micro(p))));
    // Everything so far is shapes (its words escaped in the title and
    // description): only what follows has text to hide from screen readers.
    let shapes = s.len();
    let _ = write!(
        s,
        "<g font-family=\"sans-serif\" font-size=\"{FONT}\" text-anchor=\"middle\">"
    );
    map_labels(&mut s, m, &px);
    for (k, a) in off_map.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{margin}\" y=\"{:.1}\" text-anchor=\"start\" fill=\"#1b1b1b\">{}: <tspan font-weight=\"bold\">{}</tspan></text>",
            h + line_h * k as f64 + 14.0,
            esc(&a.label),
            num_text(a.count)
        );
    }
    s.push_str("</g>");
    draw_legend(&mut s, &legend, h + line_h * off_map.len() as f64 + 4.0);
    m.svg = close_after(s, shapes);
}

/// The most units a map is tall (its areas and dots; the names of counts
/// off the map and the key go below).
const MAX_HEIGHT: f64 = 500.0;

/// Writes a dot at each of `points`, at whole units and once per spot.
/// A dot is 8 units across (7 px on a phone); one moved to a whole unit
/// is at most 0.5 units off on each axis (under a CSS pixel at the map's
/// width). Of the dots on one spot only the last drawn is seen, since it
/// covers the others: each spot's last dot is written, in the order they
/// were, so the picture is the same but for those sub-pixel shifts (and
/// the edges of dots once drawn several times over). Events at one
/// address share their coordinates, so a year's map of a large site
/// draws about a tenth of its events' dots (23,461 events, 2,584 spots on
/// the large benchmark tier's 2025 report), and the page is that much
/// smaller.
fn dots(s: &mut String, points: impl Iterator<Item = (f64, f64)>) {
    // Every dot is within the map (see `map`: x from the margin to
    // WIDTH − margin, y to MAX_HEIGHT − margin): a bit per whole unit says
    // whether a later dot covers a spot.
    let (cols, rows) = (WIDTH as usize + 1, MAX_HEIGHT as usize + 1);
    let spots: Vec<(usize, usize)> = points
        .map(|(x, y)| {
            let at = |v: f64, end: usize| (v.round().max(0.0) as usize).min(end - 1);
            (at(x, cols), at(y, rows))
        })
        .collect();
    if spots.is_empty() {
        return;
    }
    let mut covered = vec![0u64; (cols * rows).div_ceil(64)];
    let mut seen = vec![false; spots.len()];
    for (k, &(x, y)) in spots.iter().enumerate().rev() {
        let bit = y * cols + x;
        seen[k] = covered[bit / 64] & (1 << (bit % 64)) == 0;
        covered[bit / 64] |= 1 << (bit % 64);
    }
    s.push_str(DOTS);
    let mut num = itoa::Buffer::new();
    for (&(x, y), _) in spots.iter().zip(&seen).filter(|(_, seen)| **seen) {
        s.push_str("<circle cx=\"");
        s.push_str(num.format(x));
        s.push_str("\" cy=\"");
        s.push_str(num.format(y));
        s.push_str("\" r=\"4\"/>");
    }
    s.push_str("</g>");
}

/// The fill of an area with `count` on a map whose largest count is `max`.
fn shade(count: Num, max: u64) -> String {
    match count {
        Num::Value(0) => "#fff".to_string(),
        Num::Value(v) => step(v, max).0.to_string(),
        Num::Hidden => "url(#map-hatch)".to_string(),
    }
}

/// Each area's name and count at the centre of its outline, a label
/// moved down below any it would overlap (the estimated box: 8.5 units a
/// character, two lines of 18).
fn map_labels(s: &mut String, m: &MapView, px: &impl Fn((i64, i64)) -> (f64, f64)) {
    let mut placed: Vec<(f64, f64, f64)> = Vec::new();
    // A grouped area's second line is the key's word for it: its count
    // is the group's, written below the map.
    let mut centres: Vec<(f64, f64, &str, String)> = m
        .shapes
        .iter()
        .filter_map(|a| {
            let outer = a.rings.first()?;
            let n = outer.len().max(1) as f64;
            let (sx, sy) = outer
                .iter()
                .map(|p| px(*p))
                .fold((0.0, 0.0), |acc, (x, y)| (acc.0 + x, acc.1 + y));
            let second = match (&m.group_key, a.grouped) {
                (Some(key), true) => esc(key),
                _ => num_text(a.count),
            };
            Some((sx / n, sy / n, a.name.as_str(), second))
        })
        .collect();
    centres.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (cx, mut cy, name, second) in centres {
        let half = 8.5 * name.chars().count().max(3) as f64 / 2.0;
        while let Some(&(_, py, _)) = placed
            .iter()
            .find(|(px, py, ph)| (px - cx).abs() < half + ph && (py - cy).abs() < 36.0)
        {
            cy = py + 36.0;
        }
        placed.push((cx, cy, half));
        let _ = write!(
            s,
            "<text x=\"{cx:.1}\" y=\"{cy:.1}\" fill=\"#1b1b1b\"{HALO}>{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" fill=\"#1b1b1b\"{HALO} font-weight=\"bold\">{}</text>",
            esc(name),
            cy + 17.0,
            second
        );
    }
}

const LEGEND_PER_ROW: usize = 4;

/// The map's key: white for 0, each step of the scale with the counts it
/// stands for, the hatch for a hidden count.
fn legend_items(max: u64, hidden: bool) -> Vec<(String, String)> {
    let mut items = vec![("#fff".to_string(), "0".to_string())];
    let k = STEPS.len() as u64;
    for (i, (fill, _)) in STEPS.iter().enumerate() {
        // step(v) = ⌈5v / max⌉, so step i + 1 holds ⌊i·max/5⌋ + 1 to ⌊(i+1)·max/5⌋.
        let (from, to) = (i as u64 * max / k + 1, (i as u64 + 1) * max / k);
        match from.cmp(&to) {
            std::cmp::Ordering::Less => items.push((fill.to_string(), format!("{from}–{to}"))),
            std::cmp::Ordering::Equal => items.push((fill.to_string(), from.to_string())),
            std::cmp::Ordering::Greater => {}
        }
    }
    if hidden {
        items.push(("url(#map-hatch)".to_string(), HIDDEN.to_string()));
    }
    items
}

fn draw_legend(s: &mut String, items: &[(String, String)], top: f64) {
    s.push_str("<g font-family=\"sans-serif\" font-size=\"14\" fill=\"#1b1b1b\">");
    let col_w = (WIDTH - 24.0) / LEGEND_PER_ROW as f64;
    for (k, (fill, text)) in items.iter().enumerate().filter(|(_, (f, _))| !f.is_empty()) {
        let x = 12.0 + col_w * (k % LEGEND_PER_ROW) as f64;
        let y = top + 22.0 * (k / LEGEND_PER_ROW) as f64;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"16\" height=\"16\" fill=\"{fill}\" stroke=\"#333\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 22.0,
            y + 13.0,
            esc(text)
        );
    }
    s.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::view::NamedCount;

    #[test]
    fn a_map_names_counts_outside_its_areas() {
        let square = vec![vec![(0, 0), (0, 1000), (1000, 1000), (1000, 0)]];
        let named = |label: &str, count| NamedCount {
            id: label.into(),
            label: label.into(),
            detail: None,
            href: None,
            count,
        };
        let mut m = MapView {
            id: "map-areas".into(),
            caption: "Caption".into(),
            alt: "Map".into(),
            long_desc: "Most in A".into(),
            areas: vec![
                named("A", Num::Value(3)),
                named("Utan område", Num::Value(2)),
            ],
            points: vec![(500, 500)],
            point_count: 1,
            shapes: vec![MapShape {
                name: "A".into(),
                rings: square,
                count: Num::Value(3),
                grouped: false,
            }],
            group_key: None,
            svg: String::new(),
        };
        map(&mut m);
        let svg = &m.svg;
        assert_eq!(
            svg.matches("<text aria-hidden=\"true\" ").count(),
            svg.matches("<text").count()
        );
        assert!(
            svg.contains("fill=\"#0b2d4d\" fill-rule=\"evenodd\""),
            "{svg}"
        );
        assert!(
            svg.contains(">Utan område: <tspan font-weight=\"bold\">2</tspan></text>"),
            "{svg}"
        );
        assert!(
            svg.contains(&format!("{DOTS}<circle cx=\"200\" cy=\"")),
            "a dot in the dots' group: {svg}"
        );
        assert!(!svg.contains("opacity"), "{svg}");
        assert!(!svg.contains("<pattern"), "no hidden count, no hatch");
    }

    #[test]
    fn the_map_key_gives_the_counts_of_each_shade() {
        // step(v) = ⌈5v / max⌉: with max 100 each step holds 20 counts.
        let texts: Vec<String> = legend_items(100, false).into_iter().map(|i| i.1).collect();
        assert_eq!(texts, ["0", "1–20", "21–40", "41–60", "61–80", "81–100"]);
        // max 3: 1 → ⌈5/3⌉ = step 2, 2 → ⌈10/3⌉ = 4, 3 → 5; steps 1 and 3 hold none.
        let items = legend_items(3, true);
        let texts: Vec<&str> = items.iter().map(|i| i.1.as_str()).collect();
        assert_eq!(texts, ["0", "1", "2", "3", HIDDEN]);
        assert_eq!(items[1].0, STEPS[1].0);
        assert_eq!(items[2].0, STEPS[3].0);
    }

    /// Each spot's last dot, in order, at whole units: what is seen.
    #[test]
    fn a_spot_gets_one_dot_the_last_drawn_there() {
        let mut s = String::new();
        let points = [(10.4, 20.0), (30.0, 40.0), (9.6, 19.6), (10.5, 20.0)];
        dots(&mut s, points.into_iter());
        let circles: Vec<&str> = s.split("<circle ").skip(1).collect();
        assert_eq!(
            circles,
            [
                "cx=\"30\" cy=\"40\" r=\"4\"/>",
                "cx=\"10\" cy=\"20\" r=\"4\"/>",
                "cx=\"11\" cy=\"20\" r=\"4\"/></g>",
            ],
            "{s}"
        );
        assert!(s.starts_with(DOTS), "{s}");
        let mut none = String::new();
        dots(&mut none, std::iter::empty());
        assert_eq!(none, "", "no dots, no group");
    }
}
