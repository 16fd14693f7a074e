#include "dxhub/sim/ethnicity.h"

#include <array>

namespace dxhub::sim {
namespace {

struct GroupInfo {
  EthnicGroup group;
  std::string_view nhs;
  std::string_view ons;
  // Share (per mille) within its class in the simulated Bradford workforce.
  int share;
};

constexpr std::array<GroupInfo, 19> kGroups = {{
    {EthnicGroup::kWhiteBritish, "A White - British",
     "White: English, Welsh, Scottish, Northern Irish or British", 880},
    {EthnicGroup::kWhiteIrish, "B White - Irish", "White: Irish", 20},
    {EthnicGroup::kWhiteGypsyTraveller, "C White - Any other White background",
     "White: Gypsy or Irish Traveller", 3},
    {EthnicGroup::kWhiteRoma, "C White - Any other White background", "White: Roma", 2},
    {EthnicGroup::kWhiteOther, "C White - Any other White background", "White: Other White", 95},
    {EthnicGroup::kMixedWhiteBlackCaribbean, "D Mixed - White and Black Caribbean",
     "Mixed or Multiple ethnic groups: White and Black Caribbean", 40},
    {EthnicGroup::kMixedWhiteBlackAfrican, "E Mixed - White and Black African",
     "Mixed or Multiple ethnic groups: White and Black African", 10},
    {EthnicGroup::kMixedWhiteAsian, "F Mixed - White and Asian",
     "Mixed or Multiple ethnic groups: White and Asian", 30},
    {EthnicGroup::kMixedOther, "G Mixed - Any other mixed background",
     "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", 20},
    {EthnicGroup::kAsianIndian, "H Asian or Asian British - Indian",
     "Asian, Asian British or Asian Welsh: Indian", 140},
    {EthnicGroup::kAsianPakistani, "J Asian or Asian British - Pakistani",
     "Asian, Asian British or Asian Welsh: Pakistani", 450},
    {EthnicGroup::kAsianBangladeshi, "K Asian or Asian British - Bangladeshi",
     "Asian, Asian British or Asian Welsh: Bangladeshi", 40},
    {EthnicGroup::kAsianChinese, "R Chinese", "Asian, Asian British or Asian Welsh: Chinese", 20},
    {EthnicGroup::kAsianOther, "L Asian or Asian British - Any other Asian background",
     "Asian, Asian British or Asian Welsh: Other Asian", 60},
    {EthnicGroup::kBlackAfrican, "N Black or Black British - African",
     "Black, Black British, Black Welsh, Caribbean or African: African", 90},
    {EthnicGroup::kBlackCaribbean, "M Black or Black British - Caribbean",
     "Black, Black British, Black Welsh, Caribbean or African: Caribbean", 40},
    {EthnicGroup::kBlackOther, "P Black or Black British - Any other Black background",
     "Black, Black British, Black Welsh, Caribbean or African: Other Black", 10},
    {EthnicGroup::kOtherArab, "S Any Other Ethnic Group", "Other ethnic group: Arab", 15},
    {EthnicGroup::kOtherAny, "S Any Other Ethnic Group",
     "Other ethnic group: Any other ethnic group", 35},
}};

const GroupInfo& Info(EthnicGroup group) { return kGroups[static_cast<size_t>(group)]; }

}  // namespace

bool IsWhite(EthnicGroup group) { return group <= EthnicGroup::kWhiteOther; }

EthnicGroup DrawGroup(Rng& rng, bool ethnically_diverse) {
  int total = 0;
  for (const GroupInfo& info : kGroups) {
    if (IsWhite(info.group) != ethnically_diverse) total += info.share;
  }
  int pick = static_cast<int>(rng.Below(static_cast<uint64_t>(total)));
  for (const GroupInfo& info : kGroups) {
    if (IsWhite(info.group) == ethnically_diverse) continue;
    if (pick < info.share) return info.group;
    pick -= info.share;
  }
  return ethnically_diverse ? EthnicGroup::kAsianPakistani : EthnicGroup::kWhiteBritish;
}

std::string_view EthnicityLabel(Vocabulary vocabulary, EthnicGroup group, Declaration declaration,
                                uint32_t variant) {
  if (vocabulary == Vocabulary::kNhs) {
    if (declaration == Declaration::kNotStated) return "Z Not Stated";
    if (declaration == Declaration::kNotKnown) return "99 Not Known";
    // About a third of White Other staff carry the local sub-code for Polish.
    if (group == EthnicGroup::kWhiteOther && variant % 3 == 0) return "CP White - Polish";
    return Info(group).nhs;
  }
  if (declaration == Declaration::kNotStated) return "Prefer not to say";
  if (declaration == Declaration::kNotKnown) return "";
  return Info(group).ons;
}

NameOrigin OriginOf(EthnicGroup group, uint32_t variant) {
  switch (group) {
    case EthnicGroup::kWhiteIrish:
    case EthnicGroup::kWhiteGypsyTraveller:
      return NameOrigin::kIrish;
    case EthnicGroup::kWhiteRoma:
    case EthnicGroup::kWhiteOther:
      return NameOrigin::kEastEuropean;
    case EthnicGroup::kAsianIndian:
    case EthnicGroup::kAsianPakistani:
    case EthnicGroup::kAsianBangladeshi:
    case EthnicGroup::kAsianOther:
      return NameOrigin::kSouthAsian;
    case EthnicGroup::kAsianChinese:
      return NameOrigin::kChinese;
    case EthnicGroup::kBlackAfrican:
      return NameOrigin::kAfrican;
    case EthnicGroup::kBlackCaribbean:
    case EthnicGroup::kBlackOther:
      return NameOrigin::kCaribbean;
    case EthnicGroup::kOtherArab:
      return NameOrigin::kArab;
    case EthnicGroup::kMixedWhiteAsian:
      return variant % 2 ? NameOrigin::kSouthAsian : NameOrigin::kBritish;
    case EthnicGroup::kOtherAny:
      return variant % 2 ? NameOrigin::kArab : NameOrigin::kSouthAsian;
    default:
      return NameOrigin::kBritish;
  }
}

}  // namespace dxhub::sim
