#include "dxhub/digest/pdf_report.h"

#include <cairo-pdf.h>

#include <sstream>
#include <vector>

#include "cairo_util.h"

namespace dxhub::digest {
namespace {

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56;          // about 2 cm
constexpr double kBodySize = 10.5;
constexpr double kLineHeight = 14.5;
constexpr double kHeadingSize = 13;
constexpr double kTitleSize = 20;
constexpr double kFooterSize = 8;
constexpr double kChartScale = 0.8;  // the chart's 13-unit labels at about the body text's size

// `text` broken into lines no wider than `width` (words longer than a line stay whole).
std::vector<std::string> Wrap(cairo_t* cr, std::string_view text, double width) {
  std::vector<std::string> lines;
  std::istringstream paragraphs{std::string(text)};
  for (std::string paragraph; std::getline(paragraphs, paragraph);) {
    std::istringstream words(paragraph);
    std::string line;
    for (std::string word; words >> word;) {
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && TextWidth(cr, candidate) > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

struct PdfReport::State {
  CairoSurface surface;
  CairoContext cr;
};

PdfReport::PdfReport(std::string_view title) : state_(std::make_unique<State>()), y_(kMargin) {
  state_->surface.reset(cairo_pdf_surface_create_for_stream(AppendToString, &pdf_, kPageWidth, kPageHeight));
  cairo_pdf_surface_set_metadata(state_->surface.get(), CAIRO_PDF_METADATA_TITLE, std::string(title).c_str());
  cairo_pdf_surface_set_metadata(state_->surface.get(), CAIRO_PDF_METADATA_CREATOR, "dxhub-digest");
  state_->cr.reset(cairo_create(state_->surface.get()));
}

PdfReport::~PdfReport() = default;

void PdfReport::Footer() {
  cairo_t* cr = state_->cr.get();
  SetFont(cr, kFooterSize, false);
  SetRgb(cr, 0x666666);
  const std::string text = "Page " + std::to_string(page_);
  ShowText(cr, kPageWidth - kMargin - TextWidth(cr, text), kPageHeight - kMargin / 2, text);
}

void PdfReport::NewPage() {
  Footer();
  cairo_show_page(state_->cr.get());
  ++page_;
  y_ = kMargin;
}

void PdfReport::Reserve(double height) {
  if (y_ + height > kPageHeight - kMargin && y_ > kMargin) NewPage();
}

void PdfReport::Title(std::string_view text) {
  cairo_t* cr = state_->cr.get();
  SetFont(cr, kTitleSize, true);
  const auto lines = Wrap(cr, text, kPageWidth - 2 * kMargin);
  Reserve(static_cast<double>(lines.size()) * kTitleSize * 1.3 + 12);
  SetFont(cr, kTitleSize, true);  // a page break's footer changed it
  SetRgb(cr, 0x1F3B57);
  for (const std::string& line : lines) {
    y_ += kTitleSize * 1.3;
    ShowText(cr, kMargin, y_, line);
  }
  y_ += 12;
}

void PdfReport::Heading(std::string_view text) {
  cairo_t* cr = state_->cr.get();
  // Keep the heading with at least three lines of what follows.
  Reserve(kHeadingSize * 1.6 + 3 * kLineHeight);
  SetFont(cr, kHeadingSize, true);
  SetRgb(cr, 0x1F3B57);
  y_ += kHeadingSize * 1.6;
  ShowText(cr, kMargin, y_, text);
  y_ += 4;
}

void PdfReport::Paragraph(std::string_view text) {
  cairo_t* cr = state_->cr.get();
  SetFont(cr, kBodySize, false);
  for (const std::string& line : Wrap(cr, text, kPageWidth - 2 * kMargin)) {
    Reserve(kLineHeight);
    SetFont(cr, kBodySize, false);  // the footer of a page break changed it
    SetRgb(cr, 0x222222);
    y_ += kLineHeight;
    ShowText(cr, kMargin, y_, line);
  }
  y_ += kLineHeight / 2;
}

void PdfReport::Drawing(double height, const std::function<void(cairo_t*, double width)>& draw) {
  const double scaled = height * kChartScale;
  Reserve(scaled + 8);
  cairo_t* cr = state_->cr.get();
  cairo_save(cr);
  cairo_translate(cr, kMargin, y_ + 4);
  cairo_scale(cr, kChartScale, kChartScale);
  draw(cr, (kPageWidth - 2 * kMargin) / kChartScale);
  cairo_restore(cr);
  y_ += scaled + 8;
}

void PdfReport::Chart(const BarChart& chart) {
  Drawing(BarChartHeight(chart), [&chart](cairo_t* cr, double width) { DrawBarChart(cr, chart, 0, 0, width); });
}

void PdfReport::Chart(const TrendChart& chart) {
  Drawing(TrendChartHeight(chart), [&chart](cairo_t* cr, double width) { DrawTrendChart(cr, chart, 0, 0, width); });
}

Result<std::string> PdfReport::Finish() {
  Footer();
  state_->cr.reset();
  cairo_surface_finish(state_->surface.get());
  const cairo_status_t status = cairo_surface_status(state_->surface.get());
  state_->surface.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo could not write the PDF: ") + cairo_status_to_string(status));
  }
  return std::move(pdf_);
}

}  // namespace dxhub::digest
