// Hand-written ESR-style staff extracts for the connector integration tests:
// deterministic fake people (staff number, full name, birth date in one of
// three formats, band, ethnicity...) rendered as rows under the headers of
// the NHS Electronic Staff Record profile. Birthdays fall in September to
// December, so no one changes age band between the March and June censuses.
// Plain values; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dxhub::testing {

struct FakePerson {
  size_t id = 0;             // picks the birth date format and other rotating fields
  std::string staff_number;  // "EMP" + digits: no lowercase hex, so it cannot hide inside a key
  std::string surname;
  std::string forename;
  int birth_year = 1970;
  int birth_month = 10;
  int birth_day = 1;
  std::string grade = "Band 5";
  std::string fte = "1.00";
  std::string ethnicity = "A White - British";
  std::string birth_text;    // written verbatim instead of the birth date when set

  std::string FullName() const { return surname + ", " + forename; }
  std::string BirthIso() const;    // 1975-10-03
  std::string BirthSlash() const;  // 03/10/1975
  std::string BirthEsr() const;    // 03-OCT-1975
};

// `count` people numbered from `first` (staff numbers EMP<first>...).
std::vector<FakePerson> MakePeople(size_t count, size_t first = 100001);

// The ESR header line (with identifier columns the connector must drop).
std::string EsrHeader();
// One row; the birth date format rotates with the staff number.
std::string EsrRow(const FakePerson& person);
// Writes `staff_<census>.csv` in `dir`: the header, `people`, then `extra_rows` verbatim.
std::filesystem::path WriteEsrExtract(const std::filesystem::path& dir, const std::string& census,
                                      const std::vector<FakePerson>& people,
                                      const std::vector<std::string>& extra_rows = {});

// `count` applicant references numbered from `first` ("APPREF-<first>", ...).
std::vector<std::string> ApplicantRefs(size_t count, size_t first);

// Writes `recruitment.csv` in `dir` with one appointed applicant per reference.
void WriteRecruitmentFile(const std::filesystem::path& dir, const std::vector<std::string>& applicant_refs);

}  // namespace dxhub::testing
