// Issue 18: the people maps are keyed by a 40-byte PersonId, not the 67-byte
// key text; they must keep the texts' order (the workforce is listed in it,
// and sums over it are in that order) and tell every two keys apart.
#include "dxhub/aggregator/person_id.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dxhub/common/crypto.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

TEST(PersonId, I18_PersonIdsOrderAsTheirKeyTexts) {
  std::vector<std::string> keys;
  for (const char* version : {"v1:", "v2:", "v10:", "v12:", "v9:", "v01:", "v12345:"}) {
    for (int n = 0; n < 40; ++n) keys.push_back(version + Sha256Hex("person-" + std::to_string(n)));
  }
  keys.push_back("v1:" + std::string(64, '0'));
  keys.push_back("v1:" + std::string(64, 'f'));
  // Texts the store refuses: apart from the others, and after them.
  keys.push_back("P001");
  keys.push_back("v1:" + std::string(64, 'F'));
  keys.push_back("v123456:" + std::string(64, '0'));
  keys.push_back("v1:" + std::string(63, '0') + "\xe9");  // a byte above 127 where a digit goes
  keys.push_back("");
  for (size_t i = 0; i < keys.size(); ++i) {
    for (size_t j = 0; j < keys.size(); ++j) {
      const PersonId a = PersonId::Of(keys[i]), b = PersonId::Of(keys[j]);
      EXPECT_EQ(a == b, i == j) << keys[i] << " / " << keys[j];
      if (i < keys.size() - 5 && j < keys.size() - 5) {
        EXPECT_EQ(a < b, keys[i] < keys[j]) << keys[i] << " / " << keys[j];
      } else if (i < keys.size() - 5 || j < keys.size() - 5) {
        EXPECT_EQ(a < b, i < j) << keys[i] << " / " << keys[j];
      }
    }
  }
}

// PersonId compares a big-endian word at a time (issue 18): keys first
// differing at any hex digit, in any of the five words, order as their texts.
TEST(PersonId, I18_AWordAtATimeOrdersAsTheTextsWhereverTwoKeysFirstDiffer) {
  std::vector<std::string> keys;
  for (size_t at = 0; at < 64; ++at) {
    for (const char digit : {'0', '8', 'f'}) {
      std::string hex(64, '7');
      hex[at] = digit;
      keys.push_back("v1:" + hex);
    }
  }
  keys.push_back("v2:" + std::string(64, '0'));  // the first word differs
  for (const std::string& a : keys) {
    for (const std::string& b : keys) {
      EXPECT_EQ(PersonId::Of(a) < PersonId::Of(b), a < b) << a << " / " << b;
    }
  }
}

// A person is one map node holding the key in 40 bytes, beside their timeline
// (the node held a std::string whose 67 bytes were a second allocation).
TEST(StateMemory, I18_APersonTakesOneMapNodeAndNoKeyText) {
  History h;
  constexpr int kPeople = 10000;
  for (int n = 0; n < kPeople; ++n) h.Staff(n, "2023-01-02", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  State state;
  const size_t before = mallinfo2().uordblks;
  for (const auto& e : h.events()) ASSERT_TRUE(state.Apply(e).has_value());
  const size_t after = mallinfo2().uordblks;
  if (after == before) GTEST_SKIP() << "this build's allocator keeps no mallinfo2 figures (a sanitizer build)";
  const double per_person = static_cast<double>(after - before) / kPeople;
  // A map node of 96 bytes and a one-entry timeline of 32, with malloc's
  // headers; the key text took 80 more.
  EXPECT_LT(per_person, 200.0) << after - before << " bytes for " << kPeople << " people";
  const OrgState& org = state.orgs().at("BTHFT");
  ASSERT_EQ(org.people.size(), static_cast<size_t>(kPeople));
  for (int n = 0; n < kPeople; n += 997) {
    const Timeline* t = org.TimelineOf(History::Person(n));
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->front().seq(), static_cast<uint64_t>(n + 1));
  }
  EXPECT_EQ(org.TimelineOf(History::Person(kPeople)), nullptr);
}

}  // namespace
}  // namespace dxhub::aggregator::testing
