//! SVG charts drawn with plotters at build time.
//!
//! plotters writes a fixed-size `<svg>` without accessibility markup; the
//! opening tag is replaced so the chart scales with CSS (viewBox only) and
//! carries `role="img"`, `<title>` and `<desc>`. Bars carry their value as a
//! label, so colour is never the only carrier of meaning. Every `<text>` is
//! `aria-hidden`: the figure's data table carries the same labels and values
//! to screen readers, once.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::figures::Size;
use crate::audience::view::{ChartKind, ChartView, HIDDEN};

/// Phone-first: a phone shows the chart about 358 px wide (a 390 px
/// screen less the page's padding), 0.9 of these units, so the 14.5-unit
/// text is 13 CSS px there. Wider screens show it [`DISPLAY`] px wide.
pub(super) const WIDTH: u32 = 400;
/// The width on a wide screen (the stylesheet shrinks it to fit a narrow
/// one): 1.2 of the units, text 17 px.
const DISPLAY: u32 = 480;
const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);
const LINE: RGBColor = RGBColor(0x1f, 0x4e, 0x79);
/// Action marks: grey with 7:1 against white, dashed, so they never read
/// as data.
const MARK: RGBColor = RGBColor(0x59, 0x59, 0x59);

/// Draws `chart` into its `svg` field.
pub fn draw(chart: &mut ChartView) {
    let height = match chart.kind {
        ChartKind::Line => 280,
        ChartKind::Bar => 50 + 30 * chart.points.len().max(1) as u32,
    };
    let mut svg = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let result = match chart.kind {
            ChartKind::Line => line(&root, chart),
            ChartKind::Bar => bars(&root, chart),
        };
        result
            .and_then(|_| root.present().map_err(|e| e.to_string()))
            .is_ok()
    };
    // Drawing into a String cannot fail for I/O reasons; a failure would be
    // a bug in the chart's ranges, so the figure keeps only its table then.
    if !ok {
        svg.clear();
    }
    chart.svg = accessible(&svg, chart, height);
}

fn max_value(chart: &ChartView) -> u64 {
    chart
        .points
        .iter()
        .filter_map(|p| p.value.value())
        .max()
        .unwrap_or(0)
        .max(1)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn line(root: &Area, chart: &ChartView) -> Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let n = chart.points.len().max(1);
    let top = max_value(chart) + max_value(chart) / 10 + 1;
    let mut ctx = ChartBuilder::on(root)
        .margin(12)
        .margin_right(36)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0..(n as i64 - 1).max(1), 0..top as i64)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = chart.points.iter().map(|p| p.label.clone()).collect();
    // A tick for every point (up to 40) and a label on every `step`-th:
    // at most five, and far enough apart for the longest label (8.5 units
    // a character at 14.5 units) to keep clear of the next. Past 40 points
    // plotters ticks every 5 or 10, so `step` becomes a multiple of 10.
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let per_point = f64::from(WIDTH - 12 - 36 - 48) / (n - 1).max(1) as f64;
    let apart = ((longest as f64 * 8.5 + 12.0) / per_point).ceil() as usize;
    let step = match n.div_ceil(5).max(apart).max(1) {
        s if n > 40 => s.next_multiple_of(10),
        s => s,
    };
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .axis_style(AXIS)
        .x_labels(n.min(40))
        .x_label_formatter(&|x| {
            let i = *x as usize;
            if i < labels.len() && i.is_multiple_of(step) {
                labels[i].clone()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .label_style(font().color(&AXIS))
        .draw()
        .map_err(|e| e.to_string())?;
    // A hidden value breaks the line: each run of shown values is drawn
    // on its own, so no line suggests a value that is not published.
    let pts: Vec<(i64, i64)> = chart
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i as i64, p.value.value()? as i64)))
        .collect();
    for run in pts.chunk_by(|a, b| b.0 == a.0 + 1) {
        ctx.draw_series(LineSeries::new(run.to_vec(), LINE.stroke_width(3)))
            .map_err(|e| e.to_string())?;
    }
    if pts.len() <= 62 {
        ctx.draw_series(
            pts.iter()
                .map(|&(x, y)| Circle::new((x, y), 3, LINE.filled())),
        )
        .map_err(|e| e.to_string())?;
    }
    // Each mark a dashed vertical line, its label beside the top, labels
    // of nearby marks stepped down so they do not overlap.
    for (k, m) in chart.marks.iter().enumerate() {
        let x = m.at as i64;
        ctx.draw_series(DashedLineSeries::new(
            [(x, 0), (x, top as i64)],
            6,
            4,
            MARK.stroke_width(2),
        ))
        .map_err(|e| e.to_string())?;
        let dy = 2 + 16 * (k % 3) as i32;
        // In the right half the label reads leftwards from the line.
        let (dx, h) = if 2 * m.at >= n {
            (-4, HPos::Right)
        } else {
            (4, HPos::Left)
        };
        let style = font().color(&MARK).pos(Pos::new(h, VPos::Top));
        ctx.draw_series(std::iter::once(
            EmptyElement::at((x, top as i64)) + Text::new(m.label.clone(), (dx, dy), style),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn parse_colour(hex: Option<&str>) -> RGBColor {
    let h = hex.unwrap_or("#1f4e79").trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("44"), 16).unwrap_or(0x44);
    RGBColor(c(0), c(2), c(4))
}

fn bars(root: &Area, chart: &ChartView) -> Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let n = chart.points.len().max(1) as f64;
    let top = max_value(chart) as f64 * 1.15 + 1.0;
    let longest = chart
        .points
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(4);
    let label_width = (longest as u32 * 8 + 16).min(WIDTH / 2);
    let mut ctx = ChartBuilder::on(root)
        .margin(10)
        .margin_right(24)
        .x_label_area_size(30)
        .y_label_area_size(label_width)
        .build_cartesian_2d(0f64..top, 0f64..n)
        .map_err(|e| e.to_string())?;
    ctx.configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(WHITE)
        .axis_style(AXIS)
        .x_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .label_style(font().color(&AXIS))
        .draw()
        .map_err(|e| e.to_string())?;
    let name_style = font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    let value_style = font().color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, p) in chart.points.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        let colour = parse_colour(p.colour.as_deref());
        let value = p.value.value().unwrap_or(0) as f64;
        let rect = Rectangle::new([(0.0, y + 0.15), (value, y + 0.85)], colour.filled());
        ctx.draw_series(std::iter::once(rect))
            .map_err(|e| e.to_string())?;
        let (px, py) = ctx.backend_coord(&(value, y + 0.5));
        let text = p
            .value
            .value()
            .map_or_else(|| HIDDEN.to_string(), |v| v.to_string());
        root.draw(&Text::new(text, (px + 4, py), value_style.clone()))
            .map_err(|e| e.to_string())?;
        let (lx, ly) = ctx.backend_coord(&(0.0, y + 0.5));
        root.draw(&Text::new(
            p.label.clone(),
            (lx - 6, ly),
            name_style.clone(),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Axis and label text; plotters writes sizes at 1/1.24 of the request.
fn font() -> TextStyle<'static> {
    ("sans-serif", 18).into_font().into()
}

/// Replaces plotters' fixed-size root tag with a scalable, labelled one
/// and hides the drawn text from screen readers.
fn accessible(svg: &str, chart: &ChartView, height: u32) -> String {
    let body = svg.find('>').map_or("</svg>", |i| &svg[i + 1..]);
    let size = Size {
        w: f64::from(WIDTH),
        h: f64::from(height),
        display: f64::from(DISPLAY),
    };
    let open = super::figures::open(&chart.id, size, &chart.alt, &chart.long_desc);
    format!("{open}{body}").replace("<text ", "<text aria-hidden=\"true\" ")
}

/// Axis ticks at 1, 2 or 5 × 10^k apart, about four intervals, from a
/// multiple of the step at or below `lo` to one at or above `hi`; whole
/// numbers only when `integer` (counts). Odd steps (1; 1,8; 2,5; 3,3)
/// are hard to read off.
pub(super) fn nice_ticks(lo: f64, hi: f64, integer: bool) -> Vec<f64> {
    let raw = ((hi - lo) / 4.0).max(f64::EPSILON);
    let magnitude = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    if integer {
        step = step.max(1.0).round();
    }
    let first = (lo / step + 1e-9).floor() as i64;
    let last = ((hi / step - 1e-9).ceil() as i64).max(first + 1);
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::view::{ChartPoint, Num};

    fn bar_chart() -> ChartView {
        let point = |label: &str, value, colour: &str| ChartPoint {
            label: label.into(),
            value,
            colour: Some(colour.into()),
        };
        ChartView {
            id: "chart-x".into(),
            kind: ChartKind::Bar,
            caption: "Caption".into(),
            alt: "Bar chart".into(),
            long_desc: "Most in A".into(),
            label_header: "Category".into(),
            value_header: "Events".into(),
            points: vec![
                point("Alpha", Num::Value(12), "#9c2f1f"),
                point("Beta", Num::Hidden, "#1f4e9c"),
            ],
            marks: Vec::new(),
            svg: String::new(),
        }
    }

    #[test]
    fn ticks_are_1_2_or_5_times_a_power_of_ten() {
        // 3.3 / 4 = 0.825: the first of 0.1, 0.2, 0.5, 1 at or above it is 1.
        assert_eq!(nice_ticks(0.0, 3.3, false), [0.0, 1.0, 2.0, 3.0, 4.0]);
        // 137 / 4 = 34.25: of 10, 20, 50 the step is 50; 150 ≥ 137.
        assert_eq!(nice_ticks(0.0, 137.0, true), [0.0, 50.0, 100.0, 150.0]);
        // A survey's 42–70: (70 − 42) / 4 = 7, step 10, from 40.
        assert_eq!(nice_ticks(42.0, 70.0, false), [40.0, 50.0, 60.0, 70.0]);
        // Counts never get a step below 1: 3 / 4 = 0.75 → 1, not 0.5.
        assert_eq!(nice_ticks(0.0, 3.0, true), [0.0, 1.0, 2.0, 3.0]);
        // 0–1 in tenths: 0.25 → 0.5.
        assert_eq!(nice_ticks(0.0, 1.0, false), [0.0, 0.5, 1.0]);
    }

    #[test]
    fn every_text_is_hidden_and_the_title_is_not() {
        let mut chart = bar_chart();
        draw(&mut chart);
        let svg = &chart.svg;
        let texts = svg.matches("<text").count();
        // Two names, two values and the axis ticks.
        assert!(texts >= 4, "{texts} texts in {svg}");
        assert_eq!(svg.matches("<text aria-hidden=\"true\" ").count(), texts);
        assert!(svg.contains(">\nAlpha\n</text>"), "{svg}");
        assert!(svg.starts_with("<svg viewBox=\"0 0 400 110\" width=\"480\" height=\"132\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-x-title chart-x-desc\""));
        assert!(svg.contains("<title id=\"chart-x-title\">Bar chart</title>"));
        assert!(svg.contains("<desc id=\"chart-x-desc\">Most in A</desc>"));
    }
}
