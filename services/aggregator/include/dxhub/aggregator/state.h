// The aggregator's in-memory model of the event history: every person's
// timeline of staff records and leaving per organisation (keyed by org +
// person_key, ordered by effective date then seq, so backdated events land in
// their place; a rotated secret's new keys resolve to the first key), and the
// other indicator inputs ("facts") per org and payload type. Records are
// compact: a timeline entry is a 32-byte struct whose texts (grade, mapping
// version) are interned once per State; recruitment outcomes are tallied per
// day, disciplinary cases and training accesses keep who and when, and the
// other (few) facts keep their payload. Each goes into its place in
// O(log n), so applying an event costs the same however long the history.
// An event is taken in as a StateInput (InputOf), the form the StateStore
// also keeps, so a restart applies exactly what live following applied.
// Apply() is the only mutator, on the service thread; a refresh reads the
// State from several threads while nothing applies.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dxhub/aggregator/classify.h"
#include "dxhub/aggregator/person_id.h"
#include "dxhub/aggregator/v1/state.pb.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {

using dxhub::event::v1::Event;
using dxhub::event::v1::StoredEvent;
using dxhub::aggregator::v1::StateInput;

inline const std::string kNoText;

// The texts of a staff record, interned once per State for each distinct
// (grade, mapping version): entries point at them.
struct RecordTexts {
  std::string grade;
  std::string folded_grade;  // protocol::FoldLabel(grade): what grade tables match
  const std::string* mapping_version = &kNoText;  // interned apart, so one address per version
};
inline const RecordTexts kNoTexts;

// An enum value as a byte: 0-254 as they are, any other as 255 (which no
// reader knows, as it knew no such value).
inline uint8_t EnumCode(int value) { return value >= 0 && value < 255 ? static_cast<uint8_t>(value) : 255; }

// One point of a person's timeline: a staff record, or leaving. 32 bytes
// (issue 18: a timeline holds one per staff record; at 80 bytes they were the
// largest part of the State). Numbers are kept in the narrow fields the store
// allows them (protocol/validate.cc: pay 0 to 100,000 pence, FTE 1 to 2,000
// thousandths); a value beyond a field, which the store refuses, is clamped
// to it, and an enum value beyond 0-254 is kept as 255, unknown to every
// reader as it was. The seq keeps 48 bits (an always-on check).
struct StaffEntry {
  const RecordTexts* texts = &kNoTexts;
  int32_t day = 0;
  int32_t hourly_pay_pence = 0;
  int32_t fte_milli = 0;
  uint32_t seq_low = 0;
  uint16_t seq_high = 0;
  uint8_t tier_code = 0;
  uint8_t ethnicity_code = 0;
  uint8_t sex_code = 0;
  uint8_t disability_code = 0;
  uint8_t contract_code = 0;
  bool left = false;

  uint64_t seq() const { return static_cast<uint64_t>(seq_high) << 32 | seq_low; }
  void set_seq(uint64_t seq);
  dxhub::event::v1::Tier tier() const { return static_cast<dxhub::event::v1::Tier>(tier_code); }
  dxhub::event::v1::Ethnicity ethnicity() const { return static_cast<dxhub::event::v1::Ethnicity>(ethnicity_code); }
  dxhub::event::v1::Sex sex() const { return static_cast<dxhub::event::v1::Sex>(sex_code); }
  dxhub::event::v1::Disability disability() const { return static_cast<dxhub::event::v1::Disability>(disability_code); }
  dxhub::event::v1::ContractType contract() const { return static_cast<dxhub::event::v1::ContractType>(contract_code); }
  const std::string& grade() const { return texts->grade; }
  const std::string& folded_grade() const { return texts->folded_grade; }
  const std::string& mapping_version() const { return *texts->mapping_version; }
};
static_assert(sizeof(StaffEntry) == 32, "a timeline entry is 32 bytes (issue 18)");

using Timeline = std::vector<StaffEntry>;  // sorted by (day, seq)

// The last entry on or before `day` (left or not), or nullptr.
const StaffEntry* LatestOnOrBefore(const Timeline& timeline, int64_t day);
// The record in force on `day` if the person is in post then, else nullptr.
const StaffEntry* InPost(const Timeline& timeline, int64_t day);

// Which effective dates enter the figures (issue 19 item 5). An input dated
// before `earliest_day` (a placeholder such as 1900-01-01) or more than
// `horizon_days` after the day the store committed it (2200-12-31 typed for
// "no end date") is kept in the store but held out of the state, and so of
// the census calendar; it is counted per organisation (HeldOut). The rule
// reads only the event, so a rebuild holds out the same inputs as live
// following did.
struct CalendarBounds {
  int64_t earliest_day = protocol::kEarliestFigureDay;  // 1950-01-01
  int64_t horizon_days = protocol::kHorizonDays;
};

// Why an input is held out of the figures; kNone when it is not.
enum class HoldOut { kNone, kBeforeEarliest, kBeyondHorizon };
HoldOut HoldOutReason(const StateInput& input, const CalendarBounds& bounds);

// Inputs of one organisation held out of the figures, with the latest one.
struct HeldOut {
  uint64_t before_earliest = 0;
  uint64_t beyond_horizon = 0;
  uint64_t last_seq = 0;       // the most recent held-out input
  int64_t last_day = 0;        // its effective day
  std::string last_type;       // its payload type

  uint64_t total() const { return before_earliest + beyond_horizon; }
};

// A non-staff indicator input: its org, date and payload (the envelope's
// ids, source key and timestamps are dropped).
struct Fact {
  int64_t day = 0;
  uint64_t seq = 0;
  Event event;
};

// Facts in (day, seq) order; also finds the first fact after a day (`FactsIn`).
struct FactOrder {
  using is_transparent = void;
  bool operator()(const Fact& a, const Fact& b) const { return a.day != b.day ? a.day < b.day : a.seq < b.seq; }
  bool operator()(const Fact& a, int64_t day) const { return a.day < day; }
  bool operator()(int64_t day, const Fact& b) const { return day < b.day; }
};
using Facts = std::set<Fact, FactOrder>;

// The two bulk inputs are held by what the indicators read of them, not as
// events (issue 18: they were nine in ten facts, each a protobuf Event).
//
// WRES 2 reads of a recruitment outcome only whether the applicant was
// shortlisted or appointed, and their ethnic group: a day's outcomes are
// counters by group. An outcome neither shortlisted nor appointed counts in
// no figure and leaves nothing.
struct RecruitmentTally {
  std::array<int64_t, 3> shortlisted{};  // by EthnicGroup: shortlisted or appointed
  std::array<int64_t, 3> appointed{};    // by EthnicGroup
};
using RecruitmentTallies = std::map<int64_t, RecruitmentTally>;  // effective day -> tally

// A disciplinary case or training access: whom (the key it was sent with,
// interned in the State) and when. Entries of one day keep their seq order.
struct PersonFact {
  int64_t day = 0;
  uint64_t seq = 0;
  const std::string* person_key = &kNoText;
};
using PersonFacts = std::map<int64_t, std::vector<PersonFact>>;  // effective day -> that day's facts

struct OrgState {
  std::map<PersonId, Timeline> people;                // canonical person_key -> timeline
  std::map<std::string, Facts> facts;                 // payload type -> facts in (day, seq) order
  RecruitmentTallies recruitment;                     // recruitment_outcome, tallied
  std::map<std::string, PersonFacts> person_facts;    // disciplinary_case, training_access
  int64_t last_day = INT64_MIN;                       // latest effective day of any input
  // Keys a person_key_rotation made later names of a person: new key -> the
  // key it replaced. Facts keep the key they were sent with; readers resolve.
  std::map<std::string, std::string> aliases;
  HeldOut held_out;  // inputs outside the calendar bounds, not in the figures

  // The key `key`'s person is held under: the first key of its rotations, so
  // the result is the same whatever order the rotations and records arrive in.
  // The reference is to `key` itself or into `aliases`.
  const std::string& Canonical(const std::string& key) const;
  // The timeline of the person `key` names (under whichever of their keys), or nullptr.
  const Timeline* TimelineOf(const std::string& key) const;
};

// What an applied event changed: the org and the earliest effective day.
struct Change {
  std::string org_id;
  int64_t day = 0;
};

class State {
 public:
  State() = default;
  explicit State(const CalendarBounds& bounds) : bounds_(bounds) {}
  // Entries point into the State's own interned texts: a copy would point
  // into the original; a move keeps the texts' nodes, so it is safe.
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  State(State&&) = default;
  State& operator=(State&&) = default;

  // The event's indicator input as the State takes it in (and the
  // StateStore keeps it); nullopt when it carries none (e.g. a digest-sent
  // event) or is unusable (no org, invalid date).
  static std::optional<StateInput> InputOf(const StoredEvent& stored);

  // Adds the input of the event numbered `seq`. A person_key_rotation makes
  // its new key a name of the old key's person (and merges a timeline already
  // held under the new key); it changes no figure and no date range, so it
  // returns a Change only when it merged. An input outside the calendar
  // bounds is only counted (OrgState::held_out), and returns nullopt.
  std::optional<Change> Apply(const StateInput& input, uint64_t seq);
  // Apply(InputOf(stored), stored.seq()); nullopt when there is no input.
  std::optional<Change> Apply(const StoredEvent& stored);

  const std::map<std::string, OrgState>& orgs() const { return orgs_; }
  // Earliest and latest effective day of any applied input; nullopt when none.
  std::optional<int64_t> first_day() const { return first_day_; }
  std::optional<int64_t> last_day() const { return last_day_; }
  uint64_t entries() const { return entries_; }

 private:
  std::optional<Change> Rekey(const std::string& org_id, const dxhub::event::v1::PersonKeyRotation& rotation);
  StaffEntry EntryOf(const dxhub::aggregator::v1::StaffInput& staff);
  const std::string* Intern(const std::string& text);
  const RecordTexts* InternTexts(const std::string& grade, const std::string& mapping_version);

  CalendarBounds bounds_;
  std::map<std::string, OrgState> orgs_;
  std::unordered_set<std::string> texts_;  // interned; node-based, so the pointers stay valid
  // (mapping version, '\0', grade) -> the texts of records with them; node-based too.
  std::unordered_map<std::string, RecordTexts> record_texts_;
  std::optional<int64_t> first_day_;
  std::optional<int64_t> last_day_;
  uint64_t entries_ = 0;
};

// Whether the payload type is an indicator input the State keeps.
bool IsIndicatorInput(const std::string& payload_type);

}  // namespace dxhub::aggregator
