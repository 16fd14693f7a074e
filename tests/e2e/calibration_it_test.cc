// Acceptance (aggregator issue, item 2): on the simulated partners, the
// figures the hub computes match the calibration table of the connector issue
// within 0.5 percentage points at the stated dates (counts exactly where the
// report gives counts), each partner's "senior" by its own definition:
// Agenda for Change Band 8a and above (incl. VSM) for the trusts, the top 5%
// of earners for the council, ranks for the police. The data goes the real
// way: dxsim files -> dxconnect -> dxhub-store -> dxhub-aggregator.
#include <gtest/gtest.h>

#include <cstdio>

#include "dxhub/aggregator/v1/aggregator.pb.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/testing/aggregator_process.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/partner_sites.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;
using aggregator::v1::Cell;

// Exact figures for the check: the report's numbers as given, so disclosure
// rounding and suppression are off here (a partner computing its own figures).
const char* kExactFigures =
    "  disclosure: {min_count_shown: 1, rounding_base: 0, min_denominator_for_rate: 1,\n"
    "               secondary_suppression: false, rates_from_rounded_counts: false}\n";

// Lays out the partners' sites like deploy/demo.sh and runs every connector once.
void RunAllConnectors(const StoreProcess& store) {
  auto sim = SimulatePartners(store);
  ASSERT_EQ(sim.code, 0) << sim.err;
  for (const auto& org : kSimulatedPartners) {
    auto run = RunPartnerConnector(store, org, "calibration-secret-");
    ASSERT_EQ(run.code, 0) << org << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find(" 0 rejected"), std::string::npos) << org << "\n" << run.out;
  }
}

class Calibration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = StartStoreForSimulatedPartners();
    RunAllConnectors(*store_);
    aggregator_ = new AggregatorProcess(*store_, "calibration", kExactFigures);
    aggregator_->Start();
    wire::v1::Request stats;
    stats.mutable_stats();
    client::StoreClient admin(context_, store_->AdminEndpoint());
    auto reply = admin.Call(stats, std::chrono::seconds(10));
    ASSERT_TRUE(reply.ok());
    uint64_t head = 0;
    for (const auto& c : reply->stats().counters()) {
      if (c.name() == "head_seq") head = static_cast<uint64_t>(c.value());
    }
    ASSERT_GT(head, 300000u);
    ASSERT_TRUE(aggregator_->WaitApplied(head, std::chrono::seconds(240))) << "aggregator did not catch up";
  }
  static void TearDownTestSuite() {
    delete aggregator_;
    delete store_;
  }

  // The cell (indicator, breakdown) of `scope` at `date` in `family`.
  static Cell Find(const std::string& scope, const std::string& date, aggregator::v1::IndicatorFamily family,
                   const std::string& indicator, const std::string& breakdown) {
    wire::v1::Request request;
    auto* q = request.mutable_indicators();
    q->set_scope(scope);
    *q->mutable_census_date() = *protocol::ParseDate(date);
    q->set_family(family);
    auto reply = aggregator_->Call(request);
    for (const auto& cube : reply.indicators().cubes()) {
      for (const auto& cell : cube.cells()) {
        if (cell.indicator() == indicator && cell.breakdown() == breakdown) return cell;
      }
    }
    ADD_FAILURE() << "no cell " << indicator << " / " << breakdown << " for " << scope << " on " << date;
    return Cell();
  }

  static void ExpectPercent(const Cell& cell, double published, const std::string& what) {
    std::printf("calibration: %-40s hub %6.2f%% (%lld/%lld)  published %6.2f%%\n", what.c_str(), cell.value() * 100.0,
                static_cast<long long>(cell.numerator()), static_cast<long long>(cell.denominator()), published);
    EXPECT_FALSE(cell.suppressed()) << what;
    EXPECT_NEAR(cell.value() * 100.0, published, 0.5)
        << what << ": " << cell.numerator() << " / " << cell.denominator();
  }

  static StoreProcess* store_;
  static AggregatorProcess* aggregator_;
  static zmq::context_t context_;
};

StoreProcess* Calibration::store_ = nullptr;
AggregatorProcess* Calibration::aggregator_ = nullptr;
zmq::context_t Calibration::context_{1};

constexpr auto kRep = aggregator::v1::INDICATOR_FAMILY_REPRESENTATION;
constexpr auto kPay = aggregator::v1::INDICATOR_FAMILY_PAY;

TEST_F(Calibration, BradfordTeachingHospitalsBand8aAndAbove) {
  ExpectPercent(Find("BTHFT", "2021-03-31", kRep, "representation_bme", "senior_and_above"), 14.5, "BTHFT 8a+ 2021");
  ExpectPercent(Find("BTHFT", "2023-03-31", kRep, "representation_bme", "senior_and_above"), 17.84, "BTHFT 8a+ 2023");
  const Cell workforce = Find("BTHFT", "2023-03-31", kRep, "representation_bme", "workforce");
  EXPECT_GE(workforce.value() * 100.0, 35.0) << "the trust's workforce target is achieved";
}

TEST_F(Calibration, CouncilTopFivePercentOfEarners) {
  ExpectPercent(Find("BMDC", "2021-03-31", kPay, "top5_bme_share", "top_earners"), 18.2, "BMDC top 5% 2021");
  ExpectPercent(Find("BMDC", "2023-03-31", kPay, "top5_bme_share", "top_earners"), 22.2, "BMDC top 5% 2023");
  ExpectPercent(Find("BMDC", "2023-03-31", kRep, "representation_female", "senior_and_above"), 50.7,
                "BMDC female top 5% 2023");
  ExpectPercent(Find("BMDC", "2023-03-31", kRep, "representation_bme", "workforce"), 28.7, "BMDC workforce 2023");
}

TEST_F(Calibration, CareTrust) {
  ExpectPercent(Find("BDCFT", "2021-03-31", kRep, "representation_bme", "workforce"), 25.8, "BDCFT workforce 2021");
  ExpectPercent(Find("BDCFT", "2023-03-31", kRep, "representation_bme", "workforce"), 27.0, "BDCFT workforce 2023");
  ExpectPercent(Find("BDCFT", "2023-03-31", kRep, "representation_bme", "senior_and_above"), 27.0, "BDCFT 8a+ 2023");
  ExpectPercent(Find("BDCFT", "2021-03-31", kRep, "representation_female", "workforce"), 81.3, "BDCFT female 2021");
  ExpectPercent(Find("BDCFT", "2023-03-31", kRep, "representation_female", "workforce"), 80.0, "BDCFT female 2023");
  ExpectPercent(Find("BDCFT", "2021-03-31", kRep, "representation_disabled", "workforce"), 8.0, "BDCFT disabled 2021");
  ExpectPercent(Find("BDCFT", "2023-03-31", kRep, "representation_disabled", "workforce"), 9.0, "BDCFT disabled 2023");
  ExpectPercent(Find("BDCFT", "2023-03-31", kRep, "representation_disabled", "senior_and_above"), 9.0,
                "BDCFT disabled 8a+ 2023");
}

TEST_F(Calibration, Airedale) {
  ExpectPercent(Find("ANHSFT", "2022-03-31", kRep, "representation_bme", "workforce"), 21.35, "ANHSFT 2022");
  ExpectPercent(Find("ANHSFT", "2023-03-31", kRep, "representation_bme", "workforce"), 23.28, "ANHSFT 2023");
}

TEST_F(Calibration, WestYorkshirePoliceRanksWithTheReportsCounts) {
  ExpectPercent(Find("WYP", "2021-03-31", kRep, "representation_bme", "grade=Constable"), 6.7, "constables 2021");
  const Cell constables = Find("WYP", "2023-03-31", kRep, "representation_bme", "grade=Constable");
  ExpectPercent(constables, 9.0, "constables 2023");
  EXPECT_EQ(constables.numerator(), 433);
  ExpectPercent(Find("WYP", "2021-03-31", kRep, "representation_bme", "grade=Sergeant"), 5.5, "sergeants 2021");
  const Cell sergeants = Find("WYP", "2023-03-31", kRep, "representation_bme", "grade=Sergeant");
  ExpectPercent(sergeants, 7.2, "sergeants 2023");
  EXPECT_EQ(sergeants.numerator(), 62);
  for (const char* date : {"2021-03-31", "2023-03-31"}) {
    const Cell female = Find("WYP", date, kRep, "representation_female", "tier=TIER_EXECUTIVE");
    ExpectPercent(female, 28.6, std::string("female chief officers ") + date);
    EXPECT_EQ(female.numerator(), 2);
  }
  const Cell bme2021 = Find("WYP", "2021-03-31", kRep, "representation_bme", "tier=TIER_EXECUTIVE");
  ExpectPercent(bme2021, 28.6, "BME chief officers 2021");
  const Cell bme2023 = Find("WYP", "2023-03-31", kRep, "representation_bme", "tier=TIER_EXECUTIVE");
  ExpectPercent(bme2023, 20.0, "BME chief officers 2023 (two undeclared)");
  EXPECT_EQ(bme2023.numerator(), 1);
  EXPECT_EQ(bme2023.denominator(), 5);
}

}  // namespace
}  // namespace dxhub::testing
