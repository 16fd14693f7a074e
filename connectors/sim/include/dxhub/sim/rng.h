// Deterministic pseudo-random numbers for the simulated partners: xoshiro256**
// seeded through splitmix64, with every distribution written here so that the
// same seed gives the same bytes with any compiler or standard library.
// A small value type; not thread-safe. Give each partner and purpose its own
// stream with Fork(), so that one stream's use never shifts another's.
#pragma once

#include <cstdint>
#include <string_view>

namespace dxhub::sim {

// splitmix64's finaliser: a bijective 64-bit mix.
uint64_t Mix64(uint64_t x);

// FNV-1a of `text`, mixed with `seed`; stable across platforms.
uint64_t HashText(std::string_view text, uint64_t seed);

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // The next 64 raw bits.
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n); n must be positive.
  uint64_t Below(uint64_t n);

  // Uniform in [lo, hi], inclusive; lo <= hi.
  int Between(int lo, int hi);

  // True with probability p (p <= 0 never, p >= 1 always).
  bool Chance(double p) { return Uniform() < p; }

  // floor(x) plus one with probability frac(x): an unbiased integer for x >= 0.
  int RoundRandom(double x);

  // An independent stream derived from this stream's seed and `tag` (not from
  // its current position), so forks do not depend on how much was drawn.
  Rng Fork(std::string_view tag) const;

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t seed_;
  uint64_t s_[4];
};

}  // namespace dxhub::sim
