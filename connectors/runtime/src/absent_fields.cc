#include "dxhub/connector/absent_fields.h"

namespace dxhub::connector {

std::vector<std::string> AbsentFieldWarnings(const RowReader& reader, const ConnectorConfig& config) {
  const GradeMapping& m = config.mapping;
  const std::string top_tier = dxhub::event::v1::Tier_Name(m.top_tier).substr(5);  // "TIER_SENIOR" -> "SENIOR"
  std::vector<std::string> out;
  auto absent = [&](const std::string& field, const std::string& effect) {
    if (reader.Has(field)) return;
    out.push_back("no " + field + " column (looked for " + reader.LookedFor(field) + "): " + effect +
                  "; if your extract has one under another header, name it under columns: " + field);
  };
  absent("fte", "everyone is counted as full time (FTE 1.0)");
  if (m.top_earner_share > 0 && m.top_earners_permanent_only) {
    absent("contract_type", "everyone is sent as contract type OTHER, and mapping.top_earners.permanent_only ranks "
                            "only permanent staff, so no one is lifted to " + top_tier +
                            " by pay (or set permanent_only: false)");
  } else {
    absent("contract_type", "everyone is sent as contract type OTHER");
  }
  absent("sex", "everyone is sent as sex not known");
  absent("disability", "everyone is sent as disability not declared");
  if (!reader.Has("age_band")) absent("date_of_birth", "everyone is sent with age band not known (no age_band column either)");
  if (m.top_earner_share > 0) {
    absent("hourly_pay", "mapping.top_earners cannot rank anyone by pay, so no one is lifted to " + top_tier +
                             ", and pay-gap figures get no data");
  } else {
    absent("hourly_pay", "pay-gap figures get no data from this extract");
  }
  return out;
}

}  // namespace dxhub::connector
