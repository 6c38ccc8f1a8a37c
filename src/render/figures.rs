//! SVG figures that plotters has no series for, written by hand: heat
//! maps (weekday × hour, the årshjul), the area map and the survey lines.
//!
//! Like the charts, each has `role="img"`, `<title>` and `<desc>`, scales
//! with CSS (viewBox only), and writes every number as text in the figure
//! so colour never carries meaning alone; that text is `aria-hidden`, as
//! the figure's data table carries it to screen readers once. The map is
//! drawn from the area polygons in an equirectangular projection scaled by
//! cos(latitude): no tiles, nothing loaded.
//!
//! Non-text contrast (WCAG 1.4.11): every filled mark has at least 3:1
//! against the white background, so shades come from [`STEPS`], whose
//! lightest step still reaches 3:1; a zero is left white and written `0`,
//! a hidden count is hatched and written `..`. Every number is written in
//! a colour with at least 4.5:1 against the fill behind it.

use std::fmt::Write;

use super::escape_html as esc;
use crate::audience::insight_view::{HeatView, MapView, SurveyView};
use crate::audience::view::{HIDDEN, Num};

/// A sequential blue scale, light to dark, and the text colour on each:
/// contrast against white 3.2, 4.9, 7.0, 10.0 and 14.0:1; the text has
/// 5.4:1 on the first step and at least 4.9:1 (white) on the others.
const STEPS: [(&str, &str); 5] = [
    ("#6594c6", "#1b1b1b"),
    ("#4074a9", "#fff"),
    ("#265c8e", "#fff"),
    ("#154470", "#fff"),
    ("#0b2d4d", "#fff"),
];

/// Text of a zero or an empty cell on white (5.7:1), quieter than counts.
const QUIET: &str = "#666";

/// A white outline drawn under a text, so it reads over lines and shades.
const HALO: &str = " stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"";

fn open(id: &str, w: u32, h: u32, alt: &str, desc: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(alt),
        esc(desc)
    )
}

/// Closes the figure and hides its drawn text from screen readers.
fn close(mut s: String) -> String {
    s.push_str("</svg>");
    s.replace("<text ", "<text aria-hidden=\"true\" ")
}

/// A diagonal hatch for hidden counts: grey lines (4.5:1) on white.
fn hatch(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#767676\" stroke-width=\"2\"/></pattern></defs>"
    )
}

/// The step of a positive count `v` of at most `max` (both ≥ 1): the
/// range 1–`max` cut into five equal parts.
fn step(v: u64, max: u64) -> (&'static str, &'static str) {
    let k = (v * STEPS.len() as u64)
        .div_ceil(max.max(1))
        .clamp(1, STEPS.len() as u64);
    STEPS[k as usize - 1]
}

fn num_text(n: Num) -> String {
    n.value()
        .map_or_else(|| HIDDEN.to_string(), |v| v.to_string())
}

/// Draws a heat map into `h.svg`: a cell per column and row, shaded by
/// its count and with the count written in it.
pub fn heat(h: &mut HeatView) {
    let cols = h.columns.len().max(1) as u32;
    let (left, top, cell_h) = (64u32, 26u32, 26u32);
    let cell_w = (720 - left - 8) / cols;
    let height = top + cell_h * h.rows.len() as u32 + 6;
    let max = h
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flatten().filter_map(|n| n.value()))
        .max()
        .unwrap_or(0)
        .max(1);
    let hatch_id = format!("{}-hatch", h.id);
    let mut s = open(&h.id, 720, height, &h.alt, &h.long_desc);
    if h.rows
        .iter()
        .any(|r| r.cells.iter().any(|c| matches!(c, Some(Num::Hidden))))
    {
        s.push_str(&hatch(&hatch_id));
    }
    let _ = write!(
        s,
        "<g font-family=\"sans-serif\" font-size=\"{}\" text-anchor=\"middle\">",
        if cols > 12 { 12 } else { 13 }
    );
    for (c, label) in h.columns.iter().enumerate() {
        let x = left + cell_w * c as u32 + cell_w / 2;
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{}\" fill=\"#444\">{}</text>",
            top - 8,
            esc(label)
        );
    }
    for (r, row) in h.rows.iter().enumerate() {
        let y = top + cell_h * r as u32;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b1b1b\">{}</text>",
            left - 6,
            y + cell_h / 2 + 4,
            esc(&row.label)
        );
        for (c, cell) in row.cells.iter().enumerate() {
            let x = left + cell_w * c as u32;
            // The fill (none: the white background) and the text on it;
            // over the hatch the text has a white halo.
            let (fill, ink, text) = match cell {
                None => (None, QUIET, "–".to_string()),
                Some(Num::Value(0)) => (None, QUIET, "0".to_string()),
                Some(Num::Value(v)) => {
                    let (f, i) = step(*v, max);
                    (Some(f.to_string()), i, v.to_string())
                }
                Some(Num::Hidden) => (
                    Some(format!("url(#{hatch_id})")),
                    "#1b1b1b",
                    HIDDEN.to_string(),
                ),
            };
            if let Some(fill) = &fill {
                let _ = write!(
                    s,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{cell_w}\" height=\"{cell_h}\" fill=\"{fill}\" stroke=\"#fff\"/>"
                );
            }
            let halo = if fill.as_deref().is_some_and(|f| f.starts_with("url(")) {
                HALO
            } else {
                ""
            };
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"{ink}\"{halo}>{}</text>",
                x + cell_w / 2,
                y + cell_h / 2 + 4,
                esc(&text)
            );
        }
    }
    s.push_str("</g>");
    h.svg = close(s);
}

/// Draws the area map into `m.svg`: each area shaded by its count relative
/// to the largest (a zero white, a hidden count hatched), names and counts
/// as text, counts outside the areas below the map, and (internal output)
/// the incidents' positions as dots.
pub fn map(m: &mut MapView) {
    // The outlines and the dots together: a site without area polygons
    // still gets its incidents' positions drawn (internal output).
    let dots = m
        .points
        .iter()
        .map(|&(la, lo)| (i64::from(la), i64::from(lo)));
    let all = m
        .shapes
        .iter()
        .flat_map(|a| a.rings.iter().flatten().copied())
        .chain(dots);
    let Some(((y0, x0), (y1, x1))) = crate::model::geo::bounds(all) else {
        return;
    };
    let lat0 = ((y0 + y1) as f64 / 2e6).to_radians().cos();
    let (w, margin) = (720.0, 12.0);
    let span_x = ((x1 - x0) as f64 * lat0).max(1.0);
    let span_y = ((y1 - y0) as f64).max(1.0);
    let scale = (w - 2.0 * margin) / span_x;
    let h = (span_y * scale + 2.0 * margin).min(900.0);
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
    // Counts with no shape on the map (events without an area, areas
    // without a polygon) are written below it, one line each.
    let off_map: Vec<_> = m
        .areas
        .iter()
        .filter(|a| !m.shapes.iter().any(|s| s.name == a.label))
        .collect();
    let line_h = 22.0;
    let total_h = h + line_h * off_map.len() as f64;
    let mut s = open(&m.id, w as u32, total_h.ceil() as u32, &m.alt, &m.long_desc);
    if m.shapes.iter().any(|a| matches!(a.count, Num::Hidden)) {
        s.push_str(&hatch("map-hatch"));
    }
    for a in &m.shapes {
        let fill = match a.count {
            Num::Value(0) => "#fff".to_string(),
            Num::Value(v) => step(v, max).0.to_string(),
            Num::Hidden => "url(#map-hatch)".to_string(),
        };
        let mut d = String::new();
        for ring in &a.rings {
            for (k, p) in ring.iter().enumerate() {
                let (x, y) = px(*p);
                let _ = write!(d, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"#333\" stroke-width=\"1.2\"/>"
        );
    }
    // Near-black dots with a white ring: at least 3:1 against every
    // shade, the white ring against the darkest ones.
    for &(la, lo) in &m.points {
        let (x, y) = px((i64::from(la), i64::from(lo)));
        let _ = write!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#1b1b1b\" stroke=\"#fff\" stroke-width=\"1\"/>"
        );
    }
    s.push_str("<g font-family=\"sans-serif\" font-size=\"16\" text-anchor=\"middle\">");
    for a in &m.shapes {
        let Some(outer) = a.rings.first() else {
            continue;
        };
        let n = outer.len().max(1) as f64;
        let (sx, sy) = outer
            .iter()
            .map(|p| px(*p))
            .fold((0.0, 0.0), |acc, (x, y)| (acc.0 + x, acc.1 + y));
        let (cx, cy) = (sx / n, sy / n);
        let _ = write!(
            s,
            "<text x=\"{cx:.1}\" y=\"{cy:.1}\" fill=\"#1b1b1b\"{HALO}>{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" fill=\"#1b1b1b\"{HALO} font-weight=\"bold\">{}</text>",
            esc(&a.name),
            cy + 18.0,
            num_text(a.count)
        );
    }
    for (k, a) in off_map.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{margin}\" y=\"{:.1}\" text-anchor=\"start\" fill=\"#1b1b1b\">{}: <tspan font-weight=\"bold\">{}</tspan></text>",
            h + line_h * k as f64 + 12.0,
            esc(&a.label),
            num_text(a.count)
        );
    }
    s.push_str("</g>");
    m.svg = close(s);
}

/// An axis value with one decimal at most, `2,5` or `2.5`.
fn tick(x: f64, comma: bool) -> String {
    let s = format!("{}", (x * 10.0).round() / 10.0);
    if comma { s.replace('.', ",") } else { s }
}

const LINE_COLOURS: [&str; 5] = ["#1f4e79", "#9c2f1f", "#1d5e2a", "#6a3d9a", "#7d5a00"];
const DASHES: [&str; 5] = ["", "6 4", "2 3", "8 3 2 3", "1 5"];

/// Draws a survey indicator's values per year, one line per group.
pub fn survey(v: &mut SurveyView) {
    let (w, h, left, right, top, bottom) = (720.0, 300.0, 56.0, 150.0, 14.0, 34.0);
    let values: Vec<f64> = v
        .groups
        .iter()
        .flat_map(|g| g.raw.iter().flatten().copied())
        .collect();
    let (Some(lo), Some(hi)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) else {
        return;
    };
    let pad = ((hi - lo) * 0.15).max(hi.abs() * 0.05).max(0.5);
    let (lo, hi) = ((lo - pad).max(0.0).floor(), (hi + pad).ceil());
    let n = v.years.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + (w - left - right) * i as f64 / n;
    let y = |val: f64| top + (h - top - bottom) * (1.0 - (val - lo) / (hi - lo).max(1e-9));
    let mut s = open(&v.id, w as u32, h as u32, &v.alt, &v.long_desc);
    s.push_str("<g font-family=\"sans-serif\" font-size=\"13\" fill=\"#444\">");
    for k in 0..=4 {
        let val = lo + (hi - lo) * k as f64 / 4.0;
        let yy = y(val);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e0e0\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - right,
            left - 6.0,
            yy + 4.0,
            tick(val, v.decimal_comma)
        );
    }
    for (i, year) in v.years.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
            x(i),
            h - 12.0
        );
    }
    let mut labels: Vec<(f64, f64, &str, &str)> = Vec::new();
    for (g, group) in v.groups.iter().enumerate().take(LINE_COLOURS.len()) {
        let (colour, dash) = (LINE_COLOURS[g], DASHES[g]);
        let pts: Vec<(f64, f64)> = group
            .raw
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((x(i), y((*r)?))))
            .collect();
        let d: String = pts
            .iter()
            .enumerate()
            .map(|(k, (px, py))| format!("{}{px:.1},{py:.1}", if k == 0 { "M" } else { "L" }))
            .collect();
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/>"
        );
        for (px, py) in &pts {
            let _ = write!(
                s,
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"3.5\" fill=\"{colour}\"/>"
            );
        }
        if let Some(&(px, py)) = pts.last() {
            labels.push((py + 4.0, px + 8.0, &group.label, colour));
        }
    }
    // Group names at the lines' ends, pushed apart so none overlaps.
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    for k in 1..labels.len() {
        labels[k].0 = labels[k].0.max(labels[k - 1].0 + 15.0);
    }
    for (ly, lx, label, colour) in labels {
        let _ = write!(
            s,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" fill=\"{colour}\">{}</text>",
            esc(label)
        );
    }
    s.push_str("</g>");
    v.svg = close(s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::insight_view::{HeatRow, MapShape};
    use crate::audience::view::NamedCount;

    /// Relative luminance of `#rrggbb` or `#fff` (WCAG 2.1).
    fn lum(hex: &str) -> f64 {
        let h = hex.trim_start_matches('#');
        let h = if h.len() == 3 {
            h.chars().flat_map(|c| [c, c]).collect()
        } else {
            h.to_string()
        };
        let ch = |i: usize| {
            let v = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_step_reaches_3_to_1_and_its_text_4_5_to_1() {
        for (fill, ink) in STEPS {
            assert!(contrast(fill, "#fff") >= 3.0, "{fill} on white");
            assert!(contrast(ink, fill) >= 4.5, "{ink} on {fill}");
        }
        assert!(contrast(QUIET, "#fff") >= 4.5);
        assert!(contrast("#767676", "#fff") >= 3.0, "the hatch");
        // Darker means more, and the largest count gets the darkest step.
        assert!(STEPS.windows(2).all(|w| lum(w[0].0) > lum(w[1].0)));
        assert_eq!(step(1, 100), STEPS[0]);
        assert_eq!(step(100, 100), STEPS[4]);
        assert_eq!(step(41, 100), STEPS[2]);
    }

    fn heat_view() -> HeatView {
        let row = |label: &str, cells: Vec<Option<Num>>| HeatRow {
            label: label.into(),
            cells,
            total: Num::Value(0),
        };
        HeatView {
            id: "heat-x".into(),
            caption: "Caption".into(),
            alt: "Heat map".into(),
            long_desc: "Most on Monday".into(),
            row_header: "Day".into(),
            columns: vec!["00".into(), "01".into(), "02".into()],
            rows: vec![
                row("mån", vec![Some(Num::Value(0)), Some(Num::Value(9)), None]),
                row(
                    "tis",
                    vec![Some(Num::Value(1)), Some(Num::Hidden), Some(Num::Value(5))],
                ),
            ],
            svg: String::new(),
            note: None,
        }
    }

    #[test]
    fn a_heat_map_writes_every_cell_and_hides_its_text() {
        let mut h = heat_view();
        heat(&mut h);
        let svg = &h.svg;
        assert!(svg.starts_with("<svg viewBox=\"0 0 720 "), "{svg}");
        assert!(svg.ends_with("</g></svg>"));
        let texts = svg.matches("<text").count();
        // Three column labels, two row labels and six cells.
        assert_eq!(texts, 11, "{svg}");
        assert_eq!(svg.matches("<text aria-hidden=\"true\" ").count(), texts);
        // A zero and an empty cell stay white: no rect, written 0 and –.
        assert_eq!(svg.matches("<rect x=").count(), 4, "{svg}");
        assert!(svg.contains(&format!("fill=\"{QUIET}\">0</text>")));
        assert!(svg.contains(&format!("fill=\"{QUIET}\">–</text>")));
        // 9 is the largest, darkest; 1 the lightest, dark text on it.
        let cell = |fill: &str, ink: &str, text: &str| {
            let at = svg
                .find(&format!("fill=\"{fill}\" stroke=\"#fff\"/>"))
                .unwrap();
            let next = &svg[at..svg[at..].find("</text>").unwrap() + at];
            next.ends_with(&format!("fill=\"{ink}\">{text}"))
        };
        assert!(cell("#0b2d4d", "#fff", "9"), "{svg}");
        assert!(cell("#6594c6", "#1b1b1b", "1"), "{svg}");
        assert!(cell("#265c8e", "#fff", "5"), "{svg}");
        // The hidden count is hatched and written with a halo.
        assert!(svg.contains("<pattern id=\"heat-x-hatch\""));
        assert!(svg.contains("fill=\"url(#heat-x-hatch)\""));
        assert!(svg.contains(&format!("paint-order=\"stroke\">{HIDDEN}</text>")));
    }

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
            }],
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
            svg.contains("fill=\"#1b1b1b\" stroke=\"#fff\" stroke-width=\"1\"/>"),
            "a dot: {svg}"
        );
        assert!(!svg.contains("opacity"), "{svg}");
        assert!(!svg.contains("<pattern"), "no hidden count, no hatch");
    }
}
