// dxhub-digest as a service (issue 17): its configuration (schedules, mail,
// the outbox and state folders, the store / aggregator / benchmark it reads,
// and the shared service sections), the `Digester` that makes and delivers one
// digest exactly once per slot, and the `DigestServer` loop on the service
// skeleton (health, version and stats on the query and admin sockets; a
// permanent delivery failure shows in health as DEGRADED; preview and
// send-now on the owner-only admin socket, for dxctl digest).
//
// Exactly once, across crashes (README "Exactly once across crashes"): the store's
// digest_sent events are the record of what was sent; a slot is sent as
//   1. archive the message in the outbox (durable, named by its Message-ID,
//      the same on every attempt of the slot);
//   2. deliver by SMTP (or the outbox alone when no SMTP server is configured);
//   3. write the slot's "delivered" marker in state_dir (durable), holding
//      the DigestSent to record;
//   4. record that DigestSent in the store (its event id is a function of
//      its content, so recording twice is a duplicate, not a second record);
//   5. delete the marker.
// A restart finds a marker for a slot the store does not have: it records it
// without sending again. Only a crash between the server's 250 and the marker
// (step 2 to 3) sends a second copy, with the same Message-ID.
#pragma once

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/digest/content.h"
#include "dxhub/digest/render.h"
#include "dxhub/digest/schedule.h"
#include "dxhub/digest/slots.h"
#include "dxhub/digest/smtp_transport.h"
#include "dxhub/digest/v1/digest.pb.h"
#include "dxhub/event/v1/payloads.pb.h"
#include "dxhub/service/request_server.h"

namespace dxhub::digest {

struct ScheduleConfig {
  std::string id;
  std::string cron_text;
  std::optional<SlotCalendar> calendar;
  Profile profile = Profile::kFull;
  std::vector<std::string> recipients;
  GracePolicy grace;
};

struct DigestConfig {
  std::vector<ScheduleConfig> schedules;
  std::string from;                     // the From header
  std::string message_id_domain;        // right of '@' in Message-IDs (default: From's domain)
  std::string title = "Workforce race equality digest";
  std::map<std::string, std::string> partner_names;  // `partners:` org id -> display name
  std::optional<SmtpConfig> smtp;       // absent: the outbox is the delivery
  std::filesystem::path outbox_dir;     // an archived copy of every digest
  std::filesystem::path state_dir;      // delivered markers, problems
  std::chrono::milliseconds poll{std::chrono::seconds(30)};
  client::Endpoint store;
  client::Endpoint aggregator;
  std::optional<client::Endpoint> benchmark;
  service::ServiceConfig service;

  const ScheduleConfig* Find(const std::string& schedule_id) const;
};

// Loads and checks the configuration; errors name file:line:col.
Result<DigestConfig> LoadDigestConfig(const std::filesystem::path& path);

// What became of one digest.
struct DigestOutcome {
  std::string message_id;
  DeliveryReceipt receipt;
  bool resent = false;     // false: a marker showed it had been delivered; only recorded now
  bool recorded = false;   // the store acknowledged its digest_sent
};

// Makes and delivers digests; owns the clients of the upstream services.
// One thread. Crash points for tests: the environment variable
// DXHUB_DIGEST_TEST_KILL_AFTER_SEND=1 makes the process SIGKILL itself after
// step 3 (delivered and marked, not yet recorded).
class Digester {
 public:
  Digester(const DigestConfig& config, zmq::context_t& context, Clock* clock);

  // The replies a digest is built from, asked of the services now.
  Result<DigestSources> Fetch();
  // Builds the content and its renderings for `profile` (no sending).
  Result<RenderedDigest> Render(Profile profile, const std::string& schedule_id, const std::string& slot,
                                const std::string& late_note);
  // Sends schedule `schedule` for `slot` (a slot id, or "now-..." for send-now) through steps 1-5.
  Result<DigestOutcome> Send(const ScheduleConfig& schedule, const std::string& slot, const std::string& late_note);
  // Re-reads the store's digest_sent events (incrementally) into `sent()`.
  Status LoadSent();
  // Records the digest_sent of every marker left by a crash (steps 4-5).
  Status RecordMarkers();

  const SentSlots& sent() const { return sent_; }
  // Permanent failures not yet reported in a digest (persisted in state_dir).
  std::vector<std::string> Problems() const;
  void AddProblem(const std::string& problem);

 private:
  Status Record(const dxhub::event::v1::DigestSent& sent);
  std::filesystem::path MarkerPath(const std::string& message_id) const;

  const DigestConfig& config_;
  Clock* clock_;
  client::StoreClient store_;
  client::StoreClient aggregator_;
  std::unique_ptr<client::StoreClient> benchmark_;
  std::unique_ptr<MailTransport> smtp_;
  OutboxTransport outbox_;
  SentSlots sent_;
  uint64_t next_seq_ = 1;
  uint64_t last_restatement_ = 0;     // the newest restatement a sent digest reported
  uint64_t fetched_restatement_ = 0;  // the newest one in the last Fetch
  Status smtp_setup_;
};

struct DigestCounters {
  uint64_t sent = 0;
  uint64_t late = 0;
  uint64_t skipped = 0;
  uint64_t temporary_failures = 0;
  uint64_t permanent_failures = 0;
};

class DigestServer {
 public:
  explicit DigestServer(DigestConfig config);
  ~DigestServer();

  Status Start();
  // Serves requests and sends due digests until `stop` becomes true.
  void Run(const std::atomic<bool>& stop);

  const std::string& query_endpoint() const { return requests_->query_endpoint(); }
  const std::string& admin_endpoint() const { return requests_->admin_endpoint(); }
  const std::string& public_key() const { return config_.service.server_public_key; }

 private:
  void Tick();
  // Sends through the Digester and reports the outcome: counters, the log, and
  // for a permanent failure health (DEGRADED) and the next digest's notices.
  Result<DigestOutcome> SendAndReport(const ScheduleConfig& schedule, const std::string& slot,
                                      const std::string& late);
  dxhub::wire::v1::Reply Answer(const dxhub::wire::v1::Request& request, const service::Caller& caller);
  // The admin socket's calls (dxctl digest preview|send-now).
  dxhub::wire::v1::Reply Preview(const dxhub::digest::v1::DigestPreviewRequest& request);
  dxhub::wire::v1::Reply SendNow(const dxhub::digest::v1::DigestSendNowRequest& request);

  DigestConfig config_;
  zmq::context_t context_;
  SystemClock clock_;
  std::unique_ptr<service::RequestServer> requests_;
  std::unique_ptr<Digester> digester_;
  DigestCounters counters_;
  std::set<std::pair<std::string, std::string>> given_up_;  // (schedule, slot) failed permanently or logged skipped
  std::string degraded_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point next_tick_;
};

}  // namespace dxhub::digest
