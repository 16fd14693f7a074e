// The benchmark report's renderings: the query API's protobuf message
// (dxhub.benchmark.v1.BenchmarkReport), JSON (every figure, for tools), CSV
// (one row per organisation x question or indicator, for spreadsheets) and a
// self-contained HTML page for a board member (inline CSS, inline SVG charts,
// no scripts, no external resources). Pure functions of the report: the same
// report renders to the same bytes.
#pragma once

#include <string>

#include "dxhub/benchmark/report.h"
#include "dxhub/benchmark/v1/benchmark.pb.h"

namespace dxhub::benchmark {

dxhub::benchmark::v1::BenchmarkReport ToProto(const BenchmarkReport& report);
std::string RenderJson(const BenchmarkReport& report);
std::string RenderCsv(const BenchmarkReport& report);
std::string RenderHtml(const BenchmarkReport& report);

// "json", "csv", "html", or "pb" (the protobuf message alone: UNSPECIFIED);
// InvalidArgument names the choices.
Result<dxhub::benchmark::v1::ReportFormat> ParseReportFormat(const std::string& name);

// The format's rendering and media type (JSON, CSV or HTML); nothing for UNSPECIFIED.
struct Rendering {
  std::string text;
  std::string media_type;
};
Rendering Render(const BenchmarkReport& report, dxhub::benchmark::v1::ReportFormat format);

}  // namespace dxhub::benchmark
