// RFC 4180 CSV reading with a configurable or detected delimiter (',' '~' '|'
// ';' tab; see delimiter.h): quoted fields, doubled quotes, delimiters and
// newlines inside quotes, CRLF or LF, a UTF-8 byte-order mark. Rows keep the
// line number they start on. A row with the wrong number of fields is
// reported, not guessed at; so is a cell with a byte that is not UTF-8 (with
// its offset in the file). Files in another encoding are converted to UTF-8
// first. Pure.
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
  std::string encoding = "utf-8";  // any name iconv knows; ReadCsvFile converts from it
  size_t max_records = 0;          // stop after this many records, the header included (0: read all)
};

// Parses `text` (the contents of `source`); the first record is the header.
// The table says which delimiter split it, and how the other candidates would
// have split the header (Table::read_with, other_readings). A data row with a
// cell that is not valid UTF-8 carries a cell error naming the column and the
// byte's offset in `text` (the row is kept; the error counts when its field is read).
connector::Table ParseCsv(std::string_view text, const std::string& source, const CsvOptions& options);

// Reads, converts from `options.encoding` (unless the file starts with a
// UTF-8 byte-order mark) and parses a file; NotFound/IoError when it cannot
// be read, InvalidArgument naming line and offset when a byte is not valid in
// the encoding, or the header line is not valid UTF-8.
Result<connector::Table> ReadCsvFile(const std::filesystem::path& path, const CsvOptions& options);

}  // namespace dxhub::csv
