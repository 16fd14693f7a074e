#include "dxhub/connector/staff_builder.h"

#include <cmath>
#include <map>

#include "dxhub/common/utf8.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/tiers.h"
#include "dxhub/stats/top_earners.h"

namespace dxhub::connector {
namespace {

using namespace dxhub::event::v1;

// The pay rule: the top share of total FTE by FTE-equivalent hourly pay.
void ApplyTopEarners(const GradeMapping& mapping, std::vector<StaffRow>& staff) {
  std::vector<dxhub::stats::EarnerInput> earners;
  for (size_t i = 0; i < staff.size(); ++i) {
    const auto& r = staff[i].record;
    if (r.hourly_pay_pence() <= 0) continue;
    if (mapping.top_earners_permanent_only && r.contract_type() != CONTRACT_TYPE_PERMANENT) continue;
    earners.push_back({i, r.fte_milli() / 1000.0, static_cast<double>(r.hourly_pay_pence())});
  }
  for (size_t index : dxhub::stats::TopEarners(earners, mapping.top_earner_share)) {
    auto& r = staff[index].record;
    if (protocol::TierRank(mapping.top_tier) > protocol::TierRank(r.tier())) r.set_tier(mapping.top_tier);
  }
}

}  // namespace

std::optional<Tier> TierOfGrade(const GradeMapping& mapping, const std::string& grade) {
  if (auto it = mapping.grades.find(Fold(grade)); it != mapping.grades.end()) return it->second;
  return mapping.default_tier;
}

StaffExtract BuildStaffExtract(const Table& table, const Date& census, const ConnectorConfig& config,
                               const Pseudonymiser& pseudonymiser) {
  StaffExtract out;
  out.source = table.source;
  out.census = census;
  out.errors = table.errors;
  out.unkeyed_bad_rows = table.errors.size();
  out.rows_read = table.rows.size() + table.errors.size();
  RowReader reader(table, config, [&](const std::string& f) { return config.Header(f); });
  if (auto missing = reader.MissingColumns({"staff_number", "grade", "ethnicity"})) {
    out.fatal = table.source + ": " + *missing;
    return out;
  }
  std::map<std::string, size_t> seen;  // staff key -> first row
  for (const auto& row : table.rows) {
    reader.Start(row);
    const std::string staff_number = reader.Text("staff_number", true);
    StaffRecord r;
    if (!staff_number.empty()) {
      r.set_person_key(pseudonymiser.Key("staff", staff_number));
      if (auto [it, fresh] = seen.emplace(r.person_key(), row.row); !fresh) {
        reader.Error("staff_number", staff_number,
                     "duplicate staff number: also on row " + std::to_string(it->second) + " (kept the first)");
      }
    }
    const std::string grade = reader.Text("grade", true);
    r.set_grade(grade);
    if (!grade.empty()) {
      if (auto tier = TierOfGrade(config.mapping, grade)) {
        r.set_tier(*tier);
      } else {
        reader.Error("grade", grade, "grade is not in the grade table of mapping '" + config.mapping.version +
                                         "' (add it under mapping.grades in " + config.config_path + ")");
      }
    }
    r.set_staff_group(reader.Text("staff_group"));
    const auto fte = reader.Has("fte") ? reader.Number("fte", 0.001, 2.0, true) : std::optional<double>(1.0);
    if (fte) r.set_fte_milli(static_cast<int32_t>(std::lround(*fte * 1000)));
    r.set_contract_type(reader.Contract());
    r.set_sex(reader.Sex());
    r.set_ethnicity(reader.Ethnicity());
    r.set_ethnicity_source(std::string(Utf8Prefix(reader.Text("ethnicity"), 100)));
    r.set_disability(reader.Has("disability") ? reader.Disability() : DISABILITY_NOT_DECLARED);
    if (reader.Has("date_of_birth")) {
      // The birth date is read only to compute an age band; it never leaves this function.
      if (auto dob = reader.Date("date_of_birth", false)) {
        const int age = AgeOn(*dob, census);
        if (age < 0 || age > 120) {
          reader.Error("date_of_birth", reader.Text("date_of_birth"),
                       age < 0 ? "birth date is after the census date " + protocol::DateToString(census)
                               : "birth date gives an age of " + std::to_string(age) + " on the census date");
        } else {
          r.set_age_band(AgeBandOfAge(age));
        }
      } else if (reader.row_ok()) {
        r.set_age_band(AGE_BAND_NOT_KNOWN);
      }
    } else if (reader.Has("age_band")) {
      auto band = RecogniseAgeBand(reader.Text("age_band"));
      if (band.ok()) r.set_age_band(*band);
      else reader.Error("age_band", reader.Text("age_band"), band.status().message());
    } else {
      r.set_age_band(AGE_BAND_NOT_KNOWN);
    }
    if (reader.Has("hourly_pay")) {
      if (auto pay = reader.Number("hourly_pay", 0, 1000, false)) r.set_hourly_pay_pence(std::llround(*pay * 100));
    }
    if (reader.Has("clinical")) {
      if (auto clinical = reader.YesNo("clinical")) r.set_clinical(*clinical);
    }
    r.set_mapping_version(config.mapping.version);
    if (reader.row_ok()) {
      out.staff.push_back({row.row, std::move(r)});
    } else if (!r.person_key().empty()) {
      out.bad_row_keys.insert(r.person_key());
    } else {
      ++out.unkeyed_bad_rows;
    }
  }
  out.errors.insert(out.errors.end(), reader.errors().begin(), reader.errors().end());
  if (config.mapping.top_earner_share > 0) ApplyTopEarners(config.mapping, out.staff);
  return out;
}

}  // namespace dxhub::connector
