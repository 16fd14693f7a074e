// Turns one staff extract (a Table) into pseudonymised staff records as at
// its census date: reads and normalises every row, rejects bad rows with
// their row and column, maps grades to tiers (grade table and/or the
// top-earners pay rule) and never keeps a direct identifier. A staff number
// on several rows that agree on every field sent is kept once, with a
// warning; rows that disagree are all rejected (nobody can tell which is
// right). A start date, where the extract has one, is validated and kept
// beside the record (it dates a joiner; it is never a record field). Pure
// over its inputs; thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/connector/table.h"
#include "dxhub/event/v1/payloads.pb.h"

namespace dxhub::connector {

struct StaffRow {
  size_t row = 0;
  dxhub::event::v1::StaffRecord record;  // kind unset: the diff decides JOIN or CHANGE
  std::optional<dxhub::event::v1::Date> start_date;  // from a start-date column, when the extract has one
};

struct StaffExtract {
  std::string source;
  dxhub::event::v1::Date census;
  size_t rows_read = 0;
  std::vector<StaffRow> staff;   // good rows, in file order
  std::vector<RowError> errors;  // bad rows, each with row, column and value
  std::vector<RowError> warnings;  // rows kept, with something the partner should know (identical duplicates)
  std::string fatal;             // set when the whole file is unusable (missing columns)
  std::set<std::string> bad_row_keys;  // person keys of bad rows: not leavers, just unreadable now
  size_t unkeyed_bad_rows = 0;         // bad rows without a readable staff number
};

StaffExtract BuildStaffExtract(const Table& table, const dxhub::event::v1::Date& census,
                               const ConnectorConfig& config, const Pseudonymiser& pseudonymiser);

// The tier of `grade` under `mapping`'s table (nullopt when not listed and no default).
std::optional<dxhub::event::v1::Tier> TierOfGrade(const GradeMapping& mapping, const std::string& grade);

}  // namespace dxhub::connector
