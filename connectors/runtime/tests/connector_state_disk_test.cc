// The connector's own RocksDB on a full disk (issue 19 failure 1): it opens
// through kv::Storage, so RocksDB's info log never lands in its state_dir
// (the disk-full and resume behaviour itself: services/kv/tests).
#include <gtest/gtest.h>

#include "dxhub/connector/connector_state.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/info_log_files.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::connector {
namespace {

TEST(ConnectorDiskFull, F1_RocksDbInfoLogIsNotWrittenToTheStateDirectory) {
  const auto dir = dxhub::testing::FreshTestDir("connector-disk") / "state";
  {
    auto state = ConnectorState::Open(dir);
    ASSERT_TRUE(state.ok()) << state.status().ToString();
    EnqueueBatch batch;
    batch.events.push_back(protocol::SampleStaffRecord("BTHFT", 1));
    ASSERT_TRUE((*state)->Enqueue(batch).ok());
  }
  EXPECT_EQ(dxhub::testing::InfoLogFilesIn(dir), std::vector<std::string>{});
  std::filesystem::remove_all(dir.parent_path());
}

}  // namespace
}  // namespace dxhub::connector
