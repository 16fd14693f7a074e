#include "dxhub/connector/normalise.h"

#include <gtest/gtest.h>

namespace dxhub::connector {
namespace {

ev::Ethnicity E(const std::string& s) {
  auto r = RecogniseEthnicity(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().message();
  return r.ok() ? *r : ev::ETHNICITY_UNSPECIFIED;
}

TEST(Normalise, NhsCodesAndLabels) {
  EXPECT_EQ(E("J"), ev::ETHNICITY_J_ASIAN_PAKISTANI);
  EXPECT_EQ(E("J Pakistani"), ev::ETHNICITY_J_ASIAN_PAKISTANI);
  EXPECT_EQ(E("A White - British"), ev::ETHNICITY_A_WHITE_BRITISH);
  EXPECT_EQ(E("CP White - Polish"), ev::ETHNICITY_C_WHITE_OTHER);  // local sub-code rolls up
  EXPECT_EQ(E("R Chinese"), ev::ETHNICITY_R_CHINESE);
  EXPECT_EQ(E("S Any Other Ethnic Group"), ev::ETHNICITY_S_OTHER);
  EXPECT_EQ(E("Z Not Stated"), ev::ETHNICITY_NOT_STATED);
  EXPECT_EQ(E("99 Not Known"), ev::ETHNICITY_NOT_KNOWN);
}

TEST(Normalise, Ons2021Labels) {
  EXPECT_EQ(E("White: English, Welsh, Scottish, Northern Irish or British"), ev::ETHNICITY_A_WHITE_BRITISH);
  EXPECT_EQ(E("White: Irish"), ev::ETHNICITY_B_WHITE_IRISH);
  EXPECT_EQ(E("White: Gypsy or Irish Traveller"), ev::ETHNICITY_WHITE_GYPSY_IRISH_TRAVELLER);
  EXPECT_EQ(E("White: Roma"), ev::ETHNICITY_WHITE_ROMA);
  EXPECT_EQ(E("White: Other White"), ev::ETHNICITY_C_WHITE_OTHER);
  EXPECT_EQ(E("Mixed or Multiple ethnic groups: White and Black Caribbean"), ev::ETHNICITY_D_MIXED_WHITE_BLACK_CARIBBEAN);
  EXPECT_EQ(E("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups"), ev::ETHNICITY_G_MIXED_OTHER);
  EXPECT_EQ(E("Asian, Asian British or Asian Welsh: Pakistani"), ev::ETHNICITY_J_ASIAN_PAKISTANI);
  EXPECT_EQ(E("Asian, Asian British or Asian Welsh: Other Asian"), ev::ETHNICITY_L_ASIAN_OTHER);
  EXPECT_EQ(E("Black, Black British, Black Welsh, Caribbean or African: African"), ev::ETHNICITY_N_BLACK_AFRICAN);
  EXPECT_EQ(E("Black, Black British, Black Welsh, Caribbean or African: Caribbean"), ev::ETHNICITY_M_BLACK_CARIBBEAN);
  EXPECT_EQ(E("Black, Black British, Black Welsh, Caribbean or African: Other Black"), ev::ETHNICITY_P_BLACK_OTHER);
  EXPECT_EQ(E("Other ethnic group: Arab"), ev::ETHNICITY_OTHER_ARAB);
  EXPECT_EQ(E("Other ethnic group: Any other ethnic group"), ev::ETHNICITY_S_OTHER);
  EXPECT_EQ(E("Pakistani"), ev::ETHNICITY_J_ASIAN_PAKISTANI);
}

TEST(Normalise, UndeclaredValuesAreExplicitNotGuessed) {
  EXPECT_EQ(E(""), ev::ETHNICITY_NOT_KNOWN);
  EXPECT_EQ(E("Prefer not to say"), ev::ETHNICITY_NOT_STATED);
  EXPECT_EQ(E("X"), ev::ETHNICITY_NOT_KNOWN);
  auto bad = RecogniseEthnicity("Martian");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'Martian' is not a recognised ethnic category"), std::string::npos);
  EXPECT_FALSE(RecogniseEthnicity("White").ok());  // which White group? do not guess
}

TEST(Normalise, SexDisabilityContractAgeAndDates) {
  EXPECT_EQ(*RecogniseSex("F"), ev::SEX_FEMALE);
  EXPECT_EQ(*RecogniseSex("Male"), ev::SEX_MALE);
  EXPECT_FALSE(RecogniseSex("Q").ok());
  EXPECT_EQ(*RecogniseDisability("Not Declared"), ev::DISABILITY_NOT_DECLARED);
  EXPECT_EQ(*RecogniseDisability("Y"), ev::DISABILITY_YES);
  EXPECT_EQ(*RecogniseContract("PERM"), ev::CONTRACT_TYPE_PERMANENT);
  EXPECT_EQ(*RecogniseContract("fixed_term"), ev::CONTRACT_TYPE_FIXED_TERM);
  EXPECT_EQ(*RecogniseAgeBand("25-34"), ev::AGE_BAND_25_34);
  EXPECT_EQ(*RecogniseAgeBand("65+"), ev::AGE_BAND_65_PLUS);
  EXPECT_EQ(*RecogniseAgeBand("24"), ev::AGE_BAND_UNDER_25);
  EXPECT_EQ(RecogniseDate("31/03/2023")->day(), 31);
  EXPECT_EQ(RecogniseDate("31-MAR-2023")->month(), 3);
  EXPECT_EQ(RecogniseDate("2023-03-31")->year(), 2023);
  EXPECT_FALSE(RecogniseDate("31/02/2023").ok());
  EXPECT_EQ(AgeOn(*RecogniseDate("1980-04-01"), *RecogniseDate("2023-03-31")), 42);
}

}  // namespace
}  // namespace dxhub::connector
