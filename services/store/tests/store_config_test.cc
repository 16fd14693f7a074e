// Issue 20 items 5 and 6: how the store config resolves paths and which
// limits it refuses, as docs/store-config.md states.
#include "dxhub/store/store_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "dxhub/common/keys.h"
#include "test_dir.h"

namespace dxhub::store {
namespace {

std::filesystem::path WriteConfig(const std::filesystem::path& dir, const std::string& extra) {
  std::filesystem::create_directories(dir / "etc" / "keys");
  EXPECT_TRUE(WriteCurveKeyPair(dir / "etc" / "keys" / "store", *GenerateCurveKeyPair(), true).ok());
  const auto path = dir / "etc" / "store.yaml";
  std::ofstream(path) << "data_dir: data\n"
                         "server_secret_key_file: keys/store.secret\n"
                         "endpoints:\n"
                         "  ingest: tcp://127.0.0.1:7401\n"
                         "  publish: tcp://127.0.0.1:7402\n"
                         "  admin: ipc://run/store-admin.sock\n"
                      << extra;
  return path;
}

TEST(ProtocolContract, I5_RelativePathsInTheStoreConfigResolveAgainstItsDirectory) {
  const auto dir = FreshTestDir();
  auto config = LoadStoreConfig(WriteConfig(dir, ""));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->data_dir, dir / "etc" / "data");
  EXPECT_EQ(config->admin_endpoint, "ipc://" + (dir / "etc" / "run" / "store-admin.sock").string());
  std::filesystem::remove_all(dir);
}

TEST(ProtocolContract, I6_MaxStringBytesBelowTheLengthOfAKeyIsRefused) {
  const auto dir = FreshTestDir();
  auto refused = LoadStoreConfig(WriteConfig(dir, "limits:\n  max_string_bytes: 66\n"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("store.yaml:8:"), std::string::npos) << refused.status().message();
  EXPECT_NE(refused.status().message().find("it also bounds event_id, person_key and source_key"), std::string::npos);
  EXPECT_TRUE(LoadStoreConfig(WriteConfig(dir, "limits:\n  max_string_bytes: 67\n")).ok());
  std::filesystem::remove_all(dir);
}

// Found in review (sessions 4-5): a connector registered with org_id HUB
// passed, and every event of its key could then carry the org the digest and
// the benchmark write under (review cycles, digest_sent records).
TEST(StoreConfig, AConnectorMayNotBeRegisteredUnderTheHubsOwnOrg) {
  const auto dir = FreshTestDir();
  const std::string key = GenerateCurveKeyPair()->public_key;
  auto refused = LoadStoreConfig(WriteConfig(
      dir, "clients:\n  - name: sneaky\n    role: connector\n    org_id: HUB\n    public_key: \"" + key + "\"\n"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("store.yaml:10:"), std::string::npos) << refused.status().message();
  EXPECT_NE(refused.status().message().find("connector 'sneaky' may not have org_id 'HUB'"), std::string::npos)
      << refused.status().message();
  auto fine = LoadStoreConfig(WriteConfig(
      dir, "clients:\n  - name: bthft\n    role: connector\n    org_id: BTHFT\n    public_key: \"" + key + "\"\n"));
  EXPECT_TRUE(fine.ok()) << fine.status().ToString();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dxhub::store
