// Peer-review evidence: length limit and the identifier scan (issue 16,
// acceptance item 2: evidence holding an e-mail address or staff number is refused).
#include "dxhub/protocol/evidence.h"

#include <gtest/gtest.h>

namespace dxhub::protocol {
namespace {

TEST(Evidence, A2_EmailAddressIsFoundAndMaskedNotEchoed) {
  auto found = FindIdentifier("Contact jane.smith@bthft.nhs.uk for the network terms.");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, "an e-mail address");
  EXPECT_EQ(found->offset, 8u);
  EXPECT_EQ(found->masked.find("jane"), std::string::npos);
  EXPECT_EQ(found->masked.front(), 'j');
  EXPECT_EQ(found->masked.back(), 'k');
}

TEST(Evidence, A2_StaffNumberLikeTokensAreFound) {
  for (const char* text : {"Case of staff member 20481234 resolved.", "Mentor EMP12345 led it.",
                           "Assignment 12345678-2 moved."}) {
    auto found = FindIdentifier(text);
    ASSERT_TRUE(found.has_value()) << text;
    EXPECT_EQ(found->kind, "a staff-number-like token") << text;
  }
}

TEST(Evidence, A2_NhsNumbersWithOrWithoutSpacesAreFound) {
  for (const char* text : {"Patient 943 476 5919 feedback.", "Patient 9434765919 feedback.", "ref 943-476-5919"}) {
    auto found = FindIdentifier(text);
    ASSERT_TRUE(found.has_value()) << text;
    EXPECT_EQ(found->kind, "an NHS number") << text;
  }
  EXPECT_TRUE(IsValidNhsNumber("9434765919"));
  EXPECT_FALSE(IsValidNhsNumber("9434765918"));
}

TEST(Evidence, A2_OrdinaryEvidenceWithYearsPercentagesAndAtSignsPasses) {
  for (const char* text : {"Senior BME share rose from 9% to 14% between 2021 and 2024; board papers Q3 2023.",
                           "Network meets @ 12:30 monthly; 35 members; Band 8a panel.", "Ratio 1.25 (0.80-1.25).",
                           "Phase 2 of 3; 80% progressed; 12 mentors; 2023/24 plan."}) {
    EXPECT_FALSE(FindIdentifier(text).has_value()) << text;
    EXPECT_FALSE(CheckEvidence(text).has_value()) << text;
  }
}

TEST(Evidence, A2_OverlongEvidenceIsRefusedWithTheLimit) {
  auto problem = CheckEvidence(std::string(601, 'a'));
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("601 bytes"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("at most 600"), std::string::npos) << *problem;
}

}  // namespace
}  // namespace dxhub::protocol
