// The simulated place under faults (issue 19, label `fault`): a store for the
// eight simulated partners with dxsim's extracts at a scale, each partner's
// connector site (a short back-off, so a restarted hub is found quickly), a
// fleet that keeps `dxconnect run --once` going for every partner until each
// has emptied its outbox, and what the outcome is checked against: the event
// ids an uninterrupted run of the same connectors enqueues from the same
// extracts with the same secrets, the store's contents read id by id, and the
// cube digest of a clean aggregator rebuild. Owned by one test thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

// Store options for a big place: every simulated partner's key, log level
// warn, and a long start-up allowance (RocksDB opens slowly on a loaded machine).
StoreProcessOptions PlaceStoreOptions();

// Runs dxsim at `scale` into <store dir>/partners and lays out every partner's
// connector site (RunPartnerConnector's, with `publish_yaml` lines added under
// `publish:`); returns each partner's config path.
std::map<std::string, std::filesystem::path> LayOutPlace(const StoreProcess& store, double scale,
                                                         const std::string& secret_prefix,
                                                         const std::string& publish_yaml);

// What an uninterrupted run sends: each site's connector run once, from a
// fresh state of its own under <store dir>/reference, against a hub address
// where nothing listens (so it plans and enqueues everything, then gives up);
// every event id it enqueued, sorted. Fails the test when a run does not end
// as documented (exit 1, "hub not reachable").
std::vector<std::string> ReferenceEventIds(const StoreProcess& store,
                                           const std::map<std::string, std::filesystem::path>& configs);

// The store's events, read id by id from seq 1 to the head.
struct StoredIds {
  uint64_t events = 0;
  uint64_t seq_gaps = 0;    // events whose seq does not follow the previous one's by one
  uint64_t duplicated = 0;  // events whose id an earlier event already had
  std::vector<std::string> ids;  // distinct, sorted
  bool read_ok = false;
};
StoredIds ReadStoredIds(const StoreProcess& store);

// The stored events against the reference ids.
struct Delivery {
  uint64_t sent = 0;        // distinct events the reference run enqueued
  uint64_t stored = 0;      // events the store holds
  uint64_t duplicated = 0;  // stored more than once
  uint64_t lost = 0;        // in the reference, not in the store
  uint64_t unexpected = 0;  // in the store, not in the reference
  uint64_t seq_gaps = 0;
};
Delivery CompareDelivery(const std::vector<std::string>& reference, const StoredIds& stored);
// "events sent N, stored N, duplicated 0, lost 0, unexpected 0, seq gaps 0".
std::string DeliveryFigures(const Delivery& d);
// Every event sent stored exactly once, nothing else stored, seqs gap-free (test failures naming each miss).
void ExpectDeliveredExactlyOnce(const Delivery& d);

// The digest `dxhub-aggregator --rebuild --exit-when-caught-up` prints from a
// fresh data directory against `store`; "" (and a test failure) when it did not.
std::string CleanRebuildDigest(const StoreProcess& store, std::chrono::seconds timeout);

// After a scenario: the store's head, its events against the reference, the
// live aggregator's digest once it has applied the head, and a clean
// rebuild's; test failures when the store or the aggregator does not answer.
struct Outcome {
  uint64_t head = 0;
  Delivery delivery;
  std::string live_digest;
  std::string rebuilt_digest;
};
Outcome CheckOutcome(const StoreProcess& store, AggregatorProcess& aggregator,
                     const std::vector<std::string>& reference);
// ExpectDeliveredExactlyOnce, every stored event read, the live digest equal to the rebuilt one.
void ExpectOutcomeExact(const Outcome& outcome);
// "live digest 1a2b3c4d5e6f7a8b == clean rebuild 1a2b3c4d5e6f7a8b".
std::string DigestFigures(const Outcome& outcome);

// Seconds from `start` to now.
double SecondsSince(std::chrono::steady_clock::time_point start);

// One finished `dxconnect run --once`.
struct ConnectorRun {
  std::string org;
  int code = -1;  // exit code (128 + signal when killed)
  std::string out;
  std::string err;
};

// Keeps `dxconnect run --once` going for each partner: a run that exits 0
// with its outbox empty ends the partner's work; any other ending (a kill, a
// give-up on an unreachable hub) starts a new run on the next Poll().
class ConnectorFleet {
 public:
  // Each run gets `extra_args`; outputs go to `log_dir`/dxconnect-<org>-<n>.{out,err}.
  ConnectorFleet(std::map<std::string, std::filesystem::path> configs, std::vector<std::string> extra_args,
                 std::filesystem::path log_dir);

  // Reaps finished runs (appending them to finished()), and starts a run for
  // each partner that is neither done nor running.
  void Poll();
  // SIGKILLs the partner's run (recorded in finished() with exit 137); the next Poll() starts another.
  void Kill(const std::string& org);
  // Partners with a run going.
  std::vector<std::string> Running() const;
  bool AllDone() const;
  const std::vector<ConnectorRun>& finished() const { return finished_; }
  // How many runs were started in all.
  uint64_t runs_started() const { return runs_started_; }

 private:
  struct Partner {
    std::filesystem::path config;
    std::unique_ptr<ChildProcess> run;
    std::filesystem::path stem;
    int runs = 0;
    bool done = false;
  };
  std::map<std::string, Partner> partners_;
  std::vector<std::string> extra_args_;
  std::filesystem::path log_dir_;
  std::vector<ConnectorRun> finished_;
  uint64_t runs_started_ = 0;
};

// Why `run` did not end in one of the expected ways ("" when it did): exit 0
// with its outbox empty, SIGKILLed (137), or exit 1 having given up on an
// unreachable hub ("hub not reachable for N s; M events wait in the outbox").
std::string UnexpectedEnding(const ConnectorRun& run);

// Sum of the "N rejected" figures in the runs' "sent:" lines.
uint64_t RejectedInRuns(const std::vector<ConnectorRun>& runs);

// The seed for a randomised scenario: DXHUB_FAULT_SEED when set, else a fresh one.
uint64_t FaultSeed();

// A positive number from the environment variable `name`, else `fallback`.
double EnvNumber(const char* name, double fallback);

}  // namespace dxhub::testing
