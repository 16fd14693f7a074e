#include "dxhub/sim/delimited_writer.h"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace dxhub::sim {
namespace {

constexpr size_t kFlushAt = 1 << 20;

}  // namespace

DelimitedWriter::~DelimitedWriter() { Close(); }

bool DelimitedWriter::Open(const std::filesystem::path& path, DelimitedFormat format) {
  Close();
  path_ = path;
  format_ = format;
  error_.clear();
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    error_ = "cannot create " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  buffer_.reserve(kFlushAt + 4096);
  return true;
}

void DelimitedWriter::Separate() {
  if (row_started_) buffer_.push_back(format_.delimiter);
  row_started_ = true;
}

void DelimitedWriter::Text(std::string_view value) {
  Separate();
  bool quote = false;
  for (const char c : value) {
    quote |= c == '"' || c == '\n' || c == '\r' || c == format_.delimiter;
  }
  if (!quote) {
    buffer_.append(value);
    return;
  }
  buffer_.push_back('"');
  for (const char c : value) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
}

void DelimitedWriter::Integer(int64_t value) {
  Separate();
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  buffer_.append(digits, result.ptr);
}

void DelimitedWriter::Decimal(double value, int decimals) {
  Separate();
  char digits[64];
  const auto result =
      std::to_chars(digits, digits + sizeof digits, value, std::chars_format::fixed, decimals);
  buffer_.append(digits, result.ptr);
}

void DelimitedWriter::Day(Date date, DateStyle style) {
  Separate();
  AppendDate(buffer_, date, style);
}

void DelimitedWriter::EndRow() {
  if (format_.crlf) buffer_.push_back('\r');
  buffer_.push_back('\n');
  row_started_ = false;
  FlushIfFull();
}

void DelimitedWriter::FlushIfFull() {
  if (buffer_.size() < kFlushAt || file_ == nullptr) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size() && error_.empty()) {
    error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
  }
  buffer_.clear();
}

bool DelimitedWriter::Close() {
  if (file_ == nullptr) return error_.empty();
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size() &&
      error_.empty()) {
    error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
  }
  buffer_.clear();
  if (std::fclose(file_) != 0 && error_.empty()) {
    error_ = "cannot close " + path_.string() + ": " + std::strerror(errno);
  }
  file_ = nullptr;
  return error_.empty();
}

}  // namespace dxhub::sim
