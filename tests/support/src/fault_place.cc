#include "dxhub/testing/fault_place.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "dxhub/testing/partner_sites.h"
#include "dxhub/testing/rocks_entry.h"

namespace dxhub::testing {
namespace fs = std::filesystem;

namespace {

// A loopback address where nothing listens: connections are refused at once.
constexpr const char* kNoHub = "tcp://127.0.0.1:9";

// `text` with its first `from` replaced by `to` (a test failure when absent).
std::string ReplacedOnce(std::string text, const std::string& from, const std::string& to, const fs::path& where) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << where.string() << " has no '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

StoreProcessOptions PlaceStoreOptions() {
  StoreProcessOptions options;
  options.connector_orgs = kSimulatedPartners;
  options.log_level = "warn";
  options.ready_timeout = std::chrono::seconds(300);
  return options;
}

std::map<std::string, fs::path> LayOutPlace(const StoreProcess& store, double scale, const std::string& secret_prefix,
                                            const std::string& publish_yaml) {
  std::ostringstream scale_text;
  scale_text << scale;
  const auto sim = SimulatePartners(store, {"--scale", scale_text.str()});
  EXPECT_EQ(sim.code, 0) << "dxsim --scale " << scale << ": " << sim.err;
  std::map<std::string, fs::path> configs;
  for (const auto& org : kSimulatedPartners) {
    const fs::path config = WritePartnerConnectorSite(store, org, secret_prefix);
    const std::string text = ReplacedOnce(ReadFileText(config), "\npublish:\n", "\npublish:\n" + publish_yaml, config);
    std::ofstream(config, std::ios::trunc) << text;
    configs[org] = config;
  }
  return configs;
}

std::vector<std::string> ReferenceEventIds(const StoreProcess& store, const std::map<std::string, fs::path>& configs) {
  // The same site laid out again under reference/: its keys and extracts are
  // the originals (symlinked), its state is its own, its hub is nowhere.
  const fs::path base = store.dir() / "reference";
  fs::create_directories(base / "connectors");
  for (const char* shared : {"keys", "partners"}) {
    if (!fs::exists(base / shared)) fs::create_directory_symlink(store.dir() / shared, base / shared);
  }
  std::map<std::string, fs::path> reference_configs;
  for (const auto& [org, config] : configs) {
    const fs::path copy = base / "connectors" / config.filename();
    std::ofstream(copy, std::ios::trunc) << ReplacedOnce(ReadFileText(config), store.ingest_endpoint(), kNoHub, config);
    reference_configs[org] = copy;
  }
  // Two at a time: planning is CPU-bound.
  std::vector<std::string> ids;
  auto next = reference_configs.begin();
  std::vector<std::pair<std::string, std::unique_ptr<ChildProcess>>> running;
  while (next != reference_configs.end() || !running.empty()) {
    while (running.size() < 2 && next != reference_configs.end()) {
      running.emplace_back(next->first, StartPartnerConnector(next->second, {"--give-up-after", "1"},
                                                              base / ("dxconnect-" + next->first)));
      ++next;
    }
    auto& [org, run] = running.front();
    const auto code = run->Wait(std::chrono::minutes(30));
    EXPECT_EQ(code, std::optional<int>(1)) << org << " reference run\n" << run->out() << run->err();
    EXPECT_NE(run->out().find("hub not reachable"), std::string::npos) << org << "\n" << run->out();
    const std::string state = org;
    running.erase(running.begin());
    auto enqueued = ReadRawKeys(base / "state" / state, "sent");
    EXPECT_TRUE(enqueued.ok()) << enqueued.status().ToString();
    if (enqueued.ok()) ids.insert(ids.end(), enqueued->begin(), enqueued->end());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

StoredIds ReadStoredIds(const StoreProcess& store) {
  zmq::context_t context(1);
  client::StoreClient reader(context, store.ServiceEndpoint());
  StoredIds stored;
  uint64_t last_seq = 0;
  stored.read_ok = ForEachStoredEvent(reader, [&](const event::v1::StoredEvent& e) {
    ++stored.events;
    if (e.seq() != last_seq + 1) ++stored.seq_gaps;
    last_seq = e.seq();
    stored.ids.push_back(e.event().event_id());
  });
  std::sort(stored.ids.begin(), stored.ids.end());
  const auto distinct_end = std::unique(stored.ids.begin(), stored.ids.end());
  stored.duplicated = static_cast<uint64_t>(stored.ids.end() - distinct_end);
  stored.ids.erase(distinct_end, stored.ids.end());
  return stored;
}

Delivery CompareDelivery(const std::vector<std::string>& reference, const StoredIds& stored) {
  Delivery d;
  d.sent = reference.size();
  d.stored = stored.events;
  d.duplicated = stored.duplicated;
  d.seq_gaps = stored.seq_gaps;
  std::vector<std::string> difference;
  std::set_difference(reference.begin(), reference.end(), stored.ids.begin(), stored.ids.end(),
                      std::back_inserter(difference));
  d.lost = difference.size();
  difference.clear();
  std::set_difference(stored.ids.begin(), stored.ids.end(), reference.begin(), reference.end(),
                      std::back_inserter(difference));
  d.unexpected = difference.size();
  return d;
}

std::string DeliveryFigures(const Delivery& d) {
  return "events sent " + std::to_string(d.sent) + ", stored " + std::to_string(d.stored) + ", duplicated " +
         std::to_string(d.duplicated) + ", lost " + std::to_string(d.lost) + ", unexpected " +
         std::to_string(d.unexpected) + ", seq gaps " + std::to_string(d.seq_gaps);
}

void ExpectDeliveredExactlyOnce(const Delivery& d) {
  EXPECT_EQ(d.stored, d.sent) << "events stored against the events the connectors produced";
  EXPECT_EQ(d.duplicated, 0u) << "event ids stored twice";
  EXPECT_EQ(d.lost, 0u) << "events the connectors produced that the store does not hold";
  EXPECT_EQ(d.unexpected, 0u) << "stored events an uninterrupted run does not produce";
  EXPECT_EQ(d.seq_gaps, 0u) << "store sequence numbers with gaps";
}

std::string CleanRebuildDigest(const StoreProcess& store, std::chrono::seconds timeout) {
  AggregatorProcess clean(store, "clean-rebuild");
  const auto run = RunCommandFor(BinaryPath("dxhub-aggregator"),
                                 {"--config", clean.config_path().string(), "--rebuild", "--exit-when-caught-up"},
                                 clean.dir() / "rebuild", timeout);
  std::smatch m;
  static const std::regex kCaughtUp(R"(caught up: \d+ events in [0-9.]+ s \(\d+ events/s\), \d+ cubes, digest (\w+))");
  if (run.code != 0 || !std::regex_search(run.out, m, kCaughtUp)) {
    ADD_FAILURE() << "dxhub-aggregator --rebuild exited " << run.code << ":\n"
                  << run.out.substr(run.out.size() > 2000 ? run.out.size() - 2000 : 0) << run.err
                  << ReadFileText(clean.log_path());
    return "";
  }
  return m[1].str();
}

Outcome CheckOutcome(const StoreProcess& store, AggregatorProcess& aggregator,
                     const std::vector<std::string>& reference) {
  Outcome outcome;
  const auto head = StoreHeadSeq(store);
  EXPECT_TRUE(head.has_value()) << "the store does not answer";
  if (!head) return outcome;
  outcome.head = *head;
  EXPECT_TRUE(aggregator.WaitApplied(*head, std::chrono::seconds(1800))) << "the aggregator did not catch up";
  outcome.live_digest = aggregator.Digest(std::chrono::minutes(20));  // its cubes brought current first
  const StoredIds stored = ReadStoredIds(store);
  EXPECT_TRUE(stored.read_ok);
  EXPECT_EQ(stored.events, *head) << "events read against the store's head";
  outcome.delivery = CompareDelivery(reference, stored);
  outcome.rebuilt_digest = CleanRebuildDigest(store, std::chrono::seconds(1800));
  return outcome;
}

void ExpectOutcomeExact(const Outcome& outcome) {
  ExpectDeliveredExactlyOnce(outcome.delivery);
  EXPECT_FALSE(outcome.live_digest.empty());
  EXPECT_EQ(outcome.live_digest, outcome.rebuilt_digest)
      << "the live aggregator's cubes differ from a clean rebuild's from the same store";
}

std::string DigestFigures(const Outcome& outcome) {
  return "live digest " + outcome.live_digest.substr(0, 16) +
         (outcome.live_digest == outcome.rebuilt_digest ? " == " : " != ") + "clean rebuild " +
         outcome.rebuilt_digest.substr(0, 16);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

ConnectorFleet::ConnectorFleet(std::map<std::string, fs::path> configs, std::vector<std::string> extra_args,
                               fs::path log_dir)
    : extra_args_(std::move(extra_args)), log_dir_(std::move(log_dir)) {
  for (auto& [org, config] : configs) partners_[org].config = config;
  fs::create_directories(log_dir_);
}

void ConnectorFleet::Poll() {
  for (auto& [org, p] : partners_) {
    if (p.run) {
      const auto code = p.run->Wait(std::chrono::milliseconds(0));
      if (!code) continue;
      ConnectorRun done{org, *code, p.run->out(), p.run->err()};
      p.run.reset();
      p.done = done.code == 0 && done.out.find("outbox empty") != std::string::npos;
      finished_.push_back(std::move(done));
    }
    if (p.done) continue;
    p.stem = log_dir_ / ("dxconnect-" + org + "-" + std::to_string(++p.runs));
    p.run = StartPartnerConnector(p.config, extra_args_, p.stem);
    ++runs_started_;
  }
}

void ConnectorFleet::Kill(const std::string& org) {
  auto& p = partners_.at(org);
  if (!p.run) return;
  p.run->Kill();  // reaps it
  finished_.push_back({org, 128 + SIGKILL, p.run->out(), p.run->err()});
  p.run.reset();
}

std::vector<std::string> ConnectorFleet::Running() const {
  std::vector<std::string> running;
  for (const auto& [org, p] : partners_) {
    if (p.run && p.run->running()) running.push_back(org);
  }
  return running;
}

bool ConnectorFleet::AllDone() const {
  return std::all_of(partners_.begin(), partners_.end(), [](const auto& entry) { return entry.second.done; });
}

std::string UnexpectedEnding(const ConnectorRun& run) {
  if (run.code == 0 && run.out.find("outbox empty") != std::string::npos) return "";
  if (run.code == 128 + SIGKILL) return "";
  if (run.code == 1 && run.out.find("hub not reachable for ") != std::string::npos &&
      run.out.find("events wait in the outbox and will be sent on the next run") != std::string::npos) {
    return "";
  }
  return "dxconnect run --once for " + run.org + " exited " + std::to_string(run.code) + "\n" + run.out + run.err;
}

uint64_t RejectedInRuns(const std::vector<ConnectorRun>& runs) {
  static const std::regex kSent(R"(sent: \d+ accepted, \d+ duplicates, (\d+) rejected)");
  uint64_t rejected = 0;
  for (const auto& run : runs) {
    for (std::sregex_iterator it(run.out.begin(), run.out.end(), kSent), end; it != end; ++it) {
      rejected += std::stoull((*it)[1].str());
    }
  }
  return rejected;
}

uint64_t FaultSeed() {
  if (const char* seed = std::getenv("DXHUB_FAULT_SEED"); seed && *seed) return std::strtoull(seed, nullptr, 10);
  return std::random_device{}();
}

double EnvNumber(const char* name, double fallback) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  const double value = std::strtod(text, nullptr);
  return value > 0 ? value : fallback;
}

}  // namespace dxhub::testing
