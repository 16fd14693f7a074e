// Template definitions for sampling.h; include sampling.h instead.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>

namespace dxhub::sim {

template <typename WeightFn>
size_t ChooseWeighted(std::vector<uint32_t>& items, size_t k, Rng& rng, WeightFn weight) {
  k = std::min(k, items.size());
  if (k == 0 || k == items.size()) return k;
  // Key -ln(u)/w: the k smallest keys are a weighted sample without replacement.
  std::vector<std::pair<double, uint32_t>> keyed;
  keyed.reserve(items.size());
  for (const uint32_t item : items) {
    const double u = 1.0 - rng.Uniform();  // (0, 1]
    keyed.emplace_back(-std::log(u) / weight(item), item);
  }
  std::nth_element(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(k), keyed.end());
  for (size_t i = 0; i < keyed.size(); ++i) items[i] = keyed[i].second;
  // nth_element's order differs between standard libraries; make it canonical.
  const auto middle = items.begin() + static_cast<std::ptrdiff_t>(k);
  std::sort(items.begin(), middle);
  std::sort(middle, items.end());
  return k;
}

}  // namespace dxhub::sim
