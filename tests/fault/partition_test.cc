// Issue 19 fault scenario: a network partition between a connector and the
// hub. The test makes its own network namespace and veth pair (root side
// 10.213.x.1 with the real dxhub-store bound to it, namespace side 10.213.x.2
// where the real dxconnect runs through `ip netns exec`), cuts the link in the
// middle of the connector's run, holds it cut, restores it, and checks that
// every planned event is stored exactly once (counts by type, event ids, the
// person keys). Two ways of cutting: the link set down (the connector's
// reconnects fail at once), and a black hole (each side's neighbour entry for
// the other replaced by an unknown MAC address, so frames are dropped
// silently, in one direction or both, like a cable pulled further along).
// Needs root (CAP_NET_ADMIN); skipped with the reason otherwise. The namespace
// (and with it the veth pair) is deleted in TearDown, and namespaces left by
// a test process that no longer exists are deleted at the next SetUp.
// Label `fault`: `ctest --test-dir build -L fault`.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <sstream>

#include "../connector/connector_site.h"
#include "../connector/esr_extract.h"
#include "../store/helpers.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kIp[] = "/usr/sbin/ip";
constexpr char kNamespacePrefix[] = "dxhub-part-";
constexpr char kUnknownMac[] = "02:00:5e:10:de:ad";
constexpr size_t kPeople = 3000;
// How long the link stays cut (the connector's timeout is 400 ms, its back-off at most 1 s).
constexpr std::chrono::seconds kCut{6};

// Runs `ip args...`; its output on failure.
CommandResult Ip(const std::vector<std::string>& args, const fs::path& stem) {
  return RunCommandFor(kIp, args, stem, std::chrono::seconds(20));
}

// Deletes namespaces named after test processes that are gone (a test killed by its timeout).
void DeleteStaleNamespaces(const fs::path& work) {
  const auto list = Ip({"netns", "list"}, work / "ip-list");
  std::istringstream lines(list.out);
  for (std::string name; lines >> name;) {
    if (name.rfind(kNamespacePrefix, 0) != 0) continue;
    const std::string pid = name.substr(std::string(kNamespacePrefix).size());
    if (!pid.empty() && !fs::exists("/proc/" + pid)) Ip({"netns", "delete", name}, work / "ip-stale");
  }
}

class Partition : public ::testing::Test {
 protected:
  Partition() : store_(OnTheVeth()) {}

  // 10.213.x.y/30, one per test process: host 1 is the store's side, host 2 the connector's.
  static std::string Address(unsigned host) {
    const unsigned slot = static_cast<unsigned>(::getpid()) % 16000u * 4u;
    return "10.213." + std::to_string(slot >> 8) + "." + std::to_string((slot & 255u) + host);
  }
  static std::string HostAddress() { return Address(1); }
  static std::string PeerAddress() { return Address(2); }
  static StoreProcessOptions OnTheVeth() {
    StoreProcessOptions options;
    options.bind_host = HostAddress();
    return options;
  }

  void SetUp() override {
    DeleteStaleNamespaces(store_.dir());
    ns_ = kNamespacePrefix + std::to_string(::getpid());
    host_if_ = "dxp" + std::to_string(::getpid()) + "h";
    peer_if_ = "dxp" + std::to_string(::getpid()) + "c";
    const auto add = Ip({"netns", "add", ns_}, store_.dir() / "ip-netns-add");
    if (add.code != 0) {
      GTEST_SKIP() << "cannot create a network namespace (`ip netns add " << ns_ << "`: " << add.err
                   << "): this partition test needs root with CAP_NET_ADMIN and a kernel with network namespaces";
    }
    made_ns_ = true;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"link", "add", host_if_, "type", "veth", "peer", "name", peer_if_},
             {"link", "set", peer_if_, "netns", ns_},
             {"addr", "add", HostAddress() + "/30", "dev", host_if_},
             {"link", "set", host_if_, "up"},
             {"netns", "exec", ns_, kIp, "addr", "add", PeerAddress() + "/30", "dev", peer_if_},
             {"netns", "exec", ns_, kIp, "link", "set", peer_if_, "up"},
             {"netns", "exec", ns_, kIp, "link", "set", "lo", "up"}}) {
      const auto r = Ip(args, store_.dir() / "ip-setup");
      ASSERT_EQ(r.code, 0) << "ip " << ::testing::PrintToString(args) << ": " << r.err;
    }
    store_.Start();
    ASSERT_TRUE(store_.running());
    ASSERT_EQ(store_.ingest_endpoint().rfind("tcp://" + HostAddress() + ":", 0), 0u) << store_.ingest_endpoint();
  }

  void TearDown() override {
    if (connector_) connector_->Kill();
    store_.Kill();
    if (made_ns_) {
      const auto r = Ip({"netns", "delete", ns_}, store_.dir() / "ip-netns-delete");  // the veth pair goes with it
      EXPECT_EQ(r.code, 0) << r.err;
      EXPECT_FALSE(fs::exists("/run/netns/" + ns_)) << "namespace " << ns_ << " left behind";
    }
  }

  // `ip` in the root namespace, or in the connector's (`in_ns`); fails the test on error.
  void Run(std::vector<std::string> args, bool in_ns = false) {
    if (in_ns) args.insert(args.begin(), {"netns", "exec", ns_, kIp});
    const auto r = Ip(args, store_.dir() / "ip-run");
    EXPECT_EQ(r.code, 0) << "ip " << ::testing::PrintToString(args) << ": " << r.err;
  }

  // The connector's frames to the store vanish (its neighbour entry for the store's address points nowhere).
  void DropTowardsTheStore(bool drop) { Neighbour(HostAddress(), peer_if_, true, drop); }
  // The store's frames to the connector (its acknowledgements) vanish.
  void DropTowardsTheConnector(bool drop) { Neighbour(PeerAddress(), host_if_, false, drop); }
  void Neighbour(const std::string& address, const std::string& dev, bool in_ns, bool drop) {
    if (drop) {
      Run({"neigh", "replace", address, "lladdr", kUnknownMac, "dev", dev, "nud", "permanent"}, in_ns);
    } else {
      Run({"neigh", "del", address, "dev", dev}, in_ns);  // resolved again by ARP
    }
  }

  void WriteSite(ConnectorSite& site) {
    SiteConfig config;
    config.publish_yaml = "  batch_events: 20\n  window: 4\n  timeout_ms: 400\n  max_backoff_ms: 1000\n  give_up_after_s: 120\n";
    site.WriteConfig(config);
    people_ = MakePeople(kPeople);
    WriteEsrExtract(site.source_dir(), "2023-03-31", people_);
    const auto dry = site.Dxconnect("dry-run");
    ASSERT_EQ(dry.code, 0) << dry.out << dry.err;
    planned_ = EventsToSend(dry.out);
    ASSERT_EQ(planned_["staff_record"], kPeople) << dry.out;
  }

  // `dxconnect run --once` inside the namespace.
  void StartConnector(ConnectorSite& site) {
    connector_ = std::make_unique<ChildProcess>(
        kIp,
        std::vector<std::string>{"netns", "exec", ns_, BinaryPath("dxconnect").string(), "run", "--once", "--config",
                                 site.config_path().string()},
        site.dir() / "run-in-netns");
  }

  uint64_t Head() { return static_cast<uint64_t>(std::max<int64_t>(0, CounterOf(StatsOver(ctx_, store_), "head_seq"))); }
  int64_t Duplicates() { return CounterOf(StatsOver(ctx_, store_), "duplicates_total"); }

  // Starts the connector, cuts with `cut(true)` once the store holds its first
  // events, checks that nothing crosses while cut, restores with `cut(false)`
  // and checks that every planned event is stored once.
  template <typename Cut>
  void CutMidRunThenRestore(const std::string& how, Cut cut) {
    ConnectorSite site(store_);
    WriteSite(site);
    if (HasFatalFailure()) return;
    uint64_t total = 0;
    for (const auto& [type, n] : planned_) total += n;

    StartConnector(site);
    ASSERT_TRUE(WaitUntil([&] { return Head() > 0 || !connector_->running(); }, std::chrono::seconds(60)))
        << connector_->out() << connector_->err();
    cut(true);
    const uint64_t at_cut = Head();
    ASSERT_LT(at_cut, total) << "the run finished before the cut (more people needed)\n" << connector_->err();
    std::this_thread::sleep_for(std::chrono::seconds(1));  // what was on the wire lands
    const uint64_t settled = Head();
    std::this_thread::sleep_for(kCut - std::chrono::seconds(1));
    const uint64_t before_restore = Head();
    EXPECT_EQ(before_restore, settled) << "events crossed the cut link (" << how << ")";
    EXPECT_TRUE(connector_->running()) << "the connector stopped while cut:\n" << connector_->err();
    EXPECT_FALSE(LinesWith(connector_->err(), "no acknowledgement from the hub").empty())
        << "the connector did not notice the cut:\n" << connector_->err();
    cut(false);

    const auto code = connector_->Wait(std::chrono::seconds(120));
    ASSERT_TRUE(code.has_value()) << "the connector did not finish after the link came back\n" << connector_->err();
    EXPECT_EQ(*code, 0) << connector_->out() << connector_->err();
    EXPECT_NE(connector_->out().find("outbox empty"), std::string::npos) << connector_->out();

    const auto stored = ReadStoredEvents(store_);
    EXPECT_EQ(CountByType(stored), planned_);
    std::set<std::string> ids, people;
    for (const auto& e : stored) {
      ids.insert(e.event().event_id());
      if (e.event().has_staff_record()) people.insert(e.event().staff_record().person_key());
    }
    EXPECT_EQ(ids.size(), stored.size()) << "an event stored twice";
    std::set<std::string> expected_people;
    for (const auto& p : people_) expected_people.insert(site.PersonKey(p.staff_number));
    EXPECT_EQ(people, expected_people);
    std::printf("partition (%s): %llu events planned, %llu stored before the cut, %llu when it settled, %zu stored "
                "at the end (%zu distinct ids), %lld duplicates refused by the store, %zu connector retries\n",
                how.c_str(), static_cast<unsigned long long>(total), static_cast<unsigned long long>(at_cut),
                static_cast<unsigned long long>(settled), stored.size(), ids.size(),
                static_cast<long long>(Duplicates()), LinesWith(connector_->err(), "no acknowledgement").size());
  }

  StoreProcess store_;
  std::unique_ptr<ChildProcess> connector_;
  std::string ns_, host_if_, peer_if_;
  bool made_ns_ = false;
  std::vector<FakePerson> people_;
  std::map<std::string, uint64_t> planned_;
  zmq::context_t ctx_{1};
};

TEST_F(Partition, LinkDownMidRunThenRestoredDeliversEverythingOnce) {
  CutMidRunThenRestore("link down", [&](bool down) { Run({"link", "set", host_if_, down ? "down" : "up"}); });
}

TEST_F(Partition, BlackHoleBothWaysMidRunDeliversEverythingOnce) {
  CutMidRunThenRestore("black hole, both ways", [&](bool drop) {
    DropTowardsTheStore(drop);
    DropTowardsTheConnector(drop);
  });
}

// Requests still reach the store but its acknowledgements are lost: batches
// committed and never acknowledged are sent again after the restore, and the
// store's dedup keeps one copy.
TEST_F(Partition, AcknowledgementsLostMidRunDeliversEverythingOnce) {
  CutMidRunThenRestore("acknowledgements lost", [&](bool drop) { DropTowardsTheConnector(drop); });
}

}  // namespace
}  // namespace dxhub::testing
