// Built-in recognisers that turn an HR system's labels into the contract's
// enums: NHS Data Dictionary ethnic category codes and labels ("J",
// "J Pakistani", "A White - British", "CP White - Polish"), ONS 2021 labels
// ("Asian, Asian British or Asian Welsh: Pakistani"), sex, disability,
// contract type, age bands, dates and yes/no. An unrecognised value is an
// error naming what was expected; it is never silently mapped to "not known".
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "dxhub/common/status.h"
#include "dxhub/event/v1/types.pb.h"

namespace dxhub::connector {

namespace ev = dxhub::event::v1;

Result<ev::Ethnicity> RecogniseEthnicity(const std::string& raw);
Result<ev::Sex> RecogniseSex(const std::string& raw);
Result<ev::Disability> RecogniseDisability(const std::string& raw);
Result<ev::ContractType> RecogniseContract(const std::string& raw);
// From an age band label ("25-34", "25 to 34", "65+") or a whole age ("41").
Result<ev::AgeBand> RecogniseAgeBand(const std::string& raw);
ev::AgeBand AgeBandOfAge(int age);
// "Y"/"Yes"/"True"/"1" and "N"/"No"/"False"/"0".
Result<bool> RecogniseYesNo(const std::string& raw);
// ISO "2023-03-31", "31/03/2023" or "31-MAR-2023" (ESR); blank is an error.
Result<ev::Date> RecogniseDate(const std::string& raw);
// Whole years between `birth` and `on`.
int AgeOn(const ev::Date& birth, const ev::Date& on);

// Name of an enum value as configs write it: "SENIOR", "PAKISTANI"... (for messages).
std::string EthnicityName(ev::Ethnicity e);
// Parses a tier name as configs write it: "EXECUTIVE", "SENIOR", "MIDDLE", "CORE".
std::optional<ev::Tier> ParseTierName(const std::string& name);

// Lower-cased, trimmed, inner white space folded to single spaces.
std::string Fold(const std::string& raw);

}  // namespace dxhub::connector
