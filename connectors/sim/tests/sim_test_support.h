// Helpers for the sim tests: a temporary directory removed on destruction,
// whole-file reads, and a small RFC 4180 reader (quotes, CRLF) so tests can
// check the written files the way a connector would read them.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace dxhub::sim::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("dxsim_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

using Table = std::vector<std::vector<std::string>>;

// Rows of fields; the header is row 0.
inline Table ReadDelimited(const std::filesystem::path& file, char delimiter) {
  const std::string text = ReadFile(file);
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  return rows;
}

// Rows as maps from header to value.
inline std::vector<std::map<std::string, std::string>> ReadRecords(
    const std::filesystem::path& file, char delimiter) {
  const Table table = ReadDelimited(file, delimiter);
  std::vector<std::map<std::string, std::string>> records;
  for (size_t r = 1; r < table.size(); ++r) {
    std::map<std::string, std::string> record;
    for (size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) {
      record[table[0][c]] = table[r][c];
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace dxhub::sim::testing
