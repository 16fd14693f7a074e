#include "dxhub/connector/normalise.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "dxhub/common/civil_date.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/labels.h"

namespace dxhub::connector {
namespace {

using ev::Ethnicity;

bool Has(const std::string& text, const char* word) { return text.find(word) != std::string::npos; }

bool HasWord(const std::string& text, const std::string& word) {
  size_t pos = 0;
  while ((pos = text.find(word, pos)) != std::string::npos) {
    const bool left = pos == 0 || !std::isalpha(static_cast<unsigned char>(text[pos - 1]));
    const size_t end = pos + word.size();
    const bool right = end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
    if (left && right) return true;
    pos = end;
  }
  return false;
}

std::optional<Ethnicity> FromNhsLetter(char letter) {
  switch (letter) {
    case 'A': return ev::ETHNICITY_A_WHITE_BRITISH;
    case 'B': return ev::ETHNICITY_B_WHITE_IRISH;
    case 'C': return ev::ETHNICITY_C_WHITE_OTHER;
    case 'D': return ev::ETHNICITY_D_MIXED_WHITE_BLACK_CARIBBEAN;
    case 'E': return ev::ETHNICITY_E_MIXED_WHITE_BLACK_AFRICAN;
    case 'F': return ev::ETHNICITY_F_MIXED_WHITE_ASIAN;
    case 'G': return ev::ETHNICITY_G_MIXED_OTHER;
    case 'H': return ev::ETHNICITY_H_ASIAN_INDIAN;
    case 'J': return ev::ETHNICITY_J_ASIAN_PAKISTANI;
    case 'K': return ev::ETHNICITY_K_ASIAN_BANGLADESHI;
    case 'L': return ev::ETHNICITY_L_ASIAN_OTHER;
    case 'M': return ev::ETHNICITY_M_BLACK_CARIBBEAN;
    case 'N': return ev::ETHNICITY_N_BLACK_AFRICAN;
    case 'P': return ev::ETHNICITY_P_BLACK_OTHER;
    case 'R': return ev::ETHNICITY_R_CHINESE;
    case 'S': return ev::ETHNICITY_S_OTHER;
    case 'Z': return ev::ETHNICITY_NOT_STATED;
    default: return std::nullopt;
  }
}

std::optional<Ethnicity> Undeclared(const std::string& f) {
  if (f.empty() || f == "99" || f == "x" || f == "not known" || f == "unknown" || f == "not recorded" ||
      f.rfind("99 ", 0) == 0) {
    return ev::ETHNICITY_NOT_KNOWN;
  }
  if (f == "z" || f == "not stated" || f == "prefer not to say" || f == "declined" || f == "not declared" ||
      f == "i do not wish to disclose my ethnic origin" || f.rfind("z ", 0) == 0) {
    return ev::ETHNICITY_NOT_STATED;
  }
  return std::nullopt;
}

// A label's broad group, from the text before ':' or ' - ' (or the whole label).
enum class Broad { kNone, kWhite, kMixed, kAsian, kBlack, kOther };

Broad BroadOf(const std::string& f) {
  if (Has(f, "mixed") || Has(f, "multiple")) return Broad::kMixed;
  if (HasWord(f, "white")) return Broad::kWhite;
  if (HasWord(f, "asian")) return Broad::kAsian;
  if (HasWord(f, "black")) return Broad::kBlack;
  if (HasWord(f, "other")) return Broad::kOther;
  return Broad::kNone;
}

std::optional<Ethnicity> FromLabel(const std::string& f) {
  std::string category = f;
  std::string detail = f;
  if (size_t colon = f.find(':'); colon != std::string::npos) {
    category = f.substr(0, colon);
    detail = Fold(f.substr(colon + 1));
  } else if (size_t dash = f.find(" - "); dash != std::string::npos) {
    category = f.substr(0, dash);
    detail = Fold(f.substr(dash + 3));
  }
  Broad broad = BroadOf(category);
  // Specific groups first: they are unambiguous whatever the category says.
  if (Has(detail, "gypsy") || Has(detail, "traveller")) return ev::ETHNICITY_WHITE_GYPSY_IRISH_TRAVELLER;
  if (HasWord(detail, "roma")) return ev::ETHNICITY_WHITE_ROMA;
  if (HasWord(detail, "arab")) return ev::ETHNICITY_OTHER_ARAB;
  if (broad == Broad::kMixed || Has(detail, "mixed")) {
    if (Has(detail, "white and black caribbean")) return ev::ETHNICITY_D_MIXED_WHITE_BLACK_CARIBBEAN;
    if (Has(detail, "white and black african")) return ev::ETHNICITY_E_MIXED_WHITE_BLACK_AFRICAN;
    if (Has(detail, "white and asian")) return ev::ETHNICITY_F_MIXED_WHITE_ASIAN;
    return ev::ETHNICITY_G_MIXED_OTHER;
  }
  if (HasWord(detail, "pakistani")) return ev::ETHNICITY_J_ASIAN_PAKISTANI;
  if (HasWord(detail, "bangladeshi")) return ev::ETHNICITY_K_ASIAN_BANGLADESHI;
  if (HasWord(detail, "indian")) return ev::ETHNICITY_H_ASIAN_INDIAN;
  if (HasWord(detail, "chinese")) return ev::ETHNICITY_R_CHINESE;
  if (broad == Broad::kNone) broad = BroadOf(detail);
  const bool other = HasWord(detail, "other") || HasWord(detail, "any");
  switch (broad) {
    case Broad::kBlack:
      if (other) return ev::ETHNICITY_P_BLACK_OTHER;
      if (HasWord(detail, "caribbean")) return ev::ETHNICITY_M_BLACK_CARIBBEAN;
      if (HasWord(detail, "african")) return ev::ETHNICITY_N_BLACK_AFRICAN;
      return std::nullopt;
    case Broad::kAsian:
      return other ? std::optional(ev::ETHNICITY_L_ASIAN_OTHER) : std::nullopt;
    case Broad::kWhite:
      // "English, Welsh, Scottish, Northern Irish or British" is White British, not Irish.
      if (HasWord(detail, "british") || HasWord(detail, "english") || HasWord(detail, "welsh") ||
          HasWord(detail, "scottish")) {
        return ev::ETHNICITY_A_WHITE_BRITISH;
      }
      if (HasWord(detail, "irish")) return ev::ETHNICITY_B_WHITE_IRISH;
      if (other || detail != Fold(category)) return ev::ETHNICITY_C_WHITE_OTHER;  // "White - Polish"
      return std::nullopt;
    case Broad::kOther:
      return ev::ETHNICITY_S_OTHER;
    default:
      break;
  }
  if (HasWord(detail, "caribbean")) return ev::ETHNICITY_M_BLACK_CARIBBEAN;
  if (HasWord(detail, "african")) return ev::ETHNICITY_N_BLACK_AFRICAN;
  if (HasWord(detail, "irish")) return ev::ETHNICITY_B_WHITE_IRISH;
  return std::nullopt;
}

Status Unrecognised(const std::string& raw, const char* what, const char* expected) {
  return Status::InvalidArgument("'" + raw + "' is not a recognised " + what + " (expected " + expected +
                                 "; or map it under values: in the connector config)");
}

}  // namespace

std::string Fold(const std::string& raw) { return protocol::FoldLabel(raw); }

Result<ev::Ethnicity> RecogniseEthnicity(const std::string& raw) {
  const std::string f = Fold(raw);
  if (auto u = Undeclared(f)) return *u;
  // A leading NHS code: one letter, optionally a local second character.
  std::string trimmed = raw;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  const size_t token_end = std::min(trimmed.find(' '), trimmed.size());
  if (token_end >= 1 && token_end <= 2 && std::isupper(static_cast<unsigned char>(trimmed[0])) &&
      (token_end == 1 || std::isalnum(static_cast<unsigned char>(trimmed[1])))) {
    if (auto e = FromNhsLetter(trimmed[0])) return *e;
  }
  if (auto e = FromLabel(f)) return *e;
  return Unrecognised(raw, "ethnic category",
                      "an NHS code A-S or Z, e.g. 'J' or 'A White - British', or an ONS 2021 label");
}

Result<ev::Sex> RecogniseSex(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f == "f" || f == "female" || f == "woman" || f == "women") return ev::SEX_FEMALE;
  if (f == "m" || f == "male" || f == "man" || f == "men") return ev::SEX_MALE;
  if (f.empty() || f == "u" || f == "x" || f == "unknown" || f == "not known" || f == "not specified" ||
      f == "indeterminate" || f == "prefer not to say") {
    return ev::SEX_NOT_KNOWN;
  }
  return Unrecognised(raw, "sex", "F, Female, M, Male, or blank/Unknown");
}

Result<ev::Disability> RecogniseDisability(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f == "y" || f == "yes" || f == "disabled" || f == "true") return ev::DISABILITY_YES;
  if (f == "n" || f == "no" || f == "not disabled" || f == "false") return ev::DISABILITY_NO;
  if (f.empty() || f == "not declared" || f == "prefer not to say" || f == "unspecified" || f == "not known" ||
      f == "unknown" || f == "undeclared") {
    return ev::DISABILITY_NOT_DECLARED;
  }
  return Unrecognised(raw, "disability status", "Yes, No, or Not Declared/blank");
}

Result<ev::ContractType> RecogniseContract(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f == "permanent" || f == "perm" || f == "p") return ev::CONTRACT_TYPE_PERMANENT;
  if (f == "fixed term" || f == "fixed-term" || f == "fixed_term" || f == "temporary" || f == "temp" || f == "ft" ||
      f == "fixed term temp" || f == "fixed term temporary") {  // the last two: ESR's Assignment Category
    return ev::CONTRACT_TYPE_FIXED_TERM;
  }
  if (f == "bank" || f == "casual" || f == "sessional" || f == "zero hours") return ev::CONTRACT_TYPE_BANK;
  if (f == "other" || f == "secondment" || f == "apprentice") return ev::CONTRACT_TYPE_OTHER;
  return Unrecognised(raw, "contract type", "Permanent, Fixed Term, Bank or Other");
}

ev::AgeBand AgeBandOfAge(int age) {
  if (age < 0 || age > 120) return ev::AGE_BAND_NOT_KNOWN;
  if (age < 25) return ev::AGE_BAND_UNDER_25;
  if (age < 35) return ev::AGE_BAND_25_34;
  if (age < 45) return ev::AGE_BAND_35_44;
  if (age < 55) return ev::AGE_BAND_45_54;
  if (age < 65) return ev::AGE_BAND_55_64;
  return ev::AGE_BAND_65_PLUS;
}

Result<ev::AgeBand> RecogniseAgeBand(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f.empty() || f == "unknown" || f == "not known") return ev::AGE_BAND_NOT_KNOWN;
  if (std::all_of(f.begin(), f.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
      f.size() <= 3) {
    return AgeBandOfAge(std::stoi(f));
  }
  int low = -1;
  if (std::sscanf(f.c_str(), "%d", &low) == 1 && (Has(f, "-") || Has(f, " to ") || Has(f, "+") || Has(f, "over"))) {
    return AgeBandOfAge(low);
  }
  if (Has(f, "under")) return ev::AGE_BAND_UNDER_25;
  return Unrecognised(raw, "age band", "a band such as 25-34 or 65+, or an age in years");
}

Result<bool> RecogniseYesNo(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f == "y" || f == "yes" || f == "true" || f == "1") return true;
  if (f == "n" || f == "no" || f == "false" || f == "0") return false;
  return Unrecognised(raw, "yes/no value", "Y, Yes, N or No");
}

Result<ev::Date> RecogniseDate(const std::string& raw) {
  const std::string f = Fold(raw);
  if (auto iso = protocol::ParseDate(f)) return *iso;
  int d = 0, m = 0, y = 0;
  char tail = 0;
  if (std::sscanf(f.c_str(), "%d/%d/%d%c", &d, &m, &y, &tail) == 3 && y > 999) {
    auto date = protocol::MakeDate(y, m, d);
    if (protocol::IsValidDate(date)) return date;
  }
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  char mon[4] = {};
  if (std::sscanf(f.c_str(), "%d-%3[a-z]-%d%c", &d, mon, &y, &tail) == 3 && y > 999) {
    for (int i = 0; i < 12; ++i) {
      if (std::string(mon) == kMonths[i]) {
        auto date = protocol::MakeDate(y, i + 1, d);
        if (protocol::IsValidDate(date)) return date;
      }
    }
  }
  return Unrecognised(raw, "date", "YYYY-MM-DD, DD/MM/YYYY or DD-MON-YYYY");
}

int AgeOn(const ev::Date& birth, const ev::Date& on) {
  return WholeYearsBetween({birth.year(), birth.month(), birth.day()}, {on.year(), on.month(), on.day()});
}

std::string EthnicityName(ev::Ethnicity e) { return ev::Ethnicity_Name(e); }

std::optional<ev::Tier> ParseTierName(const std::string& name) {
  std::string upper;
  for (char c : name) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper.rfind("TIER_", 0) == 0) upper = upper.substr(5);
  if (upper == "EXECUTIVE") return ev::TIER_EXECUTIVE;
  if (upper == "SENIOR") return ev::TIER_SENIOR;
  if (upper == "MIDDLE") return ev::TIER_MIDDLE;
  if (upper == "CORE") return ev::TIER_CORE;
  return std::nullopt;
}

}  // namespace dxhub::connector
