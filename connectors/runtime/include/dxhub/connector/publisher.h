// Drains the connector's outbox to the hub over CurveZMQ: batches of events
// with a window of batches in flight; an event leaves the outbox only when
// the hub has acknowledged it (accepted or duplicate) or rejected it (then it
// is kept aside with the reason). On silence the socket is replaced and
// everything unacknowledged is resent after an exponential backoff with
// jitter, for as long as it takes (or give_up_after_s). A socket that cannot
// be set up (bad endpoint or key) is an error at once, not a retry. Back-off
// sleeps and the give-up time are on a Clock, and frames go through a
// client::Transport (real ones by default; tests inject a FakeClock and a
// FaultTransport). One thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/clock.h"
#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/connector_state.h"

namespace dxhub::connector {

struct PublishSummary {
  uint64_t batches_sent = 0;
  uint64_t accepted = 0;
  uint64_t duplicates = 0;
  uint64_t rejected = 0;
  uint64_t retries = 0;                         // timeouts or retryable errors
  std::map<std::string, uint64_t> rejected_by_code;
  std::vector<std::string> rejection_examples;  // the first few, with the store's reason
  bool drained = false;
  bool gave_up = false;                         // give_up_after_s passed with events still in the outbox
};

class Publisher {
 public:
  // Over the real ZeroMQ transport and clock.
  Publisher(zmq::context_t& context, client::Endpoint hub, PublishOptions options, ConnectorState& state);
  // Over `transport`, sleeping on `clock` (which must outlive the publisher).
  Publisher(std::unique_ptr<client::Transport> transport, PublishOptions options, ConnectorState& state,
            Clock& clock = RealClock());

  // Sends until the outbox is empty, `stop` is set, or the give-up time passes.
  Result<PublishSummary> Drain(const std::atomic<bool>* stop = nullptr);

 private:
  client::StoreClient client_;
  PublishOptions options_;
  ConnectorState& state_;
  Clock& clock_;
};

}  // namespace dxhub::connector
