// A run is staged in the connector state piece by piece as it is planned
// (StageRun, ConnectorState::Stage) instead of held whole in memory until one
// write (issue 18: `dxconnect run` held every event and snapshot change of the
// run, 1.8 GiB at scale 10). Staged entries stay out of the outbox until
// Enqueue() commits them; a refused run, or a crash, leaves the state as the
// last commit left it. Real CSV files and real RocksDB; counts, not times.
#include <gtest/gtest.h>

#include <fstream>

#include "dxhub/connector/planner.h"
#include "dxhub/csv/csv_source.h"
#include "dxhub/kv/rocks_util.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/rocks_entry.h"
#include "dxhub/testing/test_dir.h"
#include "planner_config.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;
namespace fs = std::filesystem;

// Three quarterly extracts of 400 people: each quarter 20 leave, 20 join and 50 change grade.
constexpr int kPeople = 400;
constexpr int kQuarters = 3;

class StagedRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = dxhub::testing::FreshTestDir("staged");
    fs::create_directories(dir_ / "src");
    config_ = PlannerTestConfig(dir_ / "src");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteQuarter(int q, const std::string& name) {
    std::ofstream out(dir_ / "src" / name);
    out << "staff_number,grade,ethnicity\n";
    for (int n = 20 * q; n < kPeople + 20 * q; ++n) {
      const bool promoted = n >= 100 + 50 * q && n < 150 + 50 * q;
      out << "E" << n << "," << (promoted ? "Band 8a" : "Band 5") << ",A\n";
    }
  }
  void WriteQuarters() {
    const char* names[kQuarters] = {"staff_2023-03-31.csv", "staff_2023-06-30.csv", "staff_2023-09-30.csv"};
    for (int q = 0; q < kQuarters; ++q) WriteQuarter(q, names[q]);
  }

  std::unique_ptr<ConnectorState> Open(const std::string& name) {
    auto state = ConnectorState::Open(dir_ / name);
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    return state.ok() ? std::move(*state) : nullptr;
  }

  // The ids in the outbox, in outbox order.
  static std::vector<std::string> OutboxIds(const ConnectorState& state) {
    std::vector<OutboxEntry> entries;
    EXPECT_TRUE(state.PeekOutbox(0, 1000000, &entries).ok());
    std::vector<std::string> ids;
    for (const auto& e : entries) ids.push_back(e.event.event_id());
    return ids;
  }
  // Every snapshot entry as key and bytes.
  static std::vector<std::pair<std::string, std::string>> Snapshot(const ConnectorState& state) {
    std::vector<std::pair<std::string, std::string>> out;
    EXPECT_TRUE(state
                    .WalkSnapshot([&](const std::string& key, const ev::StaffRecord& r) {
                      out.emplace_back(key, r.SerializeAsString());
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  fs::path dir_;
  ConnectorConfig config_;
  Pseudonymiser p_{"0123456789abcdef-secret", 1};
};

TEST_F(StagedRunTest, I18_AStagedRunHoldsAPieceInMemoryNotTheWholeRun) {
  WriteQuarters();
  auto state = Open("state");
  csv::CsvSource source(config_);
  constexpr size_t kPiece = 50;
  auto plan = StageRun(config_, *state, p_, source, kPiece);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_TRUE(plan->ok());
  // 400 joins, then 20 joins + 50 changes + 20 leavers in each later quarter, and the mapping event.
  EXPECT_EQ(plan->joins, 440u);
  EXPECT_EQ(plan->leavers, 40u);
  EXPECT_EQ(state->staged_events(), 400u + 2 * 90 + 100 + 1);
  // Events and snapshot changes pending a write: under two pieces, never the run's 1,300-odd.
  EXPECT_LT(plan->peak_held, 2 * kPiece) << "the planner held the run in memory";
  EXPECT_TRUE(plan->batch.events.empty());
  EXPECT_TRUE(plan->batch.snapshot_puts.empty());
}

TEST_F(StagedRunTest, I18_AStagedRunCommitsTheSameOutboxAndSnapshotAsOneHeldInMemory) {
  WriteQuarters();
  auto held = Open("held");
  auto staged = Open("staged");
  csv::CsvSource source(config_);
  auto in_memory = PlanRun(config_, *held, p_, source);
  ASSERT_TRUE(in_memory.ok() && in_memory->ok());
  ASSERT_TRUE(held->Enqueue(in_memory->batch).ok());
  auto plan = StageRun(config_, *staged, p_, source, 7);
  ASSERT_TRUE(plan.ok() && plan->ok());
  EXPECT_EQ(plan->joins, in_memory->joins);
  EXPECT_EQ(plan->changes, in_memory->changes);
  EXPECT_EQ(plan->leavers, in_memory->leavers);
  EXPECT_EQ(plan->events_by_type, in_memory->events_by_type);
  ASSERT_TRUE(staged->Enqueue(plan->batch).ok());
  EXPECT_EQ(OutboxIds(*staged), OutboxIds(*held));  // same events, same order
  EXPECT_EQ(Snapshot(*staged), Snapshot(*held));
  EXPECT_EQ(staged->last_headcount(), held->last_headcount());
  EXPECT_EQ(staged->outbox_size(), held->outbox_size());
  // And after reopening: nothing was left staged, nothing dropped.
  staged.reset();
  staged = Open("staged");
  EXPECT_EQ(OutboxIds(*staged), OutboxIds(*held));
  EXPECT_EQ(Snapshot(*staged), Snapshot(*held));
  EXPECT_EQ(staged->staged_events(), 0u);
  // The same files again plan nothing new.
  auto again = StageRun(config_, *staged, p_, source, 7);
  ASSERT_TRUE(again.ok() && again->ok());
  EXPECT_EQ(staged->staged_events(), 0u);
}

TEST_F(StagedRunTest, I18_ARunAGuardRefusesLateLeavesNothingOfItsEarlierExtractsStaged) {
  WriteQuarter(0, "staff_2023-03-31.csv");
  WriteQuarter(1, "staff_2023-06-30.csv");
  std::ofstream(dir_ / "src" / "staff_2023-09-30.csv") << "staff_number,grade,ethnicity\nE1,Band 5,A\n";
  auto state = Open("state");
  csv::CsvSource source(config_);
  auto plan = StageRun(config_, *state, p_, source, 16);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_FALSE(plan->ok());  // the third extract's headcount
  EXPECT_GT(state->staged_events(), 0u);
  ASSERT_TRUE(state->DiscardStaged().ok());
  EXPECT_EQ(state->staged_events(), 0u);
  EXPECT_EQ(state->outbox_size(), 0u);
  EXPECT_TRUE(Snapshot(*state).empty());
  // Nothing of the refused run is taken for sent: fixed, the same run plans it all.
  fs::remove(dir_ / "src" / "staff_2023-09-30.csv");
  auto fixed = StageRun(config_, *state, p_, source, 16);
  ASSERT_TRUE(fixed.ok() && fixed->ok());
  EXPECT_EQ(fixed->already_sent, 0u);
  EXPECT_EQ(fixed->joins, 420u);
}

TEST_F(StagedRunTest, I18_WhatARunStagedIsDroppedWhenTheStateIsOpenedAgain) {
  auto state = Open("state");
  const auto committed = protocol::SampleStaffRecord("BTHFT", 1);
  EnqueueBatch batch;
  batch.events.push_back(committed);
  batch.snapshot_puts[committed.staff_record().person_key()] = committed.staff_record();
  ASSERT_TRUE(state->Enqueue(batch).ok());
  const auto staged = protocol::SampleStaffRecord("BTHFT", 2);
  ASSERT_TRUE(state
                  ->Stage({staged}, {{staged.staff_record().person_key(), staged.staff_record()},
                                     {committed.staff_record().person_key(), std::nullopt}})
                  .ok());
  // Seen by the planner, not by the publisher.
  EXPECT_TRUE(state->WasEnqueued(staged.event_id()));
  EXPECT_EQ(Snapshot(*state).size(), 1u);
  EXPECT_EQ(Snapshot(*state).front().first, staged.staff_record().person_key());
  EXPECT_EQ(state->outbox_size(), 1u);
  EXPECT_EQ(OutboxIds(*state), std::vector<std::string>{committed.event_id()});
  state.reset();  // a crash before the commit
  state = Open("state");
  EXPECT_EQ(state->staged_events(), 0u);
  EXPECT_FALSE(state->WasEnqueued(staged.event_id()));
  EXPECT_EQ(OutboxIds(*state), std::vector<std::string>{committed.event_id()});
  ASSERT_EQ(Snapshot(*state).size(), 1u);
  EXPECT_EQ(Snapshot(*state).front().first, committed.staff_record().person_key());
  state.reset();
  auto outbox_keys = dxhub::testing::ReadRawKeys(dir_ / "state", "outbox");
  ASSERT_TRUE(outbox_keys.ok());
  EXPECT_EQ(outbox_keys->size(), 1u);
  auto staged_keys = dxhub::testing::ReadRawKeys(dir_ / "state", "staged_snapshot");
  ASSERT_TRUE(staged_keys.ok());
  EXPECT_TRUE(staged_keys->empty());
}

TEST_F(StagedRunTest, I18_ACommitCutShortIsFinishedWhenTheStateIsOpenedAgain) {
  auto state = Open("state");
  const auto first = protocol::SampleStaffRecord("BTHFT", 1);
  const auto second = protocol::SampleStaffRecord("BTHFT", 2);
  ASSERT_TRUE(state->Stage({first, second}, {{first.staff_record().person_key(), first.staff_record()},
                                             {second.staff_record().person_key(), second.staff_record()}})
                  .ok());
  state.reset();
  // As Enqueue() leaves it when it dies after its synced write: the tail past
  // the staged events and the commit marker, the changes not yet moved.
  ASSERT_TRUE(dxhub::testing::PutRawEntry(dir_ / "state", "default", "outbox_tail", kv::EncodeBe64(3)).ok());
  ASSERT_TRUE(dxhub::testing::PutRawEntry(dir_ / "state", "default", "staged_commit", "").ok());
  state = Open("state");
  EXPECT_EQ(OutboxIds(*state), (std::vector<std::string>{first.event_id(), second.event_id()}));
  EXPECT_TRUE(state->WasEnqueued(first.event_id()));
  EXPECT_TRUE(state->WasEnqueued(second.event_id()));
  EXPECT_EQ(Snapshot(*state).size(), 2u);
  state.reset();
  auto staged_keys = dxhub::testing::ReadRawKeys(dir_ / "state", "staged_snapshot");
  ASSERT_TRUE(staged_keys.ok());
  EXPECT_TRUE(staged_keys->empty());
  auto sent_keys = dxhub::testing::ReadRawKeys(dir_ / "state", "sent");
  ASSERT_TRUE(sent_keys.ok());
  EXPECT_EQ(sent_keys->size(), 2u);
}

// RocksDB's default memtables (64 MiB per family, two each) let a staged run
// of hundreds of MB sit in memory: 100 MB of the peak at scale 10. The
// state's memtables are bounded instead, whatever the run's size.
TEST(ConnectorStateMemory, I18_TheStatesMemtablesAreBoundedWhateverTheRunsSize) {
  const auto dir = dxhub::testing::FreshTestDir("memtables");
  { ASSERT_TRUE(ConnectorState::Open(dir).ok()); }
  std::string options_text;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("OPTIONS-", 0) != 0) continue;
    std::ifstream in(entry.path());
    options_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_FALSE(options_text.empty()) << "no OPTIONS file in " << dir;
  EXPECT_NE(options_text.find("db_write_buffer_size=33554432"), std::string::npos);
  size_t families = 0;
  for (size_t at = options_text.find("write_buffer_size="); at != std::string::npos;
       at = options_text.find("write_buffer_size=", at + 1)) {
    if (at > 0 && options_text[at - 1] != '\n' && options_text[at - 1] != ' ') continue;  // db_write_buffer_size
    ++families;
    EXPECT_EQ(options_text.compare(at, 26, "write_buffer_size=8388608\n"), 0) << options_text.substr(at, 40);
  }
  EXPECT_EQ(families, 8u);  // every column family
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dxhub::connector
