#include "dxhub/store/ingestor.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>

#include "dxhub/common/log.h"
#include "dxhub/common/utf8.h"
#include "dxhub/protocol/event_id.h"

namespace dxhub::store {
namespace {

using dxhub::event::v1::Event;
using dxhub::ingest::v1::AckStatus;
using dxhub::ingest::v1::EventAck;

google::protobuf::Timestamp Now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

// Payloads that only hub services may write.
bool IsHubOnlyPayload(const Event& event) {
  return event.payload_case() == Event::kDigestSent || event.payload_case() == Event::kAdminAction;
}

void Merge(IngestCounters& into, const IngestCounters& from) {
  into.accepted += from.accepted;
  into.duplicates += from.duplicates;
  into.security_events += from.security_events;
  for (const auto& [code, n] : from.rejected_by_code) into.rejected_by_code[code] += n;
}

}  // namespace

Ingestor::Ingestor(EventSink* log, const StoreLimits& limits) : log_(log), limits_(limits) {
  validation_.max_string_bytes = limits.max_string_bytes;
}

void Ingestor::Stage(const Principal& who, const dxhub::ingest::v1::IngestRequest& request,
                     dxhub::ingest::v1::IngestResponse* response) {
  response->set_batch_id(request.batch_id());
  for (const auto& event : request.events()) {
    *response->add_acks() = Decide(who, event);
  }
}

void Ingestor::Reject(EventAck* ack, const std::string& org_id, const Event& event, const std::string& code,
                      const std::string& reason, bool security) {
  ack->set_status(AckStatus::ACK_STATUS_REJECTED);
  ack->set_reason_code(code);
  ack->set_reason(reason);
  ++staged_counters_.rejected_by_code[code];
  if (security) ++staged_counters_.security_events;
  StageDeadLetter(org_id, code, reason, event.SerializeAsString(), security, event.event_id());
}

EventAck Ingestor::Decide(const Principal& who, const Event& event) {
  EventAck ack;
  ack.set_event_id(event.event_id());
  // Shown and kept cut short, never inside a character (a dead letter must parse back).
  const std::string claimed_org(Utf8Prefix(event.org_id(), 32));
  if (who.role == Role::kConnector && event.org_id() != who.org_id) {
    Logger("security")->warn("'{}' (authenticated for org {}) sent event {} claiming org '{}'; rejected", who.name,
                             who.org_id, Utf8Prefix(event.event_id(), 16), claimed_org);
    Reject(&ack, who.org_id, event, "ORG_MISMATCH",
           "org_id '" + claimed_org + "' differs from the org this connector's key is registered for ('" +
               who.org_id + "'); the attempt was logged as a security event",
           true);
    return ack;
  }
  if (who.role == Role::kConnector && IsHubOnlyPayload(event)) {
    Reject(&ack, who.org_id, event, "FORBIDDEN_PAYLOAD",
           "connectors may not send " + protocol::PayloadType(event) + " events; only hub services write them",
           false);
    return ack;
  }
  if (auto rejection = protocol::ValidateEvent(event, validation_)) {
    Reject(&ack, who.role == Role::kConnector ? who.org_id : claimed_org, event, rejection->code,
           rejection->reason, false);
    return ack;
  }
  if (auto staged = staged_ids_.find(event.event_id()); staged != staged_ids_.end()) {
    ack.set_status(AckStatus::ACK_STATUS_DUPLICATE);
    ack.set_seq(staged->second);
    ++staged_counters_.duplicates;
    return ack;
  }
  auto existing = log_->FindEventId(event.event_id());
  if (!existing.ok()) {
    // Cannot tell whether it is a duplicate: refuse to guess, and do not call
    // it rejected either (that would be final). The whole batch is answered
    // UNAVAILABLE and resent.
    Logger("store")->error("duplicate check failed for event {}: {}", Utf8Prefix(event.event_id(), 16),
                           existing.status().ToString());
    lookup_failed_ = true;
    return ack;
  }
  if (existing->has_value()) {
    ack.set_status(AckStatus::ACK_STATUS_DUPLICATE);
    ack.set_seq(**existing);
    ++staged_counters_.duplicates;
    return ack;
  }
  const uint64_t seq = log_->head_seq() + batch_.events.size() + 1;
  StoredEvent stored;
  stored.set_seq(seq);
  *stored.mutable_committed_at() = Now();
  *stored.mutable_event() = event;
  batch_.events.push_back(std::move(stored));
  staged_ids_[event.event_id()] = seq;
  ack.set_status(AckStatus::ACK_STATUS_ACCEPTED);
  ack.set_seq(seq);
  ++staged_counters_.accepted;
  return ack;
}

void Ingestor::StageDeadLetter(const std::string& org_id, const std::string& code, const std::string& reason,
                               std::string_view raw, bool security, const std::string& event_id) {
  DeadLetter letter;
  letter.set_id(log_->dead_letter_head() + batch_.dead_letters.size() + 1);
  *letter.mutable_rejected_at() = Now();
  letter.set_org_id(org_id);
  letter.set_reason_code(code);
  letter.set_reason(reason);
  letter.set_raw_size(raw.size());
  letter.set_truncated(raw.size() > limits_.dead_letter_raw_bytes);
  letter.set_raw(std::string(raw.substr(0, limits_.dead_letter_raw_bytes)));
  letter.set_event_id(std::string(Utf8Prefix(event_id, 64)));
  letter.set_security(security);
  batch_.dead_letters.push_back(std::move(letter));
}

Status Ingestor::Commit(std::vector<StoredEvent>* committed) {
  Status status = log_->Commit(batch_);
  if (status.ok()) {
    Merge(counters_, staged_counters_);
    ++counters_.commits;
    *committed = std::move(batch_.events);
  } else {
    ++counters_.commit_failures;
  }
  batch_ = CommitBatch();
  staged_ids_.clear();
  staged_counters_ = IngestCounters();
  return status;
}

}  // namespace dxhub::store
