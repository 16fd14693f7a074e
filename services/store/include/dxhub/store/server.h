// dxhub-store's service loop: the single writer of the event store. One
// thread owns every socket (ingest ROUTER over CURVE, local admin ROUTER over
// IPC, PUB of committed events) and the Ingestor; the ZAP handler has its own
// thread, and so has the BatchValidator. Each turn drains what has arrived,
// answers reads at once, hands ingest batches to the validator, stages the
// validated ones in arrival order, commits them with one WAL sync (group
// commit), and only then sends their acknowledgements and publishes the
// events. While the writer commits one group, the validator checks the next.
#pragma once

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "dxhub/common/connection_guard.h"
#include "dxhub/common/zap.h"
#include "dxhub/store/batch_validator.h"
#include "dxhub/store/connector_status.h"
#include "dxhub/store/event_log.h"
#include "dxhub/store/ingestor.h"
#include "dxhub/store/rate_limiter.h"
#include "dxhub/store/store_config.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::store {

struct BoundEndpoints {
  std::string ingest;
  std::string publish;
  std::string admin;
};

class StoreServer {
 public:
  explicit StoreServer(StoreConfig config);
  ~StoreServer();

  // Opens the event log, starts ZAP and binds every socket.
  Status Start();
  // Serves until `stop` becomes true, then drains what has already arrived,
  // commits it, replies, and returns.
  Status Run(const std::atomic<bool>& stop);

  const BoundEndpoints& endpoints() const { return endpoints_; }
  const std::string& public_key() const { return config_.server_public_key; }

 private:
  struct Pending {
    zmq::socket_t* socket;
    std::string identity;
    dxhub::wire::v1::Reply reply;
  };
  // An ingest request handed to the validator, staged once its job is done:
  // still encoded in `frames` (the validator parses it into `request`), or
  // parsed by the writer already.
  struct InFlight {
    zmq::socket_t* socket;
    std::string identity;
    Principal who;
    std::vector<zmq::message_t> frames;
    dxhub::wire::v1::Request request;
    size_t events = 0;
    BatchValidator::Job job;
  };

  // Replays the stored review_cycle events into the ingestor's cycle states.
  Status LoadReviewCycles();
  void Turn(std::chrono::milliseconds wait);
  void Handle(zmq::socket_t& socket, bool admin_socket, std::vector<zmq::message_t>& frames);
  // Hands a plainly encoded ingest request of `events` events, within the
  // key's permissions, batch limit and rate, to the validator to parse; false
  // (nothing done) for any other message, which Handle parses itself.
  bool HandOver(zmq::socket_t& socket, const std::string& identity, const Principal& who,
                std::vector<zmq::message_t>& frames);
  void Submit(std::unique_ptr<InFlight> item);
  // Answers a message that is too large or does not decode, and dead-letters it within the key's budget.
  void Malformed(zmq::socket_t& socket, const std::string& identity, const Principal& who,
                 const std::vector<zmq::message_t>& frames, dxhub::wire::v1::ErrorCode code, const std::string& reason);
  // An ingest batch's accepted events are moved out of `request`.
  void Dispatch(zmq::socket_t& socket, const std::string& identity, const Principal& who,
                dxhub::wire::v1::Request& request);
  // Stages the validated requests at the front of in_flight_, in arrival order.
  void StageValidated();
  void CommitStaged();
  void Send(zmq::socket_t& socket, const std::string& identity, const dxhub::wire::v1::Reply& reply);
  // Sends a reply's frames (protocol::EncodeReply's or MessageFrames') to `identity`.
  void SendFrames(zmq::socket_t& socket, const std::string& identity, uint64_t request_id,
                  std::vector<zmq::message_t> frames);
  // The reply to a read, encoded: an unfiltered one is made of the events' stored bytes (read_wire.h).
  std::vector<zmq::message_t> Read(const dxhub::wire::v1::Request& request);
  // Every counter for services and admins; a connector's own org's only.
  dxhub::wire::v1::Reply Stats(uint64_t request_id, const Principal& who);
  // "SERVING", or "DEGRADED: disk full: ..." while ingest is refused for lack of space.
  std::string HealthStatus() const;

  StoreConfig config_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<Ingestor> ingestor_;
  zmq::context_t context_;
  std::unique_ptr<ConnectionGuard> guard_;  // TCP connection budget (issue 19, failure 2)
  std::unique_ptr<ZapHandler> zap_;
  std::unique_ptr<zmq::socket_t> ingest_;
  std::unique_ptr<zmq::socket_t> admin_;
  std::unique_ptr<zmq::socket_t> publish_;
  BoundEndpoints endpoints_;
  std::vector<Pending> pending_;
  std::deque<std::unique_ptr<InFlight>> in_flight_;  // arrival order
  size_t in_flight_events_ = 0;
  std::unique_ptr<BatchValidator> validator_;  // after in_flight_: joined before the jobs are freed
  ConnectorStatus connectors_;  // per-connector completeness for stats (issue 17)
  RateLimiter rate_limiter_;
  RateLimiter malformed_limiter_;  // malformed messages kept as dead letters, per key
  std::map<std::string, LogThrottle> malformed_log_;  // per key
  std::chrono::steady_clock::time_point started_;
  uint64_t malformed_ = 0;
  uint64_t malformed_not_kept_ = 0;  // over the per-key malformed budget: answered, not dead-lettered
  bool draining_ = false;
};

}  // namespace dxhub::store
