#include "dxhub/store/server.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>

#include "dxhub/common/log.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/common/utf8.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/permissions.h"
#include "dxhub/protocol/validate.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/store/ingest_wire.h"
#include "dxhub/store/read_wire.h"

namespace dxhub::store {
namespace {

using dxhub::wire::v1::ErrorCode;
using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

constexpr size_t kMaxMessagesPerTurn = 2000;
constexpr size_t kMaxReadScan = 200000;
constexpr int kPublishHighWaterMark = 200000;
// ZMQ_MAX_SOCKETS: the store makes a handful of ZeroMQ sockets (ingest,
// publish, admin, ZAP, monitors); connections are bounded by the ConnectionGuard.
constexpr int kMaxZmqSockets = 64;

const Principal& LocalAdmin() {
  static const Principal admin{"local-admin", Role::kAdmin, "", ""};
  return admin;
}

std::string Concatenate(const std::vector<zmq::message_t>& frames, size_t from) {
  std::string raw;
  for (size_t i = from; i < frames.size(); ++i) raw.append(frames[i].data<char>(), frames[i].size());
  return raw;
}

void AddCounter(dxhub::mgmt::v1::StatsResponse* stats, const std::string& name, int64_t value,
                std::map<std::string, std::string> labels = {}) {
  auto* c = stats->add_counters();
  c->set_name(name);
  c->set_value(value);
  for (auto& [k, v] : labels) (*c->mutable_labels())[k] = v;
}

}  // namespace

StoreServer::StoreServer(StoreConfig config)
    : config_(std::move(config)),
      context_(1, kMaxZmqSockets),
      rate_limiter_(config_.limits.max_events_per_second),
      malformed_limiter_(config_.limits.max_malformed_per_second) {}

StoreServer::~StoreServer() {
  ingest_.reset();
  admin_.reset();
  publish_.reset();
  guard_.reset();
  if (zap_) zap_->Stop();
}

Status StoreServer::Start() {
  started_ = std::chrono::steady_clock::now();
  kv::StorageOptions storage;
  storage.min_free_bytes = config_.limits.min_free_bytes;
  storage.file_system = config_.file_system;
  auto log = EventLog::Open(config_.data_dir, std::move(storage));
  if (!log.ok()) return log.status();
  log_ = std::move(*log);
  log_->SetDeadLetterRetention(config_.limits.max_dead_letters, config_.limits.max_dead_letter_bytes);
  ingestor_ = std::make_unique<Ingestor>(log_.get(), config_.limits);
  validator_ = std::make_unique<BatchValidator>(ValidationLimitsOf(config_.limits));
  DXHUB_RETURN_IF_ERROR(validator_->Start());
  DXHUB_RETURN_IF_ERROR(LoadReviewCycles());
  DXHUB_RETURN_IF_ERROR(connectors_.Restore(log_->connector_tallies()));

  zap_ = std::make_unique<ZapHandler>(
      context_, config_.clients,
      std::map<std::string, std::set<Role>>{{"ingest", {Role::kConnector, Role::kService, Role::kAdmin}},
                                            {"publish", {Role::kService, Role::kAdmin}}});
  DXHUB_RETURN_IF_ERROR(zap_->Start());

  const ConnectionBudget budget{config_.limits.max_connections, config_.limits.max_connections_per_peer,
                                static_cast<int>(config_.limits.handshake_timeout_ms)};
  guard_ = std::make_unique<ConnectionGuard>(context_, budget, "store");
  try {
    ingest_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::router);
    ingest_->set(zmq::sockopt::linger, 2000);
    // Transport-level guard well above the per-message limit, so that an
    // oversized but sane message still gets a TOO_LARGE answer and a dead letter.
    ingest_->set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(config_.limits.max_message_bytes * 2 + 65536));
    DXHUB_RETURN_IF_ERROR(MakeCurveServer(*ingest_, config_.server_secret_key, "ingest"));
    DXHUB_RETURN_IF_ERROR(guard_->Watch(*ingest_, "ingest"));
    auto ingest_ep = BindAndResolve(*ingest_, config_.ingest_endpoint);
    if (!ingest_ep.ok()) return ingest_ep.status();
    endpoints_.ingest = *ingest_ep;

    publish_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::pub);
    publish_->set(zmq::sockopt::linger, 1000);
    publish_->set(zmq::sockopt::sndhwm, kPublishHighWaterMark);
    DXHUB_RETURN_IF_ERROR(MakeCurveServer(*publish_, config_.server_secret_key, "publish"));
    DXHUB_RETURN_IF_ERROR(guard_->Watch(*publish_, "publish"));
    auto publish_ep = BindAndResolve(*publish_, config_.publish_endpoint);
    if (!publish_ep.ok()) return publish_ep.status();
    endpoints_.publish = *publish_ep;

    if (!config_.admin_endpoint.empty()) {
      admin_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::router);
      admin_->set(zmq::sockopt::linger, 1000);
      auto admin_ep = BindOwnerOnlyIpc(*admin_, config_.admin_endpoint);
      if (!admin_ep.ok()) return admin_ep.status();
      endpoints_.admin = *admin_ep;
    }
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("socket set-up failed: ") + e.what());
  }
  DXHUB_RETURN_IF_ERROR(guard_->Start());
  if (log_->storage().read_only()) Logger("store")->warn("{}", HealthStatus());
  Logger("store")->info("serving {} events (head seq {}), ingest {}, publish {}, admin {}", log_->head_seq(),
                        log_->head_seq(), endpoints_.ingest, endpoints_.publish,
                        endpoints_.admin.empty() ? "none" : endpoints_.admin);
  return Status::Ok();
}

Status StoreServer::LoadReviewCycles() {
  ReadFilter filter;
  filter.event_types = {"review_cycle"};
  uint64_t from = 1;
  while (from <= log_->head_seq()) {
    std::vector<StoredEvent> events;
    uint64_t next = 0;
    DXHUB_RETURN_IF_ERROR(log_->Read(from, config_.limits.max_read_events, kMaxReadScan, config_.limits.max_read_bytes,
                                     filter, &events, &next));
    for (const auto& e : events) ingestor_->RememberCycle(e.event().review_cycle());
    if (next <= from) break;
    from = next;
  }
  return Status::Ok();
}

Status StoreServer::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) Turn(std::chrono::milliseconds(100));
  draining_ = true;
  Logger("store")->info("stopping: draining messages already received");
  Turn(std::chrono::milliseconds(0));
  while (!in_flight_.empty()) {  // batches received but not yet validated
    if (!validator_->ValidateAChunkHere()) validator_->WaitForAJob(std::chrono::milliseconds(100));
    StageValidated();
    if (!ingestor_->empty() || !pending_.empty()) CommitStaged();
  }
  Logger("store")->info("stopped cleanly at head seq {}", log_->head_seq());
  return Status::Ok();
}

void StoreServer::Turn(std::chrono::milliseconds wait) {
  // Nothing is staged between turns: while the oldest batch waits for its
  // validation, the writer validates chunks too. It does not wait for a
  // message when a batch is ready to stage (one a full group left, or one it
  // has just finished validating itself).
  while (!in_flight_.empty() && !in_flight_.front()->job.done()) {
    if (!validator_->ValidateAChunkHere()) break;  // the validator's thread has the rest of it in hand
  }
  if (!in_flight_.empty() && in_flight_.front()->job.done()) wait = std::chrono::milliseconds(0);
  zmq::pollitem_t items[] = {{ingest_->handle(), 0, ZMQ_POLLIN, 0},
                             {nullptr, validator_->notify_fd(), ZMQ_POLLIN, 0},
                             {admin_ ? admin_->handle() : nullptr, 0, ZMQ_POLLIN, 0}};
  try {
    zmq::poll(items, admin_ ? 3 : 2, wait);
  } catch (const zmq::error_t& e) {
    Logger("store")->error("poll failed: {}", e.what());
    return;
  }
  // Cleared before the jobs are looked at: a job done after this notifies again.
  validator_->ClearNotification();
  size_t handled = 0;
  bool more = true;
  while (more && handled < kMaxMessagesPerTurn && in_flight_events_ < config_.limits.max_group_events) {
    more = false;
    for (auto [socket, is_admin] : {std::pair{ingest_.get(), false}, std::pair{admin_.get(), true}}) {
      if (socket == nullptr) continue;
      auto frames = ReceiveMultipart(*socket, std::chrono::milliseconds(0));
      if (!frames.ok()) continue;
      more = true;
      ++handled;
      Handle(*socket, is_admin, *frames);
    }
  }
  StageValidated();
  if (!ingestor_->empty() || !pending_.empty()) CommitStaged();
}

void StoreServer::StageValidated() {
  while (!in_flight_.empty() && in_flight_.front()->job.done() &&
         ingestor_->staged_events() < config_.limits.max_group_events) {
    std::unique_ptr<InFlight> item = std::move(in_flight_.front());
    in_flight_.pop_front();
    in_flight_events_ -= item->events;
    if (const auto& error = item->job.decode_error) {  // scanned as an ingest request, but does not parse
      rate_limiter_.Refund(item->who.name, item->events);
      Malformed(*item->socket, item->identity, item->who, item->frames, error->code(), error->message());
      validator_->Release(std::move(item));
      continue;
    }
    // HandOver passes on only requests scanned as ingest requests, which parse as nothing else.
    DXHUB_CHECK(item->request.body_case() == Request::kIngest);
    auto& batch = *item->request.mutable_ingest();
    Reply reply;
    reply.set_request_id(item->request.request_id());
    ingestor_->Stage(item->who, &batch, item->job.results, reply.mutable_ingest(), item->job.received);
    if (ingestor_->TakeLookupFailure()) {
      reply = protocol::ErrorReply(item->request.request_id(), ErrorCode::ERROR_CODE_UNAVAILABLE,
                                   "the store could not check this batch for duplicates; resend it", 1000);
    } else if (item->who.role == Role::kConnector) {
      connectors_.Stage(item->who.name, item->who.org_id, reply.ingest());
    }
    pending_.push_back({item->socket, std::move(item->identity), std::move(reply)});
    validator_->Release(std::move(item));  // thousands of emptied events: freed off the writer
  }
}

void StoreServer::Handle(zmq::socket_t& socket, bool admin_socket, std::vector<zmq::message_t>& frames) {
  if (frames.size() < 2) return;  // no identity: cannot come from a ROUTER peer
  const std::string identity = frames[0].to_string();
  std::optional<Principal> who;
  if (admin_socket) {
    who = LocalAdmin();
  } else if (auto user = UserIdOf(frames[1])) {
    who = config_.clients->FindByName(*user);
  }
  if (!who) {
    Logger("security")->error("message without an authenticated principal on the ingest socket; dropped");
    return;
  }

  size_t total = 0;
  for (size_t i = 1; i < frames.size(); ++i) total += frames[i].size();
  if (total > config_.limits.max_message_bytes) {
    Malformed(socket, identity, *who, frames, ErrorCode::ERROR_CODE_TOO_LARGE,
              "message of " + std::to_string(total) + " bytes exceeds the limit of " +
                  std::to_string(config_.limits.max_message_bytes) + "; send smaller batches");
    return;
  }

  if (HandOver(socket, identity, *who, frames)) return;
  Request request;
  if (auto error = protocol::DecodeRequest(frames, 1, &request)) {
    Malformed(socket, identity, *who, frames, error->code(), error->message());
    return;
  }
  Dispatch(socket, identity, *who, request);
}

bool StoreServer::HandOver(zmq::socket_t& socket, const std::string& identity, const Principal& who,
                           std::vector<zmq::message_t>& frames) {
  // Anything out of the ordinary (another call, a refusal, bytes that do not
  // scan) is parsed and answered by the writer as before; a request that
  // scans but does not parse is answered when the validator has tried it.
  if (frames.size() != 3 || frames[1].to_string_view() != kProtocolSignature) return false;
  const auto events = PeekIngestEvents(frames[2].to_string_view());
  if (!events || *events > config_.limits.max_batch_events) return false;
  const auto* allowed = protocol::FindPermission(protocol::StoreRequestPermissions(), "ingest");
  if (allowed != nullptr && !allowed->Allows(who.role)) return false;
  uint32_t retry_after = 0;
  if (!rate_limiter_.Take(who.name, *events, &retry_after)) return false;  // refused again, and answered, by Dispatch
  auto item = std::make_unique<InFlight>();
  item->socket = &socket;
  item->identity = identity;
  item->who = who;
  item->frames = std::move(frames);
  item->events = *events;
  item->job.frames = &item->frames;
  item->job.decoded = &item->request;
  Submit(std::move(item));
  return true;
}

void StoreServer::Submit(std::unique_ptr<InFlight> item) {
  in_flight_events_ += item->events;
  validator_->Submit(&item->job);
  in_flight_.push_back(std::move(item));
}

void StoreServer::Malformed(zmq::socket_t& socket, const std::string& identity, const Principal& who,
                            const std::vector<zmq::message_t>& frames, ErrorCode code, const std::string& reason) {
  ++malformed_;
  // Always answered; kept and logged only within the key's budget, so one key
  // cannot fill the disk with dead letters or the log (issue 19, failure 8).
  uint32_t retry_after = 0;
  const auto now = std::chrono::steady_clock::now();
  const bool keep = malformed_limiter_.Take(who.name, 1, &retry_after);
  uint64_t suppressed = 0;
  if (malformed_log_[who.name].Allow(now, &suppressed)) {
    Logger("store")->warn("malformed message from '{}': {}; {}{}", who.name, reason,
                          keep ? "dead-lettered" : "not kept (over the key's malformed budget)",
                          SuppressedNote(suppressed));
  }
  if (keep) {
    ingestor_->StageDeadLetter(who.org_id, dxhub::wire::v1::ErrorCode_Name(code), reason, Concatenate(frames, 1));
  } else {
    ++malformed_not_kept_;
  }
  // The id is echoed whenever the Request frame parsed (a wrong signature or
  // an extra frame); 0 only when there was no Request to read it from.
  pending_.push_back({&socket, identity, protocol::ErrorReply(protocol::RequestIdOf(frames, 1), code, reason)});
}

void StoreServer::Dispatch(zmq::socket_t& socket, const std::string& identity, const Principal& who,
                           Request& request) {
  const uint64_t id = request.request_id();
  Reply reply;
  reply.set_request_id(id);
  const std::string call = protocol::RequestName(request);
  // A call another service serves (or none) is answered UNIMPLEMENTED below.
  if (const auto* allowed = protocol::FindPermission(protocol::StoreRequestPermissions(), call);
      allowed != nullptr && !allowed->Allows(who.role)) {
    Send(socket, identity,
         protocol::ErrorReply(id, ErrorCode::ERROR_CODE_FORBIDDEN,
                              "key '" + who.name + "' (role " + std::string(RoleName(who.role)) + ") may not make " +
                                  call + " requests; only " + protocol::RoleList(allowed->roles) +
                                  " keys may (docs/protocol.md, \"Roles\")"));
    return;
  }
  switch (request.body_case()) {
    case Request::kIngest: {
      auto& batch = *request.mutable_ingest();
      if (static_cast<size_t>(batch.events_size()) > config_.limits.max_batch_events) {
        Send(socket, identity,
             protocol::ErrorReply(id, ErrorCode::ERROR_CODE_TOO_LARGE,
                                  "batch of " + std::to_string(batch.events_size()) + " events exceeds the limit of " +
                                      std::to_string(config_.limits.max_batch_events) + "; split it"));
        return;
      }
      uint32_t retry_after = 0;
      // The budget belongs to the key, not the connection: reconnecting buys nothing.
      if (!rate_limiter_.Take(who.name, static_cast<size_t>(batch.events_size()), &retry_after)) {
        Send(socket, identity,
             protocol::ErrorReply(id, ErrorCode::ERROR_CODE_RATE_LIMITED,
                                  "more than " + std::to_string(config_.limits.max_events_per_second) +
                                      " events per second from key '" + who.name + "'; retry later",
                                  retry_after));
        return;
      }
      // Validated on the validator's thread, staged by StageValidated in arrival order.
      auto item = std::make_unique<InFlight>();
      item->socket = &socket;
      item->identity = identity;
      item->who = who;
      item->request.Swap(&request);
      item->job.request = &item->request.ingest();
      item->events = static_cast<size_t>(item->request.ingest().events_size());
      Submit(std::move(item));
      return;
    }
    case Request::kRead:
      SendFrames(socket, identity, id, Read(request));
      return;
    case Request::kDeadLetters: {
      std::vector<DeadLetter> items;
      uint64_t next = 0;
      const uint32_t asked = request.dead_letters().max_items();
      const size_t max = asked == 0 ? 100 : std::min<size_t>(asked, 1000);
      Status s = log_->ReadDeadLetters(request.dead_letters().from_id(), max, config_.limits.max_read_bytes, &items,
                                       &next);
      if (!s.ok()) {
        Send(socket, identity, protocol::ErrorReply(id, ErrorCode::ERROR_CODE_INTERNAL, s.ToString()));
        return;
      }
      auto* out = reply.mutable_dead_letters();
      for (auto& item : items) *out->add_items() = std::move(item);
      out->set_next_id(next);
      Send(socket, identity, reply);
      return;
    }
    case Request::kHealth: {
      auto* h = reply.mutable_health();
      h->set_service("dxhub-store");
      h->set_status(draining_ ? "DRAINING" : HealthStatus());
      const auto& storage = log_->storage();
      if (auto free = storage.FreeBytes()) h->set_data_free_bytes(*free);
      h->set_data_min_free_bytes(storage.min_free_bytes());
      h->set_uptime_seconds(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count());
      Send(socket, identity, reply);
      return;
    }
    case Request::kVersion: {
      auto* v = reply.mutable_version();
      v->set_service("dxhub-store");
      v->set_version(DXHUB_VERSION);
      v->set_protocol(std::string(kProtocolSignature));
      Send(socket, identity, reply);
      return;
    }
    case Request::kStats:
      Send(socket, identity, Stats(id, who));
      return;
    default:  // BODY_NOT_SET, or a call another service serves (e.g. indicators)
      Send(socket, identity,
           protocol::ErrorReply(id, ErrorCode::ERROR_CODE_UNIMPLEMENTED,
                                "the request names no call this store serves (ingest, read, dead_letters, "
                                "health, version, stats)"));
      return;
  }
}

namespace {

// Why a read filter can match nothing however the log grows (a misspelt type,
// a lower-case org, an impossible date); nullopt when it is well-formed.
std::optional<std::string> BadReadFilter(const dxhub::store::v1::ReadRequest& r) {
  for (int i = 0; i < r.org_ids_size(); ++i) {
    if (!protocol::IsValidOrgId(r.org_ids(i))) {
      return "read.org_ids[" + std::to_string(i) + "] '" + std::string(Utf8Prefix(r.org_ids(i), 32)) +
             "' is not an org id (2 to 16 characters of A-Z, 0-9, '_' or '-')";
    }
  }
  for (int i = 0; i < r.event_types_size(); ++i) {
    if (!protocol::IsPayloadType(r.event_types(i))) {
      return "read.event_types[" + std::to_string(i) + "] '" + std::string(Utf8Prefix(r.event_types(i), 32)) +
             "' is not a payload type (the Event.payload field name, e.g. staff_record)";
    }
  }
  if (r.has_occurred_from() && !protocol::IsValidDate(r.occurred_from())) {
    return "read.occurred_from " + protocol::DateToString(r.occurred_from()) + " is not a real date in 1900-2200";
  }
  if (r.has_occurred_to() && !protocol::IsValidDate(r.occurred_to())) {
    return "read.occurred_to " + protocol::DateToString(r.occurred_to()) + " is not a real date in 1900-2200";
  }
  if (r.has_occurred_from() && r.has_occurred_to() &&
      protocol::DaysFromCivil(r.occurred_from()) > protocol::DaysFromCivil(r.occurred_to())) {
    return "read.occurred_to " + protocol::DateToString(r.occurred_to()) + " is before occurred_from " +
           protocol::DateToString(r.occurred_from());
  }
  return std::nullopt;
}

}  // namespace

std::vector<zmq::message_t> StoreServer::Read(const Request& request) {
  const auto& r = request.read();
  if (auto bad = BadReadFilter(r)) {
    return protocol::EncodeReply(
        protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_INVALID_ARGUMENT, *bad + "; fix the filter"));
  }
  const size_t max = std::clamp<size_t>(r.max_events() == 0 ? config_.limits.max_read_events : r.max_events(), 1,
                                        config_.limits.max_read_events);
  if (r.org_ids().empty() && r.event_types().empty() && !r.has_occurred_from() && !r.has_occurred_to()) {
    // Unfiltered (the aggregator's catch-up, a replay): the events as the bytes kept for them.
    std::string event_fields;
    size_t count = 0;
    uint64_t next = 0;
    Status s = log_->ReadEncoded(r.from_seq(), max, config_.limits.max_read_bytes, &event_fields, &count, &next);
    if (!s.ok()) {
      Logger("store")->error("read failed: {}", s.ToString());
      return protocol::EncodeReply(protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_INTERNAL, s.ToString()));
    }
    return protocol::MessageFrames(ReadReplyEncoding(request.request_id(), event_fields, next, log_->head_seq()));
  }
  ReadFilter filter;
  filter.org_ids.assign(r.org_ids().begin(), r.org_ids().end());
  filter.event_types.assign(r.event_types().begin(), r.event_types().end());
  if (r.has_occurred_from()) filter.occurred_from_days = protocol::DaysFromCivil(r.occurred_from());
  if (r.has_occurred_to()) filter.occurred_to_days = protocol::DaysFromCivil(r.occurred_to());
  std::vector<StoredEvent> events;
  uint64_t next = 0;
  Status s = log_->Read(r.from_seq(), max, kMaxReadScan, config_.limits.max_read_bytes, filter, &events, &next);
  if (!s.ok()) {
    Logger("store")->error("read failed: {}", s.ToString());
    return protocol::EncodeReply(protocol::ErrorReply(request.request_id(), ErrorCode::ERROR_CODE_INTERNAL, s.ToString()));
  }
  Reply reply;
  reply.set_request_id(request.request_id());
  auto* out = reply.mutable_read();
  for (auto& e : events) *out->add_events() = std::move(e);
  out->set_next_seq(next);
  out->set_head_seq(log_->head_seq());
  return protocol::EncodeReply(reply);
}

std::string StoreServer::HealthStatus() const {
  const auto& storage = log_->storage();
  const auto free = storage.FreeBytes();
  if (storage.read_only() || (free && *free < storage.min_free_bytes())) {
    return "DEGRADED: disk full: " + storage.dir().string() + " has " + (free ? std::to_string(*free) : "?") +
           " bytes free (minimum " + std::to_string(storage.min_free_bytes()) +
           "); reads are served, ingest is refused until space is freed";
  }
  return "SERVING";
}

Reply StoreServer::Stats(uint64_t request_id, const Principal& who) {
  Reply reply;
  reply.set_request_id(request_id);
  auto* stats = reply.mutable_stats();
  stats->set_service("dxhub-store");
  const auto& c = ingestor_->counters();
  AddCounter(stats, "head_seq", static_cast<int64_t>(log_->head_seq()));
  AddCounter(stats, "dead_letters", static_cast<int64_t>(log_->dead_letter_head()));
  AddCounter(stats, "dead_letters_kept", static_cast<int64_t>(log_->dead_letters_kept()));
  AddCounter(stats, "dead_letter_bytes", static_cast<int64_t>(log_->dead_letter_bytes()));
  AddCounter(stats, "accepted_total", static_cast<int64_t>(c.accepted));
  AddCounter(stats, "duplicates_total", static_cast<int64_t>(c.duplicates));
  AddCounter(stats, "security_events_total", static_cast<int64_t>(c.security_events));
  AddCounter(stats, "commits_total", static_cast<int64_t>(c.commits));
  AddCounter(stats, "commit_failures_total", static_cast<int64_t>(c.commit_failures));
  AddCounter(stats, "malformed_total", static_cast<int64_t>(malformed_));
  AddCounter(stats, "zap_refused_total", static_cast<int64_t>(zap_->refused()));
  const auto net = guard_->counters();
  AddCounter(stats, "connections_open", static_cast<int64_t>(net.open));
  AddCounter(stats, "connections_budget", static_cast<int64_t>(guard_->max_connections()));
  AddCounter(stats, "connections_accepted_total", static_cast<int64_t>(net.accepted));
  AddCounter(stats, "connections_shed_total", static_cast<int64_t>(net.shed));
  AddCounter(stats, "accept_failed_total", static_cast<int64_t>(net.accept_failed));
  AddCounter(stats, "handshake_failed_total", static_cast<int64_t>(net.handshake_incomplete), {{"reason", "incomplete"}});
  AddCounter(stats, "handshake_failed_total", static_cast<int64_t>(net.wrong_server_key), {{"reason", "wrong_server_key"}});
  AddCounter(stats, "handshake_failed_total", static_cast<int64_t>(net.not_curve), {{"reason", "not_curve"}});
  AddCounter(stats, "handshake_failed_total", static_cast<int64_t>(net.bad_handshake), {{"reason", "protocol"}});
  AddCounter(stats, "malformed_not_kept_total", static_cast<int64_t>(malformed_not_kept_));
  const auto& storage = log_->storage();
  if (auto free = storage.FreeBytes()) AddCounter(stats, "data_free_bytes", static_cast<int64_t>(*free));
  AddCounter(stats, "data_min_free_bytes", static_cast<int64_t>(storage.min_free_bytes()));
  AddCounter(stats, "write_refusals_total", static_cast<int64_t>(storage.refused_writes()));
  AddCounter(stats, "write_resumes_total", static_cast<int64_t>(storage.resumes()));
  for (const auto& [code, n] : c.rejected_by_code) {
    AddCounter(stats, "rejected_total", static_cast<int64_t>(n), {{"code", code}});
  }
  for (const auto& [key, n] : log_->counts()) {
    AddCounter(stats, "events_stored", static_cast<int64_t>(n), {{"org", key.first}, {"type", key.second}});
  }
  connectors_.AddTo(stats, std::chrono::system_clock::now());
  if (who.role == Role::kConnector) {  // its own org's counters only: nothing hub-wide, nothing of another org
    auto* counters = stats->mutable_counters();
    counters->erase(std::remove_if(counters->begin(), counters->end(),
                                   [&](const auto& counter) {
                                     auto org = counter.labels().find("org");
                                     return org == counter.labels().end() || org->second != who.org_id;
                                   }),
                    counters->end());
  }
  return reply;
}

void StoreServer::CommitStaged() {
  std::vector<StoredEvent> committed;
  std::vector<std::string> encoded;  // published as written
  const auto now = std::chrono::system_clock::now();
  ingestor_->StageConnectorTallies(connectors_.Encoded(now));
  Status s = ingestor_->Commit(&committed, &encoded);
  if (!s.ok()) {
    Logger("store")->error("commit failed, nothing acknowledged: {}", s.ToString());
    for (auto& p : pending_) {
      Send(*p.socket, p.identity,
           protocol::ErrorReply(p.reply.request_id(), ErrorCode::ERROR_CODE_UNAVAILABLE,
                                "the store could not make the batch durable (" + s.message() + "); retry", 1000));
    }
    pending_.clear();
    connectors_.Discard();
    return;
  }
  connectors_.Commit(now);
  for (auto& p : pending_) Send(*p.socket, p.identity, p.reply);
  for (const auto& bytes : encoded) {
    std::vector<zmq::message_t> frames;
    frames.emplace_back(kProtocolSignature.data(), kProtocolSignature.size());
    frames.emplace_back(bytes.data(), bytes.size());
    (void)SendMultipart(*publish_, frames);  // a slow subscriber catches up via Read
  }
  // The group's events, encodings and acks are freed on the validator's thread.
  validator_->Release(std::move(committed));
  validator_->Release(std::move(encoded));
  validator_->Release(std::exchange(pending_, {}));
}

void StoreServer::SendFrames(zmq::socket_t& socket, const std::string& identity, uint64_t request_id,
                             std::vector<zmq::message_t> frames) {
  frames.insert(frames.begin(), zmq::message_t(identity.data(), identity.size()));
  Status s = SendMultipart(socket, frames);
  if (!s.ok()) Logger("store")->warn("reply {} not delivered: {}", request_id, s.message());
}

void StoreServer::Send(zmq::socket_t& socket, const std::string& identity, const Reply& reply) {
  SendFrames(socket, identity, reply.request_id(), protocol::EncodeReply(reply));
}

}  // namespace dxhub::store
