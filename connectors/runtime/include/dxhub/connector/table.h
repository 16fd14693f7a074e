// A table read from an HR source (a CSV file, later an SQL query or a SCIM
// listing): a header and rows that remember where they came from, so every
// error can name source, row, column and value. Plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dxhub::connector {

// One problem with one row, reported to the partner's connector log.
struct RowError {
  std::string source;  // file path or query name
  size_t row = 0;      // 1-based line of the record (the header is row 1)
  std::string column;  // the source's header name ("" for whole-row problems)
  std::string value;   // the offending value; shown in the partner's own log only, never sent
  std::string message;

  // "staff_2023-03-31.csv:17: column 'Ethnic Origin' value 'Martian': not a recognised ethnic category"
  std::string ToString() const;
};

// Another way the source could have split its header (e.g. with another
// delimiter), kept so a missing-columns message can say when that way would
// have found the columns.
struct HeaderReading {
  std::string how;  // "delimiter '~'"
  std::vector<std::string> headers;
};

struct TableRow {
  size_t row = 0;
  std::vector<std::string> cells;
};

struct Table {
  std::string source;
  std::vector<std::string> headers;
  std::vector<TableRow> rows;
  std::vector<RowError> errors;  // rows the reader could not split into cells
  std::string read_with;         // how the source split its text, for messages: "delimiter '~'" ("" if not split)
  std::vector<HeaderReading> other_readings;  // the header as other ways of splitting would read it

  // Index of a header (exact match after trimming), if present.
  std::optional<size_t> Column(const std::string& header) const;
  // Index of the first of `accepted` present, matched ignoring case and extra
  // spaces (so "Disability flag" finds "Disability Flag"), if any.
  std::optional<size_t> FirstColumn(const std::vector<std::string>& accepted) const;
};

}  // namespace dxhub::connector
