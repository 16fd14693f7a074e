#include "dxhub/connector/event_builder.h"

#include <chrono>
#include <map>

#include "dxhub/common/crypto.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"

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

// One row of one kind; returns false when the row had errors.
bool BuildRow(EventFileKind kind, RowReader& r, const ConnectorConfig& config, const Pseudonymiser& p, Event& e,
              Date& occurred, std::string& source_key) {
  switch (kind) {
    case EventFileKind::kRecruitment: {
      auto* x = e.mutable_recruitment_outcome();
      x->set_applicant_key(p.Key("applicant", r.Text("applicant_ref", true)));
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
      source_key = x->applicant_key() + "/" + x->vacancy_ref();
      break;
    }
    case EventFileKind::kDisciplinary: {
      auto* x = e.mutable_disciplinary_case();
      x->set_person_key(p.Key("staff", r.Text("staff_number", true)));
      x->set_case_key(p.Key("case", r.Text("case_ref", true)));
      occurred = r.Date("date_opened").value_or(Date());
      source_key = x->case_key();
      break;
    }
    case EventFileKind::kTraining: {
      auto* x = e.mutable_training_access();
      x->set_person_key(p.Key("staff", r.Text("staff_number", true)));
      x->set_course_category(r.Text("course", true));
      occurred = r.Date("date").value_or(Date());
      source_key = x->person_key() + "/" + x->course_category() + "/" + protocol::DateToString(occurred);
      break;
    }
    case EventFileKind::kLeavers: {
      auto* x = e.mutable_staff_left();
      x->set_person_key(p.Key("staff", r.Text("staff_number", true)));
      x->set_reason(Fold(r.Text("reason")));
      occurred = r.Date("leaving_date").value_or(Date());
      source_key = x->person_key();
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
      source_key = x->survey_id() + "/" + x->question() + "/" + SurveyGroup_Name(x->group());
      break;
    }
    case EventFileKind::kBoard: {
      auto* x = e.mutable_board_membership();
      x->set_member_key(p.Key("member", r.Text("member_ref", true)));
      x->set_role(r.Text("role"));
      x->set_board_role(r.YesNo("voting").value_or(false) ? BOARD_ROLE_VOTING : BOARD_ROLE_NON_VOTING);
      x->set_executive(r.Has("executive") && r.YesNo("executive").value_or(false));
      x->set_ethnicity(r.Ethnicity());
      x->set_sex(r.Sex());
      x->set_disability(r.Disability());
      if (auto to = r.Date("to_date", false)) *x->mutable_ended_on() = *to;
      occurred = r.Date("from_date").value_or(Date());
      source_key = x->member_key();
      break;
    }
    case EventFileKind::kTargets: {
      auto* x = e.mutable_organisation_target();
      x->set_target_id(r.Text("target_id", true));
      x->set_indicator(r.Text("indicator", true));
      x->set_scope(r.Text("scope", true));
      x->set_value_percent(r.Number("value_percent", 0, 100, true).value_or(0));
      if (auto due = r.Date("due_date")) *x->mutable_due_on() = *due;
      occurred = x->due_on();
      source_key = x->target_id();
      break;
    }
    case EventFileKind::kProgramme: {
      auto* x = e.mutable_programme_participation();
      x->set_person_key(p.Key("staff", r.Text("staff_number", true)));
      x->set_programme_id(r.Text("programme", true));
      x->set_cohort_id(r.Text("cohort", true));
      const std::string status = r.Text("status", true);
      if (auto s = ParseProgrammeStatus(status)) x->set_status(*s);
      else r.Error("status", status, "status must be started, completed or withdrawn");
      auto start = r.Date("start_date");
      auto done = r.Date("completion_date", x->status() == PROGRAMME_STATUS_COMPLETED);
      occurred = (x->status() == PROGRAMME_STATUS_COMPLETED && done) ? *done : start.value_or(Date());
      source_key = x->person_key() + "/" + x->programme_id() + "/" + x->cohort_id() + "/" +
                   ProgrammeStatus_Name(x->status());
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
      {EventFileKind::kTargets, {"target_id", "indicator", "scope", "value_percent", "due_date"}},
      {EventFileKind::kProgramme, {"staff_number", "programme", "cohort", "start_date", "status"}},
  };
  return kColumns.at(kind);
}

void Seal(Event& event, const ConnectorConfig& config, const Date& occurred, const std::string& source_key) {
  event.set_org_id(config.org_id);
  event.set_connector_id(config.connector_id);
  *event.mutable_occurred_at() = occurred;
  event.set_source_key(source_key);
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
  Seal(e, config, occurred, config.mapping.version);
  return e;
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
  for (const auto& row : table.rows) {
    reader.Start(row);
    Event e;
    Date occurred;
    std::string source_key;
    if (!BuildRow(kind, reader, config, pseudonymiser, e, occurred, source_key)) continue;
    Seal(e, config, occurred, source_key);
    out.events.push_back(std::move(e));
  }
  out.errors.insert(out.errors.end(), reader.errors().begin(), reader.errors().end());
  return out;
}

}  // namespace dxhub::connector
