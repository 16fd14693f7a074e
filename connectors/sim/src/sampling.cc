#include "dxhub/sim/sampling.h"

namespace dxhub::sim {

size_t ChooseUniform(std::vector<uint32_t>& items, size_t k, Rng& rng) {
  k = std::min(k, items.size());
  for (size_t i = 0; i < k; ++i) {
    const size_t j = i + rng.Below(items.size() - i);
    std::swap(items[i], items[j]);
  }
  return k;
}

}  // namespace dxhub::sim
