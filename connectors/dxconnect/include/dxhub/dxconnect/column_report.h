// What `dxconnect discover` says about one table's columns. For each column:
// the field it is read as, if any; how many distinct values it has and,
// unless it is an identifier or free text, the values (the commonest 20, then
// how many more); whether the field's recogniser reads every value, or, for a
// column read as no field, which recognisers would (those its header names
// first). For a staff extract, then each expected field it lacks, with the
// headers looked for. Pure; thread-safe.
#pragma once

#include <iosfwd>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/table.h"

namespace dxhub::dxconnect {

void ReportColumns(const connector::Table& table, bool staff_extract, const connector::ConnectorConfig& config,
                   std::ostream& out);

}  // namespace dxhub::dxconnect
