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

// A rule with its fields looked up: the payload field of Event, and each
// part's field of that payload. Made once; indexed by the payload's field
// number (Event::payload_case()), so an event's key costs no name lookups.
struct ResolvedPart {
  Part::Kind kind;
  const google::protobuf::FieldDescriptor* field;  // kField only
  const std::string* text;                          // kLiteral only
};
struct ResolvedRule {
  const google::protobuf::FieldDescriptor* payload = nullptr;
  std::vector<ResolvedPart> parts;
};

const std::vector<ResolvedRule>& ResolvedRules() {
  static const std::vector<ResolvedRule> kResolved = [] {
    std::vector<ResolvedRule> rules;
    for (const auto& [type, parts] : Rules()) {
      const auto* payload = Event::descriptor()->FindFieldByName(type);
      const size_t number = static_cast<size_t>(payload->number());
      if (rules.size() <= number) rules.resize(number + 1);
      ResolvedRule& rule = rules[number];
      rule.payload = payload;
      for (const auto& part : parts) {
        rule.parts.push_back({part.kind,
                              part.kind == Part::kField ? payload->message_type()->FindFieldByName(part.text) : nullptr,
                              &part.text});
      }
    }
    return rules;
  }();
  return kResolved;
}

}  // namespace

std::string ExpectedSourceKey(const Event& event) {
  const auto& rules = ResolvedRules();
  const auto number = static_cast<size_t>(event.payload_case());
  if (number >= rules.size() || rules[number].payload == nullptr) return "";
  const ResolvedRule& rule = rules[number];
  const auto& payload = event.GetReflection()->GetMessage(event, rule.payload);
  const auto* reflection = payload.GetReflection();
  std::string key;
  std::string scratch;
  for (const auto& part : rule.parts) {
    switch (part.kind) {
      case Part::kLiteral:
        key += *part.text;
        break;
      case Part::kOccurredAt:
        key += DateToString(event.occurred_at());
        break;
      case Part::kField:
        if (part.field->enum_type() != nullptr) {
          key += reflection->GetEnum(payload, part.field)->name();
        } else {
          key += reflection->GetStringReference(payload, part.field, &scratch);
        }
        break;
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
