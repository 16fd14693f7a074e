#include "dxhub/aggregator/server.h"

#include <sys/stat.h>

#include <thread>

#include <google/protobuf/arena.h>

#include "dxhub/common/log.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::aggregator {

namespace {
using dxhub::wire::v1::ErrorCode;
using dxhub::wire::v1::Request;

constexpr uint32_t kCatchUpChunk = 5000;        // the store caps reads at its max_read_events
constexpr size_t kReadsInFlight = 2;             // catch-up reads sent ahead of the chunk being applied
constexpr size_t kFollowChunk = 5000;           // events applied per WriteBatch while following
constexpr uint64_t kFallBehind = 20000;         // behind the head by more: back to catch-up reads
constexpr std::chrono::milliseconds kReadTimeout{10000};
constexpr std::chrono::milliseconds kIdleWait{20};
// While following, the cubes are refreshed at most this often (a query that
// needs them still refreshes at once): a refresh recomputes every cube from
// the earliest day changed, so one per chunk made live following do
// O(history) work per committed batch.
constexpr std::chrono::milliseconds kRefreshInterval{1000};
// While a refresh computes, requests are awaited this long at a time.
constexpr std::chrono::milliseconds kServeWhileRefreshing{10};
}  // namespace

AggregatorServer::AggregatorServer(AggregatorConfig config) : config_(std::move(config)), context_(1) {}

AggregatorServer::~AggregatorServer() {
  follower_.reset();
  reader_.reset();
  requests_.reset();
}

Status AggregatorServer::Start() {
  started_ = last_report_ = std::chrono::steady_clock::now();
  auto engine = Engine::Open(config_.data_dir, config_.indicators);
  if (!engine.ok()) return engine.status();
  engine_ = std::move(*engine);
  reported_applied_ = engine_->applied_seq();
  auto requests = service::RequestServer::Start(context_, config_.service,
                                                {"aggregator", "query", {Role::kService, Role::kAdmin}});
  if (!requests.ok()) return requests.status();
  requests_ = std::move(*requests);
  endpoints_ = {requests_->query_endpoint(), requests_->admin_endpoint()};
  reader_ = std::make_unique<client::StoreClient>(context_, config_.store);
  Logger("aggregator")->info("serving query {} admin {}; resuming at seq {}", endpoints_.query,
                             endpoints_.admin.empty() ? "none" : endpoints_.admin, engine_->next_seq());
  return Status::Ok();
}

Status AggregatorServer::Run(const std::atomic<bool>& stop, bool until_caught_up) {
  auto last_error_log = std::chrono::steady_clock::time_point{};
  while (!stop.load()) {
    DXHUB_RETURN_IF_ERROR(ServeRequests(std::chrono::milliseconds(0)));
    const bool idle = follower_ != nullptr && !RefreshDue();
    auto applied = Consume(idle ? kIdleWait : std::chrono::milliseconds(0));
    if (!applied.ok()) {
      if (!fatal_.ok()) return fatal_;  // the state could not be written: stop loudly
      const auto now = std::chrono::steady_clock::now();
      if (now - last_error_log > std::chrono::seconds(5)) {
        Logger("aggregator")->warn("cannot consume from the store: {}; retrying", applied.status().ToString());
        last_error_log = now;
      }
      follower_.reset();
      DXHUB_RETURN_IF_ERROR(ServeRequests(std::chrono::milliseconds(200)));
      continue;
    }
    counters_.applied += *applied;
    Report(false);
    // Catching up: refresh once the head is reached. Following: once per
    // interval, whether or not the stream pauses.
    if (RefreshDue() && (*applied == 0 || follower_ != nullptr)) DXHUB_RETURN_IF_ERROR(RefreshServing());
    if (until_caught_up && follower_ != nullptr && *applied == 0 && !engine_->dirty()) break;
  }
  Report(true);
  return Status::Ok();
}

Status AggregatorServer::ServeRequests(std::chrono::milliseconds wait) {
  ServeQueries(wait);
  return requests_->held() > 0 ? RefreshServing() : Status::Ok();
}

Status AggregatorServer::RefreshServing() {
  const auto started = refresh_started_ = std::chrono::steady_clock::now();
  const auto answer_from = started + std::chrono::milliseconds(config_.indicators.refresh_answer_after_ms);
  const auto answer_now = [this](const Request& request, const service::Caller&) { return AnswerNow(request); };
  const Status refreshed = engine_->Refresh([&] {
    // A short refresh holds requests (they are answered from its cubes); a long one answers meanwhile.
    if (std::chrono::steady_clock::now() < answer_from) return std::this_thread::sleep_for(std::chrono::milliseconds(1));
    refreshing_ = true;
    requests_->AnswerHeld(answer_now);
    ServeQueries(kServeWhileRefreshing);
  });
  refreshing_ = false;
  last_refresh_ = std::chrono::steady_clock::now();
  ++counters_.refreshes;
  counters_.last_refresh_ms =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(last_refresh_ - started).count());
  if (refreshed.ok()) {
    requests_->AnswerHeld(answer_now);
  } else {
    requests_->AnswerHeld([&](const Request& request, const service::Caller&) {
      return protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_UNAVAILABLE,
                                  "the aggregator could not refresh its cubes: " + refreshed.ToString());
    });
  }
  return refreshed;
}

bool AggregatorServer::RefreshDue() const {
  return engine_->dirty() && std::chrono::steady_clock::now() - last_refresh_ >= kRefreshInterval;
}

Status AggregatorServer::ReadAhead(uint64_t from) {
  dxhub::wire::v1::Request request;
  request.mutable_read()->set_from_seq(from);
  request.mutable_read()->set_max_events(kCatchUpChunk);
  DXHUB_RETURN_IF_ERROR(reader_->Send(request));
  reads_.push_back(PendingRead{from, request.request_id()});
  return Status::Ok();
}

Result<size_t> AggregatorServer::CatchUpChunk() {
  // A read sent ahead starts where the chunk before it ended, which is where
  // the engine is once that chunk is applied; reads that do not are dropped.
  if (!reads_.empty() && reads_.front().from != engine_->next_seq()) {
    reader_->Reset();
    reads_.clear();
  }
  if (reads_.empty()) DXHUB_RETURN_IF_ERROR(ReadAhead(engine_->next_seq()));
  const PendingRead read = reads_.front();
  reads_.pop_front();
  // Parsed on an arena: its 5,000 events cost no allocation or destruction each.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = size_t{256} << 10;
  arena_options.max_block_size = size_t{4} << 20;
  google::protobuf::Arena arena(arena_options);
  auto* reply = google::protobuf::Arena::CreateMessage<dxhub::wire::v1::Reply>(&arena);
  const Status received = reader_->AwaitInto(read.request_id, kReadTimeout, reply);
  if (!received.ok()) reads_.clear();  // the client was reset: their replies will not come
  DXHUB_RETURN_IF_ERROR(received);
  DXHUB_RETURN_IF_ERROR(client::ReplyStatus(*reply));
  ++counters_.read_chunks;
  store_head_ = reply->read().head_seq();
  // More to read: ask for it now, so the store reads it while this chunk is
  // applied; and the chunk after it, from where it will start if full (the
  // store's seqs have no gaps; a shorter chunk, cut by the store's byte
  // limit, leaves a read from elsewhere, dropped above, its reply ignored).
  const uint64_t next = reply->read().next_seq();
  if (!reads_.empty() && reads_.front().from != next) reads_.clear();
  if (reply->read().events_size() > 0 && next > engine_->next_seq()) {
    uint64_t from = reads_.empty() ? next : reads_.back().from + kCatchUpChunk;
    while (reads_.size() < kReadsInFlight && from <= store_head_ && ReadAhead(from).ok()) from += kCatchUpChunk;
  }
  std::vector<const StoredEvent*> events;
  events.reserve(static_cast<size_t>(reply->read().events_size()));
  for (const StoredEvent& e : reply->read().events()) events.push_back(&e);
  const uint64_t before = engine_->next_seq();
  fatal_ = engine_->Apply(events);
  DXHUB_RETURN_IF_ERROR(fatal_);
  return static_cast<size_t>(engine_->next_seq() - before);
}

Result<size_t> AggregatorServer::Consume(std::chrono::milliseconds wait) {
  if (follower_ == nullptr) {
    auto n = CatchUpChunk();
    if (!n.ok()) return n.status();
    if (*n == 0 && engine_->next_seq() > store_head_) {
      follower_ = std::make_unique<client::EventFollower>(context_, config_.store, config_.store_publish,
                                                          engine_->next_seq());
    }
    return n;
  }
  std::vector<StoredEvent> chunk;
  auto next = follower_->Next(wait);
  while (next.ok() && next->has_value()) {
    chunk.push_back(std::move(**next));
    if (chunk.size() >= kFollowChunk) break;
    next = follower_->Next(std::chrono::milliseconds(0));
  }
  if (!next.ok() && chunk.empty()) return next.status();
  store_head_ = std::max(store_head_, follower_->known_head());
  const uint64_t before = engine_->next_seq();
  fatal_ = engine_->Apply(chunk);
  DXHUB_RETURN_IF_ERROR(fatal_);
  if (store_head_ > engine_->next_seq() + kFallBehind) follower_.reset();  // far behind: read in bulk
  return static_cast<size_t>(engine_->next_seq() - before);
}

void AggregatorServer::Report(bool force) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - last_report_).count();
  if (!force && seconds < 1.0) return;
  const uint64_t applied = engine_->applied_seq();
  const double rate = seconds > 0 ? static_cast<double>(applied - reported_applied_) / seconds : 0.0;
  if (progress_ && (applied != reported_applied_ || force)) progress_(applied, std::max(store_head_, applied), rate);
  reported_applied_ = applied;
  last_report_ = now;
}

}  // namespace dxhub::aggregator
