#include "dxhub/aggregator/snapshot.h"

#include <set>

#include "dxhub/protocol/labels.h"
#include "dxhub/protocol/tiers.h"

namespace dxhub::aggregator {

using dxhub::event::v1::Tier;

MappingInForce MappingInForce::Of(const OrgState& org, int64_t day) {
  MappingInForce m;
  auto it = org.facts.find("grade_mapping_change");
  if (it == org.facts.end()) return m;
  const Fact* latest = nullptr;
  for (const Fact& f : it->second) {
    if (f.day > day) break;
    latest = &f;
  }
  if (latest == nullptr) return m;
  const auto& change = latest->event.grade_mapping_change();
  m.version = change.mapping_version();
  for (const auto& rule : change.rules()) m.rules[protocol::FoldLabel(rule.grade())] = rule.tier();
  m.top_earner_share = change.top_earner_share();
  return m;
}

Tier MappingInForce::TierOf(const StaffEntry& e) const {
  auto it = rules.find(protocol::FoldLabel(e.grade));
  if (it == rules.end()) return e.tier;
  if (top_earner_share > 0 && protocol::TierRank(e.tier) > protocol::TierRank(it->second)) return e.tier;
  return it->second;
}

const std::string& MappingInForce::VersionOf(const StaffEntry& e) const {
  return rules.count(protocol::FoldLabel(e.grade)) > 0 ? version : e.mapping_version;
}

std::vector<Member> Snapshot::WorkforceOn(int64_t day) const {
  std::vector<Member> out;
  for (const ScopeOrg& org : orgs) {
    const MappingInForce mapping = MappingInForce::Of(*org.state, day);
    for (const auto& [key, timeline] : org.state->people) {
      const StaffEntry* e = InPost(timeline, day);
      if (e == nullptr) continue;
      out.push_back(Member{org.org_id, &key, &timeline, e, mapping.TierOf(*e), GroupOf(e->ethnicity)});
    }
  }
  return out;
}

std::vector<const Fact*> Snapshot::FactsIn(const std::string& type, int64_t from_exclusive, int64_t to) const {
  std::vector<const Fact*> out;
  for (const ScopeOrg& org : orgs) {
    auto it = org.state->facts.find(type);
    if (it == org.state->facts.end()) continue;
    for (const Fact& f : it->second) {
      if (f.day > to) break;
      if (f.day > from_exclusive) out.push_back(&f);
    }
  }
  return out;
}

const Timeline* Snapshot::TimelineOf(const std::string& org_id, const std::string& person_key) const {
  for (const ScopeOrg& org : orgs) {
    if (*org.org_id != org_id) continue;
    auto it = org.state->people.find(org.state->Canonical(person_key));
    return it == org.state->people.end() ? nullptr : &it->second;
  }
  return nullptr;
}

const std::string& Snapshot::PersonOf(const std::string& org_id, const std::string& key) const {
  for (const ScopeOrg& org : orgs) {
    if (*org.org_id == org_id) return org.state->Canonical(key);
  }
  return key;
}

Snapshot TakeSnapshot(const State& state, const std::string& scope, int64_t census_day) {
  Snapshot s;
  s.scope = scope;
  s.census_day = census_day;
  s.place = scope == kPlaceScope;
  for (const auto& [id, org] : state.orgs()) {
    if (s.place || id == scope) s.orgs.push_back(ScopeOrg{&id, &org});
  }
  s.workforce = s.WorkforceOn(census_day);
  std::set<std::string> versions;
  for (const ScopeOrg& org : s.orgs) {
    const MappingInForce mapping = MappingInForce::Of(*org.state, census_day);
    if (!s.place) s.mapping_in_force = mapping.version;
    for (const Member& m : s.workforce) {
      if (m.org_id == org.org_id) versions.insert(mapping.VersionOf(*m.record));
    }
  }
  for (const auto& v : versions) s.mapping_versions += (s.mapping_versions.empty() ? "" : ",") + v;
  return s;
}

}  // namespace dxhub::aggregator
