//! SVG charts drawn with plotters at build time.
//!
//! plotters writes a fixed-size `<svg>` without accessibility markup; the
//! opening tag is replaced so the chart scales with CSS (viewBox only) and
//! carries `role="img"`, `<title>` and `<desc>`. Bars carry their value as a
//! label, so colour is never the only carrier of meaning.

use plotters::prelude::*;

use crate::audience::view::{ChartKind, ChartView};

const WIDTH: u32 = 720;
const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);
const LINE: RGBColor = RGBColor(0x1f, 0x4e, 0x79);

/// Draws `chart` into its `svg` field.
pub fn draw(chart: &mut ChartView) {
    let height = match chart.kind {
        ChartKind::Line => 300,
        ChartKind::Bar => 40 + 26 * chart.points.len().max(1) as u32,
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
        .map(|p| p.value)
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
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0..(n as i64 - 1).max(1), 0..top as i64)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = chart.points.iter().map(|p| p.label.clone()).collect();
    let step = (n / 8).max(1);
    ctx.configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(0xe4, 0xe4, 0xe4))
        .axis_style(AXIS)
        .x_labels(n.min(12))
        .x_label_formatter(&|x| {
            let i = *x as usize;
            if i < labels.len() && i % step == 0 {
                labels[i].clone()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .label_style(("sans-serif", 13).into_font().color(&AXIS))
        .draw()
        .map_err(|e| e.to_string())?;
    let pts: Vec<(i64, i64)> = chart
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| (i as i64, p.value as i64))
        .collect();
    ctx.draw_series(LineSeries::new(pts.clone(), LINE.stroke_width(3)))
        .map_err(|e| e.to_string())?;
    if pts.len() <= 62 {
        ctx.draw_series(
            pts.iter()
                .map(|&(x, y)| Circle::new((x, y), 3, LINE.filled())),
        )
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
    let n = chart.points.len().max(1) as i64;
    let top = max_value(chart) as f64 * 1.18 + 1.0;
    let label_width = chart
        .points
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(4) as u32
        * 8
        + 12;
    let mut ctx = ChartBuilder::on(root)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(label_width.min(260))
        .build_cartesian_2d(0f64..top, 0..n)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = chart.points.iter().map(|p| p.label.clone()).collect();
    ctx.configure_mesh()
        .disable_y_mesh()
        .light_line_style(RGBColor(0xe4, 0xe4, 0xe4))
        .axis_style(AXIS)
        .y_labels(n as usize + 1)
        .y_label_formatter(&|y| {
            let i = (n - 1 - *y) as usize;
            if *y >= 0 && (i as i64) < n {
                labels.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .label_style(("sans-serif", 13).into_font().color(&AXIS))
        .draw()
        .map_err(|e| e.to_string())?;
    for (i, p) in chart.points.iter().enumerate() {
        let y = n - 1 - i as i64;
        let colour = parse_colour(p.colour.as_deref());
        let rect = Rectangle::new([(0.0, y), (p.value as f64, y + 1)], colour.filled());
        ctx.draw_series(std::iter::once(rect))
            .map_err(|e| e.to_string())?;
        let text = Text::new(
            p.value.to_string(),
            (p.value as f64 + top * 0.01, y + 1),
            ("sans-serif", 13).into_font().color(&BLACK),
        );
        ctx.draw_series(std::iter::once(text))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Replaces plotters' fixed-size root tag with a scalable, labelled one.
fn accessible(svg: &str, chart: &ChartView, height: u32) -> String {
    let body = svg.find('>').map_or("</svg>", |i| &svg[i + 1..]);
    let id = &chart.id;
    format!(
        "<svg viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{body}",
        super::escape_html(&chart.alt),
        super::escape_html(&chart.long_desc),
    )
}
