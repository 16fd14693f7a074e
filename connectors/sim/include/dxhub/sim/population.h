// One partner's workforce, evolving quarter by quarter from the first census.
// Each quarter: pay awards and increments (April), declarations, leavers,
// scripted changes, leadership-programme events, then vacancies filled from
// the top grade down by promotion and hiring, then the new people's
// characteristics steered to the partner's targets (steering.h). Owns its
// people; not thread-safe (one Population per thread). Memory is about 32
// bytes a person, so a partner of millions fits comfortably.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dxhub/sim/partner_profile.h"
#include "dxhub/sim/person.h"
#include "dxhub/sim/programme.h"
#include "dxhub/sim/rng.h"

namespace dxhub::sim {

struct Leaver {
  Person person;  // as they were on their last day
  Date date;
  std::string_view reason;  // "Resignation", "Retirement", ...
};

// What the last Start() or Advance() did.
struct QuarterChanges {
  Date previous;  // census before this one (Start: a year earlier)
  Date census;
  std::vector<uint32_t> hires;  // indices into people(): joined this quarter
  std::vector<Leaver> leavers;
  int promotions = 0;
};

class Population {
 public:
  // `scale` multiplies every grade's headcount (at least 1 where positive).
  Population(const PartnerProfile& profile, uint64_t seed, double scale);

  // Builds the workforce as at `census` (the first census date).
  void Start(Date census);
  // Moves one quarter on, from the census `changes().census` to `census`. On
  // a target's anchor date the quarter is re-run (from the same state, with
  // forked random streams) until every anchored count is exact, keeping the
  // closest attempt: deterministic, and no different in kind from the rest.
  void Advance(Date census);

  const PartnerProfile& profile() const { return profile_; }
  double scale() const { return scale_; }
  std::span<const Person> people() const { return people_; }
  const QuarterChanges& changes() const { return changes_; }
  std::span<const Participant> participants() const { return participants_; }
  // Planned headcount of a grade at quarter `quarter` (0 = first census).
  int PlannedHeadcount(int grade, int quarter) const;

 private:
  void AdvanceOnce(Date census);
  void RestoreFrom(const Population& other);
  void ApplyPayRound(Date census);
  void RecordDeclarations();
  void ChooseLeavers(Date census);
  void ApplyScript(Date census, bool starting);
  void RunProgramme(Date census);
  void SelectParticipants(Date census);
  void FillVacancies(Date census);
  int PromoteInto(int grade, int count, Date census, std::vector<uint32_t>& pool);
  void ChooseSteeredPromotions(const Target& target, size_t count, Date census,
                               std::vector<uint32_t>& pool);
  void Promote(Person& person, int grade, Date census);
  uint32_t Hire(int grade, Date census, bool starting);
  void RemoveLeavers();
  Person* FindBySerial(uint32_t serial);
  int32_t DayInQuarter(Date census);

  const PartnerProfile& profile_;
  const double scale_;
  Rng rng_;
  std::vector<Person> people_;
  std::vector<int> headcount_;  // current people per grade
  std::vector<ProgrammeSlot> slots_;
  std::vector<Participant> participants_;
  std::vector<uint32_t> script_serials_;  // serial of each script entry's person
  QuarterChanges changes_;
  uint32_t next_serial_ = 1;
  int quarter_ = 0;
};

}  // namespace dxhub::sim
