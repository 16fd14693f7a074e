#include "dxhub/digest/render.h"

#include <algorithm>

#include "dxhub/digest/pdf_report.h"

namespace dxhub::digest {
namespace {

// Outlook-class clients ignore <style> blocks in places and never run
// scripts: every style is inline, layout is tables, width is fixed.
constexpr const char* kFont = "font-family:Arial,Helvetica,sans-serif;";
constexpr int kChartWidth = 640;

size_t Codepoints(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string Pad(const std::string& s, size_t width) { return s + std::string(width - std::min(width, Codepoints(s)), ' '); }

std::string ChartId(size_t n) { return "chart-" + std::to_string(n) + "@dxhub"; }
std::string ChartFile(size_t n) { return "chart-" + std::to_string(n) + ".png"; }

std::string Html(const DigestContent& content, bool by_cid) {
  std::string h;
  h += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(content.title) +
       "</title></head>\n<body style=\"margin:0;padding:0;background:#ffffff;\">\n";
  h += "<table role=\"presentation\" width=\"680\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"" +
       std::string(kFont) + "color:#1b1b1b;font-size:14px;\">\n";
  h += "<tr><td style=\"padding:16px 20px;background:#1f5f8b;color:#ffffff;\"><div style=\"font-size:22px;"
       "font-weight:bold;\">" + HtmlEscape(content.title) + "</div><div style=\"font-size:13px;\">" +
       HtmlEscape(content.subtitle) + "</div></td></tr>\n";
  for (const auto& n : content.notices) {
    h += "<tr><td style=\"padding:10px 20px;background:#fff4ce;border-left:4px solid #c77c00;\">" + HtmlEscape(n) +
         "</td></tr>\n";
  }
  size_t chart = 0;
  for (const auto& s : content.sections) {
    h += "<tr><td style=\"padding:18px 20px 4px 20px;font-size:17px;font-weight:bold;color:#1f5f8b;\">" +
         HtmlEscape(s.title) + "</td></tr>\n";
    for (const auto& p : s.paragraphs) h += "<tr><td style=\"padding:4px 20px;\">" + HtmlEscape(p) + "</td></tr>\n";
    for (const Chart& c : s.charts) {
      ++chart;
      const std::string src = by_cid ? "cid:" + ChartId(chart) : ChartFile(chart);
      h += "<tr><td style=\"padding:8px 20px;\"><img src=\"" + src + "\" width=\"" + std::to_string(kChartWidth) +
           "\" alt=\"" + HtmlEscape(ChartTitle(c)) + "\" style=\"display:block;border:0;\"></td></tr>\n";
    }
    if (s.table.rows.empty()) continue;
    h += "<tr><td style=\"padding:6px 20px;\"><table cellpadding=\"4\" cellspacing=\"0\" border=\"1\" "
         "style=\"border-collapse:collapse;border-color:#c8c8c8;font-size:13px;" + std::string(kFont) + "\">\n<tr>";
    for (const auto& c : s.table.columns) {
      h += "<th align=\"left\" style=\"background:#e8f0f6;\">" + HtmlEscape(c) + "</th>";
    }
    h += "</tr>\n";
    for (const auto& row : s.table.rows) {
      h += "<tr>";
      for (const auto& v : row) h += "<td>" + HtmlEscape(v) + "</td>";
      h += "</tr>\n";
    }
    h += "</table></td></tr>\n";
  }
  h += "<tr><td style=\"padding:18px 20px;font-size:12px;color:#5a5a5a;\">Figures from dxhub-aggregator and "
       "dxhub-benchmark after disclosure control (rounded to 5; * = withheld). The attached CSV holds every figure "
       "shown and the PDF the full report.</td></tr>\n</table>\n</body></html>\n";
  return h;
}

std::string Text(const DigestContent& content) {
  std::string t = content.title + "\n" + std::string(Codepoints(content.title), '=') + "\n" + content.subtitle + "\n";
  for (const auto& n : content.notices) t += "\n! " + n + "\n";
  for (const auto& s : content.sections) {
    t += "\n" + s.title + "\n" + std::string(Codepoints(s.title), '-') + "\n";
    for (const auto& p : s.paragraphs) t += p + "\n";
    for (const Chart& c : s.charts) t += "(chart in the HTML version: " + ChartTitle(c) + ")\n";
    if (s.table.rows.empty()) continue;
    std::vector<size_t> width(s.table.columns.size(), 0);
    for (size_t i = 0; i < width.size(); ++i) width[i] = Codepoints(s.table.columns[i]);
    for (const auto& row : s.table.rows) {
      for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], Codepoints(row[i]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l = " ";
      for (size_t i = 0; i < cells.size() && i < width.size(); ++i) l += " " + Pad(cells[i], width[i]) + " ";
      while (!l.empty() && l.back() == ' ') l.pop_back();
      return l + "\n";
    };
    t += line(s.table.columns);
    for (const auto& row : s.table.rows) t += line(row);
  }
  return t;
}

std::string Csv(const DigestContent& content) {
  std::string c = "section,item,field,value\n";
  for (const auto& s : content.sections) {
    for (const auto& row : s.table.rows) {
      for (size_t i = 1; i < row.size() && i < s.table.columns.size(); ++i) {
        c += CsvField(s.id) + "," + CsvField(row[0]) + "," + CsvField(s.table.columns[i]) + "," + CsvField(row[i]) +
             "\n";
      }
    }
  }
  return c;
}

Result<std::string> Pdf(const DigestContent& content) {
  PdfReport pdf(content.title);
  pdf.Title(content.title);
  pdf.Paragraph(content.subtitle);
  for (const auto& n : content.notices) pdf.Paragraph("Note: " + n);
  for (const auto& s : content.sections) {
    pdf.Heading(s.title);
    for (const auto& p : s.paragraphs) pdf.Paragraph(p);
    for (const Chart& c : s.charts) std::visit([&pdf](const auto& drawn) { pdf.Chart(drawn); }, c);
    for (const auto& row : s.table.rows) {
      std::string line = row.empty() ? "" : row[0];
      for (size_t i = 1; i < row.size() && i < s.table.columns.size(); ++i) {
        line += (i == 1 ? " — " : "; ") + s.table.columns[i] + ": " + row[i];
      }
      pdf.Paragraph(line);
    }
  }
  return pdf.Finish();
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Result<RenderedDigest> RenderDigest(const DigestContent& content) {
  RenderedDigest out;
  size_t chart = 0;
  for (const auto& s : content.sections) {
    for (const Chart& c : s.charts) {
      ++chart;
      auto png = std::holds_alternative<BarChart>(c) ? RenderBarChartPng(std::get<BarChart>(c), kChartWidth)
                                                     : RenderTrendChartPng(std::get<TrendChart>(c), kChartWidth);
      if (!png.ok()) return png.status();
      out.images.push_back({ChartId(chart), ChartFile(chart), std::move(*png)});
    }
  }
  out.html = Html(content, true);
  out.preview_html = Html(content, false);
  out.text = Text(content);
  out.csv = Csv(content);
  auto pdf = Pdf(content);
  if (!pdf.ok()) return pdf.status();
  out.pdf = std::move(*pdf);
  return out;
}

}  // namespace dxhub::digest
