// One partner's event files, beside its staff extracts: recruitment,
// disciplinary, training, leavers and survey rows appended quarter by quarter
// as the population moves on, and board, targets and programme written once
// at Finish(). Draws from its own Rng stream, so writing events never changes
// the workforce. Owns its open files; not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include "dxhub/sim/delimited_writer.h"
#include "dxhub/sim/population.h"
#include "dxhub/sim/rng.h"

namespace dxhub::sim {

class EventFiles {
 public:
  EventFiles(const PartnerProfile& profile, uint64_t seed);

  // Creates the files in `dir` and writes their headers; false with error().
  bool Open(const std::filesystem::path& dir);
  // Appends the events of the quarter the population has just moved through.
  void OnQuarter(const Population& population);
  // Writes board, targets and programme, closes everything; false with error().
  bool Finish(const Population& population);
  const std::string& error() const { return error_; }

  // File names, for documentation and tests.
  static constexpr std::array<std::string_view, 8> kFileNames = {
      "recruitment.csv", "disciplinary.csv", "training.csv", "leavers.csv",
      "survey.csv",      "board.csv",        "targets.csv",  "programme.csv"};

 private:
  enum FileIndex {
    kRecruitment,
    kDisciplinary,
    kTraining,
    kLeavers,
    kSurvey,
    kBoard,
    kTargets,
    kProgramme,
    kFileCount
  };

  struct Applicant {
    EthnicGroup group = EthnicGroup::kWhiteBritish;
    Declaration declaration = Declaration::kDeclared;
    Sex sex = Sex::kFemale;
    Disability disability = Disability::kNo;
    uint32_t variant = 0;  // picks between labels, as Person::serial does
  };

  void WriteRecruitment(const Population& population);
  Applicant DrawApplicant(const GradeSpec& grade, double diverse_probability);
  void WriteApplicant(const std::string& vacancy, std::string_view grade,
                      const Applicant& applicant, bool shortlisted, bool appointed, Date decided);
  void WriteDisciplinaryAndTraining(const Population& population);
  void WriteLeavers(const Population& population);
  void WriteSurvey(const Population& population);
  void WriteBoard();
  void WriteTargets();
  void WriteProgramme(const Population& population);
  Date DayInQuarter(const QuarterChanges& changes);

  const PartnerProfile& profile_;
  Rng rng_;
  std::array<DelimitedWriter, kFileCount> files_;
  std::string error_;
  uint64_t applicants_ = 0;
  uint64_t vacancies_ = 0;
  uint64_t cases_ = 0;
};

}  // namespace dxhub::sim
