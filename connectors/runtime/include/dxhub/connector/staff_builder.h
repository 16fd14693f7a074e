// Turns one staff extract (a Table) into pseudonymised staff records as at
// its census date: reads and normalises every row, rejects bad rows and
// duplicate staff numbers with their row and column, maps grades to tiers
// (grade table and/or the top-earners pay rule) and never keeps a direct
// identifier. Pure over its inputs; thread-safe.
#pragma once

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
};

struct StaffExtract {
  std::string source;
  dxhub::event::v1::Date census;
  size_t rows_read = 0;
  std::vector<StaffRow> staff;   // good rows, in file order
  std::vector<RowError> errors;  // bad rows, each with row, column and value
  std::string fatal;             // set when the whole file is unusable (missing columns)
  std::set<std::string> bad_row_keys;  // person keys of bad rows: not leavers, just unreadable now
  size_t unkeyed_bad_rows = 0;         // bad rows without a readable staff number
};

StaffExtract BuildStaffExtract(const Table& table, const dxhub::event::v1::Date& census,
                               const ConnectorConfig& config, const Pseudonymiser& pseudonymiser);

// The tier of `grade` under `mapping`'s table (nullopt when not listed and no default).
std::optional<dxhub::event::v1::Tier> TierOfGrade(const GradeMapping& mapping, const std::string& grade);

}  // namespace dxhub::connector
