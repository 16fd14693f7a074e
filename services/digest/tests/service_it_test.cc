// dxhub-digest with the real processes (issue 17, acceptance 1 and 3): the
// store with a simulated history, the aggregator, the digest service and an
// SMTP server on loopback (python3-aiosmtpd); what arrived is parsed by
// Python's email package and its PDF rendered by pdftoppm.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "dxhub/digest/mime.h"
#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/service_process.h"
#include "mail_fixtures.h"

namespace dxhub::digest {
namespace {

using dxhub::testing::AggregatorProcess;
using dxhub::testing::StoreProcess;

constexpr uint64_t kHistory = 2000;

// dxhub-digest reading `store` and `aggregator`, mailing to an SMTP server on
// 127.0.0.1:`smtp_port`; one schedule "monthly" firing every minute (so a
// slot is always due at start-up), quick retries.
class DigestProcess : public dxhub::testing::ServiceProcess {
 public:
  DigestProcess(const StoreProcess& store, const AggregatorProcess& aggregator, int smtp_port)
      : ServiceProcess(store.dir() / "digest", "digest") {
    std::ofstream out(config_path());
    out << ServiceSection() << "outbox_dir: outbox\nstate_dir: state\npoll_seconds: 1\n"
        << "schedules:\n  - id: monthly\n    cron: \"* * * * *\"\n    profile: full\n"
        << "    recipients: [wellbeing-exec@partners.example, chair@partners.example]\n    grace_hours: 1\n"
        << "partners:\n  BTHFT: Bradford Teaching Hospitals NHS Foundation Trust\n"
        << "mail:\n  from: \"dxhub digest <digest@dxhub.example>\"\n"
        << "  smtp:\n    host: 127.0.0.1\n    port: " << smtp_port
        << "\n    security: none\n    attempts: 2\n    first_backoff_seconds: 1\n"
        << UpstreamSection("store", store.ServiceEndpoint())
        << UpstreamSection("aggregator", aggregator.QueryEndpoint());
  }
};

// The digest_sent events in the store.
std::vector<dxhub::event::v1::DigestSent> Recorded(const StoreProcess& store) {
  zmq::context_t context(1);
  client::StoreClient admin(context, store.AdminEndpoint());
  wire::v1::Request request;
  request.mutable_read()->set_from_seq(1);
  request.mutable_read()->add_event_types("digest_sent");
  auto reply = admin.Call(request, std::chrono::seconds(10));
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  std::vector<dxhub::event::v1::DigestSent> out;
  if (reply.ok()) {
    for (const auto& e : reply->read().events()) out.push_back(e.event().digest_sent());
  }
  return out;
}

template <typename Done>
bool WaitFor(Done done, std::chrono::seconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

struct Hub {
  StoreProcess store;
  std::unique_ptr<AggregatorProcess> aggregator;
  Hub() {
    store.Start();
    dxhub::testing::IngestAll(store, dxhub::testing::MixedHistory(0, kHistory));
    aggregator = std::make_unique<AggregatorProcess>(store, "digest");
    aggregator->Start();
    EXPECT_TRUE(aggregator->WaitApplied(kHistory));
  }
};

TEST(DigestService, A1_DeliversTheDigestOfASimulatedHistoryOverSmtp) {
  Hub hub;
  SmtpSink sink(hub.store.dir() / "smtp");
  ASSERT_TRUE(sink.Start());
  DigestProcess digest(hub.store, *hub.aggregator, sink.port());
  digest.Start();
  ASSERT_TRUE(WaitFor([&] { return !Recorded(hub.store).empty(); }, std::chrono::seconds(60)))
      << dxhub::testing::ReadFileText(digest.log_path());
  ASSERT_GE(sink.Messages().size(), 1u);
  const fs::path dir = hub.store.dir() / "parsed";
  const auto facts = Parse(sink.Messages()[0], dir);
  EXPECT_EQ(One(facts, "structure"),
            "multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png,image/png]],"
            "text/csv,application/pdf]");
  EXPECT_EQ(One(facts, "html-cids"), "chart-1@dxhub,chart-2@dxhub");  // the partners' bars and their trend
  const auto images = All(facts, "image");
  ASSERT_EQ(images.size(), 2u);
  EXPECT_NE(images[0].find("cid=chart-1@dxhub filename=chart-1.png png=yes"), std::string::npos) << images[0];
  EXPECT_NE(images[1].find("cid=chart-2@dxhub filename=chart-2.png png=yes"), std::string::npos) << images[1];
  const std::string text = One(facts, "text");
  EXPECT_NE(text.find("Senior representation by partner"), std::string::npos) << text;
  EXPECT_NE(text.find("BTHFT"), std::string::npos);
  EXPECT_NE(text.find("BMDC"), std::string::npos);  // no display name configured: its org id
  EXPECT_NE(text.find("Bradford Teaching Hospitals NHS Foundation Trust"), std::string::npos) << text;
  EXPECT_NE(text.find("Data completeness"), std::string::npos);
  // The district population share as the aggregator publishes it (its default: Bradford, Census 2021).
  EXPECT_NE(text.find("The district population (Bradford district (Census 2021)) is 38.9% ethnically diverse"),
            std::string::npos) << text;
  EXPECT_EQ(One(facts, "defects"), "0");
  const auto recorded = Recorded(hub.store);
  EXPECT_EQ(recorded[0].schedule_id(), "monthly");
  EXPECT_EQ(recorded[0].recipient_count(), 2);
  EXPECT_EQ(recorded[0].channel(), "smtp");
  EXPECT_EQ(One(facts, "message-id"), "<" + DigestMessageId("monthly", recorded[0].slot(), "dxhub.example") + ">");
  // The attachments open: the CSV holds the figures, the PDF renders.
  const std::string csv = dxhub::testing::ReadFileText(dir / "attachments" / ("digest-monthly-" + recorded[0].slot().substr(0, 10) + ".csv"));
  EXPECT_EQ(csv.rfind("section,item,field,value\n", 0), 0u) << csv.substr(0, 200);
  EXPECT_NE(csv.find("partners,Bradford Teaching Hospitals NHS Foundation Trust,Senior share,"), std::string::npos);
  auto pages = dxhub::testing::RunCommandFor(
      "/usr/bin/pdftoppm",
      {"-png", "-r", "30", (dir / "attachments" / ("digest-monthly-" + recorded[0].slot().substr(0, 10) + ".pdf")).string(),
       (dir / "page").string()},
      dir / "pdftoppm");
  EXPECT_EQ(pages.code, 0) << pages.err;
  EXPECT_TRUE(fs::exists(dir / "page-1.png"));
  // dxctl digest preview has the running service write the digest's files, sending nothing.
  const size_t sent_before = sink.Messages().size();
  const fs::path preview = hub.store.dir() / "preview";
  auto run = dxhub::testing::RunCommandFor(fs::path(DXHUB_BIN_DIR) / "dxctl",
                                           {"digest", "preview", "--endpoint", digest.admin_endpoint(),
                                            "--profile", "full", "--out", preview.string()},
                                           hub.store.dir() / "dxctl-preview", std::chrono::seconds(60));
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_LE(sink.Messages().size(), sent_before + 1);  // at most the next minute's slot, nothing for the preview
  for (const char* name : {"digest.html", "digest.txt", "digest.csv", "digest.pdf", "chart-1.png", "chart-2.png"}) {
    EXPECT_TRUE(fs::exists(preview / name)) << name;
  }
  EXPECT_NE(dxhub::testing::ReadFileText(preview / "digest.html").find("src=\"chart-1.png\""), std::string::npos);
  if (const char* keep = std::getenv("DXHUB_KEEP_DIGEST")) {  // to refresh the README's pictures
    fs::create_directories(keep);
    for (const auto& f : fs::directory_iterator(preview)) {
      fs::copy_file(f.path(), fs::path(keep) / f.path().filename(), fs::copy_options::overwrite_existing);
    }
  }
  // The archive copy is in the outbox under the same Message-ID.
  EXPECT_TRUE(fs::exists(digest.dir() / "outbox" /
                         (DigestMessageId("monthly", recorded[0].slot(), "dxhub.example") + ".eml")));
}

// Acceptance 3: SIGKILL after the server accepted the message and before the
// store recorded it; the restarted service records it and sends no second copy.
TEST(DigestService, A3_KilledBetweenSendAndRecordEndsWithExactlyOneCopy) {
  Hub hub;
  SmtpSink sink(hub.store.dir() / "smtp");
  ASSERT_TRUE(sink.Start());
  DigestProcess digest(hub.store, *hub.aggregator, sink.port());
  ::setenv("DXHUB_DIGEST_TEST_KILL_AFTER_SEND", "1", 1);
  digest.Start();
  ::unsetenv("DXHUB_DIGEST_TEST_KILL_AFTER_SEND");
  ASSERT_TRUE(WaitFor([&] { return dxhub::testing::ReadFileText(digest.log_path()).find("killing myself") !=
                                   std::string::npos; },
                      std::chrono::seconds(60)))
      << dxhub::testing::ReadFileText(digest.log_path());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  digest.Kill();  // reaps it (it has SIGKILLed itself)
  ASSERT_EQ(sink.Messages().size(), 1u);
  EXPECT_TRUE(Recorded(hub.store).empty()) << "killed before recording";
  const std::string first_id = One(Parse(sink.Messages()[0], hub.store.dir() / "first"), "message-id");

  digest.Start();
  ASSERT_TRUE(WaitFor([&] { return !Recorded(hub.store).empty(); }, std::chrono::seconds(60)))
      << dxhub::testing::ReadFileText(digest.log_path());
  std::this_thread::sleep_for(std::chrono::seconds(3));  // several checks of the loop
  const auto recorded = Recorded(hub.store);
  EXPECT_EQ("<" + DigestMessageId("monthly", recorded[0].slot(), "dxhub.example") + ">", first_id);
  int copies = 0;  // a later minute's slot may have been sent meanwhile: count this slot's copies
  for (const auto& eml : sink.Messages()) {
    copies += One(Parse(eml, hub.store.dir() / "again"), "message-id") == first_id ? 1 : 0;
  }
  EXPECT_EQ(copies, 1) << dxhub::testing::ReadFileText(digest.log_path());
  int records = 0;
  for (const auto& r : recorded) records += r.slot() == recorded[0].slot() ? 1 : 0;
  EXPECT_EQ(records, 1);
}

// Acceptance 3: with the SMTP server down the digest is retried, and
// delivered once it is back.
TEST(DigestService, A3_SmtpDownIsRetriedAndDeliveredWhenBack) {
  Hub hub;
  SmtpSink sink(hub.store.dir() / "smtp");
  ASSERT_TRUE(sink.Start());
  sink.Stop();  // its port is known and now refuses connections
  DigestProcess digest(hub.store, *hub.aggregator, sink.port());
  digest.Start();
  ASSERT_TRUE(WaitFor([&] { return dxhub::testing::ReadFileText(digest.log_path()).find("retried at the next check") !=
                                   std::string::npos; },
                      std::chrono::seconds(60)))
      << dxhub::testing::ReadFileText(digest.log_path());
  EXPECT_TRUE(Recorded(hub.store).empty());
  ASSERT_TRUE(sink.Start());  // back, on the same port
  ASSERT_TRUE(WaitFor([&] { return !Recorded(hub.store).empty(); }, std::chrono::seconds(60)))
      << dxhub::testing::ReadFileText(digest.log_path());
  EXPECT_GE(sink.Messages().size(), 1u);
}

// A permanent failure (5xx) is not retried; it shows in the log, in health
// (dxctl status) and at the top of the next digest, which clears it. The
// server refuses two slots' digests, so the service stays DEGRADED for at least
// a minute (until the third slot) while the test looks: with one refusal the
// next minute's slot could clear it before a slow `dxctl status` asked.
TEST(DigestService, Issue17_PermanentFailureIsInHealthAndTheNextDigest) {
  Hub hub;
  SmtpSink sink(hub.store.dir() / "smtp");
  ASSERT_TRUE(sink.Start({"--fail-data", "550 5.1.1 mailbox unavailable", "--fail-data",
                          "550 5.1.1 mailbox unavailable"}));
  DigestProcess digest(hub.store, *hub.aggregator, sink.port());
  digest.Start();
  wire::v1::Request health;
  health.mutable_health();
  ASSERT_TRUE(WaitFor([&] { return digest.Call(health).health().status().rfind("DEGRADED: digest monthly", 0) == 0; },
                      std::chrono::seconds(60)))
      << dxhub::testing::ReadFileText(digest.log_path());
  EXPECT_NE(digest.Call(health).health().status().find("550"), std::string::npos);
  // Reported in the log and in `dxctl status` against the digest's admin socket.
  EXPECT_NE(dxhub::testing::ReadFileText(digest.log_path()).find("permanent failure, not retried"), std::string::npos);
  auto status = dxhub::testing::RunCommandFor(fs::path(DXHUB_BIN_DIR) / "dxctl",
                                              {"status", "--endpoint", digest.admin_endpoint()},
                                              hub.store.dir() / "dxctl-status", std::chrono::seconds(30));
  EXPECT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("dxhub-digest  DEGRADED: digest monthly "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("550"), std::string::npos) << status.out;
  // A later minute's slot is delivered and says what failed.
  ASSERT_TRUE(WaitFor([&] { return !Recorded(hub.store).empty(); }, std::chrono::seconds(180)))
      << dxhub::testing::ReadFileText(digest.log_path());
  ASSERT_EQ(sink.Messages().size(), 1u);
  const std::string text = One(Parse(sink.Messages()[0], hub.store.dir() / "next"), "text");
  EXPECT_NE(text.find("A previous digest was not delivered: monthly "), std::string::npos) << text;
  EXPECT_EQ(digest.Call(health).health().status(), "SERVING");
}

// Issue 17 item "dxctl digest preview|send-now": dxctl asks the running
// service over its admin socket (no second copy of the service sends), and
// the digest calls are refused on the CURVE tcp endpoint.
TEST(DigestService, Issue17_DxctlSendNowAsksTheRunningService) {
  Hub hub;
  SmtpSink sink(hub.store.dir() / "smtp");
  ASSERT_TRUE(sink.Start());
  DigestProcess digest(hub.store, *hub.aggregator, sink.port());
  digest.Start();  // its scheduled slot may go before or after: one thread sends both, one at a time
  auto run = dxhub::testing::RunCommandFor(fs::path(DXHUB_BIN_DIR) / "dxctl",
                                           {"digest", "send-now", "--endpoint", digest.admin_endpoint(), "--schedule",
                                            "monthly"},
                                           hub.store.dir() / "dxctl-send", std::chrono::seconds(120));
  ASSERT_EQ(run.code, 0) << run.err << dxhub::testing::ReadFileText(digest.log_path());
  EXPECT_NE(run.out.find("via smtp"), std::string::npos) << run.out;
  bool recorded_now = false;
  for (const auto& r : Recorded(hub.store)) recorded_now = recorded_now || r.slot().rfind("now-", 0) == 0;
  EXPECT_TRUE(recorded_now);
  bool arrived = false;
  for (const auto& eml : sink.Messages()) {
    arrived = arrived || One(Parse(eml, hub.store.dir() / "now"), "message-id").find(".now-") != std::string::npos;
  }
  EXPECT_TRUE(arrived);
  // The service says what a wrong schedule id is, and dxctl exits 1 with it.
  auto wrong = dxhub::testing::RunCommandFor(fs::path(DXHUB_BIN_DIR) / "dxctl",
                                             {"digest", "send-now", "--endpoint", digest.admin_endpoint(),
                                              "--schedule", "weekly"},
                                             hub.store.dir() / "dxctl-wrong", std::chrono::seconds(60));
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find("schedule 'weekly' is not in dxhub-digest's configuration (it has monthly)"),
            std::string::npos) << wrong.err;
  // Over the CURVE tcp endpoint, even with a registered key, preview is refused.
  wire::v1::Request preview;
  preview.mutable_digest_preview();
  EXPECT_EQ(digest.Call(preview, /*over_tcp=*/true).error().code(), wire::v1::ERROR_CODE_FORBIDDEN);
}

}  // namespace
}  // namespace dxhub::digest
