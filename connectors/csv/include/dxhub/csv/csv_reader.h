// RFC 4180 CSV reading with a configurable or detected delimiter (',' '~' '|'
// ';' tab; see delimiter.h): quoted fields, doubled quotes, delimiters and
// newlines inside quotes, CRLF or LF, a UTF-8 byte-order mark. Rows keep the
// line number they start on. A row with the wrong number of fields is
// reported, not guessed at. Pure.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "dxhub/common/status.h"
#include "dxhub/connector/table.h"

namespace dxhub::csv {

struct CsvOptions {
  char delimiter = ',';  // connector::kDetectDelimiter: detect it in this text
  bool trim_cells = true;
  size_t max_records = 0;  // stop after this many records, the header included (0: read all)
};

// Parses `text` (the contents of `source`); the first record is the header.
// The table says which delimiter split it, and how the other candidates would
// have split the header (Table::read_with, other_readings).
connector::Table ParseCsv(std::string_view text, const std::string& source, const CsvOptions& options);

// Reads and parses a file; NotFound/IoError when it cannot be read.
Result<connector::Table> ReadCsvFile(const std::filesystem::path& path, const CsvOptions& options);

}  // namespace dxhub::csv
