#include "dxhub/connector/table.h"

#include "dxhub/connector/normalise.h"
#include "dxhub/common/utf8.h"

namespace dxhub::connector {

std::string RowError::ToString() const {
  std::string out = source + ":" + std::to_string(row) + ": ";
  if (!column.empty()) {
    out += "column " + QuotedPrefix(column) + (show_value ? " value " + QuotedPrefix(value) : "") + ": ";
  }
  return out + message;
}

std::optional<size_t> Table::Column(const std::string& header) const {
  for (size_t i = 0; i < headers.size(); ++i) {
    if (headers[i] == header) return i;
  }
  return std::nullopt;
}

std::optional<size_t> Table::FirstColumn(const std::vector<std::string>& accepted) const {
  for (const auto& name : accepted) {
    const std::string folded = Fold(name);
    for (size_t i = 0; i < headers.size(); ++i) {
      if (Fold(headers[i]) == folded) return i;
    }
  }
  return std::nullopt;
}

}  // namespace dxhub::connector
