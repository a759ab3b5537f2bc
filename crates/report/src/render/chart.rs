//! Trend charts as SVG: drawn by plotters, readable without JavaScript.

use plotters::prelude::*;

use crate::ReportError;

fn failed(e: impl std::fmt::Display) -> ReportError {
    ReportError::Render {
        format: "SVG chart",
        reason: e.to_string(),
    }
}

/// A line through each year's value; hidden values (`None`) are left out, not drawn as 0.
pub fn trend_svg(points: &[(i32, Option<f64>)]) -> Result<String, ReportError> {
    let shown: Vec<(i32, f64)> = points.iter().filter_map(|(y, v)| v.map(|v| (*y, v))).collect();
    let first = points.first().map_or(0, |p| p.0);
    let last = points.last().map_or(first, |p| p.0).max(first + 1);
    let top = shown.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 240)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(first..last, 0f64..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_labels(usize::try_from(last - first + 1).unwrap_or(2).min(12))
            .x_label_formatter(&|year| year.to_string())
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(failed)?;
        let colour = RGBColor(31, 78, 121);
        chart
            .draw_series(LineSeries::new(shown.iter().copied(), colour.stroke_width(2)))
            .map_err(failed)?;
        chart
            .draw_series(shown.iter().map(|p| Circle::new(*p, 3, colour.filled())))
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// One bar per cell of a breakdown, labelled below; hidden cells (`None`) get no bar and
/// their label says so (`<5`), since a bar of 0 would be a false figure.
pub fn bars_svg(bars: &[(String, Option<f64>)]) -> Result<String, ReportError> {
    let count = bars.len().max(1);
    let top = bars.iter().filter_map(|b| b.1).fold(0.0, f64::max).max(1.0) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d((0..count).into_segmented(), 0f64..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(count)
            .x_label_formatter(&|segment| match segment {
                SegmentValue::CenterOf(i) => bars.get(*i).map(|b| b.0.clone()).unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(failed)?;
        let colour = RGBColor(31, 78, 121);
        chart
            .draw_series(bars.iter().enumerate().filter_map(|(i, (_, value))| {
                value.map(|v| {
                    Rectangle::new(
                        [(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), v)],
                        colour.filled(),
                    )
                })
            }))
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}
