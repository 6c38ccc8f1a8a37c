//! SVG figures that plotters has no series for, written by hand: heat
//! maps (weekday × hour, the årshjul) and the survey lines; the area map
//! is in `map.rs`, drawn to the same rules with these shades.
//!
//! Like the charts, each has `role="img"`, `<title>` and `<desc>`, a
//! viewBox and a width for wide screens (CSS shrinks it to fit a narrow
//! one), and writes every number as text in the figure so colour never
//! carries meaning alone; that text is `aria-hidden`, as the figure's data
//! table carries it to screen readers once.
//!
//! Non-text contrast (WCAG 1.4.11): every filled mark has at least 3:1
//! against the white background, so shades come from [`STEPS`], whose
//! lightest step still reaches 3:1; a zero is left white and written `0`,
//! a hidden count is hatched and written `..`. Every number is written in
//! a colour with at least 4.5:1 against the fill behind it.

use std::fmt::Write;

use super::escape_html as esc;
use crate::audience::insight_view::{HeatView, SurveyView};
use crate::audience::view::{HIDDEN, Num};

/// A sequential blue scale, light to dark, and the text colour on each:
/// contrast against white 3.2, 4.9, 7.0, 10.0 and 14.0:1; the text has
/// 5.4:1 on the first step and at least 4.9:1 (white) on the others.
pub(super) const STEPS: [(&str, &str); 5] = [
    ("#6594c6", "#1b1b1b"),
    ("#4074a9", "#fff"),
    ("#265c8e", "#fff"),
    ("#154470", "#fff"),
    ("#0b2d4d", "#fff"),
];

/// Text of a zero or an empty cell on white (5.7:1), quieter than counts.
const QUIET: &str = "#666";

/// A white outline drawn under a text, so it reads over lines and shades.
pub(super) const HALO: &str = " stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"";

/// Phone-first sizes: a phone shows a figure about 358 px wide (390 px
/// less the page's padding), so a figure [`WIDTH`] units wide is drawn at
/// 0.9 there and its 14-unit text is 12.5 CSS px. A wider screen shows it
/// `display` px wide, never smaller.
pub(super) const WIDTH: f64 = 400.0;
/// Text size in SVG units: 12.5 CSS px at the phone's scale.
pub(super) const FONT: f64 = 14.0;
/// Wide screens show hand-drawn figures at 1.35 × their units (text 19 px).
pub(super) const DISPLAY: f64 = 1.35 * WIDTH;

/// The drawing's units (`w` × `h`) and its width in CSS px on a wide screen.
#[derive(Clone, Copy)]
pub(super) struct Size {
    pub w: f64,
    pub h: f64,
    pub display: f64,
}

/// The opening tag: the viewBox, the size on a wide screen (the stylesheet
/// caps it at the column's width, keeping the ratio), the title and the
/// description.
pub(super) fn open(id: &str, size: Size, alt: &str, desc: &str) -> String {
    let Size { w, h, display } = size;
    let display_h = (h * display / w).round();
    format!(
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{display}\" height=\"{display_h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(alt),
        esc(desc)
    )
}

/// Closes the figure and hides its drawn text from screen readers.
pub(super) fn close(mut s: String) -> String {
    s.push_str("</svg>");
    s.replace("<text ", "<text aria-hidden=\"true\" ")
}

/// [`close`] on the part of `s` from byte `from` on, the part before it
/// holding no text: the map's two megabytes of dots are not searched.
pub(super) fn close_after(mut s: String, from: usize) -> String {
    let text = s.split_off(from);
    s.push_str(&close(text));
    s
}

/// A diagonal hatch for hidden counts: grey lines (4.5:1) on white.
pub(super) fn hatch(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#767676\" stroke-width=\"2\"/></pattern></defs>"
    )
}

/// The fill of an area published only with others: dark dots on white,
/// told apart from the hatch of a hidden count and from every shade.
pub(super) fn dotted(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\"><rect width=\"7\" height=\"7\" fill=\"#fff\"/><circle cx=\"3.5\" cy=\"3.5\" r=\"1.6\" fill=\"#595959\"/></pattern></defs>"
    )
}

/// The step of a positive count `v` of at most `max` (both ≥ 1): the
/// range 1–`max` cut into five equal parts.
pub(super) fn step(v: u64, max: u64) -> (&'static str, &'static str) {
    let k = (v * STEPS.len() as u64)
        .div_ceil(max.max(1))
        .clamp(1, STEPS.len() as u64);
    STEPS[k as usize - 1]
}

/// A coordinate written as `format!("{x:.1}")` writes it, byte for byte,
/// without the exact float formatter on the common path: the year
/// report's map writes tens of thousands of them, and the formatter was
/// the larger part of drawing it. The formatter rounds the float's exact
/// binary value to one decimal. For `0 ≤ x < 100000`, `x × 10` is within
/// 2⁻³⁴ of the exact product, so rounding it gives the same tenths unless
/// the product is within a millionth of some k + ½ (x within 10⁻⁷ of a
/// `x.x5`, where the two could round apart, and an exact tie goes to
/// even): there, and outside that range, the formatter writes it.
#[derive(Clone, Copy)]
pub(super) struct OneDecimal(pub f64);

impl OneDecimal {
    /// The number in tenths, where that gives the formatter's digits.
    fn tenths(self) -> Option<u64> {
        let x = self.0;
        let tenths = x * 10.0;
        let near_tie = (tenths - tenths.floor() - 0.5).abs() < 1e-6;
        (x.is_sign_positive() && x < 1e5 && !near_tie).then(|| tenths.round() as u64)
    }

    /// Appends the number to `s`, without the formatting machinery on the
    /// common path (the map's dots: a million on the large tier).
    pub(super) fn push_to(self, s: &mut String) {
        let Some(n) = self.tenths() else {
            let _ = write!(s, "{:.1}", self.0);
            return;
        };
        s.push_str(itoa::Buffer::new().format(n / 10));
        s.push('.');
        s.push(char::from(b'0' + (n % 10) as u8));
    }
}

pub(super) fn num_text(n: Num) -> String {
    n.value()
        .map_or_else(|| HIDDEN.to_string(), |v| v.to_string())
}

/// A heat map's grid as drawn: labels across, labels down, and the cells
/// row by row.
struct Grid<'a> {
    across: Vec<&'a str>,
    down: Vec<&'a str>,
    cells: Vec<Vec<Option<Num>>>,
}

/// The grid with the longer side down: phone-first, 24 hours make 24 rows
/// of 7 legible cells rather than 24 columns too narrow for their text.
fn grid(h: &HeatView) -> Grid<'_> {
    let columns: Vec<&str> = h.columns.iter().map(String::as_str).collect();
    let rows: Vec<&str> = h.rows.iter().map(|r| r.label.as_str()).collect();
    let cell = |r: usize, c: usize| h.rows[r].cells.get(c).copied().flatten();
    if columns.len() <= rows.len() {
        let cells = (0..rows.len())
            .map(|r| (0..columns.len()).map(|c| cell(r, c)).collect())
            .collect();
        Grid {
            across: columns,
            down: rows,
            cells,
        }
    } else {
        let cells = (0..columns.len())
            .map(|c| (0..rows.len()).map(|r| cell(r, c)).collect())
            .collect();
        Grid {
            across: rows,
            down: columns,
            cells,
        }
    }
}

/// Draws a heat map into `h.svg`: a cell per column and row, shaded by
/// its count and with the count written in it.
pub fn heat(h: &mut HeatView) {
    let g = grid(h);
    let (left, top, cell_h) = (52.0, 26.0, 24.0);
    let cell_w = ((WIDTH - left - 8.0) / g.across.len().max(1) as f64).floor();
    let height = top + cell_h * g.down.len() as f64 + 6.0;
    let max = g
        .cells
        .iter()
        .flatten()
        .filter_map(|n| n.and_then(Num::value))
        .max()
        .unwrap_or(0)
        .max(1);
    let hatch_id = format!("{}-hatch", h.id);
    let size = Size {
        w: WIDTH,
        h: height,
        display: WIDTH,
    };
    let mut s = open(&h.id, size, &h.alt, &h.long_desc);
    if g.cells
        .iter()
        .flatten()
        .any(|c| matches!(c, Some(Num::Hidden)))
    {
        s.push_str(&hatch(&hatch_id));
    }
    let _ = write!(
        s,
        "<g font-family=\"sans-serif\" font-size=\"{FONT}\" text-anchor=\"middle\">"
    );
    for (c, label) in g.across.iter().enumerate() {
        let x = left + cell_w * c as f64 + cell_w / 2.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"#444\">{}</text>",
            At(x),
            At(top - 8.0),
            esc(label)
        );
    }
    for (r, row) in g.cells.iter().enumerate() {
        let y = top + cell_h * r as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b1b1b\">{}</text>",
            At(left - 6.0),
            At(y + cell_h / 2.0 + 5.0),
            esc(g.down[r])
        );
        for (c, cell) in row.iter().enumerate() {
            let x = left + cell_w * c as f64;
            heat_cell(&mut s, (x, y, cell_w, cell_h), *cell, max, &hatch_id);
        }
    }
    s.push_str("</g>");
    h.svg = close(s);
}

/// One cell at `(x, y, w, h)`: the fill (none: the white background) and
/// the text on it; over the hatch the text has a white halo.
fn heat_cell(
    s: &mut String,
    (x, y, w, h): (f64, f64, f64, f64),
    cell: Option<Num>,
    max: u64,
    hatch_id: &str,
) {
    let (fill, ink, text) = match cell {
        None => (None, QUIET, "–".to_string()),
        Some(Num::Value(0)) => (None, QUIET, "0".to_string()),
        Some(Num::Value(v)) => {
            let (f, i) = step(v, max);
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
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#fff\"/>",
            At(x),
            At(y),
            At(w),
            At(h)
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
        At(x + w / 2.0),
        At(y + h / 2.0 + 5.0),
        esc(&text)
    );
}

/// A coordinate written as `{}` writes an `f64` ("52", "52.5"), without
/// the float formatting for the whole and half units a heat map's
/// coordinates are: its 168 cells are 700 numbers a report, which took
/// a fifth of the medium benchmark tier's drawing.
struct At(f64);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let twice = self.0 * 2.0;
        // Non-negative (not -0.0, written "-0"), below 2^51: exact.
        if self.0.is_sign_positive() && twice.fract() == 0.0 && twice < 4.5e15 {
            let whole = self.0.trunc() as u64;
            let mut digits = itoa::Buffer::new();
            f.write_str(digits.format(whole))?;
            if self.0.fract() != 0.0 {
                f.write_str(".5")?;
            }
            Ok(())
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// An axis value with one decimal at most, `2,5` or `2.5`.
fn tick(x: f64, comma: bool) -> String {
    let s = format!("{}", (x * 10.0).round() / 10.0);
    if comma { s.replace('.', ",") } else { s }
}

const LINE_COLOURS: [&str; 5] = ["#1f4e79", "#9c2f1f", "#1d5e2a", "#6a3d9a", "#7d5a00"];
const DASHES: [&str; 5] = ["", "6 4", "2 3", "8 3 2 3", "1 5"];

/// Draws a survey indicator's values per year, one line per group, the
/// axis at nice steps, and a key below naming each line by its colour and
/// dash (phone-first: names at the lines' ends crowd and overlap).
pub fn survey(v: &mut SurveyView) {
    // On the right, room for half the last year's label (about 34 units).
    let (left, right, top, plot_h) = (44.0, 24.0, 14.0, 200.0);
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
    let ticks = super::charts::nice_ticks(lo.max(0.0), hi.max(lo + 0.5), false);
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let n = v.years.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + (WIDTH - left - right) * i as f64 / n;
    let y = |val: f64| top + plot_h * (1.0 - (val - lo) / (hi - lo).max(1e-9));
    let groups = v.groups.len().min(LINE_COLOURS.len());
    let key_top = top + plot_h + 44.0;
    let size = Size {
        w: WIDTH,
        h: key_top + 22.0 * groups as f64,
        display: DISPLAY,
    };
    let mut s = open(&v.id, size, &v.alt, &v.long_desc);
    let _ = write!(
        s,
        "<g font-family=\"sans-serif\" font-size=\"{FONT}\" fill=\"#444\">"
    );
    for val in &ticks {
        let yy = y(*val);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e0e0\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - right,
            left - 6.0,
            yy + 5.0,
            tick(*val, v.decimal_comma)
        );
    }
    // Every year fits up to 8 (4 digits, 14 units: 34 units each); past
    // that every second.
    let every = v.years.len().div_ceil(8).max(1);
    for (i, year) in v.years.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
            x(i),
            top + plot_h + 22.0
        );
    }
    for (g, group) in v.groups.iter().enumerate().take(groups) {
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
        let ky = key_top + 22.0 * g as f64;
        let _ = write!(
            s,
            "<path d=\"M{left},{ky}h36\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/><text x=\"{}\" y=\"{}\" fill=\"{colour}\">{}</text>",
            left + 44.0,
            ky + 5.0,
            esc(&group.label)
        );
    }
    s.push_str("</g>");
    v.svg = close(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coordinate_is_written_as_an_f64_is() {
        let mut xs: Vec<f64> = (0..4000).map(|i| i as f64 / 2.0).collect();
        xs.extend([
            -0.0,
            -0.5,
            -3.0,
            0.25,
            1.0 / 3.0,
            1e16,
            4.5e15 / 2.0,
            2251799813685247.5,
        ]);
        xs.extend([
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            26.0 + 24.0 * 6.0 + 17.0,
        ]);
        for x in xs {
            assert_eq!(At(x).to_string(), format!("{x}"), "{x:?}");
        }
    }

    #[test]
    fn close_after_shapes_is_close() {
        let shapes = "<svg><title>a</title><circle cx=\"1\"/>";
        let svg = format!("{shapes}<text x=\"1\">2</text><g><text y=\"3\">4</text></g>");
        let closed = close_after(svg.clone(), shapes.len());
        assert_eq!(closed, close(svg));
        assert_eq!(closed.matches("<text aria-hidden=\"true\" ").count(), 2);
    }

    #[test]
    fn one_decimal_writes_what_the_formatter_writes() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            1.25,
            2.5,
            99999.95,
            1e5,
            1e300,
            -0.04,
            -3.25,
            f64::NAN,
            f64::INFINITY,
            0.049_999_999_999,
            0.950_000_000_001,
            12.0,
        ];
        // A walk over the SVG range in steps that land near and on ties.
        let mut x = 0.0;
        while x < 1200.0 {
            values.extend([x, x + 0.05, x + 1e-9, x - 1e-9]);
            x += 0.012_5;
        }
        // And every tie the map can meet, as floats hold them.
        values.extend((0..400_000).map(|k| f64::from(k) / 100.0));
        for v in values {
            let mut pushed = String::from("x");
            OneDecimal(v).push_to(&mut pushed);
            assert_eq!(pushed, format!("x{v:.1}"), "{v:e}");
        }
    }
    use crate::audience::insight_view::HeatRow;

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
        assert!(svg.starts_with("<svg viewBox=\"0 0 400 "), "{svg}");
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
    fn a_wide_heat_map_is_drawn_with_its_long_side_down() {
        // 24 hours × 2 days: 2 columns of 24 rows, cells (400 − 52 − 8) / 2 = 170 wide.
        let mut h = heat_view();
        h.columns = (0..24).map(|c| format!("{c:02}")).collect();
        for r in &mut h.rows {
            r.cells = vec![Some(Num::Value(1)); 24];
        }
        heat(&mut h);
        assert!(h.svg.contains("width=\"170\" height=\"24\""), "{}", h.svg);
        // Height: 26 above, 24 rows of 24, 6 below = 608.
        assert!(
            h.svg
                .starts_with("<svg viewBox=\"0 0 400 608\" width=\"400\"")
        );
        assert!(h.svg.contains(&format!("font-size=\"{FONT}\"")));
    }

    #[test]
    fn survey_axes_step_by_whole_numbers_and_name_each_line_below() {
        use crate::audience::insight_view::SurveyGroup;
        let group = |label: &str, raw: Vec<Option<f64>>| SurveyGroup {
            label: label.into(),
            values: Vec::new(),
            raw,
        };
        let mut v = SurveyView {
            id: "survey-x".into(),
            indicator: "Index".into(),
            unit: None,
            source: None,
            years: vec![2021, 2022, 2023],
            groups: vec![
                group("Alla", vec![Some(1.0), Some(2.2), Some(3.3)]),
                group("Södra", vec![Some(3.2), None, Some(3.3)]),
            ],
            caption: "Caption".into(),
            alt: "Survey".into(),
            long_desc: "Up".into(),
            svg: String::new(),
            decimal_comma: true,
        };
        survey(&mut v);
        // 1.0–3.3: (3.3 − 1) / 4 = 0.575, step 1, ticks 1, 2, 3, 4 (not 1; 1,8; 2,5; 3,3).
        for t in ["1", "2", "3", "4"] {
            assert!(
                v.svg.contains(&format!("text-anchor=\"end\">{t}</text>")),
                "{}",
                v.svg
            );
        }
        assert_eq!(
            v.svg.matches("text-anchor=\"end\">").count(),
            4,
            "{}",
            v.svg
        );
        // The key: one line sample and name per group, 22 units apart
        // below the plot (14 + 200 + 44 = 258).
        assert!(v.svg.contains("<path d=\"M44,258h36\""), "{}", v.svg);
        assert!(v.svg.contains("<path d=\"M44,280h36\""), "{}", v.svg);
        assert!(v.svg.contains("fill=\"#9c2f1f\">Södra</text>"));
    }
}
