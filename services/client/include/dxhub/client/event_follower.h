// Follows the store's committed events in sequence order, exactly once each:
// subscribes to the PUB stream first, catches up through the read API, and
// re-reads on any gap (a slow subscriber's dropped messages, a missed tail).
// Used by the aggregator and any late subscriber. One follower per thread.
#pragma once

#include <zmq.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include "dxhub/client/store_client.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::client {

struct FollowerCounters {
  uint64_t from_read_api = 0;  // events delivered from read-API chunks
  uint64_t from_publish = 0;   // events delivered straight from the PUB stream
  uint64_t gaps = 0;           // gaps detected on the PUB stream
};

class EventFollower {
 public:
  // `read` is the store's request endpoint; `publish_address` its PUB
  // endpoint (same CURVE keys as `read`). Starts at `next_seq` (1 = all).
  EventFollower(zmq::context_t& context, Endpoint read, std::string publish_address, uint64_t next_seq);

  // The next event (seq == next_seq()), or nullopt if none arrived within
  // `timeout`. Errors only when the store cannot be reached for a read.
  Result<std::optional<dxhub::event::v1::StoredEvent>> Next(std::chrono::milliseconds timeout);

  uint64_t next_seq() const { return next_seq_; }
  // The store's head as last reported by a read.
  uint64_t known_head() const { return known_head_; }
  const FollowerCounters& counters() const { return counters_; }

 private:
  Status ReadChunk();

  StoreClient reader_;
  zmq::socket_t subscriber_;
  uint64_t next_seq_;
  uint64_t known_head_ = 0;
  std::deque<dxhub::event::v1::StoredEvent> queue_;
  std::chrono::steady_clock::time_point last_read_{};
  FollowerCounters counters_;
  Status setup_;  // a bad endpoint or CURVE set-up error, reported by Next()
};

}  // namespace dxhub::client
