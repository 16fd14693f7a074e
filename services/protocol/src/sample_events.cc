#include "dxhub/protocol/sample_events.h"

#include "dxhub/common/crypto.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"

namespace dxhub::protocol {

using namespace dxhub::event::v1;

std::string SampleKey(const std::string& seed) { return "v1:" + Sha256Hex("sample:" + seed); }

Event SampleStaffRecord(const std::string& org_id, uint64_t n, const std::string& yyyy_mm_dd) {
  Event e;
  e.set_org_id(org_id);
  e.set_connector_id(org_id + "-test");
  *e.mutable_occurred_at() = ParseDate(yyyy_mm_dd).value_or(MakeDate(2023, 3, 31));
  e.mutable_observed_at()->set_seconds(1700000000);
  e.set_schema_version(1);
  auto* s = e.mutable_staff_record();
  s->set_person_key(SampleKey(org_id + "/" + std::to_string(n)));
  e.set_source_key(s->person_key());
  s->set_kind(RECORD_KIND_JOIN);
  static const Tier kTiers[] = {TIER_CORE, TIER_CORE, TIER_CORE, TIER_MIDDLE, TIER_SENIOR};
  s->set_tier(n % 97 == 0 ? TIER_EXECUTIVE : kTiers[n % 5]);
  s->set_grade("Band " + std::to_string(2 + n % 7));
  s->set_staff_group("Admin and Clerical");
  s->set_fte_milli(n % 3 == 0 ? 600 : 1000);
  s->set_contract_type(CONTRACT_TYPE_PERMANENT);
  s->set_age_band(static_cast<AgeBand>(1 + n % 6));
  s->set_sex(n % 2 == 0 ? SEX_FEMALE : SEX_MALE);
  s->set_ethnicity(static_cast<Ethnicity>(1 + n % 21));
  s->set_ethnicity_source("sample");
  s->set_disability(static_cast<Disability>(1 + n % 3));
  s->set_hourly_pay_pence(1200 + static_cast<int64_t>(n % 4000));
  s->set_mapping_version("sample-1");
  AssignEventId(e);
  return e;
}

}  // namespace dxhub::protocol
