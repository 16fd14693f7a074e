#include "dxhub/dxctl/conformance.h"

#include <algorithm>
#include <cctype>
#include <ostream>

#include "dxhub/common/cli.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/protocol/test_vectors.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::dxctl {
namespace {

using dxhub::event::v1::Event;
using dxhub::ingest::v1::AckStatus;
using dxhub::ingest::v1::EventAck;
using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;
constexpr std::chrono::milliseconds kTimeout{10000};

// Review payloads pass validation and then meet the store's cycle rules: on a
// store with no open cycle these codes mean "well-formed".
bool IsCycleRule(const std::string& code) {
  return code == "UNKNOWN_CYCLE" || code == "CYCLE_CLOSED" || code == "NOT_A_PARTICIPANT";
}

// The vector as the partner's org would send it: org, its own assessment, the
// source key and the id recomputed (an invalid vector keeps its fault).
Event ForOrg(const protocol::VectorEvent& v, const std::string& org) {
  Event e = v.event;
  if (org.empty() || org == e.org_id()) return e;
  if (!v.keep_org) e.set_org_id(org);
  if (e.has_self_assessment()) e.mutable_self_assessment()->set_assessed_org_id(org);
  if (v.reason_code.empty()) e.set_source_key(protocol::ExpectedSourceKey(e));
  if (v.event_id_fault == "stale") return e;
  protocol::AssignEventId(e);
  if (v.event_id_fault == "upper") {
    std::string id = e.event_id();
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
    e.set_event_id(id);
  }
  return e;
}

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}
  void Check(bool ok, const std::string& what) {
    out_ << (ok ? "  ok    " : "  FAIL  ") << what << "\n";
    ++(ok ? passed_ : failed_);
  }
  void Section(const std::string& title) { out_ << title << "\n"; }
  int failed() const { return failed_; }
  int passed() const { return passed_; }

 private:
  std::ostream& out_;
  int passed_ = 0;
  int failed_ = 0;
};

std::string AckInWords(const EventAck& ack) {
  switch (ack.status()) {
    case AckStatus::ACK_STATUS_ACCEPTED: return "ACCEPTED, stored as seq " + std::to_string(ack.seq());
    case AckStatus::ACK_STATUS_DUPLICATE: return "DUPLICATE of seq " + std::to_string(ack.seq()) + " (sent before)";
    case AckStatus::ACK_STATUS_REJECTED: return "REJECTED " + ack.reason_code() + ": " + ack.reason();
    default: return "no status";
  }
}

Result<Reply> Ingest(client::StoreClient& store, const std::string& batch_id, const std::vector<Event>& events) {
  Request request;
  request.mutable_ingest()->set_batch_id(batch_id);
  for (const auto& e : events) *request.mutable_ingest()->add_events() = e;
  auto reply = store.Call(request, kTimeout);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) return client::ReplyStatus(*reply);
  if (reply->request_id() == 0 || reply->ingest().acks_size() != static_cast<int>(events.size())) {
    return Status::Internal("the reply to batch '" + batch_id + "' does not answer it (request id " +
                            std::to_string(reply->request_id()) + ", " + std::to_string(reply->ingest().acks_size()) +
                            " acks for " + std::to_string(events.size()) + " events)");
  }
  return reply;
}

}  // namespace

int Conformance(const ConformanceOptions& options, std::ostream& out, std::ostream& err) {
  auto endpoint = ResolveEndpoint(options.connection);
  if (!endpoint.ok()) {
    err << "dxctl conformance: " << endpoint.status().message() << "\n";
    return kExitUsage;
  }
  auto vectors = protocol::ParseTestVectors(protocol::BuiltInTestVectors());
  if (!vectors.ok()) {
    err << "dxctl conformance: the built-in test vectors do not parse: " << vectors.status().message() << "\n";
    return kExitFailure;
  }
  zmq::context_t ctx(1);
  client::StoreClient store(ctx, *endpoint);
  Report report(out);

  report.Section("1. Handshake and the management namespace");
  Request health;
  health.mutable_health();
  auto answered = store.Call(health, kTimeout);
  if (!answered.ok()) {
    report.Check(false, "no answer to health: " + answered.status().message() +
                            " (an unregistered key or a wrong --server-key gets no reply at all)");
    out << "Stopped: the store did not answer.\n";
    return kExitFailure;
  }
  report.Check(answered->has_health(), "health answered: " + answered->health().service() + " " +
                                           answered->health().status() + " (CURVE handshake and ZAP accepted this key)");

  report.Section("2. Every event a connector may send (docs/test-vectors.json, sender \"connector\")");
  std::vector<Event> valid;
  std::vector<std::string> names;
  for (const auto& v : vectors->events) {
    if (v.sender != "connector") continue;
    valid.push_back(ForOrg(v, options.org_id));
    names.push_back(v.name);
  }
  auto first = Ingest(store, "conformance-valid", valid);
  if (!first.ok()) {
    report.Check(false, "the batch of valid events was refused as a whole: " + first.status().message());
    out << "Stopped.\n";
    return kExitFailure;
  }
  for (size_t i = 0; i < valid.size(); ++i) {
    const auto& ack = first->ingest().acks(static_cast<int>(i));
    const bool stored = ack.status() == AckStatus::ACK_STATUS_ACCEPTED || ack.status() == AckStatus::ACK_STATUS_DUPLICATE;
    const bool cycle_rule = ack.status() == AckStatus::ACK_STATUS_REJECTED && IsCycleRule(ack.reason_code());
    std::string words = names[i] + ": " + AckInWords(ack);
    if (cycle_rule) words += " (well-formed; the store takes it only while its review cycle is open)";
    if (stored) words += "; event id " + valid[i].event_id();
    report.Check(stored || cycle_rule, words);
  }

  report.Section("3. The same batch again (a resend after a lost reply)");
  auto again = Ingest(store, "conformance-valid", valid);
  if (!again.ok()) {
    report.Check(false, "the resend was refused as a whole: " + again.status().message());
  } else {
    for (size_t i = 0; i < valid.size(); ++i) {
      const auto& before = first->ingest().acks(static_cast<int>(i));
      const auto& now = again->ingest().acks(static_cast<int>(i));
      if (before.status() == AckStatus::ACK_STATUS_REJECTED) continue;
      report.Check(now.status() == AckStatus::ACK_STATUS_DUPLICATE && now.seq() == before.seq(),
                   names[i] + ": " + AckInWords(now));
    }
  }

  report.Section("4. Invalid events (docs/test-vectors.json, invalid_events)");
  std::vector<Event> invalid;
  for (const auto& v : vectors->invalid_events) invalid.push_back(ForOrg(v, options.org_id));
  auto rejected = Ingest(store, "conformance-invalid", invalid);
  if (!rejected.ok()) {
    report.Check(false, "the batch of invalid events was refused as a whole: " + rejected.status().message());
  } else {
    for (size_t i = 0; i < invalid.size(); ++i) {
      const auto& v = vectors->invalid_events[i];
      const auto& ack = rejected->ingest().acks(static_cast<int>(i));
      report.Check(ack.status() == AckStatus::ACK_STATUS_REJECTED && ack.reason_code() == v.reason_code,
                   v.name + ": expected REJECTED " + v.reason_code + ", got " + AckInWords(ack));
    }
  }

  report.Section("5. Calls a connector key may not make");
  Request read;
  read.mutable_read()->set_from_seq(1);
  auto refused = store.Call(read, kTimeout);
  report.Check(refused.ok() && refused->error().code() == dxhub::wire::v1::ERROR_CODE_FORBIDDEN,
               std::string("read: ") +
                   (refused.ok() ? (refused->has_error() ? dxhub::wire::v1::ErrorCode_Name(refused->error().code()) + ": " +
                                                               refused->error().message()
                                                         : std::string("answered with events (this key may read: "
                                                                       "use a connector key to see what a connector sees)"))
                                 : refused.status().message()));

  out << report.passed() + report.failed() << " checks: " << report.passed() << " as the contract says, "
      << report.failed() << " not.\n";
  return report.failed() == 0 ? kExitOk : kExitFailure;
}

}  // namespace dxhub::dxctl
