// The staff extracts the simulated partners export, one file per census date
// (staff_YYYY-MM-DD.csv), in four layouts: ESR (the NHS trusts), council
// payroll ('~'-delimited), police HR, and a generic snake_case CSV (fire,
// university, voluntary sector). Each layout is a table of columns; the README
// documents every column. Also the partner's labels for sex, disability and
// contract, which the event files reuse. Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dxhub/sim/delimited_writer.h"
#include "dxhub/sim/partner_profile.h"
#include "dxhub/sim/person.h"

namespace dxhub::sim {

// Headers of a layout, in file order.
std::vector<std::string_view> ExtractHeaders(ExtractShape shape);
DelimitedFormat ExtractFormat(ExtractShape shape);
DateStyle ExtractDateStyle(ExtractShape shape);

// "staff_2023-03-31.csv".
std::string StaffExtractFileName(Date census);

// The partner's own labels.
std::string_view SexLabel(ExtractShape shape, Sex sex);
std::string_view DisabilityLabel(ExtractShape shape, Disability disability);
std::string_view ContractLabel(ExtractShape shape, Contract contract);
std::string_view EthnicityLabelOf(const PartnerProfile& profile, const Person& person);

// Writes every person as at `census`; on failure returns false and sets `error`.
bool WriteStaffExtract(const PartnerProfile& profile, std::span<const Person> people, Date census,
                       const std::filesystem::path& file, std::string& error);

}  // namespace dxhub::sim
