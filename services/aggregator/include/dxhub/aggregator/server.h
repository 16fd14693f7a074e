// dxhub-aggregator's service loop. One thread owns every socket (the query
// ROUTER over CURVE and the local ipc:// admin ROUTER of its RequestServer,
// the store client and subscriber) and the Engine; the ZAP handler has its own thread. Each turn
// answers queued queries, then consumes committed events: catching up
// through the store's read API in large chunks while behind, then following
// the PUB stream with an EventFollower (which re-reads on any gap). Cubes are
// recomputed when catching up reaches the head, at most once a second while
// following, and whenever a query needs them.
#pragma once

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "dxhub/aggregator/config.h"
#include "dxhub/aggregator/engine.h"
#include "dxhub/client/event_follower.h"
#include "dxhub/service/request_server.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::aggregator {

struct AggregatorEndpoints {
  std::string query;
  std::string admin;
};

struct ConsumeCounters {
  uint64_t applied = 0;        // events applied since start
  uint64_t read_chunks = 0;    // catch-up chunks read
  uint64_t queries = 0;
  uint64_t queries_held = 0;  // cube queries held while the cubes they found dirty were refreshed
  uint64_t refreshes = 0;
  uint64_t last_refresh_ms = 0;  // how long the last refresh took
};

class AggregatorServer {
 public:
  explicit AggregatorServer(AggregatorConfig config);
  ~AggregatorServer();

  // Opens the state, starts ZAP and binds the query sockets.
  Status Start();
  // Serves until `stop` becomes true (or, with `until_caught_up`, until the
  // store's head is applied and the cubes are current).
  Status Run(const std::atomic<bool>& stop, bool until_caught_up = false);
  // Called about once a second while catching up: applied seq, store head, events/s.
  void OnProgress(std::function<void(uint64_t, uint64_t, double)> f) { progress_ = std::move(f); }

  const AggregatorEndpoints& endpoints() const { return endpoints_; }
  const std::string& public_key() const { return config_.service.server_public_key; }
  Engine& engine() { return *engine_; }

 private:
  // Consumes what is available; returns how many events were applied.
  Result<size_t> Consume(std::chrono::milliseconds wait);
  Result<size_t> CatchUpChunk();
  // Sends the catch-up read from `from` and keeps it in reads_.
  Status ReadAhead(uint64_t from);
  // Whether the cubes are dirty and the last refresh is at least the refresh interval ago.
  bool RefreshDue() const;
  // Engine::Refresh, answering requests meanwhile (a refresh of a national
  // history takes tens of seconds: issue 18); cube queries are then told to
  // ask again. The cube queries held for it are answered from its cubes, or
  // told to ask again once it has run refresh_answer_after_ms.
  Status RefreshServing();
  // Answers what is queued (waiting up to `wait` for it); a cube query that
  // found the cubes dirty was held, and is answered by a RefreshServing.
  Status ServeRequests(std::chrono::milliseconds wait);
  void ServeQueries(std::chrono::milliseconds wait);
  // Holds a cube query while the cubes are dirty (nullopt); answers the rest.
  std::optional<dxhub::wire::v1::Reply> Answer(const dxhub::wire::v1::Request& request);
  dxhub::wire::v1::Reply AnswerNow(const dxhub::wire::v1::Request& request);
  void Report(bool force);

  AggregatorConfig config_;
  std::unique_ptr<Engine> engine_;
  zmq::context_t context_;
  std::unique_ptr<service::RequestServer> requests_;
  std::unique_ptr<client::StoreClient> reader_;
  std::unique_ptr<client::EventFollower> follower_;
  AggregatorEndpoints endpoints_;
  uint64_t store_head_ = 0;
  // The catch-up reads in flight, oldest first, while a chunk is applied: the
  // store reads the next two chunks meanwhile (with one, each side waited on
  // the other a fifth of the time; issue 18). Their from_seq and request id.
  struct PendingRead {
    uint64_t from = 0;
    uint64_t request_id = 0;
  };
  std::deque<PendingRead> reads_;
  ConsumeCounters counters_;
  Status fatal_;  // an Engine failure: the loop stops
  bool refreshing_ = false;  // inside RefreshServing(), answering while the cubes are computed
  std::chrono::steady_clock::time_point refresh_started_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_report_;
  std::chrono::steady_clock::time_point last_refresh_;  // epoch: the first refresh is due at once
  uint64_t reported_applied_ = 0;
  std::function<void(uint64_t, uint64_t, double)> progress_;
};

}  // namespace dxhub::aggregator
