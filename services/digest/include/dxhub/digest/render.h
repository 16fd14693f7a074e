// Renders a DigestContent (content.h) four ways from the same sections, so
// every format says the same: HTML for Outlook-class clients (tables and
// inline styles only, charts as PNG images by cid: or by file name, no SVG,
// no scripts), plain text (the multipart alternative), CSV in long form
// (section, item, field, value: every figure shown, one per line) and a PDF
// of the full report (cairo, PdfReport). Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/digest/content.h"
#include "dxhub/digest/mime.h"

namespace dxhub::digest {

struct RenderedDigest {
  std::string html;                  // images referenced as cid:<content_id>
  std::string preview_html;          // the same, images referenced by file name (for a folder)
  std::string text;
  std::string csv;
  std::string pdf;
  std::vector<InlineImage> images;  // the charts, PNG
};

Result<RenderedDigest> RenderDigest(const DigestContent& content);

// HTML-escapes text (& < > " ').
std::string HtmlEscape(const std::string& text);
// One CSV field, quoted when it holds a comma, quote or line end.
std::string CsvField(const std::string& value);

}  // namespace dxhub::digest
