// Making and delivering one digest exactly once per slot (service.h).
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "dxhub/benchmark/fetch.h"
#include "dxhub/common/crypto.h"
#include "dxhub/common/log.h"
#include "dxhub/digest/mime.h"
#include "dxhub/digest/service.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/permissions.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::digest {
namespace fs = std::filesystem;
namespace {

using dxhub::wire::v1::Reply;
using dxhub::wire::v1::Request;
constexpr std::chrono::milliseconds kTimeout{30000};

Result<Reply> Ask(client::StoreClient& client, Request request, const std::string& what) {
  auto reply = client::CallAskingAgain(client, request, kTimeout);
  if (!reply.ok()) return Status::Unavailable(what + ": " + reply.status().message());
  return reply;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The date part of a slot id ("2024-11-01T07:00" or "now-2024-11-01T07:00").
dxhub::event::v1::Date SlotDate(const std::string& slot) {
  const size_t at = slot.rfind('T');
  const size_t from = at == std::string::npos || at < 10 ? 0 : at - 10;
  auto date = protocol::ParseDate(slot.substr(from, 10));
  return date ? *date : dxhub::event::v1::Date();
}

}  // namespace

Digester::Digester(const DigestConfig& config, zmq::context_t& context, Clock* clock)
    : config_(config),
      clock_(clock),
      store_(context, config.store),
      aggregator_(context, config.aggregator),
      outbox_(config.outbox_dir) {
  if (config.benchmark) benchmark_ = std::make_unique<client::StoreClient>(context, *config.benchmark);
  if (config.smtp) {
    auto smtp = SmtpTransport::Create(*config.smtp, clock);
    if (smtp.ok()) smtp_ = std::move(*smtp);
    else smtp_setup_ = smtp.status();
  }
  std::error_code ec;
  fs::create_directories(config.state_dir, ec);
  std::ifstream last(config.state_dir / "last_restatement");
  last >> last_restatement_;
}

Result<DigestSources> Digester::Fetch() {
  DigestSources s;
  Request stats;
  stats.mutable_stats();
  auto st = Ask(store_, stats, "dxhub-store stats");
  if (!st.ok()) return st.status();
  s.store_stats = st->stats();
  std::set<std::string> orgs;
  for (const auto& c : s.store_stats.counters()) {
    if (c.name() == "events_stored" && c.labels().count("type") > 0 && c.labels().at("type") == "staff_record") {
      orgs.insert(c.labels().at("org"));
    }
  }
  Request place;
  place.mutable_indicators()->set_scope("PLACE");
  auto p = Ask(aggregator_, place, "dxhub-aggregator indicators");
  if (!p.ok()) return p.status();
  s.place = p->indicators();
  for (const auto& org : orgs) {
    Request q;
    q.mutable_indicators()->set_scope(org);
    auto r = Ask(aggregator_, q, "dxhub-aggregator indicators of " + org);
    if (!r.ok()) return r.status();
    s.partners[org] = r->indicators();
  }
  Request restatements;
  restatements.mutable_restatements()->set_from_id(last_restatement_ + 1);
  auto rs = Ask(aggregator_, restatements, "dxhub-aggregator restatements");
  if (!rs.ok()) return rs.status();
  s.restatements = rs->restatements();
  fetched_restatement_ = last_restatement_;
  for (const auto& r : s.restatements.items()) fetched_restatement_ = std::max<uint64_t>(fetched_restatement_, r.id());
  if (benchmark_) {
    std::vector<dxhub::event::v1::StoredEvent> events;
    uint64_t head = 0;
    DXHUB_RETURN_IF_ERROR(benchmark::ReadReviewEvents(store_, &events, &head));
    std::string cycle;
    for (const auto& e : events) {
      if (e.event().has_review_cycle()) cycle = e.event().review_cycle().cycle_id();
    }
    if (!cycle.empty()) {
      Request b;
      b.mutable_benchmark_report()->set_cycle_id(cycle);
      auto report = Ask(*benchmark_, b, "dxhub-benchmark report of cycle " + cycle);
      if (!report.ok()) return report.status();
      s.benchmark = report->benchmark_report().report();
    }
  }
  return s;
}

Result<RenderedDigest> Digester::Render(Profile profile, const std::string& schedule_id, const std::string& slot,
                                        const std::string& late_note) {
  auto sources = Fetch();
  if (!sources.ok()) return sources.status();
  DigestOptions options;
  options.profile = profile;
  options.title = config_.title;
  options.schedule_id = schedule_id;
  options.slot = slot;
  options.late_note = late_note;
  options.delivery_problems = Problems();
  options.partner_names = config_.partner_names;
  options.now_unix = clock_->Now().time_since_epoch().count();
  return RenderDigest(BuildDigestContent(*sources, options));
}

fs::path Digester::MarkerPath(const std::string& message_id) const {
  return config_.state_dir / (message_id + ".delivered");
}

Result<DigestOutcome> Digester::Send(const ScheduleConfig& schedule, const std::string& slot,
                                     const std::string& late_note) {
  DigestOutcome outcome;
  outcome.message_id = DigestMessageId(schedule.id, slot, config_.message_id_domain);
  const fs::path marker = MarkerPath(outcome.message_id);
  dxhub::event::v1::DigestSent sent;
  if (fs::exists(marker) && sent.ParseFromString(ReadAll(marker))) {
    outcome.receipt = {sent.channel(), 0, "delivered before a restart; recorded now"};
  } else {
    if (smtp_ == nullptr && config_.smtp) return smtp_setup_;
    auto rendered = Render(schedule.profile, schedule.id, slot, late_note);
    if (!rendered.ok()) return rendered.status();
    MailMessage m;
    m.from = config_.from;
    m.to = schedule.recipients;
    m.subject = config_.title + " · " + slot.substr(0, 10) + (late_note.empty() ? "" : " (late)");
    m.message_id = outcome.message_id;
    m.date = clock_->Now();
    m.text = rendered->text;
    m.html = rendered->html;
    m.images = rendered->images;
    const std::string stem = "digest-" + schedule.id + "-" + slot.substr(0, 10);
    m.attachments.push_back({stem + ".csv", "text/csv; charset=utf-8", rendered->csv});
    m.attachments.push_back({stem + ".pdf", "application/pdf", rendered->pdf});
    m.extra_headers = {{"X-Dxhub-Schedule", schedule.id}, {"X-Dxhub-Slot", slot}};
    auto mime = BuildMime(m);
    if (!mime.ok()) return mime.status();
    const OutgoingMail mail = ToOutgoing(m, std::move(*mime));
    auto archived = outbox_.Deliver(mail);  // step 1: the archive, durable
    if (!archived.ok()) return archived.status();
    auto receipt = smtp_ ? smtp_->Deliver(mail) : archived;  // step 2
    if (!receipt.ok()) return receipt.status();
    outcome.receipt = *receipt;
    outcome.resent = true;
    sent.set_schedule_id(schedule.id);
    sent.set_slot(slot);
    sent.set_recipient_count(static_cast<int32_t>(schedule.recipients.size()));
    sent.set_archive_sha256(Sha256Hex(rendered->html));
    sent.set_channel(receipt->channel);
    DXHUB_RETURN_IF_ERROR(WriteDurably(marker, sent.SerializeAsString()));  // step 3
    if (const char* kill = std::getenv("DXHUB_DIGEST_TEST_KILL_AFTER_SEND"); kill != nullptr && std::string(kill) == "1") {
      Logger("digest")->warn("DXHUB_DIGEST_TEST_KILL_AFTER_SEND: killing myself between send and record");
      std::raise(SIGKILL);
    }
  }
  DXHUB_RETURN_IF_ERROR(Record(sent));  // step 4
  std::error_code ec;
  fs::remove(marker, ec);  // step 5
  outcome.recorded = true;
  if (outcome.resent) {  // this digest reported the problems and the restatements so far
    fs::remove(config_.state_dir / "problems.txt", ec);
    last_restatement_ = fetched_restatement_;
    if (auto s = WriteDurably(config_.state_dir / "last_restatement", std::to_string(last_restatement_)); !s.ok()) {
      Logger("digest")->warn("cannot remember the last restatement reported: {}", s.ToString());
    }
  }
  return outcome;
}

Status Digester::Record(const dxhub::event::v1::DigestSent& sent) {
  dxhub::event::v1::Event e;
  e.set_org_id(std::string(protocol::kHubOrgId));
  e.set_connector_id("dxhub-digest");
  *e.mutable_occurred_at() = SlotDate(sent.slot());
  e.set_schema_version(protocol::kSchemaVersion);
  *e.mutable_digest_sent() = sent;
  e.set_source_key(protocol::ExpectedSourceKey(e));  // the contract's one rule: <schedule_id>/<slot>
  protocol::AssignEventId(e);  // a function of the content: recording twice is a duplicate
  Request request;
  request.mutable_ingest()->set_batch_id("digest-" + e.event_id().substr(0, 16));
  *request.mutable_ingest()->add_events() = e;
  auto reply = Ask(store_, request, "recording digest_sent in dxhub-store");
  if (!reply.ok()) return reply.status();
  const auto& ack = reply->ingest().acks(0);
  if (ack.status() == dxhub::ingest::v1::ACK_STATUS_REJECTED) {
    return Status::PermissionDenied("dxhub-store refused the digest_sent record: " + ack.reason_code() + ": " +
                                    ack.reason());
  }
  sent_.Add(sent);
  return Status::Ok();
}

Status Digester::LoadSent() {
  while (true) {
    Request request;
    auto* read = request.mutable_read();
    read->set_from_seq(next_seq_);
    read->set_max_events(1000);
    read->add_event_types("digest_sent");
    auto reply = Ask(store_, request, "reading digest_sent from dxhub-store");
    if (!reply.ok()) return reply.status();
    for (const auto& e : reply->read().events()) sent_.Add(e.event().digest_sent());
    if (reply->read().next_seq() <= next_seq_) break;
    next_seq_ = reply->read().next_seq();
    if (next_seq_ > reply->read().head_seq()) break;
  }
  return Status::Ok();
}

Status Digester::RecordMarkers() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(config_.state_dir, ec)) {
    if (entry.path().extension() != ".delivered") continue;
    dxhub::event::v1::DigestSent sent;
    if (!sent.ParseFromString(ReadAll(entry.path()))) {
      return Status::IoError(entry.path().string() + ": not a DigestSent record; move it aside and check the outbox");
    }
    Logger("digest")->info("schedule {} slot {} was delivered before a restart; recording it", sent.schedule_id(),
                           sent.slot());
    DXHUB_RETURN_IF_ERROR(Record(sent));
    fs::remove(entry.path(), ec);
  }
  return Status::Ok();
}

std::vector<std::string> Digester::Problems() const {
  std::vector<std::string> out;
  std::ifstream in(config_.state_dir / "problems.txt");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

void Digester::AddProblem(const std::string& problem) {
  std::string all;
  for (const auto& p : Problems()) all += p + "\n";
  std::string line = problem;
  for (char& c : line) c = c == '\n' ? ' ' : c;
  all += line + "\n";
  if (auto s = WriteDurably(config_.state_dir / "problems.txt", all); !s.ok()) {
    Logger("digest")->error("cannot keep the delivery problem for the next digest: {}", s.ToString());
  }
}

}  // namespace dxhub::digest
