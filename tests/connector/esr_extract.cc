#include "esr_extract.h"

#include <cstdio>
#include <fstream>

namespace dxhub::testing {
namespace {

const char* const kSurnames[] = {"Quennellwick", "Abernathy-Voss", "Szczepanskova", "Okonkwo-Hartley",
                                 "Fairweather-Nkemelu", "Blythburgh", "Ravensworthy", "Dunkerley-Mbeki"};
const char* const kForenames[] = {"Philippa", "Jaswinder", "Oluwaseun", "Marguerite", "Thaddeus", "Ishbel",
                                  "Bartholomew"};
const char* const kGrades[] = {"Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "VSM"};
const char* const kEthnicities[] = {"A White - British", "J Asian or Asian British - Pakistani",
                                    "H Asian or Asian British - Indian", "M Black or Black British - Caribbean",
                                    "C White - Any other White background", "Z Not Stated"};
const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

std::string Format(const char* format, int a, int b, int c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

}  // namespace

std::string FakePerson::BirthIso() const { return Format("%04d-%02d-%02d", birth_year, birth_month, birth_day); }
std::string FakePerson::BirthSlash() const { return Format("%02d/%02d/%04d", birth_day, birth_month, birth_year); }
std::string FakePerson::BirthEsr() const {
  return BirthSlash().substr(0, 2) + "-" + kMonths[birth_month - 1] + "-" + std::to_string(birth_year);
}

std::vector<std::string> ApplicantRefs(size_t count, size_t first) {
  std::vector<std::string> refs;
  for (size_t i = 0; i < count; ++i) refs.push_back("APPREF-" + std::to_string(first + i));
  return refs;
}

std::vector<FakePerson> MakePeople(size_t count, size_t first) {
  std::vector<FakePerson> people;
  for (size_t n = first; n < first + count; ++n) {
    FakePerson p;
    p.id = n;
    p.staff_number = "EMP" + std::to_string(n);
    p.surname = kSurnames[n % std::size(kSurnames)];
    p.forename = kForenames[(n / std::size(kSurnames)) % std::size(kForenames)];
    p.birth_year = 1960 + static_cast<int>(n % 37);
    p.birth_month = 9 + static_cast<int>(n % 4);
    p.birth_day = 1 + static_cast<int>(n % 28);
    p.grade = kGrades[n % std::size(kGrades)];
    p.fte = n % 5 == 0 ? "0.60" : "1.00";
    p.ethnicity = kEthnicities[(n / 3) % std::size(kEthnicities)];
    people.push_back(p);
  }
  return people;
}

std::string EsrHeader() {
  return "Employee Number,Assignment Number,Full Name,Date of Birth,Staff Group,Pay Band,FTE,Contract Type,Gender,"
         "Ethnic Origin,Disability,Hourly Rate";
}

std::string EsrRow(const FakePerson& p) {
  const size_t n = p.id;
  const std::string birth = !p.birth_text.empty() ? p.birth_text
                            : n % 3 == 0          ? p.BirthSlash()
                            : n % 3 == 1          ? p.BirthIso()
                                                  : p.BirthEsr();
  return p.staff_number + "," + p.staff_number + "-1,\"" + p.FullName() + "\"," + birth +
         ",Administrative and Clerical," + p.grade + "," + p.fte + "," + (n % 7 == 0 ? "Fixed Term" : "Permanent") +
         "," + (n % 2 == 0 ? "Female" : "Male") + "," + p.ethnicity + "," + (n % 9 == 0 ? "Yes" : "No") + ",18.40";
}

std::filesystem::path WriteEsrExtract(const std::filesystem::path& dir, const std::string& census,
                                      const std::vector<FakePerson>& people, const std::vector<std::string>& extra_rows) {
  std::filesystem::create_directories(dir);
  const auto path = dir / ("staff_" + census + ".csv");
  std::ofstream out(path);
  out << EsrHeader() << "\n";
  for (const auto& p : people) out << EsrRow(p) << "\n";
  for (const auto& row : extra_rows) out << row << "\n";
  return path;
}

void WriteRecruitmentFile(const std::filesystem::path& dir, const std::vector<std::string>& applicant_refs) {
  std::ofstream out(dir / "recruitment.csv");
  out << "applicant_ref,vacancy_ref,post_grade,ethnicity,sex,disability,shortlisted,appointed,decision_date\n";
  for (size_t i = 0; i < applicant_refs.size(); ++i) {
    out << applicant_refs[i] << ",VAC-" << (i % 5) << ",Band " << (2 + i % 6) << "," << kEthnicities[i % 6] << ","
        << (i % 2 ? "Male" : "Female") << ",No," << (i % 3 ? "Y" : "N") << "," << (i % 3 == 1 ? "Y" : "N")
        << ",2023-02-" << (10 + i % 18) << "\n";
  }
}

}  // namespace dxhub::testing
