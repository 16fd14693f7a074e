#include "dxhub/common/keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace dxhub {
namespace {
namespace fs = std::filesystem;

class KeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dxhub-keys-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(KeysTest, GeneratedPairRoundTripsThroughFiles) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  ASSERT_TRUE(WriteCurveKeyPair(dir_ / "store", *pair).ok());
  auto pub = LoadPublicKey(dir_ / "store.pub");
  auto sec = LoadSecretKey(dir_ / "store.secret");
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  ASSERT_TRUE(sec.ok()) << sec.status().ToString();
  EXPECT_EQ(*pub, pair->public_key);
  EXPECT_EQ(*sec, pair->secret_key);
  EXPECT_EQ(*PublicKeyOf(*sec), *pub);
}

TEST_F(KeysTest, SecretReadableByOthersIsRefused) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(WriteCurveKeyPair(dir_ / "k", *pair).ok());
  ::chmod((dir_ / "k.secret").c_str(), 0644);
  auto sec = LoadSecretKey(dir_ / "k.secret");
  ASSERT_FALSE(sec.ok());
  EXPECT_EQ(sec.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(sec.status().message().find("chmod 600"), std::string::npos);
}

TEST_F(KeysTest, ExistingSecretIsNotOverwritten) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(WriteCurveKeyPair(dir_ / "k", *pair).ok());
  EXPECT_EQ(WriteCurveKeyPair(dir_ / "k", *GenerateCurveKeyPair()).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*LoadSecretKey(dir_ / "k.secret"), pair->secret_key);
}

TEST_F(KeysTest, GarbageIsNotAKey) {
  ASSERT_TRUE(WriteSecretFile(dir_ / "bad.secret", "not a key").ok());
  EXPECT_EQ(LoadSecretKey(dir_ / "bad.secret").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(IsZ85Key("short"));
}

TEST_F(KeysTest, EmptySecretFileIsRefused) {
  ASSERT_TRUE(WriteSecretFile(dir_ / "empty", "").ok());
  EXPECT_FALSE(ReadSecretFile(dir_ / "empty").ok());
}

// Issue 20 item 6: the key-file formats docs/protocol.md states ("Key files").
TEST_F(KeysTest, I6_KeyFileFormatsAreTheOnesTheProtocolDocStates) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  // CURVE keys: 40 Z85 characters; spaces, tabs, CR and LF around them are ignored.
  std::ofstream(dir_ / "padded.pub") << "  " << pair->public_key << "\r\n\n";
  EXPECT_EQ(*LoadPublicKey(dir_ / "padded.pub"), pair->public_key);
  ASSERT_TRUE(WriteSecretFile(dir_ / "padded.secret", "\t" + pair->secret_key + " \r\n").ok());
  EXPECT_EQ(*LoadSecretKey(dir_ / "padded.secret"), pair->secret_key);
  // A 32-byte binary key is not accepted: keys are text.
  ASSERT_TRUE(WriteSecretFile(dir_ / "binary.secret", std::string(32, '\x01')).ok());
  EXPECT_EQ(LoadSecretKey(dir_ / "binary.secret").status().code(), StatusCode::kInvalidArgument);
  // Other secrets (the pseudonymisation secret): the bytes, one trailing LF (then one CR) removed.
  ASSERT_TRUE(WriteSecretFile(dir_ / "pseudo", " secret with spaces \r\n\n").ok());
  EXPECT_EQ(*ReadSecretFile(dir_ / "pseudo"), " secret with spaces \r\n");
  ASSERT_TRUE(WriteSecretFile(dir_ / "pseudo-crlf", "secret\r\n").ok());
  EXPECT_EQ(*ReadSecretFile(dir_ / "pseudo-crlf"), "secret");
}

}  // namespace
}  // namespace dxhub
