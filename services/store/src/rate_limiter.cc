#include "dxhub/store/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace dxhub::store {

double RateLimiter::Level(const Bucket& b, SteadyTime now) const {
  const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  return std::min(rate_, b.tokens + std::max(0.0, elapsed) * rate_);
}

void RateLimiter::EvictFull(SteadyTime now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = Level(it->second, now) >= rate_ ? buckets_.erase(it) : std::next(it);
  }
}

bool RateLimiter::Take(const std::string& principal, size_t n, uint32_t* retry_after_ms) {
  const SteadyTime now = clock_.Monotonic();
  if (buckets_.size() >= max_entries_ && buckets_.count(principal) == 0) EvictFull(now);
  auto [it, inserted] = buckets_.try_emplace(principal, Bucket{rate_, now});
  Bucket& b = it->second;  // used before any other change to the map
  b.tokens = Level(b, now);
  b.refilled = now;
  const double need = static_cast<double>(n);
  if (b.tokens >= need || (b.tokens >= rate_ && need > rate_)) {
    b.tokens -= need;
    return true;
  }
  *retry_after_ms = static_cast<uint32_t>(std::ceil((need - b.tokens) / rate_ * 1000.0));
  return false;
}

void RateLimiter::Refund(const std::string& principal, size_t n) {
  auto it = buckets_.find(principal);
  if (it == buckets_.end()) return;  // evicted full: nothing to give back
  it->second.tokens = std::min(rate_, it->second.tokens + static_cast<double>(n));
}

}  // namespace dxhub::store
