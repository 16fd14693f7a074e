// The connector's state never takes what it cannot read back, and an entry
// that does not parse is quarantined instead of stopping every later run
// (issue 15, defect 1).
#include "dxhub/testing/test_dir.h"
#include "dxhub/connector/connector_state.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "dxhub/kv/rocks_util.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/rocks_entry.h"

namespace dxhub::connector {
namespace {
namespace fs = std::filesystem;

class ConnectorStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = dxhub::testing::FreshTestDir("state");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<ConnectorState> Open() {
    auto state = ConnectorState::Open(dir_);
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    return state.ok() ? std::move(*state) : nullptr;
  }

  // Two people enqueued, as a run would.
  EnqueueBatch TwoPeople() {
    EnqueueBatch batch;
    for (uint64_t n : {1, 2}) {
      auto e = protocol::SampleStaffRecord("BTHFT", n);
      batch.snapshot_puts[e.staff_record().person_key()] = e.staff_record();
      batch.events.push_back(std::move(e));
    }
    return batch;
  }

  fs::path dir_;
};

TEST_F(ConnectorStateTest, D1_EnqueueRefusesAnEventThatWouldNotReadBack) {
  auto state = Open();
  EnqueueBatch batch = TwoPeople();
  batch.events[1].mutable_staff_record()->set_staff_group("Admin \x96 Clerical");
  const Status s = state->Enqueue(batch);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("refused to write the outbox: the staff_record event"), std::string::npos) << s.message();
  EXPECT_NE(
      s.message().find("staff_record.staff_group is not valid UTF-8 (byte 0x96 at offset 6); nothing was written"),
      std::string::npos)
      << s.message();
  EXPECT_EQ(state->outbox_size(), 0u);
  EXPECT_TRUE(state->LoadSnapshot()->empty());
  EXPECT_FALSE(state->WasEnqueued(batch.events[0].event_id()));
}

TEST_F(ConnectorStateTest, D1_EnqueueRefusesASnapshotRecordThatWouldNotReadBack) {
  auto state = Open();
  EnqueueBatch batch = TwoPeople();
  batch.snapshot_puts.begin()->second.set_ethnicity_source("Ren\xE9");
  const Status s = state->Enqueue(batch);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("refused to write the snapshot: the record of person v1:"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("ethnicity_source is not valid UTF-8 (byte 0xE9 at offset 3)"), std::string::npos);
  EXPECT_EQ(state->outbox_size(), 0u);
  EXPECT_TRUE(state->LoadSnapshot()->empty());
}

TEST_F(ConnectorStateTest, D1_UnparseableEntriesAreQuarantinedAndTheStateStaysUsable) {
  EnqueueBatch batch = TwoPeople();
  const std::string kept = batch.events[0].staff_record().person_key();
  {
    auto state = Open();
    ASSERT_TRUE(state->Enqueue(batch).ok());
  }
  // What an old bug left behind: a snapshot record and an outbox event with a
  // non-UTF-8 byte, and a rejected-event record cut short.
  auto bad = batch.events[1];
  const std::string bad_key = bad.staff_record().person_key();
  bad.mutable_staff_record()->set_grade("Band\x96");
  ASSERT_TRUE(testing::PutRawEntry(dir_, "snapshot", bad_key, bad.staff_record().SerializeAsString()).ok());
  ASSERT_TRUE(testing::PutRawEntry(dir_, "outbox", kv::EncodeBe64(2), bad.SerializeAsString()).ok());
  ASSERT_TRUE(testing::PutRawEntry(dir_, "rejected", kv::EncodeBe64(7), "\x01").ok());

  auto state = Open();
  ASSERT_EQ(state->quarantined_on_open().size(), 3u);
  const auto& snapshot = state->quarantined_on_open()[0];
  EXPECT_EQ(snapshot.family, "snapshot");
  EXPECT_EQ(snapshot.DisplayKey(), bad_key);
  EXPECT_EQ(snapshot.reason.find("does not parse as a staff record"), 0u) << snapshot.reason;
  EXPECT_EQ(snapshot.value, bad.staff_record().SerializeAsString());
  EXPECT_NE(snapshot.Consequence().find("sends them as a join"), std::string::npos);
  EXPECT_EQ(state->quarantined_on_open()[1].family, "outbox");
  EXPECT_EQ(state->quarantined_on_open()[1].DisplayKey(), "#2");
  EXPECT_EQ(state->quarantined_on_open()[2].family, "rejected");

  // The connector carries on: the good person, the good event, and new work.
  auto snap = state->LoadSnapshot();
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->size(), 1u);
  EXPECT_TRUE(snap->count(kept));
  std::vector<OutboxEntry> outbox;
  ASSERT_TRUE(state->PeekOutbox(0, 10, &outbox).ok());
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].id, 1u);
  auto next = TwoPeople();
  next.events[0] = protocol::SampleStaffRecord("BTHFT", 3);
  ASSERT_TRUE(state->Enqueue(next).ok());
  outbox.clear();
  ASSERT_TRUE(state->PeekOutbox(0, 10, &outbox).ok());
  ASSERT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox[1].id, 3u);  // the quarantined id 2 is never reused

  auto counts = state->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->quarantined, 3u);
  EXPECT_EQ(counts->snapshot_people, 2u);
  EXPECT_EQ(counts->outbox, 3u);
  state.reset();

  // Kept for inspection across restarts; nothing more to move.
  state = Open();
  EXPECT_TRUE(state->quarantined_on_open().empty());
  std::vector<QuarantinedEntry> all;
  ASSERT_TRUE(state->Quarantined(&all).ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].family, "outbox");  // in key order: family, then key
  EXPECT_EQ(all[1].family, "rejected");
  EXPECT_EQ(all[1].value, "\x01");
  EXPECT_EQ(all[2].family, "snapshot");
  EXPECT_EQ(all[2].key, bad_key);
  EXPECT_FALSE(all[2].quarantined_at.empty());
}

}  // namespace
}  // namespace dxhub::connector
