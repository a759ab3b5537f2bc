//! The report as a PDF: A4 pages of text in DejaVu Sans, which is embedded (subset) so that
//! Cyrillic reads everywhere and can be searched and copied.

use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

use super::{cell_text, figure_rows};
use crate::ReportError;
use crate::country::CountryReport;

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// DejaVu Sans letters are on average a little over half an em wide; lines are broken by
/// this estimate rather than by measuring, which leaves a ragged but never overflowing edge.
const AVERAGE_ADVANCE: f32 = 0.58;

struct Line {
    y: f32,
    size: f32,
    bold: bool,
    indent: f32,
    text: String,
}

/// Lays text out top to bottom, starting a new page when one is full.
struct Layout {
    pages: Vec<Vec<Line>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn text(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let width = PAGE_WIDTH - 2.0 * MARGIN - indent;
        let per_line = (width / (size * AVERAGE_ADVANCE)) as usize;
        for line in wrap(text, per_line.max(10)) {
            if self.y + size * 1.4 > PAGE_HEIGHT - MARGIN {
                self.pages.push(Vec::new());
                self.y = MARGIN;
            }
            self.y += size * 1.4;
            if let Some(page) = self.pages.last_mut() {
                page.push(Line {
                    y: self.y,
                    size,
                    bold,
                    indent,
                    text: line,
                });
            }
        }
    }

    fn gap(&mut self, points: f32) {
        self.y += points;
    }
}

/// Break text into lines of at most `width` characters at spaces (a no-break space keeps
/// "1 047" together).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = line.chars().count() + word.chars().count() + usize::from(!line.is_empty());
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn failed(reason: impl Into<String>) -> ReportError {
    ReportError::Render {
        format: "PDF",
        reason: reason.into(),
    }
}

pub(super) fn render(report: &CountryReport) -> Result<Vec<u8>, ReportError> {
    let mut layout = Layout::new();
    layout.text(&report.title, 15.0, true, 0.0);
    layout.gap(4.0);
    layout.text(&report.period_line, 10.0, false, 0.0);
    layout.text(&report.note, 8.0, false, 0.0);
    if let Some(locked) = &report.locked {
        layout.text(locked, 8.0, false, 0.0);
    }
    for section in &report.sections {
        layout.gap(10.0);
        layout.text(&section.title, 12.0, true, 0.0);
        for paragraph in &section.paragraphs {
            layout.gap(3.0);
            layout.text(&paragraph.text, 10.0, false, 0.0);
        }
    }
    layout.gap(14.0);
    layout.text(&report.labels.annex, 12.0, true, 0.0);
    for [id, title, period, value, previous, revision] in figure_rows(report) {
        layout.gap(4.0);
        layout.text(&title, 9.0, true, 0.0);
        layout.text(
            &format!(
                "{id}   {period}   {}: {value}   {}: {previous}",
                report.labels.value, report.labels.previous
            ),
            9.0,
            false,
            12.0,
        );
        if !revision.is_empty() {
            layout.text(&format!("{}: {revision}", report.labels.revision), 9.0, false, 12.0);
        }
    }
    layout.gap(6.0);
    layout.text(&report.labels.trends, 11.0, true, 0.0);
    for figure in report.figures.iter().filter(|f| report.trends.contains(&f.id)) {
        layout.gap(3.0);
        layout.text(figure.title, 9.0, true, 0.0);
        let years: Vec<String> = figure
            .years
            .iter()
            .map(|y| format!("{}: {}", y.year, y.value.text))
            .collect();
        layout.text(&years.join("   "), 9.0, false, 12.0);
    }
    for table in &report.tables {
        layout.gap(8.0);
        layout.text(&table.title, 10.0, true, 0.0);
        for row in &table.rows {
            let cells: Vec<&str> = row.iter().map(cell_text).collect();
            layout.text(&cells.join("   "), 9.0, false, 12.0);
        }
    }

    let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| failed("the embedded regular font is unreadable"))?;
    let bold = Font::new(BOLD.into(), 0).ok_or_else(|| failed("the embedded bold font is unreadable"))?;
    let mut document = Document::new();
    let settings = || PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| failed("bad page size"));
    for lines in &layout.pages {
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        for line in lines {
            let font = if line.bold { bold.clone() } else { regular.clone() };
            surface.draw_text(
                Point::from_xy(MARGIN + line.indent, line.y),
                font,
                line.size,
                &line.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| failed(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn lines_break_at_spaces_and_keep_no_break_spaces() {
        assert_eq!(wrap("one two three four", 9), vec!["one two", "three", "four"]);
        assert_eq!(
            wrap("total 1\u{a0}047 persons", 8),
            vec!["total", "1\u{a0}047", "persons"]
        );
    }
}
