// The written files: each layout's documented header and format, fake direct
// identifiers that look real, undeclared ethnicity in the forms real exports
// use, and event files whose rows reproduce WRES-style indicators.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "dxhub/sim/event_files.h"
#include "dxhub/sim/staff_extract.h"
#include "sim_generated.h"

namespace dxhub::sim {
namespace {

using testing::GeneratedScaleOne;
using testing::ReadDelimited;
using testing::ReadFile;
using testing::ReadRecords;

std::filesystem::path Extract(std::string_view org, std::string_view date = "2023-03-31") {
  return GeneratedScaleOne() / org / ("staff_" + std::string(date) + ".csv");
}

std::vector<std::string> Strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

TEST(Extracts, EachLayoutWritesItsDocumentedHeader) {
  EXPECT_EQ(ReadDelimited(Extract("BTHFT"), ',')[0], Strings(ExtractHeaders(ExtractShape::kEsr)));
  EXPECT_EQ(ReadDelimited(Extract("BMDC"), '~')[0],
            Strings(ExtractHeaders(ExtractShape::kCouncilPayroll)));
  EXPECT_EQ(ReadDelimited(Extract("WYP"), ',')[0], Strings(ExtractHeaders(ExtractShape::kPolice)));
  EXPECT_EQ(ReadDelimited(Extract("UOB"), ',')[0], Strings(ExtractHeaders(ExtractShape::kGeneric)));
  EXPECT_EQ(ReadDelimited(Extract("BTHFT"), ',')[0][0], "Employee Number");
  EXPECT_EQ(ReadDelimited(Extract("BMDC"), '~')[0][0], "EMP_NO");
}

TEST(Extracts, EsrUsesCrlfAndOthersLf) {
  const std::string esr = ReadFile(Extract("ANHSFT"));
  EXPECT_NE(esr.find("\r\n"), std::string::npos);
  const std::string payroll = ReadFile(Extract("BMDC"));
  EXPECT_EQ(payroll.find('\r'), std::string::npos);
  // ONS labels hold commas; the '~' delimiter keeps them unquoted.
  EXPECT_NE(payroll.find("~White: English, Welsh, Scottish, Northern Irish or British~"),
            std::string::npos);
}

TEST(Extracts, EveryRowHasEveryColumn) {
  for (const std::string org : {"BMDC", "BTHFT", "WYP", "WYFRS", "BCVS"}) {
    const char delimiter = org == "BMDC" ? '~' : ',';
    const auto table = ReadDelimited(Extract(org), delimiter);
    ASSERT_GT(table.size(), 50u);
    for (const auto& row : table) ASSERT_EQ(row.size(), table[0].size()) << org;
  }
}

TEST(Extracts, DirectIdentifiersLookRealAndAreUnique) {
  const auto esr = ReadRecords(Extract("BTHFT"), ',');
  std::set<std::string> numbers;
  const std::regex employee("2[0-9]{7}");
  const std::regex full_name("[A-Z][A-Za-z' -]+, [A-Z][a-z]+ (Mr|Mrs|Ms|Miss|Dr)");
  const std::regex uk_date("[0-3][0-9]/[01][0-9]/(19|20)[0-9]{2}");
  for (const auto& row : esr) {
    EXPECT_TRUE(std::regex_match(row.at("Employee Number"), employee)) << row.at("Employee Number");
    EXPECT_TRUE(std::regex_match(row.at("Full Name"), full_name)) << row.at("Full Name");
    EXPECT_TRUE(std::regex_match(row.at("Date of Birth"), uk_date));
    numbers.insert(row.at("Employee Number"));
  }
  EXPECT_EQ(numbers.size(), esr.size());
  for (const auto& row : ReadRecords(Extract("BMDC"), '~')) {
    ASSERT_TRUE(std::regex_match(row.at("EMP_NO"), std::regex("E[0-9]{7}")));
  }
}

TEST(Extracts, UndeclaredEthnicityTakesTheFormsRealExportsUse) {
  std::map<std::string, int> police;
  for (const auto& row : ReadRecords(Extract("WYP"), ',')) ++police[row.at("Ethnicity")];
  EXPECT_GT(police[""], 0);
  EXPECT_GT(police["Prefer not to say"], 0);
  EXPECT_GT(police["Asian, Asian British or Asian Welsh: Pakistani"], 0);
  std::map<std::string, int> nhs;
  for (const auto& row : ReadRecords(Extract("BTHFT"), ',')) ++nhs[row.at("Ethnic Origin")];
  EXPECT_GT(nhs["Z Not Stated"], 0);
  EXPECT_GT(nhs["99 Not Known"], 0);
  EXPECT_GT(nhs["J Asian or Asian British - Pakistani"], 0);
  EXPECT_GT(nhs["CP White - Polish"], 0);  // a local sub-code rolling up to C
}

TEST(EventFiles, EveryPartnerHasEveryFileWithItsHeader) {
  const auto partners = ReadRecords(GeneratedScaleOne() / "partners.csv", ',');
  ASSERT_EQ(partners.size(), 8u);
  for (const auto& partner : partners) {
    for (const std::string_view name : EventFiles::kFileNames) {
      const auto table = ReadDelimited(GeneratedScaleOne() / partner.at("org_id") / name, ',');
      ASSERT_FALSE(table.empty()) << name;
      for (const auto& row : table) ASSERT_EQ(row.size(), table[0].size()) << name;
    }
  }
  EXPECT_EQ(partners[0].at("delimiter"), "~");
}

// WRES 2: (white appointed / white shortlisted) / (BME appointed / BME shortlisted).
double AppointmentLikelihood(std::string_view org) {
  std::map<std::string, double> n;
  for (const auto& row : ReadRecords(GeneratedScaleOne() / org / "recruitment.csv", ',')) {
    const std::string& e = row.at("ethnicity");
    if (e.empty() || e == "Prefer not to say" || e == "Z Not Stated" || e == "99 Not Known") {
      continue;
    }
    const bool white = e.rfind("White", 0) == 0 || e[0] == 'A' || e[0] == 'B' || e[0] == 'C';
    const std::string group = white ? "W" : "B";
    n[group + "s"] += row.at("shortlisted") == "Y" ? 1 : 0;
    n[group + "a"] += row.at("appointed") == "Y" ? 1 : 0;
  }
  return (n["Wa"] / n["Ws"]) / (n["Ba"] / n["Bs"]);
}

TEST(EventFiles, RecruitmentReproducesWresIndicatorTwo) {
  EXPECT_NEAR(AppointmentLikelihood("BDCFT"), 3.2, 0.4);  // echoes the published 3.2
  for (const std::string org : {"BTHFT", "ANHSFT", "BMDC", "WYP"}) {
    const double rl = AppointmentLikelihood(org);
    EXPECT_GE(rl, 1.15) << org;
    EXPECT_LE(rl, 1.75) << org;
  }
}

TEST(EventFiles, SurveyHasFourQuestionsForBothGroupsEachYear) {
  const auto rows = ReadRecords(GeneratedScaleOne() / "BTHFT/survey.csv", ',');
  ASSERT_EQ(rows.size(), 3u * 4u * 2u);
  EXPECT_EQ(rows[0].at("survey_id"), "nhs-staff-survey-2021");
  for (const auto& row : rows) {
    EXPECT_LE(std::stoi(row.at("positive")), std::stoi(row.at("respondents")));
  }
}

TEST(EventFiles, TargetsIncludeThePublishedOnes) {
  const auto bthft = ReadRecords(GeneratedScaleOne() / "BTHFT/targets.csv", ',');
  ASSERT_FALSE(bthft.empty());
  EXPECT_EQ(bthft[0].at("scope"), "senior_and_above");
  EXPECT_EQ(bthft[0].at("value_percent"), "35.0");
  EXPECT_EQ(bthft[0].at("due_date"), "2025-03-31");
  const auto council = ReadRecords(GeneratedScaleOne() / "BMDC/targets.csv", ',');
  EXPECT_EQ(council[0].at("value_percent"), "33.0");
}

TEST(EventFiles, ProgrammeParticipantsAreStaffOfTheirOrganisation) {
  for (const std::string org : {"BMDC", "BTHFT", "BDCFT", "WYP", "WYFRS", "UOB"}) {
    std::set<std::string> staff;
    const char delimiter = org == "BMDC" ? '~' : ',';
    for (const auto& row : ReadDelimited(Extract(org, "2021-12-31"), delimiter)) {
      staff.insert(row[0]);
    }
    const auto places = ReadRecords(GeneratedScaleOne() / org / "programme.csv", ',');
    EXPECT_EQ(places.size(), 7u) << org;
    for (const auto& place : places) EXPECT_TRUE(staff.count(place.at("staff_number"))) << org;
  }
}

}  // namespace
}  // namespace dxhub::sim
