// What a staff extract's absent optional columns change in what is sent,
// under a config: e.g. no hourly_pay column while mapping.top_earners is set
// means no one is lifted by pay. `dxconnect check` prints these as warnings,
// each naming the headers looked for and what to do. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/row_reader.h"

namespace dxhub::connector {

// One line per absent field that matters, in field order; empty when none.
std::vector<std::string> AbsentFieldWarnings(const RowReader& staff_reader, const ConnectorConfig& config);

}  // namespace dxhub::connector
