#include "dxhub/store/ingestor.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>

#include "dxhub/common/log.h"
#include "dxhub/common/utf8.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/permissions.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::store {
namespace {

constexpr size_t kMaxDeadLetterReasonBytes = 1024;

using dxhub::event::v1::Event;
using dxhub::ingest::v1::AckStatus;
using dxhub::ingest::v1::EventAck;

google::protobuf::Timestamp Now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

void Merge(IngestCounters& into, const IngestCounters& from) {
  into.accepted += from.accepted;
  into.duplicates += from.duplicates;
  into.security_events += from.security_events;
  for (const auto& [code, n] : from.rejected_by_code) into.rejected_by_code[code] += n;
}

}  // namespace

protocol::ValidationLimits ValidationLimitsOf(const StoreLimits& limits) {
  protocol::ValidationLimits validation;
  validation.max_string_bytes = limits.max_string_bytes;
  validation.max_event_bytes = limits.max_event_bytes;
  return validation;
}

Ingestor::Ingestor(EventSink* log, const StoreLimits& limits)
    : log_(log), limits_(limits), validation_(ValidationLimitsOf(limits)) {}

void Ingestor::Stage(const Principal& who, dxhub::ingest::v1::IngestRequest* request,
                     dxhub::ingest::v1::IngestResponse* response) {
  StageRequest(who, request, nullptr, {}, response);
}

void Ingestor::Stage(const Principal& who, dxhub::ingest::v1::IngestRequest* request,
                     const std::vector<std::optional<protocol::Rejection>>& validated,
                     dxhub::ingest::v1::IngestResponse* response, const std::vector<std::string_view>& received) {
  DXHUB_CHECK(validated.size() == static_cast<size_t>(request->events_size()));
  DXHUB_CHECK(received.empty() || received.size() == validated.size());
  StageRequest(who, request, &validated, received, response);
}

void Ingestor::StageRequest(const Principal& who, dxhub::ingest::v1::IngestRequest* request,
                            const std::vector<std::optional<protocol::Rejection>>* validated,
                            const std::vector<std::string_view>& received,
                            dxhub::ingest::v1::IngestResponse* response) {
  response->set_batch_id(request->batch_id());
  // The duplicate checks of the whole request in one batched lookup: the log
  // does not change while staging, and an id is consulted only once its event
  // has passed every other check (events staged earlier in this group are
  // found in staged_ids_ first).
  std::vector<std::string_view> ids;
  ids.reserve(static_cast<size_t>(request->events_size()));
  for (const auto& event : request->events()) ids.push_back(event.event_id());
  const auto stored = log_->FindEventIds(ids);
  response->mutable_acks()->Reserve(request->events_size());
  for (int i = 0; i < request->events_size(); ++i) {
    const auto at = static_cast<size_t>(i);
    Decide(who, request->mutable_events(i), stored[at], validated != nullptr ? &(*validated)[at] : nullptr,
           received.empty() ? std::string_view() : received[at], response->add_acks());
  }
}

void Ingestor::Stage(const Principal& who, const dxhub::ingest::v1::IngestRequest& request,
                     dxhub::ingest::v1::IngestResponse* response) {
  dxhub::ingest::v1::IngestRequest copy = request;
  Stage(who, &copy, response);
}

void Ingestor::Reject(EventAck* ack, const std::string& org_id, const Event& event, const std::string& code,
                      const std::string& reason, bool security) {
  ack->set_status(AckStatus::ACK_STATUS_REJECTED);
  ack->set_reason_code(code);
  ack->set_reason(reason);
  ++staged_counters_.rejected_by_code[code];
  if (security) ++staged_counters_.security_events;
  auto raw = protocol::Serialize(event);  // parsed from the wire, so it serialises; if not, the reason says so
  StageDeadLetter(org_id, code, raw.ok() ? reason : reason + " (" + raw.status().message() + ")",
                  raw.ok() ? *raw : std::string(), security, event.event_id());
}

void Ingestor::Decide(const Principal& who, Event* incoming, const Result<std::optional<uint64_t>>& existing,
                      const std::optional<protocol::Rejection>* validated, std::string_view received,
                      EventAck* ack) {
  const Event& event = *incoming;
  ack->set_event_id(event.event_id());
  // Shown and kept cut short, never inside a character (a dead letter must parse back).
  const std::string claimed_org(Utf8Prefix(event.org_id(), 32));
  // Every key is bound to an org: a connector to its own, services and admins
  // to HUB. A malformed org id is a format error, not a claim on another org.
  const std::string bound_org = protocol::BoundOrgId(who);
  if (event.org_id() != bound_org && protocol::IsValidOrgId(event.org_id())) {
    Logger("security")->warn("'{}' ({} key, bound to org {}) sent event {} claiming org '{}'; rejected", who.name,
                             RoleName(who.role), bound_org, Utf8Prefix(event.event_id(), 16), claimed_org);
    Reject(ack, bound_org, event, "ORG_MISMATCH",
           "org_id '" + claimed_org + "' differs from the org this " + std::string(RoleName(who.role)) +
               " key is bound to ('" + bound_org + "'); the attempt was logged as a security event",
           true);
    return;
  }
  if (const std::string& type = protocol::PayloadType(event); !type.empty() && !protocol::MaySend(who.role, type)) {
    Reject(ack, bound_org, event, "FORBIDDEN_PAYLOAD",
           std::string(RoleName(who.role)) + " keys may not send " + type + " events; " +
               protocol::WhoMaySend(type) + " send them (docs/protocol.md, \"Roles\")",
           false);
    return;
  }
  if (auto rejection = validated != nullptr ? *validated : protocol::ValidateEvent(event, validation_)) {
    Reject(ack, who.role == Role::kConnector ? who.org_id : claimed_org, event, rejection->code,
           rejection->reason, false);
    return;
  }
  if (auto refused = CheckReviewRules(event)) {
    const bool security = refused->code == "NOT_OWN_ASSESSMENT" || refused->code == "NOT_PAIRED";
    if (security) {
      Logger("security")->warn("org {} ('{}'): {}; rejected and dead-lettered", event.org_id(), who.name,
                               refused->reason);
    }
    Reject(ack, event.org_id(), event, refused->code, refused->reason, security);
    return;
  }
  if (auto staged = staged_ids_.find(event.event_id()); staged != staged_ids_.end()) {
    ack->set_status(AckStatus::ACK_STATUS_DUPLICATE);
    ack->set_seq(staged->second);
    ++staged_counters_.duplicates;
    return;
  }
  if (!existing.ok()) {
    // Cannot tell whether it is a duplicate: refuse to guess, and do not call
    // it rejected either (that would be final). The whole batch is answered
    // UNAVAILABLE and resent.
    Logger("store")->error("duplicate check failed for event {}: {}", Utf8Prefix(event.event_id(), 16),
                           existing.status().ToString());
    lookup_failed_ = true;
    return;
  }
  if (existing->has_value()) {
    ack->set_status(AckStatus::ACK_STATUS_DUPLICATE);
    ack->set_seq(**existing);
    ++staged_counters_.duplicates;
    return;
  }
  const uint64_t seq = log_->head_seq() + batch_.events.size() + 1;
  staged_ids_[event.event_id()] = seq;
  if (event.has_review_cycle()) staged_cycles_[event.review_cycle().cycle_id()] = event.review_cycle();
  StoredEvent& stored = batch_.events.emplace_back();
  stored.set_seq(seq);
  *stored.mutable_committed_at() = Now();
  // Made of the bytes it came in where there are some (serialised in Commit otherwise).
  batch_.encoded.push_back(received.empty() ? std::string() : StoredEventBytes(stored, received));
  stored.mutable_event()->Swap(incoming);  // moved, not copied: the request is done with it
  ack->set_status(AckStatus::ACK_STATUS_ACCEPTED);
  ack->set_seq(seq);
  ++staged_counters_.accepted;
}

const dxhub::event::v1::ReviewCycle* Ingestor::FindCycle(const std::string& cycle_id) const {
  if (auto it = staged_cycles_.find(cycle_id); it != staged_cycles_.end()) return &it->second;
  if (auto it = cycles_.find(cycle_id); it != cycles_.end()) return &it->second;
  return nullptr;
}

std::optional<protocol::Rejection> Ingestor::CheckReviewRules(const Event& event) const {
  using dxhub::event::v1::REVIEW_CYCLE_STATE_OPEN;
  std::string cycle_id;
  std::string kind;
  std::vector<std::string> questions;
  if (event.has_self_assessment()) {
    const auto& p = event.self_assessment();
    if (p.assessed_org_id() != event.org_id()) {
      return protocol::Rejection{"NOT_OWN_ASSESSMENT",
                                 "a self-assessment for " + p.assessed_org_id() + " was sent by " + event.org_id() +
                                     "; an organisation submits only its own self-assessment (its peer reviews it)"};
    }
    cycle_id = p.cycle_id();
    kind = "self-assessment";
    for (const auto& r : p.ratings()) questions.push_back(r.question_id());
  } else if (event.has_peer_review()) {
    cycle_id = event.peer_review().cycle_id();
    kind = "review";
    for (const auto& r : event.peer_review().ratings()) questions.push_back(r.question_id());
  } else {
    return std::nullopt;
  }
  const auto* cycle = FindCycle(cycle_id);
  if (cycle == nullptr) {
    return protocol::Rejection{"UNKNOWN_CYCLE", "peer-review cycle '" + cycle_id +
                                                    "' has not been opened; check the cycle id with the hub admin "
                                                    "('dxctl review status')"};
  }
  if (cycle->state() != REVIEW_CYCLE_STATE_OPEN) {
    return protocol::Rejection{"CYCLE_CLOSED", "peer-review cycle '" + cycle_id + "' is closed; a " + kind +
                                                   " is accepted only while its cycle is open"};
  }
  const auto& participants = cycle->participants();
  if (std::find(participants.begin(), participants.end(), event.org_id()) == participants.end()) {
    return protocol::Rejection{"NOT_A_PARTICIPANT",
                               event.org_id() + " does not take part in cycle '" + cycle_id + "'"};
  }
  if (event.has_peer_review()) {
    const std::string& reviewed = event.peer_review().reviewed_org_id();
    bool paired = false;
    for (const auto& pair : cycle->pairings()) {
      paired = paired || (pair.reviewer_org_id() == event.org_id() && pair.reviewed_org_id() == reviewed);
    }
    if (!paired) {
      return protocol::Rejection{"NOT_PAIRED", event.org_id() + " is not paired to review " + reviewed.substr(0, 16) +
                                                   " in cycle '" + cycle_id +
                                                   "'; only the paired peer may review (see 'dxctl review status')"};
    }
  }
  const auto& known = cycle->question_ids();
  for (const auto& q : questions) {
    if (!known.empty() && std::find(known.begin(), known.end(), q) == known.end()) {
      return protocol::Rejection{"UNKNOWN_QUESTION", "question '" + q.substr(0, 32) + "' is not in framework " +
                                                         cycle->framework_version() + " used by cycle '" + cycle_id +
                                                         "'"};
    }
  }
  return std::nullopt;
}

void Ingestor::StageDeadLetter(const std::string& org_id, const std::string& code, const std::string& reason,
                               std::string_view raw, bool security, const std::string& event_id) {
  DeadLetter letter;
  letter.set_id(log_->dead_letter_head() + batch_.dead_letters.size() + 1);
  *letter.mutable_rejected_at() = Now();
  letter.set_org_id(org_id);
  letter.set_reason_code(code);
  letter.set_reason(std::string(Utf8Prefix(reason, kMaxDeadLetterReasonBytes)));  // a reason never outweighs the cap
  letter.set_raw_size(raw.size());
  letter.set_truncated(raw.size() > limits_.dead_letter_raw_bytes);
  letter.set_raw(std::string(raw.substr(0, limits_.dead_letter_raw_bytes)));
  letter.set_event_id(std::string(Utf8Prefix(event_id, 64)));
  letter.set_security(security);
  batch_.dead_letters.push_back(std::move(letter));
}

Status Ingestor::Commit(std::vector<StoredEvent>* committed, std::vector<std::string>* encoded) {
  // Each event's encoding is made once (here, unless Stage made it of the
  // bytes received): the log writes these bytes and the server publishes them.
  Status status = Status::Ok();
  DXHUB_CHECK(batch_.encoded.size() == batch_.events.size());
  for (size_t i = 0; i < batch_.events.size() && status.ok(); ++i) {
    if (!batch_.encoded[i].empty()) continue;
    auto bytes = protocol::Serialize(batch_.events[i]);
    if (!bytes.ok()) {
      status = bytes.status();  // nothing of the group is written
      break;
    }
    batch_.encoded[i] = std::move(*bytes);
  }
  if (status.ok()) status = log_->Commit(batch_);
  if (status.ok()) {
    Merge(counters_, staged_counters_);
    ++counters_.commits;
    *committed = std::move(batch_.events);
    if (encoded != nullptr) *encoded = std::move(batch_.encoded);
    for (auto& [id, cycle] : staged_cycles_) cycles_[id] = std::move(cycle);
  } else {
    ++counters_.commit_failures;
  }
  batch_ = CommitBatch();
  staged_ids_.clear();
  staged_cycles_.clear();
  staged_counters_ = IngestCounters();
  return status;
}

}  // namespace dxhub::store
