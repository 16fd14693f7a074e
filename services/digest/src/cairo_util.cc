#include "cairo_util.h"

#include <algorithm>
#include <cmath>

namespace dxhub::digest {

void SetRgb(cairo_t* cr, unsigned rgb) {
  cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

void SetFont(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double TextWidth(cairo_t* cr, std::string_view text) {
  const std::string s(text);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, s.c_str(), &extents);
  return extents.x_advance;
}

void ShowText(cairo_t* cr, double x, double y, std::string_view text) {
  const std::string s(text);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s.c_str());
}

std::string EllipsizeToWidth(cairo_t* cr, std::string_view text, double width) {
  if (TextWidth(cr, text) <= width) return std::string(text);
  std::string s(text);
  while (!s.empty()) {
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // whole UTF-8 characters
    if (!s.empty()) s.pop_back();
    if (TextWidth(cr, s + "...") <= width) return s + "...";
  }
  return "...";
}

namespace {
constexpr double kChartTitleSize = 15;
constexpr double kChartTitlePadding = 8;
}  // namespace

double ChartTitleHeight(std::string_view title) { return title.empty() ? 0 : kChartTitleSize + 2 * kChartTitlePadding; }

double DrawChartTitle(cairo_t* cr, std::string_view title, double x, double y, double width) {
  if (title.empty()) return 0;
  SetFont(cr, kChartTitleSize, true);
  SetRgb(cr, 0x222222);
  ShowText(cr, x, y + kChartTitlePadding + kChartTitleSize, EllipsizeToWidth(cr, title, width));
  return ChartTitleHeight(title);
}

double ShareAxisMax(double max, double* tick) {
  *tick = max <= 0.5 ? 0.1 : 0.2;
  return std::clamp(std::ceil(max / *tick - 1e-9) * *tick, *tick, 1.0);
}

Status CheckShare(double share, const std::string& what) {
  if (share >= 0 && share <= 1) return Status::Ok();
  return Status::InvalidArgument(what + " " + std::to_string(share) + ", outside 0..1");
}

Result<std::string> DrawToPng(int width, double height,
                              const std::function<void(cairo_t*, double x, double width)>& draw) {
  constexpr double kMargin = 8;
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, static_cast<int>(std::ceil(height))));
  CairoContext cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  draw(cr.get(), kMargin, width - 2 * kMargin);
  return WritePng(surface.get());
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Result<std::string> WritePng(cairo_surface_t* surface) {
  std::string png;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface, AppendToString, &png);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo could not write the PNG: ") + cairo_status_to_string(status));
  }
  return png;
}

}  // namespace dxhub::digest
