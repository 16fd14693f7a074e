#include "dxhub/connector/staff_builder.h"

#include <google/protobuf/util/message_differencer.h>

#include <cmath>
#include <map>
#include <set>

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

// The names of the fields on which two records of one person disagree.
std::string DifferingFields(const StaffRecord& a, const StaffRecord& b) {
  class Names : public google::protobuf::util::MessageDifferencer::Reporter {
   public:
    using Path = std::vector<google::protobuf::util::MessageDifferencer::SpecificField>;
    void ReportAdded(const google::protobuf::Message&, const google::protobuf::Message&, const Path& p) override { Add(p); }
    void ReportDeleted(const google::protobuf::Message&, const google::protobuf::Message&, const Path& p) override { Add(p); }
    void ReportModified(const google::protobuf::Message&, const google::protobuf::Message&, const Path& p) override { Add(p); }
    std::set<std::string> names;

   private:
    void Add(const Path& p) {
      if (!p.empty() && p.front().field != nullptr) names.insert(p.front().field->name());
    }
  } reporter;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesTo(&reporter);
  differencer.Compare(a, b);
  std::string out;
  for (const auto& n : reporter.names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A start date, validated: a real date, not after the census, not before
// 1900. Nullopt (and a row error) otherwise, or when blank.
std::optional<Date> StartDate(RowReader& reader, const Date& census) {
  auto start = reader.Date("start_date", false);
  if (!start) return std::nullopt;
  if (protocol::DaysFromCivil(*start) > protocol::DaysFromCivil(census)) {
    reader.Error("start_date", reader.Text("start_date"),
                 "start date is after the census date " + protocol::DateToString(census) +
                     " of this extract (is it a future starter, or the wrong column?)");
    return std::nullopt;
  }
  return start;
}

// One keyed row before duplicates are settled.
struct Candidate {
  StaffRow staff;
  std::string staff_number;  // as in the file, for the partner's own log
  bool ok = true;
};

bool SameStart(const StaffRow& a, const StaffRow& b) {
  if (a.start_date.has_value() != b.start_date.has_value()) return false;
  return !a.start_date || protocol::DaysFromCivil(*a.start_date) == protocol::DaysFromCivil(*b.start_date);
}

// Settles one staff number's rows (file order): a single good row is kept;
// rows that agree on everything sent collapse to the first, with a warning;
// rows that disagree, or that include a bad row, are all refused, each good
// one with a row error naming the others (bad ones have their own error).
void Settle(const std::vector<const Candidate*>& rows, const std::string& header, StaffExtract& out) {
  const Candidate& first = *rows.front();
  bool all_ok = true;
  std::set<std::string> differ;
  for (const Candidate* c : rows) {
    all_ok = all_ok && c->ok;
    if (c == &first || !c->ok || !first.ok) continue;
    const std::string d = DifferingFields(first.staff.record, c->staff.record);
    if (!d.empty()) differ.insert(d);
    if (!SameStart(first.staff, c->staff)) differ.insert("start date");
  }
  if (rows.size() == 1 && first.ok) {
    out.staff.push_back(first.staff);
    return;
  }
  if (rows.size() > 1 && all_ok && differ.empty()) {
    out.staff.push_back(first.staff);
    for (size_t i = 1; i < rows.size(); ++i) {
      out.warnings.push_back({out.source, rows[i]->staff.row, header, rows[i]->staff_number,
                              "duplicate staff number with the same values as row " +
                                  std::to_string(first.staff.row) + "; sent once"});
    }
    return;
  }
  out.bad_row_keys.insert(first.staff.record.person_key());
  if (rows.size() == 1) return;
  std::string why;
  for (const auto& d : differ) why += (why.empty() ? "" : "; ") + d;
  for (const Candidate* c : rows) {
    if (!c->ok) continue;
    std::string others;
    for (const Candidate* o : rows) {
      if (o != c) others += (others.empty() ? "" : ", ") + std::to_string(o->staff.row) + (o->ok ? "" : " (a bad row)");
    }
    out.errors.push_back(
        {out.source, c->staff.row, header, c->staff_number,
         "duplicate staff number: also on row(s) " + others +
             (why.empty() ? "" : " with different " + why) + "; none of these rows is sent, since nobody can tell "
             "which is right (fix the extract so each person has one row)"});
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
  RowReader reader = RowReader::ForStaff(table, config);
  if (auto missing = reader.MissingColumns({"staff_number", "grade", "ethnicity"})) {
    out.fatal = table.source + ": " + *missing;
    return out;
  }
  std::vector<Candidate> candidates;
  candidates.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    reader.Start(row);
    Candidate c;
    c.staff.row = row.row;
    c.staff_number = reader.Identifier("staff_number");
    StaffRecord& r = c.staff.record;
    if (!c.staff_number.empty()) r.set_person_key(pseudonymiser.Key("staff", c.staff_number));
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
    if (reader.Has("start_date")) c.staff.start_date = StartDate(reader, census);
    if (reader.Has("hourly_pay")) {
      if (auto pay = reader.Number("hourly_pay", 0, 1000, false)) r.set_hourly_pay_pence(std::llround(*pay * 100));
    }
    if (reader.Has("clinical")) {
      if (auto clinical = reader.YesNo("clinical")) r.set_clinical(*clinical);
    }
    r.set_mapping_version(config.mapping.version);
    c.ok = reader.row_ok();
    if (r.person_key().empty()) {
      ++out.unkeyed_bad_rows;
      continue;
    }
    candidates.push_back(std::move(c));
  }
  out.errors.insert(out.errors.end(), reader.errors().begin(), reader.errors().end());
  // Settle each staff number's rows, in the order the file first shows them.
  std::map<std::string, std::vector<const Candidate*>> by_key;
  std::vector<const std::string*> order;
  for (const auto& c : candidates) {
    auto [it, fresh] = by_key.try_emplace(c.staff.record.person_key());
    if (fresh) order.push_back(&it->first);
    it->second.push_back(&c);
  }
  const std::string header = reader.Header("staff_number").value_or("staff_number");
  for (const std::string* key : order) Settle(by_key.at(*key), header, out);
  if (config.mapping.top_earner_share > 0) ApplyTopEarners(config.mapping, out.staff);
  return out;
}

}  // namespace dxhub::connector
