#include "dxhub/aggregator/snapshot.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <span>

#include "dxhub/protocol/labels.h"
#include "dxhub/protocol/tiers.h"

namespace dxhub::aggregator {

using dxhub::event::v1::Tier;

MappingInForce MappingInForce::Of(const OrgState& org, int64_t day) {
  MappingInForce m;
  auto it = org.facts.find("grade_mapping_change");
  if (it == org.facts.end()) return m;
  auto after = it->second.upper_bound(day);
  if (after == it->second.begin()) return m;
  const Fact* latest = &*std::prev(after);
  const auto& change = latest->event.grade_mapping_change();
  m.version = change.mapping_version();
  for (const auto& rule : change.rules()) m.rules[protocol::FoldLabel(rule.grade())] = rule.tier();
  m.top_earner_share = change.top_earner_share();
  return m;
}

Tier MappingInForce::TierOf(const StaffEntry& e) const {
  auto it = rules.find(e.folded_grade());
  if (it == rules.end()) return e.tier();
  if (top_earner_share > 0 && protocol::TierRank(e.tier()) > protocol::TierRank(it->second)) return e.tier();
  return it->second;
}

const std::string& MappingInForce::VersionOf(const StaffEntry& e) const {
  return rules.count(e.folded_grade()) > 0 ? version : e.mapping_version();
}

const MappingInForce& WorkforceIndex::Mapping(const OrgState& org, int64_t day) {
  auto [it, added] = mappings_.try_emplace(std::pair<const OrgState*, int64_t>(&org, day));
  if (added) it->second = MappingInForce::Of(org, day);
  return it->second;
}

const std::vector<Member>& WorkforceIndex::Workforce(const ScopeOrg& org, int64_t day) {
  const std::pair<const OrgState*, int64_t> key(org.state, day);
  if (auto found = workforces_.find(key); found != workforces_.end()) return found->second;
  auto census = std::lower_bound(census_days_.begin(), census_days_.end(), day);
  if (census != census_days_.end() && *census == day) {
    // A census day: it and the next census days, `sweep_days_` in all, in one walk.
    const auto count = std::min<size_t>(sweep_days_, static_cast<size_t>(census_days_.end() - census));
    const std::span<const int64_t> days(census, count);
    std::vector<std::vector<Member>*> out;
    for (int64_t d : days) {
      auto [it, added] = workforces_.try_emplace(std::pair<const OrgState*, int64_t>(org.state, d));
      out.push_back(added ? &it->second : nullptr);  // a day computed alone before stays as it is
    }
    Fill(org, days, out);
    return workforces_.at(key);
  }
  std::vector<Member>* alone = &workforces_[key];
  Fill(org, std::span<const int64_t>(&day, 1), std::span<std::vector<Member>* const>(&alone, 1));
  return *alone;
}

const Timeline* WorkforceIndex::TimelineOf(const OrgState& org, const std::string* key) {
  auto [it, added] = timelines_.try_emplace({&org, key}, nullptr);
  if (added) it->second = org.TimelineOf(*key);
  return it->second;
}

void WorkforceIndex::ForgetBefore(int64_t day) {
  std::erase_if(workforces_, [&](const auto& entry) { return entry.first.second < day; });
}

size_t WorkforceIndex::days_held() const {
  std::set<int64_t> days;
  for (const auto& [key, members] : workforces_) days.insert(key.second);
  return days.size();
}

void WorkforceIndex::Fill(const ScopeOrg& org, std::span<const int64_t> days, std::span<std::vector<Member>* const> out) {
  std::vector<const MappingInForce*> mappings;
  for (int64_t d : days) mappings.push_back(&Mapping(*org.state, d));
  uint32_t ordinal = 0;
  for (const auto& [person, timeline] : org.state->people) {
    const uint32_t at = ordinal++;
    if (timeline.empty()) continue;
    // The first day on or after the first entry; then, per day, the last
    // entry on or before it (as LatestOnOrBefore), walking forward.
    size_t i = static_cast<size_t>(std::lower_bound(days.begin(), days.end(), timeline.front().day) - days.begin());
    size_t e = 0;
    for (; i < days.size(); ++i) {
      while (e + 1 < timeline.size() && timeline[e + 1].day <= days[i]) ++e;
      const StaffEntry& entry = timeline[e];
      if (entry.left) {
        if (e + 1 == timeline.size()) break;  // left for good
        continue;
      }
      if (std::vector<Member>* members = out[i]) {
        members->push_back(Member::Of(&entry, mappings[i]->TierOf(entry), GroupOf(entry.ethnicity()), at));
      }
    }
  }
}

std::vector<Member> Snapshot::WorkforceOn(int64_t day) const {
  std::vector<Member> out;
  for (const ScopeOrg& org : orgs) {
    const std::vector<Member>& members = index->Workforce(org, day);
    out.insert(out.end(), members.begin(), members.end());
  }
  return out;
}

const std::vector<Member>& Snapshot::OrgWorkforceOn(const ScopeOrg& org, int64_t day) const {
  return index->Workforce(org, day);
}

const MappingInForce& Snapshot::MappingOn(const ScopeOrg& org, int64_t day) const {
  return index->Mapping(*org.state, day);
}

std::vector<const Fact*> Snapshot::FactsIn(const std::string& type, int64_t from_exclusive, int64_t to) const {
  std::vector<const Fact*> out;
  for (const ScopeOrg& org : orgs) {
    auto it = org.state->facts.find(type);
    if (it == org.state->facts.end()) continue;
    for (auto f = it->second.upper_bound(from_exclusive); f != it->second.end() && f->day <= to; ++f) out.push_back(&*f);
  }
  return out;
}

RecruitmentTally Snapshot::RecruitmentIn(int64_t from_exclusive, int64_t to) const {
  RecruitmentTally sum;
  for (const ScopeOrg& org : orgs) {
    const RecruitmentTallies& days = org.state->recruitment;
    for (auto d = days.upper_bound(from_exclusive); d != days.end() && d->first <= to; ++d) {
      for (size_t g = 0; g < sum.shortlisted.size(); ++g) {
        sum.shortlisted[g] += d->second.shortlisted[g];
        sum.appointed[g] += d->second.appointed[g];
      }
    }
  }
  return sum;
}

std::vector<Snapshot::OrgPersonFact> Snapshot::PersonFactsIn(const std::string& type, int64_t from_exclusive,
                                                             int64_t to) const {
  std::vector<OrgPersonFact> out;
  for (const ScopeOrg& org : orgs) {
    auto it = org.state->person_facts.find(type);
    if (it == org.state->person_facts.end()) continue;
    for (auto d = it->second.upper_bound(from_exclusive); d != it->second.end() && d->first <= to; ++d) {
      for (const PersonFact& f : d->second) out.push_back(OrgPersonFact{org.state, &f});
    }
  }
  return out;
}

const Timeline* Snapshot::TimelineOf(const std::string& org_id, const std::string& person_key) const {
  for (const ScopeOrg& org : orgs) {
    if (*org.org_id == org_id) return org.state->TimelineOf(person_key);
  }
  return nullptr;
}

const std::string& Snapshot::PersonOf(const std::string& org_id, const std::string& key) const {
  for (const ScopeOrg& org : orgs) {
    if (*org.org_id == org_id) return org.state->Canonical(key);
  }
  return key;
}

Snapshot TakeSnapshot(const State& state, const std::string& scope, int64_t census_day,
                      std::shared_ptr<WorkforceIndex> index) {
  Snapshot s;
  s.scope = scope;
  s.census_day = census_day;
  s.place = scope == kPlaceScope;
  s.index = index != nullptr ? std::move(index) : std::make_shared<WorkforceIndex>();
  for (const auto& [id, org] : state.orgs()) {
    if (s.place || id == scope) s.orgs.push_back(ScopeOrg{&id, &org});
  }
  s.workforce = s.WorkforceOn(census_day);
  // The records' mapping versions: few distinct texts, each interned or the
  // mapping's own, so gathered by address first and by text after.
  std::vector<const std::string*> seen;
  for (const ScopeOrg& org : s.orgs) {
    const MappingInForce& mapping = s.MappingOn(org, census_day);
    if (!s.place) s.mapping_in_force = mapping.version;
    for (const Member& m : s.index->Workforce(org, census_day)) {
      const std::string* v = &mapping.VersionOf(*m.record);
      if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    }
  }
  std::set<std::string> versions;
  for (const std::string* v : seen) versions.insert(*v);
  for (const auto& v : versions) s.mapping_versions += (s.mapping_versions.empty() ? "" : ",") + v;
  return s;
}

}  // namespace dxhub::aggregator
