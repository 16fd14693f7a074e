#include "dxhub/protocol/source_key.h"

#include <map>
#include <vector>

#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"

namespace dxhub::protocol {
namespace {

using dxhub::event::v1::Event;

// One part of a source key: a payload field (its value; an enum by its value
// name), the event's occurred_at date ("YYYY-MM-DD"), or literal text.
struct Part {
  enum Kind { kField, kOccurredAt, kLiteral } kind;
  std::string text;
};

Part F(std::string field) { return {Part::kField, std::move(field)}; }
Part L(std::string text) { return {Part::kLiteral, std::move(text)}; }

const std::map<std::string, std::vector<Part>>& Rules() {
  static const std::map<std::string, std::vector<Part>> kRules = {
      {"staff_record", {F("person_key")}},
      {"staff_left", {F("person_key")}},
      {"recruitment_outcome", {F("applicant_key"), L("/"), F("vacancy_ref")}},
      {"disciplinary_case", {F("case_key")}},
      {"training_access", {F("person_key"), L("/"), F("course_category"), L("/"), {Part::kOccurredAt, "occurred_at"}}},
      {"board_membership", {F("member_key")}},
      {"survey_result", {F("survey_id"), L("/"), F("question"), L("/"), F("group")}},
      {"organisation_target", {F("target_id")}},
      {"programme_participation",
       {F("person_key"), L("/"), F("programme_id"), L("/"), F("cohort_id"), L("/"), F("status")}},
      {"grade_mapping_change", {F("mapping_version")}},
      {"self_assessment", {L("self-assessment:"), F("cycle_id"), L(":"), F("assessed_org_id")}},
      {"peer_review", {L("review:"), F("cycle_id"), L(":"), F("reviewed_org_id")}},
      {"digest_sent", {F("schedule_id"), L("/"), F("slot")}},
      {"admin_action", {F("actor"), L("/"), F("action")}},
      {"person_key_rotation", {F("old_person_key")}},
      {"review_cycle", {F("cycle_id"), L(":"), F("state")}},
  };
  return kRules;
}

}  // namespace

std::string ExpectedSourceKey(const Event& event) {
  const std::string type = PayloadType(event);
  auto rule = Rules().find(type);
  if (rule == Rules().end()) return "";
  const auto& payload = event.GetReflection()->GetMessage(event, Event::descriptor()->FindFieldByName(type));
  const auto* reflection = payload.GetReflection();
  std::string key;
  for (const auto& part : rule->second) {
    switch (part.kind) {
      case Part::kLiteral:
        key += part.text;
        break;
      case Part::kOccurredAt:
        key += DateToString(event.occurred_at());
        break;
      case Part::kField: {
        const auto* field = payload.GetDescriptor()->FindFieldByName(part.text);
        key += field->enum_type() != nullptr ? std::string(reflection->GetEnum(payload, field)->name())
                                             : reflection->GetString(payload, field);
        break;
      }
    }
  }
  return key;
}

std::string SourceKeyForm(const std::string& payload_type) {
  auto rule = Rules().find(payload_type);
  if (rule == Rules().end()) return "";
  const auto* message = Event::descriptor()->FindFieldByName(payload_type)->message_type();
  std::string form;
  for (const auto& part : rule->second) {
    if (part.kind == Part::kLiteral) {
      form += part.text;
    } else if (part.kind == Part::kOccurredAt) {
      form += "<occurred_at YYYY-MM-DD>";
    } else {
      form += "<" + part.text;
      if (message->FindFieldByName(part.text)->enum_type() != nullptr) form += " value name";
      form += ">";
    }
  }
  return form;
}

}  // namespace dxhub::protocol
