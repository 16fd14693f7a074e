// The request side of AggregatorServer: receiving on the query and admin
// sockets, the management namespace, and the indicator calls.
#include "dxhub/aggregator/query.h"
#include "dxhub/aggregator/server.h"
#include "dxhub/common/log.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::aggregator {

namespace {

using dxhub::wire::v1::ErrorCode;
using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

constexpr size_t kMaxQueriesPerTurn = 100;

void AddCounter(dxhub::mgmt::v1::StatsResponse* stats, const std::string& name, uint64_t value) {
  auto* c = stats->add_counters();
  c->set_name(name);
  c->set_value(static_cast<int64_t>(value));
}

}  // namespace

void AggregatorServer::ServeQueries(std::chrono::milliseconds wait) {
  zmq::pollitem_t items[] = {{query_->handle(), 0, ZMQ_POLLIN, 0},
                             {admin_ ? admin_->handle() : nullptr, 0, ZMQ_POLLIN, 0}};
  try {
    zmq::poll(items, admin_ ? 2 : 1, wait);
  } catch (const zmq::error_t& e) {
    Logger("aggregator")->error("poll failed: {}", e.what());
    return;
  }
  for (size_t handled = 0; handled < kMaxQueriesPerTurn;) {
    bool any = false;
    for (auto [socket, is_admin] : {std::pair{query_.get(), false}, std::pair{admin_.get(), true}}) {
      if (socket == nullptr) continue;
      auto frames = ReceiveMultipart(*socket, std::chrono::milliseconds(0));
      if (!frames.ok() || frames->size() < 2) continue;
      any = true;
      ++handled;
      // The query socket admits only registered keys (ZAP); the admin socket is local and owner-only.
      if (!is_admin && !UserIdOf((*frames)[1])) continue;
      Request request;
      Reply reply;
      if (auto error = protocol::DecodeRequest(*frames, 1, &request)) {
        reply = protocol::ErrorReply(0, error->code(), error->message());
      } else {
        reply = Answer(request);
      }
      auto out = protocol::EncodeReply(reply);
      out.insert(out.begin(), std::move((*frames)[0]));
      if (auto s = SendMultipart(*socket, out); !s.ok()) Logger("aggregator")->warn("reply not sent: {}", s.message());
    }
    if (!any) break;
  }
}

Reply AggregatorServer::Answer(const Request& request) {
  ++counters_.queries;
  Reply reply;
  reply.set_request_id(request.request_id());
  const bool needs_cubes = request.has_indicators() || request.has_restatements() || request.has_cube_digest();
  if (needs_cubes && engine_->dirty()) {
    if (auto s = engine_->Refresh(); !s.ok()) {
      return protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_UNAVAILABLE, s.ToString(), 1000);
    }
    ++counters_.refreshes;
  }
  if (request.has_indicators()) {
    *reply.mutable_indicators() = AnswerIndicators(engine_->cubes(), request.indicators(), engine_->applied_seq());
  } else if (request.has_restatements()) {
    *reply.mutable_restatements() = AnswerRestatements(engine_->cubes(), request.restatements());
  } else if (request.has_cube_digest()) {
    *reply.mutable_cube_digest() = AnswerDigest(engine_->cubes(), engine_->applied_seq());
  } else if (request.has_health()) {
    reply.mutable_health()->set_service("dxhub-aggregator");
    reply.mutable_health()->set_status(follower_ ? "SERVING" : "SERVING (catching up)");
    reply.mutable_health()->set_uptime_seconds(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count());
  } else if (request.has_version()) {
    reply.mutable_version()->set_service("dxhub-aggregator");
    reply.mutable_version()->set_version(DXHUB_VERSION);
    reply.mutable_version()->set_protocol(std::string(kProtocolSignature));
  } else if (request.has_stats()) {
    auto* stats = reply.mutable_stats();
    stats->set_service("dxhub-aggregator");
    AddCounter(stats, "applied_seq", engine_->applied_seq());
    AddCounter(stats, "store_head_seq", store_head_);
    AddCounter(stats, "events_applied_total", counters_.applied);
    AddCounter(stats, "indicator_inputs", engine_->state().entries());
    AddCounter(stats, "cubes", engine_->cubes().cubes().size());
    AddCounter(stats, "cubes_computed_total", engine_->cubes().computed());
    AddCounter(stats, "restatements", engine_->cubes().restatements().size());
    AddCounter(stats, "read_chunks_total", counters_.read_chunks);
    AddCounter(stats, "queries_total", counters_.queries);
    AddCounter(stats, "refreshes_total", counters_.refreshes);
    AddCounter(stats, "following", follower_ ? 1 : 0);
  } else {
    return protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_UNIMPLEMENTED,
                                "dxhub-aggregator serves indicators, restatements, cube_digest, health, version "
                                "and stats; send ingest and read calls to dxhub-store");
  }
  return reply;
}

}  // namespace dxhub::aggregator
