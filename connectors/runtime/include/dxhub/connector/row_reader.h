// Reads canonical fields out of one source row: finds each field's column by
// its configured header, applies the config's value mappings, runs the
// built-in recogniser, and records a RowError (source, row, column, value)
// for anything it cannot read, besides the cells the source could not decode. Used by every table-to-event builder. One
// reader per table; not thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/table.h"

namespace dxhub::connector {

class RowReader {
 public:
  // `header_of` maps a canonical field to its header in this table.
  RowReader(const Table& table, const ConnectorConfig& config,
            std::function<std::string(const std::string&)> header_of);

  // Whole-table problem: a required field's column is missing.
  std::optional<std::string> MissingColumns(const std::vector<std::string>& required) const;

  void Start(const TableRow& row);
  bool row_ok() const { return row_ok_; }
  // Raw cell text ("" when the column is absent); `required` adds an error when blank.
  std::string Text(const std::string& field, bool required = false);
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

  const Table& table_;
  const ConnectorConfig& config_;
  std::function<std::string(const std::string&)> header_of_;
  const TableRow* row_ = nullptr;
  bool row_ok_ = true;
  std::vector<RowError> errors_;
};

}  // namespace dxhub::connector
