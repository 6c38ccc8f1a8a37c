//! SVG figures that plotters has no series for, written by hand: heat
//! maps (weekday × hour, the årshjul), the area map and the survey lines.
//!
//! Like the charts, each has `role="img"`, `<title>` and `<desc>`, scales
//! with CSS (viewBox only), and writes every number as text in the figure
//! so colour never carries meaning alone. The map is drawn from the area
//! polygons in an equirectangular projection scaled by cos(latitude): no
//! tiles, nothing loaded.

use std::fmt::Write;

use super::escape_html as esc;
use crate::audience::insight_view::{HeatView, MapView, SurveyView};
use crate::audience::view::{HIDDEN, Num};

const LOW: (u8, u8, u8) = (0xf3, 0xf5, 0xf7);
const HIGH: (u8, u8, u8) = (0x1f, 0x4e, 0x79);

fn open(id: &str, w: u32, h: u32, alt: &str, desc: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(alt),
        esc(desc)
    )
}

/// A colour between LOW and HIGH for `t` in 0–1, and a readable text colour.
fn shade(t: f64) -> (String, &'static str) {
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t.clamp(0.0, 1.0)).round() as u8;
    let c = format!(
        "#{:02x}{:02x}{:02x}",
        mix(LOW.0, HIGH.0),
        mix(LOW.1, HIGH.1),
        mix(LOW.2, HIGH.2)
    );
    (c, if t > 0.5 { "#fff" } else { "#1b1b1b" })
}

fn num_text(n: Num) -> String {
    n.value()
        .map_or_else(|| HIDDEN.to_string(), |v| v.to_string())
}

/// Draws a heat map into `h.svg`.
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
    let mut s = open(&h.id, 720, height, &h.alt, &h.long_desc);
    let _ = write!(
        s,
        "<g font-family=\"sans-serif\" font-size=\"{}\" text-anchor=\"middle\">",
        if cols > 12 { 11 } else { 13 }
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
            let (fill, ink, text) = match cell {
                None => ("#ffffff".to_string(), "#767676", "–".to_string()),
                Some(Num::Hidden { .. }) => ("#e4e4e4".to_string(), "#1b1b1b", HIDDEN.to_string()),
                Some(Num::Value(v)) => {
                    let (f, i) = shade(*v as f64 / max as f64);
                    (f, i, v.to_string())
                }
            };
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#fff\"/><text x=\"{}\" y=\"{}\" fill=\"{ink}\">{}</text>",
                cell_w,
                cell_h,
                x + cell_w / 2,
                y + cell_h / 2 + 4,
                esc(&text)
            );
        }
    }
    s.push_str("</g></svg>");
    h.svg = s;
}

/// Draws the area map into `m.svg`: each area shaded by its count relative
/// to the largest, a hidden count hatched, names and counts as
/// text, and (internal output) the incidents' positions as dots.
pub fn map(m: &mut MapView) {
    let all = m
        .shapes
        .iter()
        .flat_map(|a| a.rings.iter().flatten().copied());
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
    let mut s = open(&m.id, w as u32, h.ceil() as u32, &m.alt, &m.long_desc);
    s.push_str("<defs><pattern id=\"map-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#eee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#999\" stroke-width=\"3\"/></pattern></defs>");
    for a in &m.shapes {
        let fill = match a.count {
            Num::Value(0) => shade(0.0).0,
            Num::Value(v) => shade(0.15 + 0.85 * v as f64 / max as f64).0,
            Num::Hidden { .. } => "url(#map-hatch)".to_string(),
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
    for &(la, lo) in &m.points {
        let (x, y) = px((i64::from(la), i64::from(lo)));
        let _ = write!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#b35c00\" fill-opacity=\"0.6\"/>"
        );
    }
    s.push_str("<g font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">");
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
            "<text x=\"{cx:.1}\" y=\"{cy:.1}\" fill=\"#1b1b1b\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text><text x=\"{cx:.1}\" y=\"{:.1}\" fill=\"#1b1b1b\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" font-weight=\"bold\">{}</text>",
            esc(&a.name),
            cy + 16.0,
            num_text(a.count)
        );
    }
    s.push_str("</g></svg>");
    m.svg = s;
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
    s.push_str("</g></svg>");
    v.svg = s;
}
