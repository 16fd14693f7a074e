// Ethnic groups as the simulated partners record them: one latent group per
// person (what they would declare), whether it is declared, the two label
// vocabularies the partners export (NHS Data Dictionary codes as ESR renders
// them, and ONS 2021 Census labels), and the Bradford-like mix new groups are
// drawn from. Pure data and functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "dxhub/sim/rng.h"

namespace dxhub::sim {

// The 19 ONS 2021 groups; each also has an NHS national code (DOMAIN.md).
enum class EthnicGroup : uint8_t {
  kWhiteBritish,
  kWhiteIrish,
  kWhiteGypsyTraveller,
  kWhiteRoma,
  kWhiteOther,
  kMixedWhiteBlackCaribbean,
  kMixedWhiteBlackAfrican,
  kMixedWhiteAsian,
  kMixedOther,
  kAsianIndian,
  kAsianPakistani,
  kAsianBangladeshi,
  kAsianChinese,
  kAsianOther,
  kBlackAfrican,
  kBlackCaribbean,
  kBlackOther,
  kOtherArab,
  kOtherAny,
};

// Whether the HR record holds the group: declared, declined ("not stated",
// "prefer not to say"), or never recorded ("not known", often a blank).
enum class Declaration : uint8_t { kDeclared, kNotStated, kNotKnown };

// Which labels a partner's files use for ethnicity.
enum class Vocabulary : uint8_t { kNhs, kOns2021 };

// WRES: every group except the White groups is ethnically diverse.
bool IsWhite(EthnicGroup group);

// A group drawn from the Bradford workforce mix within the White or the
// ethnically diverse class.
EthnicGroup DrawGroup(Rng& rng, bool ethnically_diverse);

// The exported label. NHS: "A White - British" ... "Z Not Stated",
// "99 Not Known", and the local sub-code "CP White - Polish" for some White
// Other staff (chosen by `variant`, any stable number). ONS: "White: Irish",
// "Asian, Asian British or Asian Welsh: Pakistani" ..., "Prefer not to say",
// and an empty string when not known.
std::string_view EthnicityLabel(Vocabulary vocabulary, EthnicGroup group, Declaration declaration,
                                uint32_t variant);

// Broad origin used to pick plausible names.
enum class NameOrigin : uint8_t {
  kBritish,
  kIrish,
  kEastEuropean,
  kSouthAsian,
  kAfrican,
  kCaribbean,
  kChinese,
  kArab
};
NameOrigin OriginOf(EthnicGroup group, uint32_t variant);

}  // namespace dxhub::sim
