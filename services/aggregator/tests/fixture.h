// Hand-built event histories for the aggregator's unit tests: builders that
// assign sequence numbers in order, and look-ups of published cells.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/sample_events.h"

namespace dxhub::aggregator::testing {

using namespace dxhub::event::v1;

// No rounding, so the arithmetic in the tests is exact (secondary suppression then applies).
inline IndicatorSettings ExactSettings() {
  IndicatorSettings s;
  s.disclosure.rounding_base = 0;
  return s;
}

class History {
 public:
  explicit History(std::string org = "BTHFT") : org_(std::move(org)) {}

  Event Envelope(const std::string& date, const std::string& org = "") {
    Event e;
    e.set_org_id(org.empty() ? org_ : org);
    e.set_connector_id(e.org_id() + "-test");
    *e.mutable_occurred_at() = *protocol::ParseDate(date);
    e.set_schema_version(1);
    return e;
  }
  void Add(Event e) {
    StoredEvent s;
    s.set_seq(events_.size() + 1);
    *s.mutable_event() = std::move(e);
    events_.push_back(std::move(s));
  }
  static std::string Person(int n) { return protocol::SampleKey("person-" + std::to_string(n)); }

  // A staff record for person `n`.
  StaffRecord& Staff(int n, const std::string& date, Tier tier, Ethnicity ethnicity, int64_t pay_pence = 0) {
    Event e = Envelope(date);
    auto* r = e.mutable_staff_record();
    r->set_person_key(Person(n));
    r->set_kind(RECORD_KIND_JOIN);
    r->set_tier(tier);
    r->set_grade(Tier_Name(tier) == "TIER_CORE" ? "Band 5" : "Band 8a");
    r->set_fte_milli(1000);
    r->set_contract_type(CONTRACT_TYPE_PERMANENT);
    r->set_sex(n % 2 == 0 ? SEX_FEMALE : SEX_MALE);
    r->set_ethnicity(ethnicity);
    r->set_disability(DISABILITY_NO);
    r->set_hourly_pay_pence(pay_pence);
    r->set_mapping_version("bthft-1");
    Add(std::move(e));
    return *events_.back().mutable_event()->mutable_staff_record();
  }
  // `count` people numbered from `first`, all alike.
  void Staffs(int first, int count, const std::string& date, Tier tier, Ethnicity ethnicity) {
    for (int n = first; n < first + count; ++n) Staff(n, date, tier, ethnicity);
  }
  void Left(int n, const std::string& date) {
    Event e = Envelope(date);
    e.mutable_staff_left()->set_person_key(Person(n));
    Add(std::move(e));
  }
  void Recruitment(int count, const std::string& date, Ethnicity ethnicity, bool appointed) {
    for (int i = 0; i < count; ++i) {
      Event e = Envelope(date);
      auto* r = e.mutable_recruitment_outcome();
      r->set_applicant_key(protocol::SampleKey("applicant-" + std::to_string(events_.size())));
      r->set_ethnicity(ethnicity);
      r->set_shortlisted(true);
      r->set_appointed(appointed);
      Add(std::move(e));
    }
  }
  void Disciplinary(int n, const std::string& date) {
    Event e = Envelope(date);
    e.mutable_disciplinary_case()->set_person_key(Person(n));
    Add(std::move(e));
  }
  void Training(int n, const std::string& date) {
    Event e = Envelope(date);
    e.mutable_training_access()->set_person_key(Person(n));
    Add(std::move(e));
  }

  std::vector<StoredEvent>& events() { return events_; }
  State Build() const {
    State state;
    for (const auto& e : events_) (void)state.Apply(e);
    return state;
  }

 private:
  std::string org_;
  std::vector<StoredEvent> events_;
};

inline int64_t Day(const std::string& date) { return protocol::DaysFromCivil(*protocol::ParseDate(date)); }

inline Cube CubeAt(const History& h, const std::string& scope, const std::string& date,
                   const IndicatorSettings& settings) {
  return ComputeCube(h.Build(), scope, Day(date), settings, {});
}

// The cell, or a failed test.
inline Cell Find(const Cube& cube, const std::string& indicator, const std::string& breakdown) {
  for (const auto& c : cube.cells()) {
    if (c.indicator() == indicator && c.breakdown() == breakdown) return c;
  }
  ADD_FAILURE() << "no cell " << indicator << " / " << breakdown;
  return Cell();
}

}  // namespace dxhub::aggregator::testing
