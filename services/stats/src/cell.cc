#include "dxhub/stats/cell.h"

#include <cstdio>
#include <cstdlib>

namespace dxhub::stats {

std::string_view SuppressionReasonName(SuppressionReason reason) {
  switch (reason) {
    case SuppressionReason::kPrimarySmallCount: return "primary_small_count";
    case SuppressionReason::kSecondaryComplement: return "secondary_complement";
    case SuppressionReason::kRateSmallDenominator: return "rate_small_denominator";
    case SuppressionReason::kInputSuppressed: return "input_suppressed";
  }
  return "unknown";
}

void DieOnMisuse(const char* what) {
  std::fprintf(stderr, "dxhub::stats: %s\n", what);
  std::abort();
}

}  // namespace dxhub::stats
