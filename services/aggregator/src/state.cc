#include "dxhub/aggregator/state.h"

#include <algorithm>
#include <set>

#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/labels.h"

namespace dxhub::aggregator {

namespace {

template <typename T>
bool Before(const T& x, int64_t day, uint64_t seq) {
  return x.day != day ? x.day < day : x.seq < seq;
}

// What a fact keeps of its event: the org, the date and the payload.
Event FactEvent(const Event& event) {
  Event kept = event;
  kept.clear_event_id();
  kept.clear_connector_id();
  kept.clear_observed_at();
  kept.clear_schema_version();
  kept.clear_source_key();
  return kept;
}

}  // namespace

const std::string* State::Intern(const std::string& text) {
  if (text.empty()) return &kNoText;
  return &*texts_.insert(text).first;
}

StaffEntry State::EntryOf(const dxhub::event::v1::StaffRecord& r) {
  StaffEntry e;
  e.tier = r.tier();
  e.grade = Intern(r.grade());
  e.folded_grade = Intern(protocol::FoldLabel(r.grade()));
  e.ethnicity = r.ethnicity();
  e.sex = r.sex();
  e.disability = r.disability();
  e.contract = r.contract_type();
  e.hourly_pay_pence = r.hourly_pay_pence();
  e.fte_milli = r.fte_milli();
  e.mapping_version = Intern(r.mapping_version());
  return e;
}

HoldOut HoldOutReason(const StoredEvent& stored, const CalendarBounds& bounds) {
  const int64_t day = protocol::DaysFromCivil(stored.event().occurred_at());
  if (day < bounds.earliest_day) return HoldOut::kBeforeEarliest;
  // Events without a commit time (hand-made in tests) have no horizon.
  if (stored.has_committed_at() && stored.committed_at().seconds() > 0) {
    const int64_t committed_day = stored.committed_at().seconds() / 86400;
    if (day > committed_day + bounds.horizon_days) return HoldOut::kBeyondHorizon;
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

std::optional<Change> State::Rekey(const std::string& org_id, const dxhub::event::v1::PersonKeyRotation& rotation) {
  OrgState& org = orgs_[org_id];
  const std::string root = org.Canonical(rotation.old_person_key());
  const std::string moved = org.Canonical(rotation.new_person_key());
  if (moved == root) return std::nullopt;
  org.aliases[moved] = root;  // `root` is no alias, so this makes no cycle
  auto held = org.people.find(moved);
  if (held == org.people.end()) return std::nullopt;  // the usual order: the rotation came first
  // Records under the new key arrived first (or were loaded first at start-up): merge them in.
  Timeline moved_entries = std::move(held->second);
  org.people.erase(held);
  if (moved_entries.empty()) return std::nullopt;
  const int64_t earliest = moved_entries.front().day;
  Timeline& t = org.people[root];
  for (auto& entry : moved_entries) {
    auto at = std::find_if(t.rbegin(), t.rend(), [&](const StaffEntry& e) { return Before(e, entry.day, entry.seq); });
    t.insert(at.base(), std::move(entry));
  }
  return Change{org_id, earliest};
}

std::optional<Change> State::Apply(const StoredEvent& stored) {
  const Event& event = stored.event();
  const std::string type = protocol::PayloadType(event);
  if (!IsIndicatorInput(type) || event.org_id().empty() || !protocol::IsValidDate(event.occurred_at())) {
    return std::nullopt;
  }
  if (type == "person_key_rotation") return Rekey(event.org_id(), event.person_key_rotation());
  const int64_t day = protocol::DaysFromCivil(event.occurred_at());
  const uint64_t seq = stored.seq();
  OrgState& org = orgs_[event.org_id()];
  if (const HoldOut why = HoldOutReason(stored, bounds_); why != HoldOut::kNone) {
    HeldOut& held = org.held_out;
    ++(why == HoldOut::kBeforeEarliest ? held.before_earliest : held.beyond_horizon);
    if (seq >= held.last_seq) {
      held.last_seq = seq;
      held.last_day = day;
      held.last_type = type;
    }
    return std::nullopt;
  }
  if (type == "staff_record" || type == "staff_left") {
    StaffEntry entry;
    std::string key;
    if (type == "staff_record") {
      entry = EntryOf(event.staff_record());
      key = event.staff_record().person_key();
    } else {
      entry.left = true;
      key = event.staff_left().person_key();
    }
    entry.day = day;
    entry.seq = seq;
    Timeline& t = org.people[org.Canonical(key)];
    auto at = std::find_if(t.rbegin(), t.rend(), [&](const StaffEntry& e) { return Before(e, day, seq); }).base();
    t.insert(at, std::move(entry));
  } else if (type == "recruitment_outcome") {
    const auto& outcome = event.recruitment_outcome();
    if (outcome.shortlisted() || outcome.appointed()) {
      RecruitmentTally& tally = org.recruitment[day];
      const auto group = static_cast<size_t>(GroupOf(outcome.ethnicity()));
      ++tally.shortlisted[group];
      if (outcome.appointed()) ++tally.appointed[group];
    }
  } else if (type == "disciplinary_case" || type == "training_access") {
    const std::string& key =
        type == "disciplinary_case" ? event.disciplinary_case().person_key() : event.training_access().person_key();
    std::vector<PersonFact>& that_day = org.person_facts[type][day];
    auto at = std::find_if(that_day.rbegin(), that_day.rend(), [&](const PersonFact& f) { return f.seq < seq; }).base();
    that_day.insert(at, PersonFact{day, seq, Intern(key)});
  } else {
    org.facts[type].insert(Fact{day, seq, FactEvent(event)});
  }
  org.last_day = std::max(org.last_day, day);
  ++entries_;
  first_day_ = std::min(first_day_.value_or(day), day);
  last_day_ = std::max(last_day_.value_or(day), day);
  return Change{event.org_id(), day};
}

}  // namespace dxhub::aggregator
