#include "dxhub/aggregator/csv.h"

#include <cmath>
#include <cstdio>

#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {

using namespace dxhub::aggregator::v1;

namespace {

std::string Quote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Number(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "" : (v > 0 ? "inf" : "-inf");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The figures of a cell, comma-separated ("*" and blanks when suppressed).
std::string Figures(const Cell& c) {
  if (c.suppressed()) return "*,,,,,,,,";
  const bool has_ci = c.kind() != VALUE_KIND_COUNT && c.kind() != VALUE_KIND_MEASURE;
  return Number(c.value()) + "," + std::to_string(c.numerator()) + "," + std::to_string(c.denominator()) + "," +
         std::to_string(c.comparison_numerator()) + "," + std::to_string(c.comparison_denominator()) + "," +
         (has_ci ? Number(c.ci_low()) : "") + "," + (has_ci ? Number(c.ci_high()) : "") + "," +
         (c.significant() ? "true" : "false") + "," +
         (c.four_fifths() == FOUR_FIFTHS_UNSPECIFIED ? "" : FourFifths_Name(c.four_fifths()));
}

constexpr char kFigureColumns[] =
    "value,numerator,denominator,comparison_numerator,comparison_denominator,ci_low,ci_high,significant,four_fifths";

}  // namespace

std::string RenderCsv(const IndicatorResponse& response) {
  std::string out = std::string("scope,census_date,indicator,breakdown,kind,") + kFigureColumns + ",mapping_version\n";
  for (const Cube& cube : response.cubes()) {
    for (const Cell& c : cube.cells()) {
      out += Quote(cube.scope()) + "," + protocol::DateToString(c.census_date()) + "," + Quote(c.indicator()) + "," +
             Quote(c.breakdown()) + "," + ValueKind_Name(c.kind()) + "," + Figures(c) + "," +
             Quote(c.mapping_version()) + "\n";
    }
  }
  return out;
}

std::string RenderRestatementsCsv(const RestatementListResponse& response) {
  std::string out = "id,applied_seq,scope,census_date,indicator,breakdown,old_value,new_value\n";
  for (const Restatement& r : response.items()) {
    const Cell& any = r.has_new_cell() ? r.new_cell() : r.old_cell();
    auto value = [](bool present, const Cell& c) {
      return !present ? std::string() : c.suppressed() ? std::string("*") : Number(c.value());
    };
    out += std::to_string(r.id()) + "," + std::to_string(r.applied_seq()) + "," + Quote(r.scope()) + "," +
           protocol::DateToString(r.census_date()) + "," + Quote(any.indicator()) + "," + Quote(any.breakdown()) +
           "," + value(r.has_old_cell(), r.old_cell()) + "," + value(r.has_new_cell(), r.new_cell()) + "\n";
  }
  return out;
}

}  // namespace dxhub::aggregator
