// The dxhub-digest loop on the service skeleton (service.h).
#include <ctime>

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

Reply ErrorFrom(const Status& s) {
  ErrorCode code = ErrorCode::ERROR_CODE_INTERNAL;
  uint32_t retry_after_ms = 0;
  switch (s.code()) {
    case StatusCode::kInvalidArgument: code = ErrorCode::ERROR_CODE_INVALID_ARGUMENT; break;
    case StatusCode::kPermissionDenied: code = ErrorCode::ERROR_CODE_FORBIDDEN; break;
    case StatusCode::kUnavailable:
    case StatusCode::kTimeout:
      code = ErrorCode::ERROR_CODE_UNAVAILABLE;
      retry_after_ms = 60000;
      break;
    default: break;
  }
  return protocol::ErrorReply(0, code, s.message(), retry_after_ms);
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
                     [this](const Request& request, const service::Caller& caller) { return Answer(request, caller); });
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
    auto outcome = SendAndReport(schedule, slot, late);
    if (!outcome.ok() && !IsPermanentDeliveryFailure(outcome.status())) {
      Logger("digest")->warn("schedule {} slot {}: {}; retried at the next check", schedule.id, slot,
                             outcome.status().ToString());
    }
  }
}

Result<DigestOutcome> DigestServer::SendAndReport(const ScheduleConfig& schedule, const std::string& slot,
                                                  const std::string& late) {
  auto outcome = digester_->Send(schedule, slot, late);
  if (outcome.ok()) {
    ++counters_.sent;
    if (!late.empty()) ++counters_.late;
    if (outcome->resent) degraded_.clear();  // this digest listed the earlier failure
    Logger("digest")->info("schedule {} slot {}: {} via {} ({}), recorded", schedule.id, slot,
                           outcome->resent ? "delivered" : "already delivered", outcome->receipt.channel,
                           outcome->message_id);
  } else if (IsPermanentDeliveryFailure(outcome.status())) {
    // Reported three ways: this log line, health (dxctl status) and the top of the next digest.
    ++counters_.permanent_failures;
    given_up_.insert({schedule.id, slot});
    degraded_ = "digest " + schedule.id + " " + slot + " not delivered: " + outcome.status().message();
    digester_->AddProblem(schedule.id + " " + slot + ": " + outcome.status().message());
    Logger("digest")->error("schedule {} slot {}: permanent failure, not retried: {}", schedule.id, slot,
                            outcome.status().ToString());
  } else {
    ++counters_.temporary_failures;
  }
  return outcome;
}

Reply DigestServer::Preview(const dxhub::digest::v1::DigestPreviewRequest& request) {
  auto profile = ParseProfile(request.profile().empty() ? "full" : request.profile());
  if (!profile.ok()) return ErrorFrom(Status::InvalidArgument("profile: " + profile.status().message()));
  auto rendered = digester_->Render(*profile, "preview", "", "");
  if (!rendered.ok()) return ErrorFrom(rendered.status());
  Reply reply;
  auto* files = reply.mutable_digest_preview();
  auto add = [files](const std::string& name, const std::string& content) {
    auto* f = files->add_files();
    f->set_name(name);
    f->set_content(content);
  };
  add("digest.html", rendered->preview_html);
  add("digest.txt", rendered->text);
  add("digest.csv", rendered->csv);
  add("digest.pdf", rendered->pdf);
  for (const auto& image : rendered->images) add(image.filename, image.png);
  return reply;
}

Reply DigestServer::SendNow(const dxhub::digest::v1::DigestSendNowRequest& request) {
  const ScheduleConfig* schedule = config_.Find(request.schedule_id());
  if (schedule == nullptr) {
    std::string ids;
    for (const auto& s : config_.schedules) ids += (ids.empty() ? "" : ", ") + s.id;
    return ErrorFrom(Status::InvalidArgument("schedule '" + request.schedule_id() +
                                             "' is not in dxhub-digest's configuration (it has " + ids + ")"));
  }
  if (auto s = digester_->LoadSent(); !s.ok()) return ErrorFrom(s);
  const std::time_t now = std::chrono::system_clock::to_time_t(clock_.Now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char slot[32];
  std::strftime(slot, sizeof slot, "now-%Y-%m-%dT%H:%MZ", &utc);
  if (digester_->sent().Contains(schedule->id, slot)) {
    return ErrorFrom(Status::InvalidArgument("a digest of " + schedule->id + " was sent this minute (" + slot +
                                             "); wait a minute"));
  }
  auto outcome = SendAndReport(*schedule, slot, "");
  if (!outcome.ok()) return ErrorFrom(outcome.status());
  Reply reply;
  auto* sent = reply.mutable_digest_send_now();
  sent->set_slot(slot);
  sent->set_message_id(outcome->message_id);
  sent->set_channel(outcome->receipt.channel);
  sent->set_detail(outcome->receipt.detail);
  return reply;
}

Reply DigestServer::Answer(const Request& request, const service::Caller& caller) {
  Reply reply;
  if (request.has_digest_preview() || request.has_digest_send_now()) {
    if (!caller.admin_socket) {
      return protocol::ErrorReply(0, ErrorCode::ERROR_CODE_FORBIDDEN,
                                  "digest preview and send-now are served on dxhub-digest's local admin socket only "
                                  "(dxctl digest preview|send-now --endpoint ipc://.../digest-admin.sock)");
    }
    return request.has_digest_preview() ? Preview(request.digest_preview()) : SendNow(request.digest_send_now());
  }
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
                                "dxhub-digest serves health, version, stats, and on its admin socket "
                                "digest_preview and digest_send_now (dxctl digest preview|send-now)");
  }
  return reply;
}

}  // namespace dxhub::digest
