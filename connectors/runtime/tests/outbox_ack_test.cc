// Acknowledging outbox entries costs the same whatever was acknowledged
// before (issue 18: `ConnectorState::Acknowledge` re-seeked the outbox from
// its first key after every batch, walking the tombstones of everything
// already acknowledged: quadratic in the outbox, 69% of a scale-3 run).
// Counted with RocksDB's perf context, not timed.
#include <gtest/gtest.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include "dxhub/connector/connector_state.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::connector {
namespace {

TEST(OutboxAcknowledge, P18_AcknowledgeDoesNotWalkTheTombstonesOfEarlierAcknowledgements) {
  const auto dir = dxhub::testing::FreshTestDir("ack");
  auto state = ConnectorState::Open(dir);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  constexpr uint64_t kEvents = 3000;
  EnqueueBatch batch;
  for (uint64_t n = 0; n < kEvents; ++n) batch.events.push_back(protocol::SampleStaffRecord("BTHFT", n));
  ASSERT_TRUE((*state)->Enqueue(batch).ok());
  std::vector<OutboxEntry> entries;
  ASSERT_TRUE((*state)->PeekOutbox(0, kEvents, &entries).ok());
  ASSERT_EQ(entries.size(), kEvents);

  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  uint64_t most_skipped = 0;
  for (size_t i = 0; i < entries.size(); i += 10) {  // batches of ten, in order, as the publisher acknowledges
    std::vector<uint64_t> done;
    for (size_t j = i; j < i + 10; ++j) done.push_back(entries[j].id);
    rocksdb::get_perf_context()->Reset();
    ASSERT_TRUE((*state)->Acknowledge(done, {}).ok());
    most_skipped = std::max(most_skipped, rocksdb::get_perf_context()->internal_delete_skipped_count);
  }
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  EXPECT_EQ((*state)->outbox_size(), 0u);
  // The batch's own ten tombstones at most, not the 2,990 before them.
  EXPECT_LE(most_skipped, 10u) << "an acknowledgement walked the tombstones of earlier ones";
  state->reset();
  std::filesystem::remove_all(dir);
}

// The planner asks WasEnqueued once per event it plans, and on a first run
// every answer is no: a search of the sent ids' memtable and table files
// each time (10% of a scale-3 run's profile, twice over with staged ids).
// Bloom filters answer most misses without the search.
TEST(OutboxAcknowledge, I18_AnEventNeverSentIsAnsweredByTheBloomFilter) {
  const auto dir = dxhub::testing::FreshTestDir("bloom");
  auto state = ConnectorState::Open(dir);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EnqueueBatch batch;
  for (uint64_t n = 0; n < 1000; ++n) batch.events.push_back(protocol::SampleStaffRecord("BTHFT", n));
  ASSERT_TRUE((*state)->Enqueue(batch).ok());
  ASSERT_TRUE((*state)->Stage({protocol::SampleStaffRecord("BTHFT", 5000)}, {}).ok());
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  size_t found = 0;
  for (uint64_t n = 1000; n < 2000; ++n) found += (*state)->WasEnqueued(protocol::SampleStaffRecord("BTHFT", n).event_id());
  const uint64_t bloom_misses = rocksdb::get_perf_context()->bloom_memtable_miss_count;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  EXPECT_EQ(found, 0u);
  // Two families asked per id (sent, then staged): nearly all 2,000 answered by the filter.
  EXPECT_GE(bloom_misses, 1900u) << "missing ids were searched for in the memtables";
  EXPECT_TRUE((*state)->WasEnqueued(protocol::SampleStaffRecord("BTHFT", 7).event_id()));
  EXPECT_TRUE((*state)->WasEnqueued(protocol::SampleStaffRecord("BTHFT", 5000).event_id()));
  state->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dxhub::connector
