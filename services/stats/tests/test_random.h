// A seeded pseudo-random sequence for the stats tests' random staffs: the same
// numbers on every run and machine (a 64-bit LCG's high bits).
#pragma once

#include <cstdint>

namespace dxhub::stats {

class TestRandom {
 public:
  explicit TestRandom(uint64_t seed) : seed_(seed) {}
  // The next number in [0, bound).
  uint64_t operator()(uint64_t bound) {
    seed_ = seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed_ >> 33) % bound;
  }

 private:
  uint64_t seed_;
};

}  // namespace dxhub::stats
