// The workforce of one scope (an organisation, or the place) at one census
// date, reconstructed from the person timelines, with each record's tier
// under the grade mapping in force then. Built per cube by the indicator
// computation; borrows from the State, which must outlive it. A
// WorkforceIndex shared by the snapshots of one refresh walks each org's
// people once for several days (the org's cube and the place's both ask),
// and counts who moved up or left since a year before in the same walk.
// Not thread-safe.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dxhub/aggregator/classify.h"
#include "dxhub/aggregator/state.h"

namespace dxhub::aggregator {

inline constexpr char kPlaceScope[] = "place";

// An organisation's grade table in force on one day (the latest
// GradeMappingChange on or before it); empty when none.
struct MappingInForce {
  std::string version;
  std::map<std::string, dxhub::event::v1::Tier> rules;  // keys are protocol::FoldLabel()ed grades
  // The mapping's top-earners share (0 = none). The rule itself is applied by
  // the connector at extract time; while it is on, a record's own tier is
  // kept when higher than the table's (it was lifted by the rule).
  double top_earner_share = 0;

  static MappingInForce Of(const OrgState& org, int64_t day);
  // The record's tier under this mapping (its own tier when the grade has no rule).
  dxhub::event::v1::Tier TierOf(const StaffEntry& e) const { return TierOf(e, RuleFor(e)); }
  // The rule for the record's grade (nullptr when none): the same for every
  // record with the same interned texts, so a caller may keep it by them.
  const dxhub::event::v1::Tier* RuleFor(const StaffEntry& e) const;
  // TierOf, given RuleFor(e).
  dxhub::event::v1::Tier TierOf(const StaffEntry& e, const dxhub::event::v1::Tier* rule) const;
  // The mapping version a record's tier comes from: this mapping's when it
  // has a rule for the record's grade, else the record's own.
  const std::string& VersionOf(const RecordTexts& texts) const;
};

// 16 bytes: an index holds one per person in post per census day, several
// days of the place's whole workforce at once (issue 18).
struct Member {
  const StaffEntry* record = nullptr;
  // The person's place among the org's people (everyone ever staff, in
  // person_key order): the same on every day of one WorkforceIndex, so two
  // days' workforces of an org are matched by a merge, not a search each.
  uint32_t ordinal = 0;
  uint8_t tier_code = 0;  // the tier under the mapping in force, coded as StaffEntry codes enums
  EthnicGroup group = EthnicGroup::kUnknown;
  // The record's own, copied into what was padding: a tally of a workforce
  // then reads the members alone, not each one's record elsewhere in memory
  // (issue 18: Tally::Add, a cache miss per member, was 5% of a rebuild).
  uint8_t sex_code = 0;
  uint8_t disability_code = 0;

  static Member Of(const StaffEntry* record, dxhub::event::v1::Tier tier, EthnicGroup group, uint32_t ordinal) {
    return Member{record, ordinal, EnumCode(tier), group, record->sex_code, record->disability_code};
  }
  dxhub::event::v1::Tier tier() const { return static_cast<dxhub::event::v1::Tier>(tier_code); }
  dxhub::event::v1::Sex sex() const { return static_cast<dxhub::event::v1::Sex>(sex_code); }
  dxhub::event::v1::Disability disability() const { return static_cast<dxhub::event::v1::Disability>(disability_code); }
};
static_assert(sizeof(Member) == 16, "a workforce member is 16 bytes (issue 18)");

// Of one org's staff in post on a start day, by ethnic group: how many are
// still in post on a later day and moved up a tier (each day's tier under the
// mapping in force then), and how many left (SPEC 4.4). Counts, so the orgs'
// add up to the place's.
struct GroupRates {
  int64_t white = 0, white_base = 0, bme = 0, bme_base = 0, all = 0, all_base = 0;
  void Add(EthnicGroup g, bool hit);
  void Add(const GroupRates& other);
};
struct Movement {
  GroupRates moved;  // of those still in post: moved up a tier
  GroupRates left;   // of everyone in post on the start day: no longer in post
  void Add(const Movement& other) {
    moved.Add(other.moved);
    left.Add(other.left);
  }
};

struct ScopeOrg {
  const std::string* org_id = nullptr;
  const OrgState* state = nullptr;
};

// Each org's workforce and mapping in force per day, computed on first use
// by walking each of the org's timelines beside the days asked. Given the
// census days, a census day asked of an org fills it and the census days
// after it, `sweep_days` in all, in that one walk; other days are filled
// alone. Given `movement_months`, the same walk counts each of those days'
// Movement since `movement_months` before it (the progression window), so
// the start day's workforce is never held. ForgetBefore() lets a refresh
// going forward in census order drop what no later cube reads: the index
// holds at most a walk's days (issue 18: it held every census day's
// workforce of every org, 46% of the peak at scale 10; then a year back and
// a walk ahead, 43% of the peak at scale 3).
// Valid while the State it was filled from is unchanged (one refresh); one
// per thread.
class WorkforceIndex {
 public:
  static constexpr size_t kSweepDays = 8;  // two years of quarter ends per walk

  WorkforceIndex() = default;
  explicit WorkforceIndex(std::vector<int64_t> census_days, size_t sweep_days = kSweepDays, int movement_months = 0)
      : census_days_(std::move(census_days)),
        sweep_days_(std::max<size_t>(sweep_days, 1)),
        movement_months_(movement_months) {}

  const MappingInForce& Mapping(const OrgState& org, int64_t day);
  // The org's staff in post on `day`, in person_key (and ordinal) order. The
  // reference is valid until the next ForgetBefore().
  const std::vector<Member>& Workforce(const ScopeOrg& org, int64_t day);
  // The distinct texts (grade, mapping version) of the records of
  // Workforce(org, day), found in the same walk. Valid until the next ForgetBefore().
  const std::vector<const RecordTexts*>& TextsOf(const ScopeOrg& org, int64_t day);
  // Of the org's staff in post on `start`, who is in post on `day` and moved
  // up a tier, and who left (start < day). From the walk that filled `day`
  // when `start` is `movement_months` before it, else a walk of its own. The
  // reference is valid until the next ForgetBefore().
  const Movement& MovementOf(const ScopeOrg& org, int64_t start, int64_t day);
  // Drops the workforces and movements of days before `day` (asked again, they are refilled).
  void ForgetBefore(int64_t day);
  // The timeline of the person `key` (a State-interned key, as PersonFact
  // holds) names in `org`, under whichever of their keys; nullptr when none.
  // Looked up in the people map once per key and refresh, then by address.
  const Timeline* TimelineOf(const OrgState& org, const std::string* key);
  // A person fact (disciplinary_case, training_access) with whom it is about:
  // their timeline (nullptr when no record names them under any of their
  // keys) and their ethnic group as recorded on the fact's day (the first
  // record when the fact comes before it; `known` false when there is none).
  struct ResolvedFact {
    const Timeline* person = nullptr;
    int32_t day = 0;  // as a StaffEntry keeps it: 16 bytes in all
    EthnicGroup group = EthnicGroup::kUnknown;
    bool known = false;
  };
  // The person facts of `type` in `org` with day in (from, to], in (day, seq)
  // order, each resolved. Asked with windows that move forward, as one
  // scope's census days do, the index keeps each (org, type)'s window and
  // resolves each fact once (issue 18: a year's window was resolved again at
  // every quarter end, 10% of a rebuild); asked further back, it starts again.
  // The span is valid until the next call for the same org and type.
  std::span<const ResolvedFact> PersonFacts(const OrgState& org, const std::string& type, int64_t from_exclusive,
                                            int64_t to);
  // How many distinct days' workforces are held, now and at most so far.
  size_t days_held() const;
  size_t most_days_held() const { return most_days_held_; }

 private:
  // What one walk over an org's people fills: per day (ascending), its
  // workforce and the movement since starts[k], each where not null.
  struct WalkOut {
    std::span<const int64_t> days;
    std::span<std::vector<Member>* const> members;
    std::span<const int64_t> starts;
    std::span<Movement* const> movements;
  };
  void Fill(const ScopeOrg& org, const WalkOut& out);

  std::vector<int64_t> census_days_;  // ascending
  size_t sweep_days_ = kSweepDays;
  int movement_months_ = 0;  // 0: movements are walked alone
  size_t most_days_held_ = 0;
  std::map<std::pair<const OrgState*, int64_t>, MappingInForce> mappings_;
  std::map<std::pair<const OrgState*, int64_t>, std::vector<Member>> workforces_;
  std::map<std::pair<const OrgState*, int64_t>, std::vector<const RecordTexts*>> texts_;  // of each held workforce
  // (org, day, start) -> movement; a few dozen bytes each.
  std::map<std::tuple<const OrgState*, int64_t, int64_t>, Movement> movements_;
  struct OrgKeyHash {
    size_t operator()(const std::pair<const OrgState*, const std::string*>& k) const {
      return std::hash<const void*>()(k.first) * 31 + std::hash<const void*>()(k.second);
    }
  };
  // (org, interned key) -> timeline: one people-map look-up per key and refresh.
  std::unordered_map<std::pair<const OrgState*, const std::string*>, const Timeline*, OrgKeyHash> timelines_;
  // Per (org, type): the facts resolved so far, those from `first` on with
  // day in (from, to].
  struct FactWindow {
    std::vector<ResolvedFact> facts;
    size_t first = 0;
    int64_t from = INT64_MAX;  // INT64_MAX: nothing asked yet
    int64_t to = INT64_MIN;
  };
  std::map<std::pair<const OrgState*, std::string>, FactWindow> fact_windows_;
};

struct Snapshot {
  std::string scope;
  int64_t census_day = 0;
  bool place = false;
  std::vector<ScopeOrg> orgs;
  std::vector<Member> workforce;  // in (org, person_key) order
  std::string mapping_versions;   // of the records, sorted, comma-separated
  std::string mapping_in_force;   // org scope: the GradeMappingChange version in force
  std::shared_ptr<WorkforceIndex> index;

  // The workforce of `orgs` on `day` (the census day or another, e.g. a year earlier).
  std::vector<Member> WorkforceOn(int64_t day) const;
  // Of one org's staff in post on `start`: who moved up a tier or left by the census day.
  const Movement& MovementSince(const ScopeOrg& org, int64_t start) const;
  // The grade table in force in `org` on `day`.
  const MappingInForce& MappingOn(const ScopeOrg& org, int64_t day) const;
  // Facts of `type` of every org in scope with day in (from, to].
  std::vector<const Fact*> FactsIn(const std::string& type, int64_t from_exclusive, int64_t to) const;
  // The recruitment outcomes of every org in scope with day in (from, to], summed.
  RecruitmentTally RecruitmentIn(int64_t from_exclusive, int64_t to) const;
  // The person's timeline in `org`, or nullptr (under any of their keys).
  const Timeline* TimelineOf(const std::string& org_id, const std::string& person_key) const;
  // The one key a person or board member of `org_id` is counted under, whichever
  // of their keys (before and after a secret rotation) a fact carries. The
  // reference is to `key` or into the state.
  const std::string& PersonOf(const std::string& org_id, const std::string& key) const;
};

// scope = an org id or kPlaceScope. `index`: shared with the other snapshots
// taken from the same unchanged State (a new one when null).
Snapshot TakeSnapshot(const State& state, const std::string& scope, int64_t census_day,
                      std::shared_ptr<WorkforceIndex> index = nullptr);

}  // namespace dxhub::aggregator
