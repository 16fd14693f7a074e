// The order of the shared tiers: EXECUTIVE 4, SENIOR 3, MIDDLE 2, CORE 1,
// unset 0; higher is more senior. Used wherever "moved up" or "the higher of
// two tiers" is decided. Pure; thread-safe.
#pragma once

#include "dxhub/event/v1/types.pb.h"

namespace dxhub::protocol {

inline int TierRank(dxhub::event::v1::Tier tier) {
  switch (tier) {
    case dxhub::event::v1::TIER_EXECUTIVE: return 4;
    case dxhub::event::v1::TIER_SENIOR: return 3;
    case dxhub::event::v1::TIER_MIDDLE: return 2;
    case dxhub::event::v1::TIER_CORE: return 1;
    default: return 0;
  }
}

}  // namespace dxhub::protocol
