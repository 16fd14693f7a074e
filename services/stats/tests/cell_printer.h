// Lets GoogleTest print protected cells in failure messages.
#pragma once

#include <ostream>

#include "dxhub/stats/cell.h"

namespace dxhub::stats {

template <typename T>
void PrintTo(const Protected<T>& cell, std::ostream* os) {
  if (cell.shown()) {
    *os << "Shown(" << cell.value() << ")";
  } else {
    *os << "Suppressed(" << SuppressionReasonName(cell.reason()) << ")";
  }
}

}  // namespace dxhub::stats
