#include "dxhub/common/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace dxhub {
namespace {

// FIPS 180-2's examples, and a long input that spans many blocks.
TEST(Crypto, Sha256HexGivesTheStandardsDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Each thread keeps its own hashing context: digests computed on several
// threads at once are each the digest of their own input.
TEST(Crypto, Sha256HexOnManyThreadsAtOnceGivesEachInputsDigest) {
  const std::string expected_abc = Sha256Hex("abc");
  const std::string expected_empty = Sha256Hex("");
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        const bool abc = (i + static_cast<int>(t)) % 2 == 0;
        if (Sha256Hex(abc ? "abc" : "") != (abc ? expected_abc : expected_empty)) ++wrong[t];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

TEST(Crypto, HmacSha256HexGivesRfc4231sDigest) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace dxhub
