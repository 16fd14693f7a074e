// Issue 16 acceptance items 1 to 4, through the real binaries on loopback:
// the simulated partners' files (one tenth of their size) go through dxconnect into
// dxhub-store, the cycle is opened and closed with dxctl, the aggregator
// computes the indicators, dxhub-benchmark serves the report over its query
// API, and dxctl benchmark report asks it for each rendering.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/sim/review_cycle.h"
#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/benchmark_process.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/partner_sites.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const std::string kFramework = std::string(DXHUB_SOURCE_DIR) + "/deploy/frameworks/edi-peer-review-v1.yaml";

// The hand computation: type-7 quantile written out independently of the library.
double HandQuantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(h);
  const double frac = h - static_cast<double>(lo);
  return lo + 1 < v.size() ? v[lo] * (1 - frac) + v[lo + 1] * frac : v[lo];
}

class Benchmark : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = StartStoreForSimulatedPartners();
    base_ = store_->dir();
    auto sim = SimulatePartners(*store_, {"--scale", "0.1", "--review-cycle"});
    ASSERT_EQ(sim.code, 0) << sim.err;
    // Open the cycle the simulator describes, before any submission arrives.
    std::map<std::string, std::string> cycle;
    std::istringstream lines(ReadFileText(base_ / "partners" / "review-cycle.txt"));
    for (std::string key, value; lines >> key && std::getline(lines, value);) cycle[key] = value.substr(1);
    std::vector<std::string> open = {"review", "open", "--endpoint", store_->admin_endpoint(), "--cycle",
                                     sim::kDemoCycleId, "--name", "2023 pilot (simulated partners)", "--framework",
                                     kFramework, "--census-date", sim::kDemoCycleCensus, "--participants",
                                     cycle["participants"], "--today", "2023-05-01"};
    std::istringstream pairs(cycle["pairs"]);
    for (std::string word; pairs >> word;) open.push_back(word);
    auto opened = Dxctl(open, "open");
    ASSERT_EQ(opened.code, 0) << opened.out << opened.err;
    RunConnectors();
    auto closed = Dxctl({"review", "close", "--endpoint", store_->admin_endpoint(), "--cycle", sim::kDemoCycleId,
                         "--today", "2023-07-31"},
                        "close");
    ASSERT_EQ(closed.code, 0) << closed.err;
    aggregator_ = new AggregatorProcess(*store_, "benchmark");
    aggregator_->Start();
    ASSERT_TRUE(aggregator_->WaitApplied(Head(), std::chrono::seconds(240)));
    StartBenchmark("it");
  }
  static void TearDownTestSuite() {
    delete benchmark_;
    delete aggregator_;
    delete store_;
  }

  // The benchmark service reads the aggregator at its current query port.
  static void StartBenchmark(const std::string& name) {
    delete benchmark_;
    benchmark_ = new BenchmarkProcess(*store_, *aggregator_, name);
    benchmark_->Start();
  }

  static CommandResult Dxctl(const std::vector<std::string>& args, const std::string& stem) {
    return RunCommandFor(BinaryPath("dxctl"), args, base_ / ("dxctl-" + stem));
  }

  static void RunConnectors() {
    for (const auto& org : kSimulatedPartners) {
      auto run = RunConnector(org);
      ASSERT_EQ(run.code, 0) << org << "\n" << run.out << run.err;
      ASSERT_NE(run.out.find("peer review"), std::string::npos) << run.out;
    }
  }

  static CommandResult RunConnector(const std::string& org) {
    return RunPartnerConnector(*store_, org, "bench-secret-", std::chrono::seconds(120));
  }

  static uint64_t Head() {
    wire::v1::Request stats;
    stats.mutable_stats();
    zmq::context_t ctx(1);
    client::StoreClient admin(ctx, store_->AdminEndpoint());
    auto reply = admin.Call(stats, std::chrono::seconds(10));
    for (const auto& c : reply->stats().counters()) {
      if (c.name() == "head_seq") return static_cast<uint64_t>(c.value());
    }
    return 0;
  }

  static std::string Report(const std::string& format) {
    const fs::path out = base_ / ("report." + format);
    auto r = Dxctl({"benchmark", "report", "--endpoint", benchmark_->admin_endpoint(), "--cycle", sim::kDemoCycleId,
                    "--format", format, "--out", out.string()},
                   "report-" + format);
    EXPECT_EQ(r.code, 0) << r.err;
    return ReadFileText(out);
  }

  static StoreProcess* store_;
  static AggregatorProcess* aggregator_;
  static BenchmarkProcess* benchmark_;
  static fs::path base_;
};

StoreProcess* Benchmark::store_ = nullptr;
AggregatorProcess* Benchmark::aggregator_ = nullptr;
BenchmarkProcess* Benchmark::benchmark_ = nullptr;
fs::path Benchmark::base_;

TEST_F(Benchmark, A1_ReportMarksTheMissingReviewAndQuartilesMatchAHandComputation) {
  const json report = json::parse(Report("json"));
  EXPECT_EQ(report["cycle"]["state"], "closed");
  // The last partner's reviewer never submitted: BCVS reviews BMDC (a ring in partner order).
  ASSERT_EQ(report["missing"].size(), 1u) << report["missing"].dump();
  EXPECT_EQ(report["missing"][0].get<std::string>().rfind("MISSING review: BCVS has not reviewed BMDC", 0), 0u);
  // Every question: the place median and quartiles over the moderated levels of
  // the seven reviewed partners, computed by hand from the simulator's levels.
  ASSERT_GE(report["questions"].size(), 15u);
  int moderated_down = 0;
  for (const auto& q : report["questions"]) {
    std::vector<double> expected;
    for (const auto& org : kSimulatedPartners) {
      if (org == "BMDC") continue;  // its review is missing
      expected.push_back(sim::TrueLevel(*sim::FindPartner(org), q["id"]));
    }
    const auto& place = q["place"];
    ASSERT_FALSE(place.is_null()) << q["id"];
    EXPECT_EQ(place["n"], 7) << q["id"];
    EXPECT_DOUBLE_EQ(place["q1"].get<double>(), HandQuantile(expected, 0.25)) << q["id"];
    EXPECT_DOUBLE_EQ(place["median"].get<double>(), HandQuantile(expected, 0.5)) << q["id"];
    EXPECT_DOUBLE_EQ(place["q3"].get<double>(), HandQuantile(expected, 0.75)) << q["id"];
    for (const auto& r : q["ratings"]) {
      if (!r["moderated_level"].is_null() && r["self_level"].get<int>() > r["moderated_level"].get<int>()) ++moderated_down;
    }
  }
  EXPECT_GT(moderated_down, 0) << "some self-ratings are moderated down";
  // An indicator's quartiles over the published figures, by hand.
  bool checked = false;
  for (const auto& ind : report["indicators"]) {
    if (ind["indicator"] != "declaration_ethnicity") continue;
    std::vector<double> values;
    for (const auto& v : ind["organisations"]) {
      if (v.contains("value") && !v["value"].is_null()) values.push_back(v["value"].get<double>());
    }
    ASSERT_GE(values.size(), 4u);
    EXPECT_NEAR(ind["place_quartiles"]["median"].get<double>(), HandQuantile(values, 0.5), 1e-12);
    EXPECT_NEAR(ind["place_quartiles"]["q1"].get<double>(), HandQuantile(values, 0.25), 1e-12);
    EXPECT_NEAR(ind["place_quartiles"]["q3"].get<double>(), HandQuantile(values, 0.75), 1e-12);
    checked = true;
  }
  EXPECT_TRUE(checked) << "declaration_ethnicity read beside A3";
  EXPECT_FALSE(report["shared_strengths"].empty());
  EXPECT_FALSE(report["shared_gaps"].empty());
  const std::string csv = Report("csv");
  EXPECT_NE(csv.find("missing,,,,,,,,,,,MISSING review: BCVS has not reviewed BMDC"), std::string::npos);
}

event::v1::Event Submission(const std::string& org, bool review, const std::string& about, const std::string& text) {
  event::v1::Event e;
  e.set_org_id(org);
  e.set_connector_id(org + "-test");
  e.set_schema_version(1);
  e.mutable_occurred_at()->set_year(2023);
  e.mutable_occurred_at()->set_month(6);
  e.mutable_occurred_at()->set_day(30);
  if (review) {
    auto* p = e.mutable_peer_review();
    p->set_cycle_id("it-cycle");
    p->set_reviewed_org_id(about);
    auto* r = p->add_ratings();
    r->set_question_id("A1");
    r->set_self_level(3);
    r->set_moderated_level(2);
    r->set_comment(text);
  } else {
    auto* p = e.mutable_self_assessment();
    p->set_cycle_id("it-cycle");
    p->set_assessed_org_id(about);
    auto* r = p->add_ratings();
    r->set_question_id("A1");
    r->set_level(3);
    r->set_evidence(text);
  }
  e.set_source_key(protocol::ExpectedSourceKey(e));
  protocol::AssignEventId(e);
  return e;
}

TEST_F(Benchmark, A2_CrossOrgSelfAssessmentAndUnpairedReviewAreRejectedWithAReasonAndAudited) {
  auto opened = Dxctl({"review", "open", "--endpoint", store_->admin_endpoint(), "--cycle", "it-cycle", "--framework",
                       kFramework, "--census-date", "2023-03-31", "--participants", "BTHFT,BMDC,WYP", "--pair",
                       "BTHFT:BMDC", "--pair", "BMDC:WYP", "--pair", "WYP:BTHFT"},
                      "open-it");
  ASSERT_EQ(opened.code, 0) << opened.err;
  zmq::context_t ctx(1);
  client::StoreClient bthft(ctx, store_->ConnectorEndpoint("BTHFT"));
  wire::v1::Request request;
  auto* batch = request.mutable_ingest();
  batch->set_batch_id("a2");
  *batch->add_events() = Submission("BTHFT", false, "BMDC", "Board papers quarterly.");   // another's self-assessment
  *batch->add_events() = Submission("BTHFT", true, "WYP", "Plan seen.");                  // not paired for WYP
  *batch->add_events() = Submission("BTHFT", false, "BTHFT", "Ask jane.doe@bthft.nhs.uk");  // e-mail in evidence
  *batch->add_events() = Submission("BTHFT", true, "BMDC", "Agreed with BMDC.");            // paired: accepted
  auto reply = bthft.Call(request, std::chrono::seconds(10));
  ASSERT_TRUE(reply.ok());
  const auto& acks = reply->ingest().acks();
  ASSERT_EQ(acks.size(), 4);
  EXPECT_EQ(acks[0].reason_code(), "NOT_OWN_ASSESSMENT");
  EXPECT_NE(acks[0].reason().find("a self-assessment for BMDC was sent by BTHFT"), std::string::npos);
  EXPECT_EQ(acks[1].reason_code(), "NOT_PAIRED");
  EXPECT_NE(acks[1].reason().find("BTHFT is not paired to review WYP"), std::string::npos);
  EXPECT_EQ(acks[2].reason_code(), "EVIDENCE_REFUSED");
  EXPECT_NE(acks[2].reason().find("e-mail address"), std::string::npos);
  EXPECT_EQ(acks[2].reason().find("jane.doe"), std::string::npos) << "the identifier is not echoed";
  EXPECT_EQ(acks[3].status(), ingest::v1::ACK_STATUS_ACCEPTED) << acks[3].reason();
  // Audited: the refused attempts are dead letters, the two authorisation failures flagged as security events.
  auto letters = Dxctl({"dead-letters", "--endpoint", store_->admin_endpoint()}, "dead-letters");
  ASSERT_EQ(letters.code, 0);
  std::map<std::string, bool> security;
  std::istringstream lines(letters.out);
  for (std::string line; std::getline(lines, line);) {
    const json d = json::parse(line);
    security[d.value("reason_code", "")] = d.value("security", false);
  }
  EXPECT_TRUE(security.count("NOT_OWN_ASSESSMENT") && security["NOT_OWN_ASSESSMENT"]);
  EXPECT_TRUE(security.count("NOT_PAIRED") && security["NOT_PAIRED"]);
  EXPECT_TRUE(security.count("EVIDENCE_REFUSED"));
  EXPECT_NE(ReadFileText(store_->log_path()).find("not paired to review WYP"), std::string::npos);

  // Through dxconnect: a staff number or an e-mail address in evidence is refused with its file and line, and
  // nothing of the file is sent.
  const fs::path bad = base_ / "partners" / "WYP" / "review" / "zz-self-assessment-it.yaml";
  std::ofstream(bad) << "kind: self-assessment\ncycle: it-cycle\norganisation: WYP\ndate: 2023-06-30\nratings:\n"
                     << "  - question: A1\n    level: 2\n    evidence: \"Board papers.\"\n"
                     << "  - question: A2\n    level: 2\n    evidence: \"Mentor for officer 20481234 was found.\"\n"
                     << "  - question: A3\n    level: 2\n    evidence: \"Ask hr.data@wyp.example for the plan.\"\n";
  auto run = RunConnector("WYP");
  EXPECT_NE(run.out.find("/partners/WYP/review/zz-self-assessment-it.yaml:11:15: evidence for question A2 holds what "
                         "looks like a staff-number-like token"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("/partners/WYP/review/zz-self-assessment-it.yaml:14:15: evidence for question A3 holds what "
                         "looks like an e-mail address"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("20481234"), std::string::npos) << "the identifier is not echoed";
  EXPECT_EQ(run.out.find("hr.data@"), std::string::npos) << "the identifier is not echoed";
  EXPECT_NE(run.out.find("sent: 0 accepted"), std::string::npos) << run.out;
  fs::remove(bad);
}

TEST_F(Benchmark, A3_ReportAfterAFullRebuildIsByteIdentical) {
  ASSERT_TRUE(aggregator_->WaitApplied(Head(), std::chrono::seconds(60)));
  const std::string html = Report("html");
  const std::string json_before = Report("json");
  const std::string csv = Report("csv");
  aggregator_->Kill();
  aggregator_->Start({"--rebuild"});
  ASSERT_TRUE(aggregator_->WaitApplied(Head(), std::chrono::seconds(240)));
  ASSERT_NE(ReadFileText(aggregator_->log_path()).find("rebuild: state dropped; replaying from seq 1"), std::string::npos)
      << "the aggregator really rebuilt its cubes from the first event";
  StartBenchmark("after-rebuild");
  EXPECT_EQ(Report("json"), json_before);
  EXPECT_EQ(Report("html"), html);
  EXPECT_EQ(Report("csv"), csv);
}

TEST_F(Benchmark, A4_HtmlOpensInHeadlessChromiumWithoutConsoleErrorsOrExternalRequests) {
  const std::string html = Report("html");
  for (const char* external : {"<script", "src=", "href=", "url(", "@import", "<link", "http:", "https:"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << "the page must not load anything: " << external;
  }
  const fs::path page = base_ / "report.html";
  const char* chromium = "/usr/bin/chromium";
  if (!fs::exists(chromium)) GTEST_SKIP() << "chromium is not installed (deploy/install-deps.sh installs it)";
  const fs::path shot = base_ / "benchmark-report.png";
  const fs::path profile = base_ / "chromium-profile";
  // Every host name resolves nowhere: a request for anything outside the file would be logged as a failure.
  auto r = RunCommandFor(chromium,
                         {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
                          "--user-data-dir=" + profile.string(), "--screenshot=" + shot.string(),
                          "--window-size=1280,2000", "file://" + page.string()},
                         base_ / "chromium", std::chrono::seconds(90));
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(fs::exists(shot)) << r.err;
  EXPECT_GT(fs::file_size(shot), 20000u) << "a blank page is a few kB";
  EXPECT_EQ(r.err.find("CONSOLE"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Uncaught"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("ERR_NAME_NOT_RESOLVED"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("net::ERR_"), std::string::npos) << r.err;
  if (const char* keep = std::getenv("DXHUB_KEEP_SCREENSHOT")) fs::copy_file(shot, keep, fs::copy_options::overwrite_existing);
}

// The query API itself: the report as protobuf over CURVE with a registered
// service key (as the digest will read it), the same figures as the JSON
// rendering; an unknown cycle is an error that says so.
TEST_F(Benchmark, QueryApiAnswersTheReportAsProtobufOverCurve) {
  wire::v1::Request request;
  request.mutable_benchmark_report()->set_cycle_id(sim::kDemoCycleId);
  const auto reply = benchmark_->Call(request, /*over_tcp=*/true, std::chrono::seconds(60));
  ASSERT_FALSE(reply.has_error()) << reply.error().message();
  ASSERT_TRUE(reply.has_benchmark_report());
  EXPECT_TRUE(reply.benchmark_report().rendered().empty()) << "no rendering was asked for";
  const auto& report = reply.benchmark_report().report();
  EXPECT_FALSE(report.provisional());
  EXPECT_EQ(report.cycle().state(), event::v1::REVIEW_CYCLE_STATE_CLOSED);
  EXPECT_EQ(report.framework_version(), "edi-peer-review-v1");
  ASSERT_EQ(report.missing_size(), 1);
  EXPECT_EQ(report.missing(0).rfind("MISSING review: BCVS has not reviewed BMDC", 0), 0u);
  const json rendered = json::parse(Report("json"));
  ASSERT_EQ(static_cast<size_t>(report.questions_size()), rendered["questions"].size());
  for (int i = 0; i < report.questions_size(); ++i) {
    const auto& q = report.questions(i);
    const auto& r = rendered["questions"][static_cast<size_t>(i)];
    EXPECT_EQ(q.question_id(), r["id"]);
    EXPECT_EQ(q.place().n(), r["place"]["n"]);
    EXPECT_DOUBLE_EQ(q.place().median(), r["place"]["median"].get<double>()) << q.question_id();
    EXPECT_DOUBLE_EQ(q.place().q1(), r["place"]["q1"].get<double>()) << q.question_id();
    EXPECT_DOUBLE_EQ(q.place().q3(), r["place"]["q3"].get<double>()) << q.question_id();
  }
  EXPECT_EQ(static_cast<size_t>(report.shared_strengths_size()), rendered["shared_strengths"].size());
  EXPECT_EQ(static_cast<size_t>(report.shared_gaps_size()), rendered["shared_gaps"].size());

  request.mutable_benchmark_report()->set_format(benchmark::v1::REPORT_FORMAT_HTML);
  const auto html = benchmark_->Call(request, true, std::chrono::seconds(60));
  EXPECT_EQ(html.benchmark_report().media_type(), "text/html; charset=utf-8");
  EXPECT_EQ(html.benchmark_report().rendered(), Report("html"));

  request.mutable_benchmark_report()->set_cycle_id("no-such-cycle");
  const auto unknown = benchmark_->Call(request, true);
  EXPECT_EQ(unknown.error().code(), wire::v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_NE(unknown.error().message().find("no peer-review cycle 'no-such-cycle' has been opened"), std::string::npos)
      << unknown.error().message();
  EXPECT_EQ(unknown.request_id(), 1u) << "the reply answers the request it belongs to";
}

}  // namespace
}  // namespace dxhub::testing
