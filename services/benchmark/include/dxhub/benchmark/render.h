// The benchmark report's three renderings: JSON (every figure, for tools),
// CSV (one row per organisation x question or indicator, for spreadsheets) and
// a self-contained HTML page for a board member (inline CSS, inline SVG
// charts, no scripts, no external resources). Pure functions of the report:
// the same report renders to the same bytes.
#pragma once

#include <string>

#include "dxhub/benchmark/report.h"

namespace dxhub::benchmark {

std::string RenderJson(const BenchmarkReport& report);
std::string RenderCsv(const BenchmarkReport& report);
std::string RenderHtml(const BenchmarkReport& report);

// "json", "csv" or "html"; InvalidArgument names the choices.
Result<std::string> Render(const BenchmarkReport& report, const std::string& format);

}  // namespace dxhub::benchmark
