// The store's ingest rate limit: a token bucket per authenticated principal
// (the ZAP User-Id, i.e. the registered key's name), so reconnecting never
// buys a fresh budget (issue 19, failure 3). Elapsed time is read from a
// Clock (the real one by default; tests pass a FakeClock and never wait).
// Entries are evicted only when full, where a fresh bucket would
// behave the same, so eviction never changes an answer; buckets are values in
// the map and nothing refers into it across calls. One thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "dxhub/common/clock.h"

namespace dxhub::store {

class RateLimiter {
 public:
  // `events_per_second` is both the refill rate and the bucket's size;
  // `max_entries` bounds the map (full buckets are evicted past it). `clock`
  // must outlive the limiter.
  explicit RateLimiter(uint64_t events_per_second, size_t max_entries = 10000, const Clock& clock = RealClock())
      : rate_(static_cast<double>(events_per_second)), max_entries_(max_entries), clock_(clock) {}

  // Takes `n` tokens from `principal`'s bucket now. A batch larger than
  // the whole budget passes when the bucket is full (and leaves it in debt).
  // On refusal sets `retry_after_ms` to when the tokens will be there.
  bool Take(const std::string& principal, size_t n, uint32_t* retry_after_ms);

  // Gives back `n` tokens taken by Take() for what turned out not to be a batch (a
  // message that did not parse), as if they had never been taken: up to the budget.
  void Refund(const std::string& principal, size_t n);

  size_t entries() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens = 0;
    SteadyTime refilled;
  };
  // Tokens of `b` refilled up to `now` (capped at the budget).
  double Level(const Bucket& b, SteadyTime now) const;
  void EvictFull(SteadyTime now);

  double rate_;
  size_t max_entries_;
  const Clock& clock_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace dxhub::store
