// A buffered writer of delimited text files (CSV and its cousins), one row at
// a time. A field is quoted (RFC 4180) only when it holds the delimiter, a
// double quote or a line break. Rows end in LF or CRLF. About 1 MiB is
// buffered between writes; Close() flushes and says whether every byte reached
// the file. Owns its FILE; not thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "dxhub/sim/civil_date.h"

namespace dxhub::sim {

struct DelimitedFormat {
  char delimiter = ',';
  bool crlf = false;
};

class DelimitedWriter {
 public:
  DelimitedWriter() = default;
  ~DelimitedWriter();
  DelimitedWriter(const DelimitedWriter&) = delete;
  DelimitedWriter& operator=(const DelimitedWriter&) = delete;

  // Creates or truncates `path`; false (with error()) when it cannot.
  bool Open(const std::filesystem::path& path, DelimitedFormat format);

  void Text(std::string_view value);
  void Integer(int64_t value);
  void Decimal(double value, int decimals);
  void Day(Date date, DateStyle style);
  void YesNo(bool value) { Text(value ? "Y" : "N"); }
  // Appends the header row: the names, in order.
  template <typename Names>
  void Header(const Names& names) {
    for (const auto& name : names) Text(name);
    EndRow();
  }
  void EndRow();

  // Flushes and closes; true when every byte was written. Idempotent.
  bool Close();
  const std::string& error() const { return error_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void Separate();
  void FlushIfFull();

  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
  DelimitedFormat format_;
  std::string buffer_;
  std::string error_;
  bool row_started_ = false;
};

}  // namespace dxhub::sim
