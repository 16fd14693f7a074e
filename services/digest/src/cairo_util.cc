#include "cairo_util.h"

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
