#include "dxhub/connector/event_builder.h"

#include <chrono>
#include <map>
#include <tuple>

#include "dxhub/common/crypto.h"
#include "dxhub/connector/closed_lists.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/source_key.h"

namespace dxhub::connector {
namespace {

using namespace dxhub::event::v1;

std::optional<SurveyGroup> ParseSurveyGroup(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f == "white") return SURVEY_GROUP_WHITE;
  if (f == "bme" || f == "ethnically diverse" || f == "ethnic minority" || f == "bame") return SURVEY_GROUP_BME;
  if (f == "disabled") return SURVEY_GROUP_DISABLED;
  if (f == "non-disabled" || f == "non disabled" || f == "not disabled") return SURVEY_GROUP_NON_DISABLED;
  return std::nullopt;
}

std::optional<ProgrammeStatus> ParseProgrammeStatus(const std::string& raw) {
  const std::string f = Fold(raw);
  if (f == "started" || f == "in progress" || f == "enrolled") return PROGRAMME_STATUS_STARTED;
  if (f == "completed" || f == "complete") return PROGRAMME_STATUS_COMPLETED;
  if (f == "withdrawn" || f == "left") return PROGRAMME_STATUS_WITHDRAWN;
  return std::nullopt;
}

// Labels a closed list did not map (sent as OTHER), one warning per distinct
// (column, value) with the number of rows sent that way and the first of them.
class Unmapped {
 public:
  // Notes a label of the current row.
  void Note(const std::string& column, const std::string& value, const std::string& message) {
    pending_.push_back({column, value, message});
  }
  // Ends the row: its labels count when the row is sent.
  void EndRow(size_t row, bool sent) {
    for (auto& [column, value, message] : pending_) {
      if (!sent) continue;
      auto [it, fresh] = labels_.try_emplace({column, value}, Label{row, 0, message});
      ++it->second.rows;
    }
    pending_.clear();
  }
  std::vector<RowError> Warnings(const std::string& source) const {
    std::vector<RowError> out;
    for (const auto& [at, label] : labels_) {
      out.push_back({source, label.first_row, at.first, at.second,
                     label.message + " (" + std::to_string(label.rows) + (label.rows == 1 ? " row" : " rows") +
                         ", the first on this line)"});
    }
    return out;
  }

 private:
  struct Label {
    size_t first_row = 0;
    size_t rows = 0;
    std::string message;
  };
  std::vector<std::tuple<std::string, std::string, std::string>> pending_;
  std::map<std::pair<std::string, std::string>, Label> labels_;
};

// One row of one kind; returns false when the row had errors.
bool BuildRow(EventFileKind kind, RowReader& r, const ConnectorConfig& config, const Pseudonymiser& p, Event& e,
              Date& occurred, Unmapped& unmapped) {
  switch (kind) {
    case EventFileKind::kRecruitment: {
      auto* x = e.mutable_recruitment_outcome();
      x->set_applicant_key(p.Key("applicant", r.Identifier("applicant_ref")));
      x->set_vacancy_ref(r.Text("vacancy_ref", true));
      const std::string grade = r.Text("post_grade", true);
      if (auto tier = TierOfGrade(config.mapping, grade)) x->set_tier(*tier);
      else if (!grade.empty()) r.Error("post_grade", grade, "grade is not in the grade table of mapping '" + config.mapping.version + "'");
      x->set_ethnicity(r.Ethnicity());
      x->set_sex(r.Sex());
      x->set_disability(r.Disability());
      x->set_shortlisted(r.YesNo("shortlisted").value_or(false));
      x->set_appointed(r.YesNo("appointed").value_or(false));
      if (x->appointed() && !x->shortlisted()) r.Error("appointed", "Y", "appointed but not shortlisted");
      occurred = r.Date("decision_date").value_or(Date());
      break;
    }
    case EventFileKind::kDisciplinary: {
      auto* x = e.mutable_disciplinary_case();
      x->set_person_key(p.Key("staff", r.Identifier("staff_number")));
      x->set_case_key(p.Key("case", r.Identifier("case_ref")));
      occurred = r.Date("date_opened").value_or(Date());
      break;
    }
    case EventFileKind::kTraining: {
      auto* x = e.mutable_training_access();
      x->set_person_key(p.Key("staff", r.Identifier("staff_number")));
      const std::string course = r.Text("course", true);
      auto category = MapCourseCategory(course, config);
      if (!category && !course.empty()) {
        unmapped.Note("course", course, "not listed under values.course_category; sent as " +
                                            std::string(kOtherCategory) + " (the title itself is never sent)");
      }
      x->set_course_category(category.value_or(kOtherCategory));
      occurred = r.Date("date").value_or(Date());
      break;
    }
    case EventFileKind::kLeavers: {
      auto* x = e.mutable_staff_left();
      x->set_person_key(p.Key("staff", r.Identifier("staff_number")));
      const std::string reason = r.Text("reason");
      auto mapped = MapLeavingReason(reason, config);
      if (!mapped) {
        unmapped.Note("reason", reason, "not one of ESR's standard leaving reasons nor under values.leaving_reason; "
                                        "sent as OTHER (the text itself is never sent)");
      }
      x->set_leaving_reason(mapped.value_or(LEAVING_REASON_OTHER));
      occurred = r.Date("leaving_date").value_or(Date());
      break;
    }
    case EventFileKind::kSurvey: {
      auto* x = e.mutable_survey_result();
      x->set_survey_id(r.Text("survey_id", true));
      x->set_question(Fold(r.Text("question", true)));
      const std::string group = r.Text("group", true);
      if (auto g = ParseSurveyGroup(group)) x->set_group(*g);
      else r.Error("group", group, "survey group must be White, BME, Disabled or Non-disabled");
      x->set_respondents(static_cast<int64_t>(r.Number("respondents", 0, 1e7, true).value_or(0)));
      x->set_positive(static_cast<int64_t>(r.Number("positive", 0, 1e7, true).value_or(0)));
      if (x->positive() > x->respondents()) r.Error("positive", std::to_string(x->positive()), "is more than the respondents");
      // Survey year Y is dated 31 December Y (fieldwork is in the autumn).
      const int year = static_cast<int>(r.Number("year", 1990, 2100, true).value_or(2000));
      occurred = protocol::MakeDate(year, 12, 31);
      break;
    }
    case EventFileKind::kBoard: {
      auto* x = e.mutable_board_membership();
      x->set_member_key(p.Key("member", r.Identifier("member_ref")));
      x->set_role(r.Text("role"));
      x->set_board_role(r.YesNo("voting").value_or(false) ? BOARD_ROLE_VOTING : BOARD_ROLE_NON_VOTING);
      x->set_executive(r.Has("executive") && r.YesNo("executive").value_or(false));
      x->set_ethnicity(r.Ethnicity());
      x->set_sex(r.Sex());
      x->set_disability(r.Disability());
      if (auto to = r.Date("to_date", false)) *x->mutable_ended_on() = *to;
      occurred = r.Date("from_date").value_or(Date());
      break;
    }
    case EventFileKind::kTargets: {
      auto* x = e.mutable_organisation_target();
      x->set_target_id(r.Text("target_id", true));
      x->set_indicator(r.Text("indicator", true));
      x->set_scope(r.Text("scope", true));
      x->set_value_percent(r.Number("value_percent", 0, 100, true).value_or(0));
      if (auto due = r.Date("due_date")) *x->mutable_due_on() = *due;
      // Dated by when it was set, not when it is due: a due date in the
      // future is no census date (it would stretch the hub's calendar).
      occurred = r.Date("set_date").value_or(Date());
      break;
    }
    case EventFileKind::kProgramme: {
      auto* x = e.mutable_programme_participation();
      x->set_person_key(p.Key("staff", r.Identifier("staff_number")));
      x->set_programme_id(r.Text("programme", true));
      x->set_cohort_id(r.Text("cohort", true));
      const std::string status = r.Text("status", true);
      if (auto s = ParseProgrammeStatus(status)) x->set_status(*s);
      else r.Error("status", status, "status must be started, completed or withdrawn");
      auto start = r.Date("start_date");
      auto done = r.Date("completion_date", x->status() == PROGRAMME_STATUS_COMPLETED);
      occurred = (x->status() == PROGRAMME_STATUS_COMPLETED && done) ? *done : start.value_or(Date());
      break;
    }
  }
  return r.row_ok();
}

}  // namespace

const std::vector<std::string>& RequiredColumns(EventFileKind kind) {
  static const std::map<EventFileKind, std::vector<std::string>> kColumns = {
      {EventFileKind::kRecruitment, {"applicant_ref", "vacancy_ref", "post_grade", "ethnicity", "sex", "disability", "shortlisted", "appointed", "decision_date"}},
      {EventFileKind::kDisciplinary, {"staff_number", "case_ref", "date_opened"}},
      {EventFileKind::kTraining, {"staff_number", "course", "date"}},
      {EventFileKind::kLeavers, {"staff_number", "leaving_date"}},
      {EventFileKind::kSurvey, {"survey_id", "year", "question", "group", "respondents", "positive"}},
      {EventFileKind::kBoard, {"member_ref", "voting", "ethnicity", "sex", "disability", "from_date"}},
      {EventFileKind::kTargets, {"target_id", "indicator", "scope", "value_percent", "due_date", "set_date"}},
      {EventFileKind::kProgramme, {"staff_number", "programme", "cohort", "start_date", "status"}},
  };
  return kColumns.at(kind);
}

void Seal(Event& event, const ConnectorConfig& config, const Date& occurred) {
  event.set_org_id(config.org_id);
  event.set_connector_id(config.connector_id);
  *event.mutable_occurred_at() = occurred;
  event.set_source_key(protocol::ExpectedSourceKey(event));
  event.set_schema_version(1);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  event.mutable_observed_at()->set_seconds(std::chrono::duration_cast<std::chrono::seconds>(now).count());
  protocol::AssignEventId(event);
}

Event MappingEvent(const ConnectorConfig& config, const Date& occurred) {
  Event e;
  auto* m = e.mutable_grade_mapping_change();
  m->set_mapping_version(config.mapping.version);
  std::string canonical;
  for (const auto& [grade, tier] : config.mapping.grades) {  // std::map: sorted, deterministic
    auto* rule = m->add_rules();
    rule->set_grade(grade);
    rule->set_tier(tier);
    canonical += grade + "=" + Tier_Name(tier) + "\n";
  }
  m->set_top_earner_share(config.mapping.top_earner_share);
  canonical += "top=" + std::to_string(config.mapping.top_earner_share) + "\n";
  m->set_source_sha256(Sha256Hex(canonical));
  Seal(e, config, occurred);
  return e;
}

std::string HeldOutByTheHub(const Date& occurred, int64_t today) {
  const int64_t day = protocol::DaysFromCivil(occurred);
  if (day >= protocol::kEarliestFigureDay && day <= today + protocol::kHorizonDays) return "";
  return (day < protocol::kEarliestFigureDay
              ? "is before " + protocol::DateToString(protocol::CivilFromDays(protocol::kEarliestFigureDay))
              : "is more than " + std::to_string(protocol::kHorizonDays) + " days from today") +
         ": the row is sent, but the hub holds it out of its figures until the date is corrected in the HR system";
}

BuiltEvents BuildEvents(EventFileKind kind, const Table& table, const ConnectorConfig& config,
                        const Pseudonymiser& pseudonymiser) {
  BuiltEvents out;
  out.errors = table.errors;
  out.rows_read = table.rows.size() + table.errors.size();
  RowReader reader = RowReader::ForEvents(table, config);
  if (auto missing = reader.MissingColumns(RequiredColumns(kind))) {
    out.fatal = table.source + ": " + *missing;
    return out;
  }
  Unmapped unmapped;
  std::vector<RowError> held_out;
  for (const auto& row : table.rows) {
    reader.Start(row);
    Event e;
    Date occurred;
    const bool ok = BuildRow(kind, reader, config, pseudonymiser, e, occurred, unmapped);
    unmapped.EndRow(row.row, ok);
    if (!ok) continue;
    Seal(e, config, occurred);
    if (std::string why = HeldOutByTheHub(occurred, e.observed_at().seconds() / 86400); !why.empty()) {
      held_out.push_back({table.source, row.row, "", "", "date " + protocol::DateToString(occurred) + " " + why});
    }
    out.events.push_back(std::move(e));
  }
  out.errors.insert(out.errors.end(), reader.errors().begin(), reader.errors().end());
  out.warnings = unmapped.Warnings(table.source);
  out.warnings.insert(out.warnings.end(), held_out.begin(), held_out.end());
  return out;
}

}  // namespace dxhub::connector
