// Sampling without replacement for the simulation: k of n items, uniformly or
// in proportion to weights (Efraimidis-Spirakis keys, linear time), drawing
// only from the Rng given. Pure functions; thread-safe given separate Rngs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dxhub/sim/rng.h"

namespace dxhub::sim {

// Moves k items chosen with probability proportional to `weight(item)` to the
// front of `items` (both parts sorted, so the result
// is the same with every standard library) and returns k, clamped to size.
// Weights must be positive.
template <typename WeightFn>
size_t ChooseWeighted(std::vector<uint32_t>& items, size_t k, Rng& rng, WeightFn weight);

// Moves k uniformly chosen items to the front (partial Fisher-Yates).
size_t ChooseUniform(std::vector<uint32_t>& items, size_t k, Rng& rng);

}  // namespace dxhub::sim

#include "dxhub/sim/sampling_inl.h"
