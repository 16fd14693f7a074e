#include "dxhub/csv/csv_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "dxhub/connector/connector_config.h"
#include "dxhub/csv/delimiter.h"
#include "dxhub/common/text_encoding.h"
#include "dxhub/common/utf8.h"

namespace dxhub::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The message for a byte that is not UTF-8 at `offset` in the file.
std::string NotUtf8(unsigned char byte, size_t offset) {
  return "byte " + ByteName(byte) + " at offset " + std::to_string(offset) +
         " is not valid UTF-8; the file is in another encoding: set source.encoding in the connector config "
         "(windows-1252 for most Windows and Excel exports)";
}

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
  const size_t bom = text.substr(0, 3) == kUtf8Bom ? 3 : 0;
  text.remove_prefix(bom);
  const char delimiter = options.delimiter == connector::kDetectDelimiter ? DetectDelimiter(text) : options.delimiter;
  if (options.max_records == 0) DescribeSplit(text, delimiter, table);

  size_t line = 1;
  size_t i = 0;
  size_t records = 0;
  bool header_done = false;
  while (i < text.size() && (options.max_records == 0 || records < options.max_records)) {
    const size_t record_line = line;
    std::vector<size_t> cell_starts = {i};  // where each cell's raw text begins
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
        cell_starts.push_back(i);
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
    // Bytes that are not UTF-8, found in the raw text so the offset is the file's.
    std::vector<connector::RowError> cell_errors;
    for (size_t k = 0; k < cells.size(); ++k) {
      const size_t start = cell_starts[k];
      const size_t end = k + 1 < cell_starts.size() ? cell_starts[k + 1] - 1 : i;
      if (auto bad = FirstInvalidUtf8(text.substr(start, end - start))) {
        const size_t at = start + *bad;
        const std::string column = !malformed && k < table.headers.size() ? table.headers[k] : "";
        cell_errors.push_back({source, record_line, column, "",
                               (column.empty() ? "field " + std::to_string(k + 1) + ": " : "") +
                                   NotUtf8(static_cast<unsigned char>(text[at]), bom + at),
                               false});
      }
    }
    if (malformed) {
      table.errors.push_back({source, record_line, "", "", "row " + problem});
      table.errors.insert(table.errors.end(), cell_errors.begin(), cell_errors.end());
      continue;
    }
    table.rows.push_back({record_line, std::move(cells), std::move(cell_errors)});
  }
  return table;
}

Result<connector::Table> ReadCsvFile(const std::filesystem::path& path, const CsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open (does it exist, and may this user read it?)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError(path.string() + ": read failed");
  std::string text = buffer.str();
  // A UTF-8 byte-order mark says what the file is, whatever the config says.
  if (!IsUtf8Name(options.encoding) && !text.starts_with(kUtf8Bom)) {
    auto converted = ToUtf8(text, options.encoding, path.string());
    if (!converted.ok()) {
      return Status::InvalidArgument(converted.status().message() +
                                     "; is source.encoding right? (run 'dxconnect discover' to look at the file)");
    }
    text = std::move(*converted);
  }
  connector::Table table = ParseCsv(text, path.string(), options);
  for (const auto& header : table.headers) {
    if (IsValidUtf8(header)) continue;
    // The header is the first record, so the first bad byte in the file is in it.
    const size_t at = *FirstInvalidUtf8(text);
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    return Status::InvalidArgument(path.string() + ":" + std::to_string(line) +
                                   ": the header line: " + NotUtf8(static_cast<unsigned char>(text[at]), at));
  }
  return table;
}

}  // namespace dxhub::csv
