#include "dxhub/connector/row_reader.h"

namespace dxhub::connector {

RowReader::RowReader(const Table& table, const ConnectorConfig& config,
                     std::function<std::string(const std::string&)> header_of)
    : table_(table), config_(config), header_of_(std::move(header_of)) {}

std::optional<std::string> RowReader::MissingColumns(const std::vector<std::string>& required) const {
  std::string missing;
  for (const auto& field : required) {
    if (!table_.Column(header_of_(field))) missing += (missing.empty() ? "'" : ", '") + header_of_(field) + "'";
  }
  if (missing.empty()) return std::nullopt;
  std::string found;
  for (const auto& h : table_.headers) found += (found.empty() ? "'" : ", '") + h + "'";
  return "missing column(s) " + missing + "; the file has " + found +
         " (set columns: in the connector config to name your headers)";
}

void RowReader::Start(const TableRow& row) {
  row_ = &row;
  row_ok_ = row.cell_errors.empty();
  errors_.insert(errors_.end(), row.cell_errors.begin(), row.cell_errors.end());
}

bool RowReader::Has(const std::string& field) const { return table_.Column(header_of_(field)).has_value(); }

std::string RowReader::Text(const std::string& field, bool required) {
  auto column = table_.Column(header_of_(field));
  std::string value = column ? row_->cells[*column] : "";
  if (required && value.empty()) Error(field, value, "is blank but required");
  return value;
}

std::string RowReader::Mapped(const std::string& field) {
  std::string value = Text(field);
  if (auto f = config_.values.find(field); f != config_.values.end()) {
    if (auto v = f->second.find(Fold(value)); v != f->second.end()) return v->second;
  }
  return value;
}

void RowReader::Error(const std::string& field, const std::string& value, const std::string& message) {
  row_ok_ = false;
  for (const auto& e : row_->cell_errors) {
    if (e.column == header_of_(field)) return;  // an undecodable cell is reported once, by the source
  }
  errors_.push_back({table_.source, row_->row, header_of_(field), value, message});
}

template <typename T>
T RowReader::Recognised(const std::string& field, Result<T> (*recognise)(const std::string&), T fallback) {
  const std::string value = Mapped(field);
  auto r = recognise(value);
  if (!r.ok()) {
    Error(field, Text(field), r.status().message());
    return fallback;
  }
  return *r;
}

ev::Ethnicity RowReader::Ethnicity(const std::string& field) {
  return Recognised(field, &RecogniseEthnicity, ev::ETHNICITY_UNSPECIFIED);
}
ev::Sex RowReader::Sex(const std::string& field) { return Recognised(field, &RecogniseSex, ev::SEX_UNSPECIFIED); }
ev::Disability RowReader::Disability(const std::string& field) {
  return Recognised(field, &RecogniseDisability, ev::DISABILITY_UNSPECIFIED);
}
ev::ContractType RowReader::Contract(const std::string& field) {
  if (!Has(field)) return ev::CONTRACT_TYPE_OTHER;
  return Recognised(field, &RecogniseContract, ev::CONTRACT_TYPE_UNSPECIFIED);
}

std::optional<ev::Date> RowReader::Date(const std::string& field, bool required) {
  const std::string value = Text(field);
  if (value.empty() && !required) return std::nullopt;
  auto d = RecogniseDate(value);
  if (!d.ok()) {
    Error(field, value, d.status().message());
    return std::nullopt;
  }
  return *d;
}

std::optional<double> RowReader::Number(const std::string& field, double min, double max, bool required) {
  const std::string value = Text(field);
  if (value.empty()) {
    if (required) Error(field, value, "is blank but required");
    return std::nullopt;
  }
  std::string digits;
  for (char c : value) {
    if (c != ',' && c != '\xc2' && c != '\xa3') digits.push_back(c);  // "1,234.50", "£12.30"
  }
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  if (end == digits.c_str() || *end != '\0') {
    Error(field, value, "is not a number");
    return std::nullopt;
  }
  if (v < min || v > max) {
    Error(field, value, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> RowReader::YesNo(const std::string& field) {
  const std::string value = Mapped(field);
  auto r = RecogniseYesNo(value);
  if (!r.ok()) {
    Error(field, Text(field), r.status().message());
    return std::nullopt;
  }
  return *r;
}

}  // namespace dxhub::connector
