#include "dxhub/aggregator/state.h"

#include <algorithm>
#include <set>

#include "dxhub/common/status.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/labels.h"

namespace dxhub::aggregator {

namespace {

using dxhub::aggregator::v1::StaffInput;

bool Before(const StaffEntry& x, int64_t day, uint64_t seq) { return x.day != day ? x.day < day : x.seq() < seq; }

// The payload type an input came from.
std::string TypeOf(const StateInput& input) {
  switch (input.kind_case()) {
    case StateInput::kStaff: return input.staff().left() ? "staff_left" : "staff_record";
    case StateInput::kRecruitment: return "recruitment_outcome";
    case StateInput::kPersonFact: return input.person_fact().type();
    case StateInput::kEvent: return protocol::PayloadType(input.event());
    case StateInput::KIND_NOT_SET: break;
  }
  return "";
}

int32_t Narrow(int64_t value) {
  return static_cast<int32_t>(std::clamp<int64_t>(value, INT32_MIN, INT32_MAX));
}

StaffInput StaffInputOf(const dxhub::event::v1::StaffRecord& r) {
  StaffInput in;
  in.set_person_key(r.person_key());
  in.set_tier(r.tier());
  in.set_grade(r.grade());
  in.set_mapping_version(r.mapping_version());
  in.set_ethnicity(r.ethnicity());
  in.set_sex(r.sex());
  in.set_disability(r.disability());
  in.set_contract_type(r.contract_type());
  in.set_hourly_pay_pence(r.hourly_pay_pence());
  in.set_fte_milli(r.fte_milli());
  return in;
}

}  // namespace

const std::string* State::Intern(const std::string& text) {
  if (text.empty()) return &kNoText;
  return &*texts_.insert(text).first;
}

const RecordTexts* State::InternTexts(const std::string& grade, const std::string& mapping_version) {
  if (grade.empty() && mapping_version.empty()) return &kNoTexts;
  std::string key;
  key.reserve(mapping_version.size() + 1 + grade.size());
  key.append(mapping_version).push_back('\0');
  key.append(grade);
  auto [it, added] = record_texts_.try_emplace(std::move(key));
  if (added) it->second = RecordTexts{grade, protocol::FoldLabel(grade), Intern(mapping_version)};
  return &it->second;
}

void StaffEntry::set_seq(uint64_t seq) {
  DXHUB_CHECK(seq >> 48 == 0);  // 2^48 events: far beyond any store
  seq_low = static_cast<uint32_t>(seq);
  seq_high = static_cast<uint16_t>(seq >> 32);
}

StaffEntry State::EntryOf(const StaffInput& r) {
  StaffEntry e;
  e.left = r.left();
  e.texts = InternTexts(r.grade(), r.mapping_version());
  e.tier_code = EnumCode(r.tier());
  e.ethnicity_code = EnumCode(r.ethnicity());
  e.sex_code = EnumCode(r.sex());
  e.disability_code = EnumCode(r.disability());
  e.contract_code = EnumCode(r.contract_type());
  e.hourly_pay_pence = Narrow(r.hourly_pay_pence());
  e.fte_milli = Narrow(r.fte_milli());
  return e;
}

HoldOut HoldOutReason(const StateInput& input, const CalendarBounds& bounds) {
  if (input.day() < bounds.earliest_day) return HoldOut::kBeforeEarliest;
  // Events without a commit time (hand-made in tests) have no horizon.
  if (input.committed_day() > 0 && input.day() > input.committed_day() + bounds.horizon_days) {
    return HoldOut::kBeyondHorizon;
  }
  return HoldOut::kNone;
}

const StaffEntry* LatestOnOrBefore(const Timeline& timeline, int64_t day) {
  auto it = std::upper_bound(timeline.begin(), timeline.end(), day,
                             [](int64_t d, const StaffEntry& e) { return d < e.day; });
  return it == timeline.begin() ? nullptr : &*std::prev(it);
}

const StaffEntry* InPost(const Timeline& timeline, int64_t day) {
  const StaffEntry* e = LatestOnOrBefore(timeline, day);
  return e == nullptr || e->left ? nullptr : e;
}

bool IsIndicatorInput(const std::string& type) {
  static const std::set<std::string> kInputs = {
      "staff_record",        "staff_left",           "recruitment_outcome",     "disciplinary_case",
      "training_access",     "board_membership",     "survey_result",           "organisation_target",
      "programme_participation", "grade_mapping_change", "person_key_rotation"};
  return kInputs.count(type) > 0;
}

const std::string& OrgState::Canonical(const std::string& key) const {
  const std::string* at = &key;
  for (auto it = aliases.find(*at); it != aliases.end(); it = aliases.find(*at)) at = &it->second;
  return *at;
}

const Timeline* OrgState::TimelineOf(const std::string& key) const {
  auto it = people.find(PersonId::Of(Canonical(key)));
  return it == people.end() ? nullptr : &it->second;
}

std::optional<Change> State::Rekey(const std::string& org_id, const dxhub::event::v1::PersonKeyRotation& rotation) {
  OrgState& org = orgs_[org_id];
  const std::string root = org.Canonical(rotation.old_person_key());
  const std::string moved = org.Canonical(rotation.new_person_key());
  if (moved == root) return std::nullopt;
  org.aliases[moved] = root;  // `root` is no alias, so this makes no cycle
  auto held = org.people.find(PersonId::Of(moved));
  if (held == org.people.end()) return std::nullopt;  // the usual order: the rotation came first
  // Records under the new key arrived first (or were loaded first at start-up): merge them in.
  Timeline moved_entries = std::move(held->second);
  org.people.erase(held);
  if (moved_entries.empty()) return std::nullopt;
  const int64_t earliest = moved_entries.front().day;
  Timeline& t = org.people[PersonId::Of(root)];
  for (auto& entry : moved_entries) {
    auto at = std::find_if(t.rbegin(), t.rend(), [&](const StaffEntry& e) { return Before(e, entry.day, entry.seq()); });
    t.insert(at.base(), std::move(entry));
  }
  return Change{org_id, earliest};
}

std::optional<StateInput> State::InputOf(const StoredEvent& stored) {
  const Event& event = stored.event();
  const std::string type = protocol::PayloadType(event);
  if (!IsIndicatorInput(type) || event.org_id().empty() || !protocol::IsValidDate(event.occurred_at())) {
    return std::nullopt;
  }
  StateInput in;
  in.set_org_id(event.org_id());
  in.set_day(protocol::DaysFromCivil(event.occurred_at()));
  if (stored.has_committed_at() && stored.committed_at().seconds() > 0) {
    in.set_committed_day(stored.committed_at().seconds() / 86400);
  }
  if (type == "staff_record") {
    *in.mutable_staff() = StaffInputOf(event.staff_record());
  } else if (type == "staff_left") {
    in.mutable_staff()->set_person_key(event.staff_left().person_key());
    in.mutable_staff()->set_left(true);
  } else if (type == "recruitment_outcome") {
    const auto& outcome = event.recruitment_outcome();
    in.mutable_recruitment()->set_ethnicity(outcome.ethnicity());
    in.mutable_recruitment()->set_shortlisted(outcome.shortlisted());
    in.mutable_recruitment()->set_appointed(outcome.appointed());
  } else if (type == "disciplinary_case" || type == "training_access") {
    in.mutable_person_fact()->set_type(type);
    in.mutable_person_fact()->set_person_key(type == "disciplinary_case" ? event.disciplinary_case().person_key()
                                                                         : event.training_access().person_key());
  } else {
    // What a fact keeps of its event: the org, the date and the payload.
    Event& kept = *in.mutable_event();
    kept = event;
    kept.clear_event_id();
    kept.clear_connector_id();
    kept.clear_observed_at();
    kept.clear_schema_version();
    kept.clear_source_key();
  }
  return in;
}

std::optional<Change> State::Apply(const StoredEvent& stored) {
  const std::optional<StateInput> input = InputOf(stored);
  if (!input) return std::nullopt;
  return Apply(*input, stored.seq());
}

std::optional<Change> State::Apply(const StateInput& in, uint64_t seq) {
  const std::string type = TypeOf(in);
  if (!IsIndicatorInput(type) || in.org_id().empty()) return std::nullopt;
  if (type == "person_key_rotation") return Rekey(in.org_id(), in.event().person_key_rotation());
  const int64_t day = in.day();
  OrgState& org = orgs_[in.org_id()];
  if (const HoldOut why = HoldOutReason(in, bounds_); why != HoldOut::kNone) {
    HeldOut& held = org.held_out;
    ++(why == HoldOut::kBeforeEarliest ? held.before_earliest : held.beyond_horizon);
    if (seq >= held.last_seq) {
      held.last_seq = seq;
      held.last_day = day;
      held.last_type = type;
    }
    return std::nullopt;
  }
  switch (in.kind_case()) {
    case StateInput::kStaff: {
      StaffEntry entry = EntryOf(in.staff());
      entry.day = Narrow(day);
      entry.set_seq(seq);
      Timeline& t = org.people[PersonId::Of(org.Canonical(in.staff().person_key()))];
      auto at = std::find_if(t.rbegin(), t.rend(), [&](const StaffEntry& e) { return Before(e, day, seq); }).base();
      t.insert(at, std::move(entry));
      break;
    }
    case StateInput::kRecruitment: {
      const auto& outcome = in.recruitment();
      if (outcome.shortlisted() || outcome.appointed()) {
        RecruitmentTally& tally = org.recruitment[day];
        const auto group = static_cast<size_t>(GroupOf(outcome.ethnicity()));
        ++tally.shortlisted[group];
        if (outcome.appointed()) ++tally.appointed[group];
      }
      break;
    }
    case StateInput::kPersonFact: {
      std::vector<PersonFact>& that_day = org.person_facts[type][day];
      auto at =
          std::find_if(that_day.rbegin(), that_day.rend(), [&](const PersonFact& f) { return f.seq < seq; }).base();
      that_day.insert(at, PersonFact{day, seq, Intern(in.person_fact().person_key())});
      break;
    }
    case StateInput::kEvent:
      org.facts[type].insert(Fact{day, seq, in.event()});
      break;
    case StateInput::KIND_NOT_SET:
      return std::nullopt;
  }
  org.last_day = std::max(org.last_day, day);
  ++entries_;
  first_day_ = std::min(first_day_.value_or(day), day);
  last_day_ = std::max(last_day_.value_or(day), day);
  return Change{in.org_id(), day};
}

}  // namespace dxhub::aggregator
