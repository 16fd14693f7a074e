#include "dxhub/aggregator/snapshot.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <span>
#include <unordered_set>

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

const Tier* MappingInForce::RuleFor(const StaffEntry& e) const {
  auto it = rules.find(e.folded_grade());
  return it == rules.end() ? nullptr : &it->second;
}

Tier MappingInForce::TierOf(const StaffEntry& e, const Tier* rule) const {
  if (rule == nullptr) return e.tier();
  if (top_earner_share > 0 && protocol::TierRank(e.tier()) > protocol::TierRank(*rule)) return e.tier();
  return *rule;
}

const std::string& MappingInForce::VersionOf(const RecordTexts& texts) const {
  return rules.count(texts.folded_grade) > 0 ? version : *texts.mapping_version;
}

const MappingInForce& WorkforceIndex::Mapping(const OrgState& org, int64_t day) {
  auto [it, added] = mappings_.try_emplace(std::pair<const OrgState*, int64_t>(&org, day));
  if (added) it->second = MappingInForce::Of(org, day);
  return it->second;
}

void GroupRates::Add(EthnicGroup g, bool hit) {
  ++all_base;
  all += hit ? 1 : 0;
  if (g == EthnicGroup::kWhite) {
    ++white_base;
    white += hit ? 1 : 0;
  }
  if (g == EthnicGroup::kBme) {
    ++bme_base;
    bme += hit ? 1 : 0;
  }
}

void GroupRates::Add(const GroupRates& other) {
  white += other.white;
  white_base += other.white_base;
  bme += other.bme;
  bme_base += other.bme_base;
  all += other.all;
  all_base += other.all_base;
}

const std::vector<Member>& WorkforceIndex::Workforce(const ScopeOrg& org, int64_t day) {
  const std::pair<const OrgState*, int64_t> key(org.state, day);
  if (auto found = workforces_.find(key); found != workforces_.end()) return found->second;
  auto census = std::lower_bound(census_days_.begin(), census_days_.end(), day);
  if (census != census_days_.end() && *census == day) {
    // A census day: it and the next census days, `sweep_days_` in all, in one
    // walk, with each one's movement since the progression window's start.
    const auto count = std::min<size_t>(sweep_days_, static_cast<size_t>(census_days_.end() - census));
    const std::span<const int64_t> days(census, count);
    std::vector<std::vector<Member>*> members;
    std::vector<int64_t> starts;
    std::vector<Movement*> movements;
    for (int64_t d : days) {
      auto [it, added] = workforces_.try_emplace(std::pair<const OrgState*, int64_t>(org.state, d));
      members.push_back(added ? &it->second : nullptr);  // a day computed alone before stays as it is
      Movement* movement = nullptr;
      if (movement_months_ > 0) {
        const int64_t start = MonthsBefore(d, movement_months_);
        auto [m, new_movement] = movements_.try_emplace(std::tuple(org.state, d, start));
        if (new_movement) movement = &m->second;
        starts.push_back(start);
      } else {
        starts.push_back(d);
      }
      movements.push_back(movement);
    }
    Fill(org, WalkOut{days, members, starts, movements});
    most_days_held_ = std::max(most_days_held_, days_held());
    return workforces_.at(key);
  }
  std::vector<Member>* alone = &workforces_[key];
  Movement* no_movement = nullptr;
  Fill(org, WalkOut{std::span<const int64_t>(&day, 1), std::span<std::vector<Member>* const>(&alone, 1),
                    std::span<const int64_t>(&day, 1), std::span<Movement* const>(&no_movement, 1)});
  most_days_held_ = std::max(most_days_held_, days_held());
  return *alone;
}

const Movement& WorkforceIndex::MovementOf(const ScopeOrg& org, int64_t start, int64_t day) {
  const std::tuple<const OrgState*, int64_t, int64_t> key(org.state, day, start);
  if (auto found = movements_.find(key); found != movements_.end()) return found->second;
  if (movement_months_ > 0 && start == MonthsBefore(day, movement_months_)) {
    Workforce(org, day);  // a census day's walk counts it (unless the day was walked before)
    if (auto found = movements_.find(key); found != movements_.end()) return found->second;
  }
  Movement* movement = &movements_[key];
  std::vector<Member>* no_members = nullptr;
  Fill(org, WalkOut{std::span<const int64_t>(&day, 1), std::span<std::vector<Member>* const>(&no_members, 1),
                    std::span<const int64_t>(&start, 1), std::span<Movement* const>(&movement, 1)});
  return *movement;
}

const Timeline* WorkforceIndex::TimelineOf(const OrgState& org, const std::string* key) {
  auto [it, added] = timelines_.try_emplace({&org, key}, nullptr);
  if (added) it->second = org.TimelineOf(*key);
  return it->second;
}

std::span<const WorkforceIndex::ResolvedFact> WorkforceIndex::PersonFacts(const OrgState& org, const std::string& type,
                                                                          int64_t from_exclusive, int64_t to) {
  FactWindow& w = fact_windows_[std::pair<const OrgState*, std::string>(&org, type)];
  if (from_exclusive < w.from || to < w.to) {  // further back than the window: start again
    w.facts.clear();
    w.first = 0;
    w.to = from_exclusive;
  }
  w.from = from_exclusive;
  while (w.first < w.facts.size() && w.facts[w.first].day <= from_exclusive) ++w.first;
  if (w.first > 4096 && w.first * 2 > w.facts.size()) {  // what no later window reads
    w.facts.erase(w.facts.begin(), w.facts.begin() + static_cast<std::ptrdiff_t>(w.first));
    w.first = 0;
  }
  if (to > w.to) {
    if (auto it = org.person_facts.find(type); it != org.person_facts.end()) {
      // From the later of the window's end and its new start: a window that
      // moved past the last one's end reads nothing between them.
      const int64_t after = std::max(w.to, from_exclusive);
      for (auto d = it->second.upper_bound(after); d != it->second.end() && d->first <= to; ++d) {
        for (const PersonFact& f : d->second) {
          ResolvedFact r;
          r.person = TimelineOf(org, f.person_key);
          r.day = static_cast<int32_t>(f.day);
          if (r.person != nullptr) {
            const StaffEntry* e = LatestOnOrBefore(*r.person, f.day);
            if (e == nullptr && !r.person->empty()) e = &r.person->front();  // a fact before the first record
            if (e != nullptr) {
              r.group = GroupOf(e->ethnicity());
              r.known = true;
            }
          }
          w.facts.push_back(r);
        }
      }
    }
    w.to = to;
  }
  return std::span<const ResolvedFact>(w.facts.data() + w.first, w.facts.size() - w.first);
}

const std::vector<const RecordTexts*>& WorkforceIndex::TextsOf(const ScopeOrg& org, int64_t day) {
  const std::pair<const OrgState*, int64_t> key(org.state, day);
  if (texts_.count(key) == 0) Workforce(org, day);
  return texts_.at(key);
}

void WorkforceIndex::ForgetBefore(int64_t day) {
  std::erase_if(workforces_, [&](const auto& entry) { return entry.first.second < day; });
  std::erase_if(texts_, [&](const auto& entry) { return entry.first.second < day; });
  std::erase_if(movements_, [&](const auto& entry) { return std::get<1>(entry.first) < day; });
}

size_t WorkforceIndex::days_held() const {
  std::set<int64_t> days;
  for (const auto& [key, members] : workforces_) days.insert(key.second);
  return days.size();
}

namespace {

// A tier as a Member keeps it (EnumCode), so a movement compares what the
// members of the two days would have held.
Tier AsMemberHolds(Tier tier) { return static_cast<Tier>(EnumCode(tier)); }

}  // namespace

void WorkforceIndex::Fill(const ScopeOrg& org, const WalkOut& out) {
  // Every day the walk looks at: the days asked and their movements' start
  // days, ascending, once each; `now_at` and `start_at` say where each is.
  std::vector<int64_t> walk(out.days.begin(), out.days.end());
  for (size_t k = 0; k < out.days.size(); ++k) {
    if (out.movements[k] != nullptr) walk.push_back(out.starts[k]);
  }
  std::sort(walk.begin(), walk.end());
  walk.erase(std::unique(walk.begin(), walk.end()), walk.end());
  auto at_of = [&](int64_t d) { return static_cast<size_t>(std::lower_bound(walk.begin(), walk.end(), d) - walk.begin()); };
  std::vector<size_t> now_at, start_at;
  for (size_t k = 0; k < out.days.size(); ++k) {
    now_at.push_back(at_of(out.days[k]));
    start_at.push_back(out.movements[k] != nullptr ? at_of(out.starts[k]) : 0);
  }
  std::vector<const MappingInForce*> mappings;
  for (int64_t d : walk) mappings.push_back(&Mapping(*org.state, d));
  // Each walked day's rule per interned grade text, found in its grade table
  // once (issue 18: a table look-up by grade text per member and day was 2%
  // of a rebuild).
  std::vector<std::unordered_map<const RecordTexts*, const Tier*>> rules(walk.size());
  auto tier_on = [&](size_t at, const StaffEntry& e) {
    auto [it, added] = rules[at].try_emplace(e.texts, nullptr);
    if (added) it->second = mappings[at]->RuleFor(e);
    return AsMemberHolds(mappings[at]->TierOf(e, it->second));
  };
  std::vector<const StaffEntry*> in_post(walk.size());
  uint32_t ordinal = 0;
  for (const auto& [person, timeline] : org.state->people) {
    const uint32_t at = ordinal++;
    if (timeline.empty()) continue;
    // Left for good on or before the walk's first day: in post on none of its
    // days (issue 18: most of a long history's people, each timeline walked
    // to its end at every walk).
    if (timeline.back().left && timeline.back().day <= walk.front()) continue;
    // The first day on or after the first entry; then, per day, the last
    // entry on or before it (as LatestOnOrBefore), walking forward.
    size_t i = static_cast<size_t>(std::lower_bound(walk.begin(), walk.end(), timeline.front().day) - walk.begin());
    if (i == walk.size()) continue;
    std::fill(in_post.begin(), in_post.end(), nullptr);
    size_t e = 0;
    for (; i < walk.size(); ++i) {
      while (e + 1 < timeline.size() && timeline[e + 1].day <= walk[i]) ++e;
      const StaffEntry& entry = timeline[e];
      if (entry.left) {
        if (e + 1 == timeline.size()) break;  // left for good
        continue;
      }
      in_post[i] = &entry;
    }
    for (size_t k = 0; k < out.days.size(); ++k) {
      const StaffEntry* now = in_post[now_at[k]];
      const StaffEntry* then = out.movements[k] != nullptr ? in_post[start_at[k]] : nullptr;
      if (now == nullptr && then == nullptr) continue;
      const Tier now_tier = now != nullptr ? tier_on(now_at[k], *now) : Tier{};
      if (now != nullptr && out.members[k] != nullptr) {
        out.members[k]->push_back(Member::Of(now, now_tier, GroupOf(now->ethnicity()), at));
      }
      if (then == nullptr) continue;
      // In post at the window's start: moved up if still in post, else left.
      const EthnicGroup group = GroupOf(then->ethnicity());
      Movement& movement = *out.movements[k];
      movement.left.Add(group, now == nullptr);
      if (now == nullptr) continue;
      const Tier then_tier = tier_on(start_at[k], *then);
      movement.moved.Add(group, protocol::TierRank(now_tier) > protocol::TierRank(then_tier));
    }
  }
  // Every record in post on a day asked had its rule found on that day (and
  // only such records), so a day's rule table holds its workforce's distinct
  // texts: a snapshot's mapping versions need not read every member's record.
  for (size_t k = 0; k < out.days.size(); ++k) {
    if (out.members[k] == nullptr) continue;
    std::vector<const RecordTexts*>& texts = texts_[std::pair<const OrgState*, int64_t>(org.state, out.days[k])];
    texts.clear();
    for (const auto& [text, rule] : rules[now_at[k]]) texts.push_back(text);
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

const Movement& Snapshot::MovementSince(const ScopeOrg& org, int64_t start) const {
  return index->MovementOf(org, start, census_day);
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
  // mapping's own, so gathered by address first and by text after. A
  // record's version follows from its interned texts (grade and version), so
  // each org's distinct texts, found by the walk, are looked up in its grade
  // table once, not every member's (issue 18: 6% of a rebuild; then reading
  // every member's record to find its texts, 2%).
  std::vector<const std::string*> seen;
  for (const ScopeOrg& org : s.orgs) {
    const MappingInForce& mapping = s.MappingOn(org, census_day);
    if (!s.place) s.mapping_in_force = mapping.version;
    for (const RecordTexts* texts : s.index->TextsOf(org, census_day)) {
      const std::string* v = &mapping.VersionOf(*texts);
      if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    }
  }
  std::set<std::string> versions;
  for (const std::string* v : seen) versions.insert(*v);
  for (const auto& v : versions) s.mapping_versions += (s.mapping_versions.empty() ? "" : ",") + v;
  return s;
}

}  // namespace dxhub::aggregator
