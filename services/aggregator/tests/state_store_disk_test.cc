// The aggregator's own RocksDB on a full disk (issue 19 failure 1): it opens
// through kv::Storage, so RocksDB's info log never lands in its directory
// (the disk-full and resume behaviour itself: services/kv/tests).
#include <gtest/gtest.h>

#include "dxhub/aggregator/state_store.h"
#include "dxhub/testing/info_log_files.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::aggregator {
namespace {

TEST(AggregatorDiskFull, F1_RocksDbInfoLogIsNotWrittenToTheDataDirectory) {
  const auto dir = dxhub::testing::FreshTestDir("agg-disk") / "state";
  {
    auto store = StateStore::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    rocksdb::WriteBatch batch;
    ASSERT_TRUE((*store)->Commit(batch, 2).ok());
  }
  EXPECT_EQ(dxhub::testing::InfoLogFilesIn(dir), std::vector<std::string>{});
  std::filesystem::remove_all(dir.parent_path());
}

}  // namespace
}  // namespace dxhub::aggregator
