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

use super::charts::nice_ticks;
use super::escape_html as esc;
use super::figures::{Size, WIDTH, close, open};
use crate::audience::action_view::EffectChart;

const TARGET: &str = "#1f4e79";
const COMPARISON: &str = "#9c2f1f";
const MARK: &str = "#595959";

/// Draws `c` into its `svg` field: phone-first, [`WIDTH`] units wide
/// with 14-unit text (12.5 px on a phone), the axis at nice steps, month
/// names at most five, and a key below naming the lines.
pub fn draw(c: &mut EffectChart) {
    // On the right, room for half the last month's name (up to 62 units).
    let (left, right, top, plot_h) = (44.0, 34.0, 22.0, 200.0);
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
    let ticks = nice_ticks(0.0, max, true);
    let top_value = ticks[ticks.len() - 1];
    let x = |i: usize| left + (WIDTH - left - right) * i as f64 / (n.max(2) - 1) as f64;
    let y = |v: f64| top + plot_h * (1.0 - v / top_value);
    let key_top = top + plot_h + 44.0;
    let size = Size {
        w: WIDTH,
        h: key_top + 44.0,
        display: 1.35 * WIDTH,
    };
    let mut s = open(&c.id, size, &c.alt, &c.long_desc);
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    s.push_str("<g font-family=\"sans-serif\" font-size=\"14\" fill=\"#444\">");
    for v in ticks {
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e0e0\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - right,
            left - 6.0,
            yy + 5.0,
            v as u64
        );
    }
    // A month name is up to 8 characters (about 60 units): five fit.
    let step = n.div_ceil(5).max(1);
    for (i, m) in c.months.iter().enumerate().filter(|(i, _)| i % step == 0) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            top + plot_h + 22.0,
            esc(m)
        );
    }
    // The start month: a dashed vertical line, named above the plot.
    let sx = x(c.start);
    let anchor = if 2 * c.start >= n { "end" } else { "start" };
    let _ = write!(
        s,
        "<line x1=\"{sx:.1}\" x2=\"{sx:.1}\" y1=\"{top}\" y2=\"{:.1}\" stroke=\"{MARK}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"{sx:.1}\" y=\"{:.1}\" fill=\"{MARK}\" text-anchor=\"{anchor}\">{}</text>",
        top + plot_h,
        top - 8.0,
        esc(&c.start_label)
    );
    for (k, (values, colour, dash, label)) in [
        (&c.target, TARGET, "none", &c.target_label),
        (&c.comparison, COMPARISON, "8 4", &c.comparison_label),
    ]
    .into_iter()
    .enumerate()
    {
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
        let ky = key_top + 22.0 * k as f64;
        let _ = write!(
            s,
            "<path d=\"M{left},{ky}h36\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/><text x=\"{}\" y=\"{}\" fill=\"{colour}\">{}</text>",
            left + 44.0,
            ky + 5.0,
            esc(label)
        );
    }
    s.push_str("</g>");
    c.svg = close(s);
}
