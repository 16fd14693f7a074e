// The simulated workforces: documented headcounts at scale 1, scaling, people
// who persist over time with stable characteristics, realistic quarterly
// movement, and the leadership-programme cohorts and their outcomes.
#include "dxhub/sim/population.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "dxhub/sim/generator.h"

namespace dxhub::sim {
namespace {

// Keeps a copy of every census of every partner.
class RecordingSink : public CensusSink {
 public:
  struct Census {
    std::vector<Person> people;
    QuarterChanges changes;
  };
  bool BeginPartner(const Population&) override { return true; }
  bool OnCensus(const Population& population) override {
    censuses[std::string(population.profile().org_id)].push_back(
        {std::vector<Person>(population.people().begin(), population.people().end()),
         population.changes()});
    return true;
  }
  bool EndPartner(const Population& population) override {
    const auto p = population.participants();
    participants[std::string(population.profile().org_id)].assign(p.begin(), p.end());
    return true;
  }
  std::string error() const override { return {}; }

  std::map<std::string, std::vector<Census>> censuses;
  std::map<std::string, std::vector<Participant>> participants;
};

const RecordingSink& ScaleOne() {
  static const RecordingSink sink = [] {
    RecordingSink s;
    EXPECT_EQ(Generate(GeneratorOptions{}, s), "");
    return s;
  }();
  return sink;
}

// The README's headcount table (first census, scale 1).
const std::map<std::string, size_t> kDocumentedHeadcounts = {
    {"BMDC", 8060}, {"BTHFT", 6116}, {"BDCFT", 3020}, {"ANHSFT", 3927},
    {"WYP", 10163}, {"WYFRS", 1442}, {"UOB", 1768},   {"BCVS", 60}};

TEST(Population, FirstCensusHeadcountsAtScaleOneAreAsDocumented) {
  size_t total = 0;
  for (const auto& [org, headcount] : kDocumentedHeadcounts) {
    EXPECT_EQ(ScaleOne().censuses.at(org).front().people.size(), headcount) << org;
    total += headcount;
  }
  EXPECT_EQ(total, 34556u);
  for (const auto& [org, censuses] : ScaleOne().censuses) EXPECT_EQ(censuses.size(), 11u);
}

TEST(Population, ScaleMultipliesEveryPlannedHeadcount) {
  const PartnerProfile& bthft = *FindPartner("BTHFT");
  Population one(bthft, 1, 1.0);
  Population three(bthft, 1, 3.0);
  one.Start(CensusDates().front());
  three.Start(CensusDates().front());
  EXPECT_EQ(three.people().size(), 3 * one.people().size());
  // Chief officers are scripted, so they do not scale.
  Population police(*FindPartner("WYP"), 1, 0.001);
  police.Start(CensusDates().front());
  size_t chief_officers = 0;
  for (const Person& p : police.people()) chief_officers += p.Has(kProtected) ? 1 : 0;
  EXPECT_EQ(chief_officers, 7u);
}

TEST(Population, PeopleKeepTheirCharacteristicsAndOnlyEverDeclare) {
  for (const auto& [org, censuses] : ScaleOne().censuses) {
    std::map<uint32_t, Person> seen;
    for (const auto& census : censuses) {
      for (const Person& p : census.people) {
        const auto [it, first] = seen.emplace(p.serial, p);
        if (first) continue;
        const Person& before = it->second;
        EXPECT_EQ(p.ethnicity, before.ethnicity) << org;
        EXPECT_EQ(p.sex, before.sex) << org;
        EXPECT_EQ(p.birth_day, before.birth_day) << org;
        if (before.declaration == Declaration::kDeclared) {
          EXPECT_EQ(p.declaration, Declaration::kDeclared) << org;
        }
        it->second = p;
      }
    }
  }
}

TEST(Population, LeaversNeverReturnAndJoinersStartInTheirQuarter) {
  for (const auto& [org, censuses] : ScaleOne().censuses) {
    std::set<uint32_t> left;
    for (size_t c = 1; c < censuses.size(); ++c) {
      const auto& census = censuses[c];
      for (const Leaver& leaver : census.changes.leavers) {
        left.insert(leaver.person.serial);
        EXPECT_LE(leaver.date, census.changes.census);
        EXPECT_GT(leaver.date, census.changes.previous);
      }
      for (const Person& p : census.people) EXPECT_FALSE(left.count(p.serial)) << org;
      for (const uint32_t i : census.changes.hires) {
        const Date start = CivilFromDays(census.people[i].start_day);
        EXPECT_GT(start, census.changes.previous) << org;
        EXPECT_LE(start, census.changes.census) << org;
      }
    }
  }
}

TEST(Population, EveryQuarterHasJoinersLeaversAndPromotions) {
  for (const std::string org : {"BMDC", "BTHFT", "BDCFT", "ANHSFT", "WYP"}) {
    const auto& censuses = ScaleOne().censuses.at(org);
    for (size_t c = 1; c < censuses.size(); ++c) {
      const QuarterChanges& changes = censuses[c].changes;
      const double size = static_cast<double>(censuses[c].people.size());
      EXPECT_GT(changes.hires.size(), size * 0.015) << org;
      EXPECT_GT(changes.leavers.size(), size * 0.01) << org;
      EXPECT_GT(changes.promotions, 5) << org;
    }
  }
}

TEST(Population, LeadershipCohortsOf12And30SpanTheSixTrialOrganisations) {
  int places[2] = {0, 0};
  std::set<std::string> organisations;
  for (const auto& [org, participants] : ScaleOne().participants) {
    for (const Participant& p : participants) {
      ++places[p.slot.cohort];
      organisations.insert(org);
    }
  }
  EXPECT_EQ(places[0], 12);
  EXPECT_EQ(places[1], 30);
  EXPECT_EQ(organisations,
            (std::set<std::string>{"BMDC", "BTHFT", "BDCFT", "WYP", "WYFRS", "UOB"}));
}

TEST(Population, AboutEightyPercentMoveUpSixToTwelveMonthsAfterCompletion) {
  // Census 7 is 2022-09-30 (completion), census 10 is 2023-09-30.
  int moved_up = 0;
  int early = 0;
  int places = 0;
  for (const auto& [org, participants] : ScaleOne().participants) {
    const auto& censuses = ScaleOne().censuses.at(org);
    auto grade_at = [&](size_t census, uint32_t serial) {
      for (const Person& p : censuses[census].people) {
        if (p.serial == serial) return static_cast<int>(p.grade);
      }
      return -1;
    };
    for (const Participant& p : participants) {
      ++places;
      const int at_completion = grade_at(6, p.serial);
      const int six_months_on = grade_at(8, p.serial);
      const int year_on = grade_at(10, p.serial);
      early += six_months_on != at_completion ? 1 : 0;
      moved_up += (year_on >= 0 && year_on != at_completion &&
                   FindPartner(org)->grades[year_on].feeder == at_completion)
                      ? 1
                      : 0;
    }
  }
  EXPECT_EQ(places, 42);
  EXPECT_EQ(early, 0);
  EXPECT_GE(moved_up, 32);  // 34 of 42 planned: 81%
  EXPECT_LE(moved_up, 36);
}

}  // namespace
}  // namespace dxhub::sim
