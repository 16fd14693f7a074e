// The dxhub-digest loop on the service skeleton (service.h).
#include "dxhub/common/log.h"
#include "dxhub/digest/service.h"
#include "dxhub/protocol/rpc.h"

namespace dxhub::digest {
namespace {

using dxhub::wire::v1::ErrorCode;
using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;

std::string Minutes(std::chrono::seconds s) {
  return std::to_string(std::chrono::duration_cast<std::chrono::minutes>(s).count()) + " min";
}

}  // namespace

DigestServer::DigestServer(DigestConfig config) : config_(std::move(config)), context_(1) {}

DigestServer::~DigestServer() {
  digester_.reset();
  requests_.reset();
}

Status DigestServer::Start() {
  started_ = std::chrono::steady_clock::now();
  auto requests = service::RequestServer::Start(context_, config_.service,
                                                {"digest", "query", {Role::kService, Role::kAdmin}});
  if (!requests.ok()) return requests.status();
  requests_ = std::move(*requests);
  digester_ = std::make_unique<Digester>(config_, context_, &clock_);
  std::string schedules;
  for (const auto& s : config_.schedules) schedules += (schedules.empty() ? "" : ", ") + s.id + " \"" + s.cron_text + "\"";
  Logger("digest")->info("serving query {} admin {}; schedules {}; delivery {}", requests_->query_endpoint(),
                         requests_->admin_endpoint().empty() ? "none" : requests_->admin_endpoint(), schedules,
                         config_.smtp ? "smtp to " + config_.smtp->host : "outbox " + config_.outbox_dir.string());
  next_tick_ = std::chrono::steady_clock::now();
  return Status::Ok();
}

void DigestServer::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    requests_->Serve(std::chrono::milliseconds(200),
                     [this](const Request& request, const service::Caller&) { return Answer(request); });
    if (std::chrono::steady_clock::now() >= next_tick_) {
      Tick();
      next_tick_ = std::chrono::steady_clock::now() + config_.poll;
    }
  }
}

void DigestServer::Tick() {
  // Never decide without the store's record of what was sent.
  if (auto s = digester_->LoadSent(); !s.ok()) {
    Logger("digest")->warn("cannot read what was sent; nothing is sent until the store answers: {}", s.message());
    return;
  }
  if (auto s = digester_->RecordMarkers(); !s.ok()) {
    Logger("digest")->warn("a digest delivered before a restart is not recorded yet: {}", s.message());
    return;
  }
  const SysTime now = clock_.Now();
  for (const auto& schedule : config_.schedules) {
    const auto window = schedule.grace.grace + 2 * schedule.grace.on_time + std::chrono::hours(1);
    auto plan = PlanSlots(schedule.id, *schedule.calendar, digester_->sent(), now - window, now, schedule.grace);
    if (!plan.ok()) {
      Logger("digest")->error("schedule {}: {}", schedule.id, plan.status().message());
      continue;
    }
    std::vector<const SlotDecision*> skipped;  // logged once each, in one line per check
    for (const auto& d : plan->decisions) {
      if (d.verdict != SlotVerdict::kSkipPastGrace && d.verdict != SlotVerdict::kSkipSuperseded) continue;
      if (given_up_.insert({schedule.id, d.slot.Id()}).second) skipped.push_back(&d);
    }
    if (!skipped.empty()) {
      counters_.skipped += skipped.size();
      const SlotDecision& last = *skipped.back();
      Logger("digest")->warn("schedule {}: {} slot(s) not sent, {} to {}; the last: {} ({} late)", schedule.id,
                             skipped.size() + plan->unlisted_skips, skipped.front()->slot.Id(), last.slot.Id(),
                             SlotVerdictName(last.verdict), Minutes(last.lateness));
    }
    const SlotDecision* send = plan->ToSend();
    if (send == nullptr || given_up_.count({schedule.id, send->slot.Id()}) > 0) continue;
    const std::string slot = send->slot.Id();
    std::string late;
    if (send->verdict == SlotVerdict::kSendLate) {
      late = "This digest was due at " + slot + " (Europe/London) and is sent " + Minutes(send->lateness) +
             " late: the digest service was not running then.";
    }
    auto outcome = digester_->Send(schedule, slot, late);
    if (outcome.ok()) {
      ++counters_.sent;
      if (!late.empty()) ++counters_.late;
      if (outcome->resent) degraded_.clear();  // this digest listed the earlier failure
      Logger("digest")->info("schedule {} slot {}: {} via {} ({}), recorded", schedule.id, slot,
                             outcome->resent ? "delivered" : "already delivered", outcome->receipt.channel,
                             outcome->message_id);
      continue;
    }
    if (IsPermanentDeliveryFailure(outcome.status())) {
      ++counters_.permanent_failures;
      given_up_.insert({schedule.id, slot});
      degraded_ = "digest " + schedule.id + " " + slot + " not delivered: " + outcome.status().message();
      digester_->AddProblem(schedule.id + " " + slot + ": " + outcome.status().message());
      Logger("digest")->error("schedule {} slot {}: permanent failure, not retried: {}", schedule.id, slot,
                              outcome.status().ToString());
    } else {
      ++counters_.temporary_failures;
      Logger("digest")->warn("schedule {} slot {}: {}; retried at the next check", schedule.id, slot,
                             outcome.status().ToString());
    }
  }
}

Reply DigestServer::Answer(const Request& request) {
  Reply reply;
  if (request.has_health()) {
    service::FillHealth(reply, "dxhub-digest", degraded_.empty() ? "SERVING" : "DEGRADED: " + degraded_, started_);
  } else if (request.has_version()) {
    service::FillVersion(reply, "dxhub-digest");
  } else if (request.has_stats()) {
    auto* stats = reply.mutable_stats();
    stats->set_service("dxhub-digest");
    for (const auto& [name, value] : {std::pair{"digests_sent_total", counters_.sent},
                                      {"digests_sent_late_total", counters_.late},
                                      {"slots_skipped_total", counters_.skipped},
                                      {"temporary_failures_total", counters_.temporary_failures},
                                      {"permanent_failures_total", counters_.permanent_failures},
                                      {"slots_recorded", static_cast<uint64_t>(digester_->sent().size())}}) {
      auto* c = stats->add_counters();
      c->set_name(name);
      c->set_value(static_cast<int64_t>(value));
    }
  } else {
    return protocol::ErrorReply(0, ErrorCode::ERROR_CODE_UNIMPLEMENTED,
                                "dxhub-digest serves health, version and stats; preview and send-now are "
                                "`dxctl digest preview|send-now --config digest.yaml`");
  }
  return reply;
}

}  // namespace dxhub::digest
