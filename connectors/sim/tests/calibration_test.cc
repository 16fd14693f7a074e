// The generated data reproduces the report's published figures (4.2.6) within
// 0.5 percentage points, and exactly where the report gives a count; and the
// written files give the same figures when read the way a partner would.
#include "dxhub/sim/calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "dxhub/stats/top_earners.h"
#include "sim_generated.h"

namespace dxhub::sim {
namespace {

using testing::GeneratedScaleOne;
using testing::ReadRecords;

void ExpectAllMatch(uint64_t seed) {
  std::string error;
  const std::vector<CalibrationFigure> figures = Calibrate(seed, error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(figures.size(), 25u);
  for (const CalibrationFigure& f : figures) {
    EXPECT_TRUE(f.computed);
    EXPECT_TRUE(f.Matches()) << "seed " << seed << ", " << f.org_id << " " << f.measure << " "
                             << FormatDate(f.census) << ": " << f.percent << "% (" << f.numerator
                             << "/" << f.denominator << ") vs " << f.published_percent;
  }
}

const CalibrationFigure& Find(const std::vector<CalibrationFigure>& figures, std::string_view org,
                              std::string_view measure, Date census) {
  for (const CalibrationFigure& f : figures) {
    if (f.org_id == org && f.measure == measure && f.census == census) return f;
  }
  throw std::runtime_error("no such figure");
}

TEST(Calibration, EveryPublishedFigureIsReproducedWithTheDefaultSeed) {
  ExpectAllMatch(kDefaultSeed);
}

TEST(Calibration, FiguresHoldForOtherSeedsToo) {
  for (const uint64_t seed : {1u, 2u, 8080u}) ExpectAllMatch(seed);
}

TEST(Calibration, PublishedCountsComeOutExactly) {
  std::string error;
  const std::vector<CalibrationFigure> figures = Calibrate(kDefaultSeed, error);
  const Date march_2023{2023, 3, 31};
  EXPECT_EQ(Find(figures, "WYP", "Ethnically diverse, constables", march_2023).numerator, 433);
  EXPECT_EQ(Find(figures, "WYP", "Ethnically diverse, sergeants", march_2023).numerator, 62);
  for (const Date census : {Date{2021, 3, 31}, march_2023}) {
    const CalibrationFigure& women =
        Find(figures, "WYP", "Female, chief officers (ACC and above)", census);
    EXPECT_EQ(women.numerator, 2);
    EXPECT_EQ(women.denominator, 7);
  }
  // 20% is one of the five chief officers who declared; two did not.
  const CalibrationFigure& diverse =
      Find(figures, "WYP", "Ethnically diverse, chief officers", march_2023);
  EXPECT_EQ(diverse.numerator, 1);
  EXPECT_EQ(diverse.denominator, 5);
}

TEST(Calibration, EsrFileGivesTheBand8aFigure) {
  std::string error;
  const std::vector<CalibrationFigure> figures = Calibrate(kDefaultSeed, error);
  const CalibrationFigure& expected =
      Find(figures, "BTHFT", "Ethnically diverse, Band 8a and above incl. VSM", Date{2023, 3, 31});
  const std::set<std::string> senior = {"Band 8a", "Band 8b", "Band 8c",
                                        "Band 8d", "Band 9",  "VSM"};
  int diverse = 0;
  int known = 0;
  for (const auto& row : ReadRecords(GeneratedScaleOne() / "BTHFT/staff_2023-03-31.csv", ',')) {
    if (!senior.count(row.at("Pay Band"))) continue;
    const char code = row.at("Ethnic Origin").empty() ? 'Z' : row.at("Ethnic Origin")[0];
    if (code == 'Z' || code == '9') continue;
    ++known;
    diverse += (code == 'A' || code == 'B' || code == 'C') ? 0 : 1;
  }
  EXPECT_EQ(diverse, expected.numerator);
  EXPECT_EQ(known, expected.denominator);
}

TEST(Calibration, PayrollFileGivesTheTopFivePercentFigure) {
  std::string error;
  const std::vector<CalibrationFigure> figures = Calibrate(kDefaultSeed, error);
  const CalibrationFigure& expected =
      Find(figures, "BMDC", "Ethnically diverse, top 5% of earners", Date{2023, 3, 31});
  const auto rows = ReadRecords(GeneratedScaleOne() / "BMDC/staff_2023-03-31.csv", '~');
  std::vector<stats::EarnerInput> permanent;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].at("CONTRACT") != "PERM") continue;
    permanent.push_back({i, std::stod(rows[i].at("FTE")), std::stod(rows[i].at("HOURLY_RATE"))});
  }
  int diverse = 0;
  int known = 0;
  for (const size_t i : stats::TopEarners(permanent, 0.05)) {
    const std::string& ethnicity = rows[i].at("ETHNIC_ORIGIN");
    if (ethnicity.empty() || ethnicity == "Prefer not to say") continue;
    ++known;
    diverse += ethnicity.rfind("White", 0) == 0 ? 0 : 1;
  }
  EXPECT_EQ(diverse, expected.numerator);
  EXPECT_EQ(known, expected.denominator);
}

TEST(Calibration, PoliceFileGivesTheConstableCount) {
  int diverse = 0;
  for (const auto& row : ReadRecords(GeneratedScaleOne() / "WYP/staff_2023-03-31.csv", ',')) {
    const std::string& ethnicity = row.at("Ethnicity");
    if (row.at("Rank or Grade") != "Constable" || ethnicity.empty() ||
        ethnicity == "Prefer not to say") {
      continue;
    }
    diverse += ethnicity.rfind("White", 0) == 0 ? 0 : 1;
  }
  EXPECT_EQ(diverse, 433);
}

TEST(Calibration, TableListsEveryFigure) {
  std::string error;
  const std::string table = FormatCalibrationTable(Calibrate(kDefaultSeed, error));
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 27);  // header, rule, 25 rows
  EXPECT_EQ(table.find("| NO |"), std::string::npos);
}

}  // namespace
}  // namespace dxhub::sim
