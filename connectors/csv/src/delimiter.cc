#include "dxhub/csv/delimiter.h"

#include "dxhub/csv/csv_reader.h"

namespace dxhub::csv {
namespace {

// The header and first data rows are enough to tell; a few more rows guard
// against one odd row.
constexpr size_t kSampleRecords = 6;

connector::Table Sample(std::string_view text, char delimiter, size_t records) {
  return ParseCsv(text, "", CsvOptions{delimiter, true, records});
}

}  // namespace

const std::string& CandidateDelimiters() {
  static const std::string kCandidates = {',', '~', '\t', ';', '|'};
  return kCandidates;
}

char DetectDelimiter(std::string_view text) {
  char best = ',';
  size_t best_fields = 1;
  bool best_consistent = false;
  for (const char candidate : CandidateDelimiters()) {
    const connector::Table sample = Sample(text, candidate, kSampleRecords);
    const size_t fields = sample.headers.size();
    const bool consistent = sample.errors.empty();
    if (fields < 2) continue;
    if ((consistent && !best_consistent) || (consistent == best_consistent && fields > best_fields)) {
      best = candidate;
      best_fields = fields;
      best_consistent = consistent;
    }
  }
  return best;
}

std::string DelimiterName(char delimiter) {
  if (delimiter == '\t') return "delimiter tab";
  return std::string("delimiter '") + delimiter + "'";
}

void DescribeSplit(std::string_view text, char delimiter, connector::Table& table) {
  table.read_with = DelimiterName(delimiter);
  for (const char candidate : CandidateDelimiters()) {
    if (candidate == delimiter) continue;
    auto headers = Sample(text, candidate, 1).headers;
    if (headers.size() > 1) table.other_readings.push_back({DelimiterName(candidate), std::move(headers)});
  }
}

}  // namespace dxhub::csv
