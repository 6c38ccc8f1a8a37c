//! The chart of an action's effect: events per month in the target and
//! in the comparison, the start month marked.
//!
//! Written by hand like the other figures: `role="img"` with `<title>`
//! and `<desc>`, a viewBox only, every drawn text `aria-hidden` (the
//! figure's table carries the numbers). The two lines differ by colour
//! and by dash, and each is named at its end, so colour never carries the
//! meaning alone; both colours have at least 3:1 against white (text in
//! them 4.5:1). One axis for both lines, so their levels compare.

use std::fmt::Write;

use super::escape_html as esc;
use crate::audience::action_view::EffectChart;

const TARGET: &str = "#1f4e79";
const COMPARISON: &str = "#9c2f1f";
const MARK: &str = "#595959";

/// Draws `c` into its `svg` field.
pub fn draw(c: &mut EffectChart) {
    let (w, h, left, right, top, bottom) = (720.0, 300.0, 48.0, 130.0, 22.0, 34.0);
    let n = c.months.len();
    if n == 0 {
        return;
    }
    let max = c
        .target
        .iter()
        .chain(&c.comparison)
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let top_value = (max * 1.1).ceil();
    let x = |i: usize| left + (w - left - right) * i as f64 / (n.max(2) - 1) as f64;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v / top_value);
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(&c.alt),
        esc(&c.long_desc),
        id = c.id,
    );
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    s.push_str("<g font-family=\"sans-serif\" font-size=\"13\" fill=\"#444\">");
    for k in 0..=4 {
        let v = top_value * k as f64 / 4.0;
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e0e0\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - right,
            left - 6.0,
            yy + 4.0,
            v.round() as u64
        );
    }
    let step = n.div_ceil(8).max(1);
    for (i, m) in c.months.iter().enumerate().filter(|(i, _)| i % step == 0) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            h - 12.0,
            esc(m)
        );
    }
    // The start month: a dashed vertical line, named.
    let sx = x(c.start);
    let _ = write!(
        s,
        "<line x1=\"{sx:.1}\" x2=\"{sx:.1}\" y1=\"{top}\" y2=\"{:.1}\" stroke=\"{MARK}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{MARK}\">{}</text>",
        h - bottom,
        sx + 4.0,
        top - 6.0,
        esc(&c.start_label)
    );
    let mut ends: Vec<(f64, &str, &str)> = Vec::new();
    for (values, colour, dash, label) in [
        (&c.target, TARGET, "none", &c.target_label),
        (&c.comparison, COMPARISON, "8 4", &c.comparison_label),
    ] {
        let d: String = values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                format!(
                    "{}{:.1},{:.1}",
                    if i == 0 { "M" } else { "L" },
                    x(i),
                    y(v as f64)
                )
            })
            .collect();
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/>"
        );
        for (i, &v) in values.iter().enumerate() {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>",
                x(i),
                y(v as f64)
            );
        }
        if let Some(&v) = values.last() {
            ends.push((y(v as f64) + 4.0, label, colour));
        }
    }
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    for k in 1..ends.len() {
        ends[k].0 = ends[k].0.max(ends[k - 1].0 + 15.0);
    }
    for (ly, label, colour) in ends {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{ly:.1}\" fill=\"{colour}\">{}</text>",
            w - right + 8.0,
            esc(label)
        );
    }
    s.push_str("</g></svg>");
    c.svg = s.replace("<text ", "<text aria-hidden=\"true\" ");
}
