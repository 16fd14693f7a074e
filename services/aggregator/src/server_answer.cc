// The request side of AggregatorServer: receiving on the query and admin
// sockets, the management namespace, and the indicator calls.
#include <algorithm>

#include "dxhub/aggregator/query.h"
#include "dxhub/aggregator/server.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::aggregator {

namespace {

using dxhub::wire::v1::ErrorCode;
using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

// The retry hint of a cube query told to ask again.
constexpr uint32_t kAskAgainMs = 2000;

bool NeedsCubes(const Request& request) {
  return request.has_indicators() || request.has_restatements() || request.has_cube_digest();
}

void AddCounter(dxhub::mgmt::v1::StatsResponse* stats, const std::string& name, uint64_t value) {
  auto* c = stats->add_counters();
  c->set_name(name);
  c->set_value(static_cast<int64_t>(value));
}

}  // namespace

void AggregatorServer::ServeQueries(std::chrono::milliseconds wait) {
  requests_->Serve(wait, [this](const Request& request, const service::Caller&) { return Answer(request); });
}

std::optional<Reply> AggregatorServer::Answer(const Request& request) {
  if (!NeedsCubes(request) || !engine_->dirty() || refreshing_) return AnswerNow(request);
  // Reading the history in bulk, with refreshes too long to hold a query
  // for: a refresh now would be stale a few chunks later, and a client
  // asking again every few seconds would keep the catch-up from the head.
  if (follower_ == nullptr && engine_->cubes().computed() > 0 &&
      counters_.last_refresh_ms > static_cast<uint64_t>(config_.indicators.refresh_answer_after_ms)) {
    ++counters_.queries;
    return protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_UNAVAILABLE,
                                "the aggregator is reading the store's history (events applied up to seq " +
                                    std::to_string(engine_->applied_seq()) + " of " +
                                    std::to_string(std::max(store_head_, engine_->applied_seq())) +
                                    "); its cubes are refreshed when it reaches the head (the last refresh took " +
                                    std::to_string(counters_.last_refresh_ms) + " ms): ask again later",
                                kAskAgainMs);
  }
  ++counters_.queries_held;
  return std::nullopt;  // held: ServeRequests refreshes the cubes, answering meanwhile, then answers it
}

Reply AggregatorServer::AnswerNow(const Request& request) {
  ++counters_.queries;
  Reply reply;
  reply.set_request_id(request.request_id());
  const bool needs_cubes = NeedsCubes(request);
  if (needs_cubes && refreshing_) {
    // Answered between the steps of a refresh: the cubes are half computed.
    const auto so_far = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - refresh_started_);
    return protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_UNAVAILABLE,
                                "the aggregator is refreshing its cubes (events applied up to seq " +
                                    std::to_string(engine_->applied_seq()) + ", for " + std::to_string(so_far.count()) +
                                    " s so far; the last refresh took " + std::to_string(counters_.last_refresh_ms) +
                                    " ms): ask again in a few seconds",
                                kAskAgainMs);
  }
  if (request.has_indicators()) {
    auto* indicators = reply.mutable_indicators();
    *indicators = AnswerIndicators(engine_->cubes(), request.indicators(), engine_->applied_seq());
    indicators->set_store_head_seq(std::max(store_head_, engine_->applied_seq()));
    indicators->set_catching_up(follower_ == nullptr);  // still reading the history in bulk
    AddHeldOut(engine_->state(), ScopeOf(request.indicators().scope()), *indicators);
    *indicators->mutable_reference_population() = PublishedReference(config_.indicators.population);
  } else if (request.has_restatements()) {
    *reply.mutable_restatements() = AnswerRestatements(engine_->cubes(), request.restatements());
  } else if (request.has_cube_digest()) {
    *reply.mutable_cube_digest() = AnswerDigest(engine_->cubes(), engine_->applied_seq());
  } else if (request.has_health()) {
    service::FillHealth(reply, "dxhub-aggregator", follower_ ? "SERVING" : "SERVING (catching up)", started_);
  } else if (request.has_version()) {
    service::FillVersion(reply, "dxhub-aggregator");
  } else if (request.has_stats()) {
    auto* stats = reply.mutable_stats();
    stats->set_service("dxhub-aggregator");
    AddCounter(stats, "applied_seq", engine_->applied_seq());
    AddCounter(stats, "store_head_seq", store_head_);
    AddCounter(stats, "events_applied_total", counters_.applied);
    AddCounter(stats, "indicator_inputs", engine_->state().entries());
    uint64_t before = 0, beyond = 0;
    for (const auto& [org_id, org] : engine_->state().orgs()) {
      before += org.held_out.before_earliest;
      beyond += org.held_out.beyond_horizon;
    }
    AddCounter(stats, "inputs_held_out_before_earliest", before);
    AddCounter(stats, "inputs_held_out_beyond_horizon", beyond);
    AddCounter(stats, "cubes", engine_->cubes().cubes().size());
    AddCounter(stats, "cubes_computed_total", engine_->cubes().computed());
    AddCounter(stats, "restatements", engine_->cubes().restatements().size());
    AddCounter(stats, "read_chunks_total", counters_.read_chunks);
    AddCounter(stats, "queries_total", counters_.queries);
    AddCounter(stats, "queries_held_total", counters_.queries_held);
    AddCounter(stats, "refreshes_total", counters_.refreshes);
    AddCounter(stats, "refreshing", refreshing_ ? 1 : 0);
    AddCounter(stats, "cubes_dirty", engine_->dirty() ? 1 : 0);
    AddCounter(stats, "last_refresh_ms", counters_.last_refresh_ms);
    AddCounter(stats, "following", follower_ ? 1 : 0);
  } else {
    return protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_UNIMPLEMENTED,
                                "dxhub-aggregator serves indicators, restatements, cube_digest, health, version "
                                "and stats; send ingest and read calls to dxhub-store");
  }
  return reply;
}

}  // namespace dxhub::aggregator
