#include "dxhub/csv/csv_reader.h"

#include <fstream>
#include <sstream>

#include "dxhub/connector/connector_config.h"
#include "dxhub/csv/delimiter.h"

namespace dxhub::csv {
namespace {

std::string Trim(std::string s) {
  const char* ws = " \t";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace

connector::Table ParseCsv(std::string_view text, const std::string& source, const CsvOptions& options) {
  connector::Table table;
  table.source = source;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char delimiter = options.delimiter == connector::kDetectDelimiter ? DetectDelimiter(text) : options.delimiter;
  if (options.max_records == 0) DescribeSplit(text, delimiter, table);

  size_t line = 1;
  size_t i = 0;
  size_t records = 0;
  bool header_done = false;
  while (i < text.size() && (options.max_records == 0 || records < options.max_records)) {
    const size_t record_line = line;
    std::vector<std::string> cells;
    std::string cell;
    bool quoted_cell = false;
    bool in_quotes = false;
    bool malformed = false;
    std::string problem;
    // One record.
    while (i < text.size()) {
      const char c = text[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.push_back('"');
            i += 2;
            continue;
          }
          in_quotes = false;
          ++i;
          continue;
        }
        if (c == '\n') ++line;
        cell.push_back(c);
        ++i;
        continue;
      }
      if (c == '"') {
        if (!cell.empty() && Trim(cell) != "") {
          malformed = true;
          problem = "a quote inside an unquoted field (quote the whole field and double inner quotes)";
        }
        in_quotes = true;
        quoted_cell = true;
        cell.clear();
        ++i;
        continue;
      }
      if (c == delimiter) {
        cells.push_back(options.trim_cells && !quoted_cell ? Trim(cell) : cell);
        cell.clear();
        quoted_cell = false;
        ++i;
        continue;
      }
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
        continue;
      }
      if (c == '\n') {
        ++line;
        ++i;
        break;
      }
      cell.push_back(c);
      ++i;
    }
    if (in_quotes) {
      malformed = true;
      problem = "a quoted field is never closed";
    }
    cells.push_back(options.trim_cells && !quoted_cell ? Trim(cell) : cell);
    const bool blank = cells.size() == 1 && cells[0].empty();
    if (blank) continue;
    ++records;
    if (!header_done) {
      table.headers = std::move(cells);
      header_done = true;
      continue;
    }
    if (!malformed && cells.size() != table.headers.size()) {
      malformed = true;
      problem = "has " + std::to_string(cells.size()) + " fields but the header has " +
                std::to_string(table.headers.size()) + " when split by " + DelimiterName(delimiter) +
                " (a delimiter inside an unquoted value?)";
    }
    if (malformed) {
      table.errors.push_back({source, record_line, "", "", "row " + problem});
      continue;
    }
    table.rows.push_back({record_line, std::move(cells)});
  }
  return table;
}

Result<connector::Table> ReadCsvFile(const std::filesystem::path& path, const CsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open (does it exist, and may this user read it?)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError(path.string() + ": read failed");
  return ParseCsv(buffer.str(), path.string(), options);
}

}  // namespace dxhub::csv
