// The fault-injecting twin of the real transport, for tests (STYLE point 6):
// wraps a Transport and, each decided by a seeded random draw, drops,
// duplicates and delays requests on their way out and replies on their way
// in, as a lossy network would. Delays are real time (it wraps a real
// socket): a delayed message is held and passed on by a later Send or
// Receive once its time has come; Open() loses whatever is held, as closing a
// socket does. Linked by tests only (target dxhub::client_fault). One thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dxhub/client/transport.h"

namespace dxhub::client {

// Probabilities in [0, 1], each decided per message (a duplicate's copies are
// delayed independently).
struct TransportFaults {
  uint64_t seed = 1;
  double drop_request = 0;
  double drop_reply = 0;
  double duplicate_request = 0;
  double duplicate_reply = 0;
  double delay_request = 0;
  double delay_reply = 0;
  std::chrono::milliseconds min_delay{0};  // a delay is uniform in [min_delay, max_delay]
  std::chrono::milliseconds max_delay{0};
};

// What the wrapper did so far.
struct TransportFaultCounts {
  uint64_t requests = 0;  // sent by the caller
  uint64_t replies = 0;   // received from the real transport
  uint64_t requests_dropped = 0;
  uint64_t replies_dropped = 0;
  uint64_t requests_duplicated = 0;
  uint64_t replies_duplicated = 0;
  uint64_t requests_delayed = 0;
  uint64_t replies_delayed = 0;
  uint64_t lost_on_open = 0;  // held messages lost when the connection was replaced
};

class FaultTransport final : public Transport {
 public:
  FaultTransport(std::unique_ptr<Transport> inner, TransportFaults faults);

  Status Open() override;
  Status Send(std::vector<zmq::message_t>& frames) override;
  Result<std::vector<zmq::message_t>> Receive(std::chrono::milliseconds timeout) override;
  const std::string& address() const override { return inner_->address(); }

  const TransportFaultCounts& counts() const { return counts_; }

 private:
  using Time = std::chrono::steady_clock::time_point;
  using Held = std::multimap<Time, std::vector<zmq::message_t>>;  // by when it is passed on

  // Requests and replies draw from their own generators, so the requests'
  // fate does not depend on when replies happen to arrive.
  static bool Chance(double probability, std::mt19937_64& random);
  // When a message is passed on: now, or after a random delay with `probability`.
  Time DueTime(double probability, std::mt19937_64& random, uint64_t* delayed) const;
  // Sends the held requests whose time has come.
  Status SendDue();

  std::unique_ptr<Transport> inner_;
  TransportFaults faults_;
  std::mt19937_64 request_random_;
  std::mt19937_64 reply_random_;
  Held requests_;
  Held replies_;
  TransportFaultCounts counts_;
};

}  // namespace dxhub::client
