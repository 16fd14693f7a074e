#include "dxhub/sim/staff_extract.h"

#include "dxhub/sim/identity.h"

namespace dxhub::sim {
namespace {

struct Row {
  const PartnerProfile& profile;
  const Person& person;
  Date census;
  ExtractShape shape;
  DateStyle dates;
};

using FieldWriter = void (*)(DelimitedWriter&, const Row&);

struct Column {
  std::string_view header;
  FieldWriter write;
};

const Post& PostOf(const Row& r) { return r.profile.grades[r.person.grade].posts[r.person.post]; }

void StaffId(DelimitedWriter& w, const Row& r) { w.Text(StaffNumber(r.profile, r.person.serial)); }
void AssignmentNumber(DelimitedWriter& w, const Row& r) {
  std::string number = StaffNumber(r.profile, r.person.serial);
  if (r.person.assignment > 1) number += "-" + std::to_string(r.person.assignment);
  w.Text(number);
}
void EsrFullName(DelimitedWriter& w, const Row& r) {
  const PersonName name = NameOf(r.profile, r.person);
  std::string full;
  full.append(name.surname).append(", ").append(name.forename).append(" ").append(name.title);
  w.Text(full);
}
void Surname(DelimitedWriter& w, const Row& r) { w.Text(NameOf(r.profile, r.person).surname); }
void Forename(DelimitedWriter& w, const Row& r) { w.Text(NameOf(r.profile, r.person).forename); }
void Title(DelimitedWriter& w, const Row& r) { w.Text(NameOf(r.profile, r.person).title); }
void BirthDate(DelimitedWriter& w, const Row& r) {
  w.Day(CivilFromDays(r.person.birth_day), r.dates);
}
void Unit(DelimitedWriter& w, const Row& r) { w.Text(r.profile.units[r.person.unit]); }
void Group(DelimitedWriter& w, const Row& r) { w.Text(PostOf(r).group); }
void Role(DelimitedWriter& w, const Row& r) { w.Text(PostOf(r).role); }
void Grade(DelimitedWriter& w, const Row& r) { w.Text(r.profile.grades[r.person.grade].label); }
void SpinalPoint(DelimitedWriter& w, const Row& r) {
  w.Integer(r.person.grade * 3 + r.person.pay_point + 1);
}
void Fte2(DelimitedWriter& w, const Row& r) { w.Decimal(r.person.fte_milli / 1000.0, 2); }
void Fte4(DelimitedWriter& w, const Row& r) { w.Decimal(r.person.fte_milli / 1000.0, 4); }
void WeeklyHours(DelimitedWriter& w, const Row& r) {
  w.Decimal(r.person.fte_milli / 1000.0 * r.profile.weekly_hours, 2);
}
void HourlyRate(DelimitedWriter& w, const Row& r) {
  w.Decimal(HourlyPay(r.profile, r.person, r.census), 2);
}
void ContractField(DelimitedWriter& w, const Row& r) {
  w.Text(ContractLabel(r.shape, r.person.contract));
}
void SexField(DelimitedWriter& w, const Row& r) { w.Text(SexLabel(r.shape, r.person.sex)); }
void Ethnicity(DelimitedWriter& w, const Row& r) { w.Text(EthnicityLabelOf(r.profile, r.person)); }
void DisabilityField(DelimitedWriter& w, const Row& r) {
  w.Text(DisabilityLabel(r.shape, r.person.disability));
}
void StartDate(DelimitedWriter& w, const Row& r) {
  w.Day(CivilFromDays(r.person.start_day), r.dates);
}
void GradeStartDate(DelimitedWriter& w, const Row& r) {
  w.Day(CivilFromDays(r.person.assignment_day), r.dates);
}

constexpr Column kEsr[] = {
    {"Employee Number", StaffId},
    {"Assignment Number", AssignmentNumber},
    {"Full Name", EsrFullName},
    {"Date of Birth", BirthDate},
    {"Org L3", Unit},
    {"Staff Group", Group},
    {"Pay Band", Grade},
    {"Job Role", Role},
    {"FTE", Fte2},
    {"Contract Type", ContractField},
    {"Gender", SexField},
    {"Ethnic Origin", Ethnicity},
    {"Disability", DisabilityField},
    {"Hourly Rate", HourlyRate},
    {"Assignment Start Date", GradeStartDate},
    {"Latest Hire Date", StartDate},
};
constexpr Column kCouncil[] = {
    {"EMP_NO", StaffId},
    {"SURNAME", Surname},
    {"FORENAMES", Forename},
    {"TITLE", Title},
    {"DOB", BirthDate},
    {"DIRECTORATE", Unit},
    {"JOB_FAMILY", Group},
    {"POST_TITLE", Role},
    {"GRADE", Grade},
    {"SCP", SpinalPoint},
    {"HOURLY_RATE", HourlyRate},
    {"WEEKLY_HOURS", WeeklyHours},
    {"FTE", Fte4},
    {"CONTRACT", ContractField},
    {"SEX", SexField},
    {"ETHNIC_ORIGIN", Ethnicity},
    {"DISABLED", DisabilityField},
    {"START_DATE", StartDate},
    {"POST_START_DATE", GradeStartDate},
};
constexpr Column kPolice[] = {
    {"Payroll Number", StaffId},
    {"Surname", Surname},
    {"Forename", Forename},
    {"Date of Birth", BirthDate},
    {"Officer or Staff", Group},
    {"Rank or Grade", Grade},
    {"Department", Unit},
    {"Role", Role},
    {"Hours per Week", WeeklyHours},
    {"FTE", Fte2},
    {"Contract", ContractField},
    {"Gender", SexField},
    {"Ethnicity", Ethnicity},
    {"Disability", DisabilityField},
    {"Hourly Rate", HourlyRate},
    {"Start Date", StartDate},
    {"Rank or Grade Start Date", GradeStartDate},
};
constexpr Column kGeneric[] = {
    {"staff_id", StaffId},
    {"first_name", Forename},
    {"last_name", Surname},
    {"date_of_birth", BirthDate},
    {"department", Unit},
    {"staff_group", Group},
    {"job_title", Role},
    {"grade", Grade},
    {"fte", Fte2},
    {"contract_type", ContractField},
    {"sex", SexField},
    {"ethnicity", Ethnicity},
    {"disability", DisabilityField},
    {"hourly_pay", HourlyRate},
    {"start_date", StartDate},
    {"grade_start_date", GradeStartDate},
};

std::span<const Column> ColumnsOf(ExtractShape shape) {
  switch (shape) {
    case ExtractShape::kEsr:
      return kEsr;
    case ExtractShape::kCouncilPayroll:
      return kCouncil;
    case ExtractShape::kPolice:
      return kPolice;
    case ExtractShape::kGeneric:
      return kGeneric;
  }
  return kGeneric;
}

}  // namespace

std::vector<std::string_view> ExtractHeaders(ExtractShape shape) {
  std::vector<std::string_view> headers;
  for (const Column& column : ColumnsOf(shape)) headers.push_back(column.header);
  return headers;
}

DelimitedFormat ExtractFormat(ExtractShape shape) {
  switch (shape) {
    case ExtractShape::kEsr:
      return {',', true};
    case ExtractShape::kCouncilPayroll:
      return {'~', false};
    default:
      return {',', false};
  }
}

DateStyle ExtractDateStyle(ExtractShape shape) {
  return shape == ExtractShape::kEsr || shape == ExtractShape::kPolice ? DateStyle::kUk
                                                                       : DateStyle::kIso;
}

std::string StaffExtractFileName(Date census) { return "staff_" + FormatDate(census) + ".csv"; }

std::string_view SexLabel(ExtractShape shape, Sex sex) {
  if (shape == ExtractShape::kCouncilPayroll) return sex == Sex::kFemale ? "F" : "M";
  return sex == Sex::kFemale ? "Female" : "Male";
}

std::string_view DisabilityLabel(ExtractShape shape, Disability disability) {
  switch (shape) {
    case ExtractShape::kCouncilPayroll:
      return disability == Disability::kYes ? "Y" : disability == Disability::kNo ? "N" : "";
    case ExtractShape::kPolice:
      return disability == Disability::kYes  ? "Yes"
             : disability == Disability::kNo ? "No"
                                             : "Prefer not to say";
    case ExtractShape::kEsr:
      return disability == Disability::kYes  ? "Yes"
             : disability == Disability::kNo ? "No"
                                             : "Not Declared";
    case ExtractShape::kGeneric:
      break;
  }
  return disability == Disability::kYes  ? "Yes"
         : disability == Disability::kNo ? "No"
                                         : "Not declared";
}

std::string_view ContractLabel(ExtractShape shape, Contract contract) {
  const bool permanent = contract == Contract::kPermanent;
  switch (shape) {
    case ExtractShape::kCouncilPayroll:
      return permanent ? "PERM" : "TEMP";
    case ExtractShape::kGeneric:
      return permanent ? "permanent" : "fixed_term";
    default:
      return permanent ? "Permanent" : "Fixed Term";
  }
}

std::string_view EthnicityLabelOf(const PartnerProfile& profile, const Person& person) {
  return EthnicityLabel(profile.vocabulary, person.ethnicity, person.declaration, person.serial);
}

bool WriteStaffExtract(const PartnerProfile& profile, std::span<const Person> people, Date census,
                       const std::filesystem::path& file, std::string& error) {
  DelimitedWriter writer;
  if (!writer.Open(file, ExtractFormat(profile.shape))) {
    error = writer.error();
    return false;
  }
  writer.Header(ExtractHeaders(profile.shape));
  const std::span<const Column> columns = ColumnsOf(profile.shape);
  const DateStyle dates = ExtractDateStyle(profile.shape);
  for (const Person& person : people) {
    const Row row{profile, person, census, profile.shape, dates};
    for (const Column& column : columns) column.write(writer, row);
    writer.EndRow();
  }
  if (!writer.Close()) {
    error = writer.error();
    return false;
  }
  return true;
}

}  // namespace dxhub::sim
