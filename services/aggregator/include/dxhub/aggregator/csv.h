// CSV rendering of an indicator query result (for `dxctl indicators --csv`):
// one row per cell, RFC 4180 quoting; a suppressed cell shows "*" as its value
// and leaves every figure blank. Pure functions; thread-safe.
#pragma once

#include <string>

#include "dxhub/aggregator/v1/aggregator.pb.h"

namespace dxhub::aggregator {

// Header line plus one line per cell of every cube, each ending "\n".
std::string RenderCsv(const dxhub::aggregator::v1::IndicatorResponse& response);
// Header line plus one line per restatement (old and new published values).
std::string RenderRestatementsCsv(const dxhub::aggregator::v1::RestatementListResponse& response);

}  // namespace dxhub::aggregator
