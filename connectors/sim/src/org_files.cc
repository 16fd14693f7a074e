// EventFiles: the organisation-level files — staff-survey aggregates (each
// September census), board seats, published targets and leadership-programme
// places.
#include <string>

#include "dxhub/sim/event_files.h"
#include "dxhub/sim/identity.h"
#include "dxhub/sim/staff_extract.h"

namespace dxhub::sim {
namespace {

constexpr std::string_view kQuestions[] = {"wres5", "wres6", "wres7", "wres8"};

int64_t Binomial(Rng& rng, int64_t trials, double p) {
  int64_t successes = 0;
  for (int64_t i = 0; i < trials; ++i) successes += rng.Chance(p) ? 1 : 0;
  return successes;
}

}  // namespace

void EventFiles::WriteSurvey(const Population& population) {
  const Date census = population.changes().census;
  if (census.month != 9) return;  // the annual survey runs in the autumn
  int64_t white = 0;
  int64_t diverse = 0;
  for (const Person& person : population.people()) {
    white += person.DeclaredWhite() ? 1 : 0;
    diverse += person.DeclaredDiverse() ? 1 : 0;
  }
  const SurveySpec& survey = profile_.survey;
  const std::string survey_id = std::string(survey.name) + "-" + std::to_string(census.year);
  const int64_t respondents[2] = {Binomial(rng_, white, survey.response_rate),
                                  Binomial(rng_, diverse, survey.response_rate)};
  DelimitedWriter& w = files_[kSurvey];
  for (size_t q = 0; q < std::size(kQuestions); ++q) {
    for (int group = 0; group < 2; ++group) {
      const double rate = group == 0 ? survey.white[q] : survey.bme[q];
      w.Text(survey_id);
      w.Integer(census.year);
      w.Text(kQuestions[q]);
      w.Text(group == 0 ? "WHITE" : "BME");
      w.Integer(respondents[group]);
      w.Integer(Binomial(rng_, respondents[group], rate));
      w.EndRow();
    }
  }
}

void EventFiles::WriteBoard() {
  const BoardSpec& board = profile_.board;
  DelimitedWriter& w = files_[kBoard];
  int member = 0;
  const int32_t window_start = DaysFromCivil({2021, 4, 1});
  const int32_t window_days = DaysFromCivil({2023, 9, 30}) - window_start;
  for (const BoardSeat& seat : board.seats) {
    // Each seat has a holder from before the first census; about half change hands.
    Date from = CivilFromDays(DaysFromCivil({2016, 4, 1}) + rng_.Between(0, 1700));
    const bool changes = rng_.Chance(0.5);
    const Date handover = CivilFromDays(window_start + rng_.Between(0, window_days));
    for (int holder = 0; holder < (changes ? 2 : 1); ++holder) {
      const bool last = holder == (changes ? 1 : 0);
      const Declaration declaration =
          rng_.Chance(0.05) ? Declaration::kNotStated : Declaration::kDeclared;
      const EthnicGroup group = DrawGroup(rng_, rng_.Chance(board.bme));
      const Sex sex = rng_.Chance(board.female) ? Sex::kFemale : Sex::kMale;
      const double d = rng_.Uniform();
      const Disability disability = d < 0.06   ? Disability::kYes
                                    : d < 0.12 ? Disability::kNotDeclared
                                               : Disability::kNo;
      std::string ref(profile_.org_id);
      AppendReference(ref, "-BM", static_cast<uint64_t>(++member), 3);
      w.Text(ref);
      w.Text(seat.role);
      w.YesNo(seat.voting);
      w.YesNo(seat.executive);
      w.Text(
          EthnicityLabel(profile_.vocabulary, group, declaration, static_cast<uint32_t>(member)));
      w.Text(SexLabel(profile_.shape, sex));
      w.Text(DisabilityLabel(profile_.shape, disability));
      w.Day(from, DateStyle::kIso);
      if (last) {
        w.Text("");
      } else {
        w.Day(CivilFromDays(DaysFromCivil(handover) - 1), DateStyle::kIso);
        from = handover;
      }
      w.EndRow();
    }
  }
}

void EventFiles::WriteTargets() {
  DelimitedWriter& w = files_[kTargets];
  for (const PublishedTarget& target : profile_.published_targets) {
    w.Text(target.id);
    w.Text(target.indicator);
    w.Text(target.scope);
    w.Decimal(target.percent, 1);
    w.Day(target.due, DateStyle::kIso);
    w.Day(target.set, DateStyle::kIso);
    w.EndRow();
  }
}

void EventFiles::WriteProgramme(const Population& population) {
  DelimitedWriter& w = files_[kProgramme];
  for (const Participant& participant : population.participants()) {
    const CohortSpec& cohort = Cohorts()[static_cast<size_t>(participant.slot.cohort)];
    const bool withdrawn = participant.slot.status == ProgrammeStatus::kWithdrawn;
    w.Text(StaffNumber(profile_, participant.serial));
    w.Text(cohort.programme);
    w.Text(cohort.id);
    w.Day(cohort.start, DateStyle::kIso);
    if (withdrawn) {
      w.Text("");
    } else {
      w.Day(cohort.completion, DateStyle::kIso);
    }
    w.Text(withdrawn ? "Withdrawn" : "Completed");
    w.EndRow();
  }
}

}  // namespace dxhub::sim
