// A refresh computes scopes on several threads (IndicatorSettings::
// refresh_threads); the cubes, the restatements (their ids and order) and the
// count of cubes computed must be those of a refresh on one thread, over the
// same history applied in the same chunks.
#include <string>
#include <thread>
#include <vector>

#include "dxhub/aggregator/cube_set.h"
#include "dxhub/protocol/event_id.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

// Five organisations' histories, merged in store order (seq ascending).
std::vector<StoredEvent> Place(const std::vector<std::string>& orgs, int year) {
  std::vector<StoredEvent> all;
  int n = 0;
  for (const std::string& org : orgs) {
    History h(org);
    ++n;
    const std::string y = std::to_string(year);
    h.Staffs(10, 12 + n, y + "-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
    h.Staffs(40, 8 + n, y + "-02-10", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);
    h.Staffs(60, 9, y + "-04-10", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
    h.Recruitment(12, y + "-05-01", ETHNICITY_J_ASIAN_PAKISTANI, n % 2 == 0);
    h.Left(11, y + "-07-01");
    h.Disciplinary(41, y + "-08-01");
    h.Training(12, y + "-09-01");
    h.Staff(70 + n, y + "-11-20", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);
    for (auto& e : h.events()) all.push_back(e);
  }
  for (size_t i = 0; i < all.size(); ++i) all[i].set_seq(i + 1);
  return all;
}

struct Refreshed {
  std::string digest;
  std::vector<std::string> restatements;  // deterministic bytes, in order
  uint64_t computed = 0;
};

// What the calling thread saw while a refresh computed (CubeSet::Refresh's `meanwhile`).
struct Meanwhile {
  size_t calls = 0;
  size_t saw_other_cubes = 0;    // calls that saw cubes() other than before the refresh
  size_t on_other_thread = 0;    // calls not on the thread that called Refresh
};

Refreshed RunWith(int threads, Meanwhile* meanwhile = nullptr) {
  IndicatorSettings settings = ExactSettings();
  settings.refresh_threads = threads;
  const std::vector<std::string> orgs = {"BMDC", "BTHFT", "BDCFT", "WYP", "UOB"};
  std::vector<StoredEvent> events = Place(orgs, 2023);
  // Later: each org's next year, then a backdated change to a closed period of one org.
  std::vector<StoredEvent> later = Place(orgs, 2024);
  History fix("BTHFT");
  fix.Staff(40, "2023-03-01", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);
  later.push_back(fix.events().front());
  for (size_t i = 0; i < later.size(); ++i) later[i].set_seq(events.size() + i + 1);

  State state(settings.calendar);
  CubeSet set(settings);
  for (const auto& e : events) {
    if (auto change = state.Apply(e)) set.MarkDirty(*change);
  }
  const auto refresh = [&](uint64_t applied) {
    if (meanwhile == nullptr) return set.Refresh(state, applied, nullptr, nullptr);
    const std::string before = AllCubesDigest(set);
    const auto caller = std::this_thread::get_id();
    set.Refresh(state, applied, nullptr, nullptr, [&] {
      ++meanwhile->calls;
      if (AllCubesDigest(set) != before) ++meanwhile->saw_other_cubes;
      if (std::this_thread::get_id() != caller) ++meanwhile->on_other_thread;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    });
  };
  refresh(events.size());
  for (const auto& e : later) {
    if (auto change = state.Apply(e)) set.MarkDirty(*change);
  }
  refresh(events.size() + later.size());

  Refreshed r;
  r.digest = AllCubesDigest(set);
  for (const auto& s : set.restatements()) r.restatements.push_back(protocol::DeterministicBytes(s));
  r.computed = set.computed();
  return r;
}

TEST(ParallelRefresh, CubesRestatementsAndCountsAreThoseOfOneThread) {
  const Refreshed one = RunWith(1);
  ASSERT_GT(one.restatements.size(), 0u) << "the backdated change should restate a closed period";
  ASSERT_GT(one.computed, 0u);
  for (int threads : {2, 3, 6}) {
    const Refreshed many = RunWith(threads);
    EXPECT_EQ(many.digest, one.digest) << threads << " threads";
    EXPECT_EQ(many.restatements, one.restatements) << threads << " threads";
    EXPECT_EQ(many.computed, one.computed) << threads << " threads";
  }
}

TEST(ParallelRefresh, I18_ARefreshThatAnswersMeanwhileComputesTheSameCubesAndLeavesTheOldOnesReadable) {
  const Refreshed one = RunWith(1);
  Meanwhile meanwhile;
  for (int threads : {1, 2, 3}) {
    const Refreshed serving = RunWith(threads, &meanwhile);
    EXPECT_EQ(serving.digest, one.digest) << threads << " threads";
    EXPECT_EQ(serving.restatements, one.restatements) << threads << " threads";
    EXPECT_EQ(serving.computed, one.computed) << threads << " threads";
  }
  EXPECT_GT(meanwhile.calls, 0u) << "the calling thread answered nothing while six refreshes computed";
  EXPECT_EQ(meanwhile.saw_other_cubes, 0u) << "cubes() changed while the refresh computed";
  EXPECT_EQ(meanwhile.on_other_thread, 0u);
}

TEST(ParallelRefresh, ThreadsDefaultToTheCoresAtMostFour) {
  EXPECT_EQ(RefreshThreads(3), 3);
  EXPECT_GE(RefreshThreads(0), 1);
  EXPECT_LE(RefreshThreads(0), 4);
}

}  // namespace
}  // namespace dxhub::aggregator::testing
