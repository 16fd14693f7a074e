#include "dxhub/connector/row_reader.h"

#include <algorithm>

#include "dxhub/common/crypto.h"
#include "dxhub/common/utf8.h"

namespace dxhub::connector {
namespace {

// Names quoted in a message at most (a header line of 100,000 cells is not echoed whole).
constexpr size_t kMaxQuotedNames = 40;

// "'a', 'b', 'c'" from names[from...]; each name cut to a bounded prefix
// (QuotedPrefix), and at most kMaxQuotedNames of them.
std::string QuotedList(const std::vector<std::string>& names, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < names.size(); ++i) {
    if (i - from == kMaxQuotedNames) return out + " and " + std::to_string(names.size() - i) + " more";
    out += (out.empty() ? "" : ", ") + QuotedPrefix(names[i]);
  }
  return out;
}

}  // namespace

RowReader::RowReader(const Table& table, const ConnectorConfig& config, AcceptedHeaders accepted)
    : table_(table), config_(config), accepted_(std::move(accepted)) {}

RowReader RowReader::ForStaff(const Table& table, const ConnectorConfig& config) {
  return RowReader(table, config, [&config](const std::string& field) { return config.AcceptedHeaders(field); });
}

RowReader RowReader::ForEvents(const Table& table, const ConnectorConfig& config) {
  return RowReader(table, config, [](const std::string& field) { return std::vector<std::string>{field}; });
}

std::optional<size_t> RowReader::Column(const std::string& field) const {
  auto [it, fresh] = columns_.try_emplace(field);
  if (fresh) it->second = table_.FirstColumn(accepted_(field));
  return it->second;
}

std::optional<std::string> RowReader::Header(const std::string& field) const {
  if (auto column = Column(field)) return table_.headers[*column];
  return std::nullopt;
}

std::string RowReader::LookedFor(const std::string& field) const { return QuotedList(accepted_(field)); }

std::optional<std::string> RowReader::MissingColumns(const std::vector<std::string>& required) const {
  std::string missing;
  for (const auto& field : required) {
    if (Column(field)) continue;
    const auto accepted = accepted_(field);
    missing += (missing.empty() ? "'" : ", '") + accepted.front() + "'";
    if (accepted.size() > 1) missing += " (or " + QuotedList(accepted, 1) + ")";
  }
  if (missing.empty()) return std::nullopt;
  std::string message = "missing column(s) " + missing + "; the file" +
                        (table_.read_with.empty() ? "" : ", read with " + table_.read_with + ",") + " has " +
                        QuotedList(table_.headers);
  for (const auto& other : table_.other_readings) {
    Table alternative;
    alternative.headers = other.headers;
    bool all = true;
    for (const auto& field : required) all = all && alternative.FirstColumn(accepted_(field)).has_value();
    if (all) {
      return message + ". Read with " + other.how + " it has them all: set that delimiter in the source config, " +
             "or leave the delimiter setting out to detect it in each file";
    }
  }
  return message + " (name your headers under columns: in the connector config)";
}

void RowReader::Start(const TableRow& row) {
  row_ = &row;
  row_ok_ = true;
  undecoded_reported_.clear();
}

const RowError* RowReader::Undecoded(size_t column) const {
  for (const auto& e : row_->cell_errors) {
    if (e.column == table_.headers[column]) return &e;
  }
  return nullptr;
}

bool RowReader::Has(const std::string& field) const { return Column(field).has_value(); }

std::string RowReader::Text(const std::string& field, bool required) {
  auto column = Column(field);
  if (column) {
    // A cell the source could not decode makes the row bad when it is read
    // (once per row); columns that are never read are never checked.
    if (const RowError* undecoded = Undecoded(*column)) {
      if (undecoded_reported_.insert(*column).second) errors_.push_back(*undecoded);
      row_ok_ = false;
    }
  }
  std::string value = column ? row_->cells[*column] : "";
  if (required && value.empty()) Error(field, value, "is blank but required");
  return value;
}

std::string RowReader::Identifier(const std::string& field) {
  const std::string value = Text(field, true);
  const auto bad = FirstForbiddenCharacter(value);  // C0, DEL, C1 and bidi controls
  if (!bad) return value;
  auto is_control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  std::string shown;  // the value with each C0/DEL byte as \xNN, so the message is readable
  for (char c : value) shown += is_control(c) ? "\\x" + ToHex(std::string(1, c)) : std::string(1, c);
  const std::string what = bad->code < 0x80 ? "a control character (byte 0x" +
                                                  ToHex(std::string(1, static_cast<char>(bad->code))) +
                                                  " at byte offset " + std::to_string(bad->offset) + ")"
                                            : "a " + bad->Describe();
  Error(field, shown,
        "contains " + what +
            "; identifiers are keyed exactly, so it would give this person a new key: remove it from the extract");
  return "";
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
  if (auto column = Column(field); column && Undecoded(*column) != nullptr) return;  // reported as undecodable
  errors_.push_back({table_.source, row_->row, Header(field).value_or(accepted_(field).front()), value, message});
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
