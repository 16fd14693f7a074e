// Reads canonical fields out of one source row: finds each field's column
// (the first of the field's accepted headers that the table has), applies the
// config's value mappings, runs the built-in recogniser, and records a
// RowError (source, row, column, value) for anything it cannot read,
// including a cell the source could not decode (reported once, when its
// field is read; columns that are not read are not checked). Used by every
// table-to-event builder, `check` and `discover`. One reader per table; not
// thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/table.h"

namespace dxhub::connector {

class RowReader {
 public:
  // The headers accepted for a canonical field, in order of preference.
  using AcceptedHeaders = std::function<std::vector<std::string>(const std::string& field)>;

  RowReader(const Table& table, const ConnectorConfig& config, AcceptedHeaders accepted);
  // A staff extract's reader: fields found through the config's columns: and profile names.
  static RowReader ForStaff(const Table& table, const ConnectorConfig& config);
  // An event file's reader: each field's header is its own name.
  static RowReader ForEvents(const Table& table, const ConnectorConfig& config);

  // The header `field` is read from in this table, if the table has one of its accepted headers.
  std::optional<std::string> Header(const std::string& field) const;
  // "'Disability', 'Disability Flag'": the headers looked for, for messages.
  std::string LookedFor(const std::string& field) const;

  // Whole-table problem: a required field's column is missing. Names what was
  // looked for, what the table has and how it was split, and another way of
  // splitting that would have found every required column.
  std::optional<std::string> MissingColumns(const std::vector<std::string>& required) const;

  void Start(const TableRow& row);
  bool row_ok() const { return row_ok_; }
  // Raw cell text ("" when the column is absent); `required` adds an error when blank.
  std::string Text(const std::string& field, bool required = false);
  // A required identifier that is keyed (staff number, applicant, case or
  // member reference): a control character in it (NUL included) is a row
  // error and gives "", so a stray byte never becomes a new person_key.
  std::string Identifier(const std::string& field);
  // Cell text after the config's `values:` mapping for `field`.
  std::string Mapped(const std::string& field);
  bool Has(const std::string& field) const;

  ev::Ethnicity Ethnicity(const std::string& field = "ethnicity");
  ev::Sex Sex(const std::string& field = "sex");
  ev::Disability Disability(const std::string& field = "disability");
  ev::ContractType Contract(const std::string& field = "contract_type");
  std::optional<ev::Date> Date(const std::string& field, bool required = true);
  std::optional<double> Number(const std::string& field, double min, double max, bool required);
  std::optional<bool> YesNo(const std::string& field);
  // Records an error against `field` with `message`.
  void Error(const std::string& field, const std::string& value, const std::string& message);

  std::vector<RowError>& errors() { return errors_; }

 private:
  template <typename T>
  T Recognised(const std::string& field, Result<T> (*recognise)(const std::string&), T fallback);

  std::optional<size_t> Column(const std::string& field) const;
  // The source's error for the current row's cell in `column`, if it could not decode it.
  const RowError* Undecoded(size_t column) const;

  const Table& table_;
  const ConnectorConfig& config_;
  AcceptedHeaders accepted_;
  mutable std::map<std::string, std::optional<size_t>> columns_;  // field -> column, resolved once
  const TableRow* row_ = nullptr;
  bool row_ok_ = true;
  std::set<size_t> undecoded_reported_;  // columns of the current row whose decoding error is reported
  std::vector<RowError> errors_;
};

}  // namespace dxhub::connector
