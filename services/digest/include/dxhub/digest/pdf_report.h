// The digest's PDF attachment, drawn with cairo: A4 pages on which a title,
// headings, wrapped paragraphs and charts flow top to bottom, starting a
// new page when the next block does not fit; each page is numbered in its
// footer. The document is built in memory. One thread; not copyable.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dxhub/common/status.h"
#include "dxhub/digest/chart.h"
#include "dxhub/digest/trend_chart.h"

namespace dxhub::digest {

class PdfReport {
 public:
  // `title` goes into the PDF's metadata; nothing is drawn until the first block.
  explicit PdfReport(std::string_view title);
  ~PdfReport();
  PdfReport(const PdfReport&) = delete;
  PdfReport& operator=(const PdfReport&) = delete;

  void Title(std::string_view text);      // large, bold
  void Heading(std::string_view text);    // bold, kept with what follows it
  void Paragraph(std::string_view text);  // wrapped at word boundaries; '\n' starts a new line
  void Chart(const BarChart& chart);      // the page's full width
  void Chart(const TrendChart& chart);    // the page's full width
  void NewPage();

  // Closes the document; the PDF bytes. Call once.
  Result<std::string> Finish();
  int pages() const { return page_; }

 private:
  // Starts a new page unless `height` more points fit on this one.
  void Reserve(double height);
  void Footer();
  // A drawing `height` units tall at `width` units wide, scaled to the body text.
  void Drawing(double height, const std::function<void(cairo_t*, double width)>& draw);

  struct State;
  std::unique_ptr<State> state_;
  std::string pdf_;
  int page_ = 1;
  double y_;
};

}  // namespace dxhub::digest
