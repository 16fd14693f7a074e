#include "dxhub/protocol/validate.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>

#include "dxhub/common/utf8.h"
#include <cctype>
#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/evidence.h"
#include "dxhub/protocol/source_key.h"

namespace dxhub::protocol {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using namespace dxhub::event::v1;

bool IsLowerHex(std::string_view s, size_t len) {
  if (s.size() != len) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Rejection Missing(const std::string& field, const std::string& what) {
  return {"MISSING_FIELD", field + " is not set; " + what};
}

Rejection Invalid(const std::string& field, const std::string& what) {
  return {"INVALID_FIELD", field + " " + what};
}

// The free-text fields of peer review: a rating's evidence and a reviewer's comment.
bool IsEvidenceField(const FieldDescriptor& f) {
  static const FieldDescriptor* const evidence = QuestionRating::descriptor()->FindFieldByName("evidence");
  static const FieldDescriptor* const comment = ReviewedRating::descriptor()->FindFieldByName("comment");
  return &f == evidence || &f == comment;
}

// Whether `e` defines value `v`. This contract's enums number their values
// 0, 1, 2, ... in order, so the value at index v is looked at first; the
// descriptor's lookup by number answers the rest.
bool IsDefinedEnumValue(const google::protobuf::EnumDescriptor& e, int v) {
  if (v >= 0 && v < e.value_count() && e.value(v)->number() == v) return true;
  return e.FindValueByNumber(v) != nullptr;
}

// Where a message sits in the event, kept as a chain of (field, index) links
// and spelt out ("peer_review.ratings[2]") only for a rejection, so that a
// valid event costs no string building.
struct FieldPath {
  const FieldPath* parent = nullptr;        // null for the event itself
  const FieldDescriptor* field = nullptr;   // null for the event itself
  int index = -1;                           // the entry of a repeated field, else -1

  // "" for the event itself.
  std::string ToString() const {
    if (field == nullptr) return "";
    return Join(parent->ToString(), field, index);
  }
  // The path of field `f` (entry `i` when i >= 0) of the message at `prefix`.
  static std::string Join(const std::string& prefix, const FieldDescriptor* f, int i) {
    std::string s = prefix.empty() ? std::string(f->name()) : prefix + "." + std::string(f->name());
    if (i >= 0) s += "[" + std::to_string(i) + "]";
    return s;
  }
};

// The fields CheckGeneric looks at in a message type, in field-number order
// (the order ListFields gives, so the first problem reported is the same):
// every repeated field (its count is bounded), and the singular strings,
// enums and messages. Made once for every type an Event can hold, so checking
// an event lists no fields and allocates nothing.
struct Walk {
  std::vector<const FieldDescriptor*> fields;
};

void AddWalks(const google::protobuf::Descriptor* type,
              std::unordered_map<const google::protobuf::Descriptor*, Walk>* walks) {
  if (walks->count(type) != 0) return;
  Walk& walk = (*walks)[type];
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    const bool looked_at = f->is_repeated() || f->cpp_type() == FieldDescriptor::CPPTYPE_STRING ||
                           f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM ||
                           f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (looked_at) walk.fields.push_back(f);
  }
  std::sort(walk.fields.begin(), walk.fields.end(),
            [](const FieldDescriptor* a, const FieldDescriptor* b) { return a->number() < b->number(); });
  std::vector<const google::protobuf::Descriptor*> children;
  for (const FieldDescriptor* f : walk.fields) {
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) children.push_back(f->message_type());
  }
  for (const auto* child : children) AddWalks(child, walks);  // `walk` may move: not used after this
}

const Walk* WalkOf(const google::protobuf::Descriptor* type) {
  static const auto* const kWalks = [] {
    auto* walks = new std::unordered_map<const google::protobuf::Descriptor*, Walk>();
    AddWalks(Event::descriptor(), walks);
    return walks;
  }();
  auto it = kWalks->find(type);
  return it == kWalks->end() ? nullptr : &it->second;
}

// Walks every field: strings within limits and free of control characters
// (C0, DEL, C1) and bidirectional overrides (FirstForbiddenCharacter), enum
// values known to this contract, repeated fields bounded, no field the
// contract does not define (unknown fields).
std::optional<Rejection> CheckGeneric(const Message& m, const FieldPath& path, const ValidationLimits& limits) {
  const auto* reflection = m.GetReflection();
  // Refused, not dropped: the id covers the payload's bytes, so a dropped field
  // would leave a stored event that is not what was sent, and the sender (built
  // against a newer contract) would never learn the hub ignored it.
  if (const auto& unknown = reflection->GetUnknownFields(m); !unknown.empty()) {
    const auto& first = unknown.field(0);
    const std::string where = path.ToString();
    return Rejection{"UNKNOWN_FIELD",
                     (where.empty() ? std::string("the event") : where) + " carries field " +
                         std::to_string(first.number()) + ", which " + std::string(m.GetDescriptor()->full_name()) +
                         " does not define in this contract; send only the fields of docs/protocol.md (a connector "
                         "built against a newer contract needs a store that speaks it)"};
  }
  std::vector<const FieldDescriptor*> listed;
  const Walk* walk = WalkOf(m.GetDescriptor());
  if (walk == nullptr) reflection->ListFields(m, &listed);  // a type no Event holds (not expected)
  const auto& fields = walk != nullptr ? walk->fields : listed;
  for (const auto* f : fields) {
    int count = 1;
    if (f->is_repeated()) {
      count = reflection->FieldSize(m, f);
      if (count == 0) continue;
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !reflection->HasField(m, f)) {
      continue;
    }
    if (f->is_repeated() && static_cast<size_t>(count) > limits.max_repeated) {
      return Rejection{"TOO_MANY_ITEMS", FieldPath::Join(path.ToString(), f, -1) + " has " + std::to_string(count) +
                                             " entries; at most " + std::to_string(limits.max_repeated) +
                                             " are accepted"};
    }
    for (int i = 0; i < count; ++i) {
      const int index = f->is_repeated() ? i : -1;
      auto at = [&] { return FieldPath::Join(path.ToString(), f, index); };
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING: {
          if (f->type() == FieldDescriptor::TYPE_BYTES) break;
          std::string scratch;
          const std::string& s = f->is_repeated() ? reflection->GetRepeatedStringReference(m, f, i, &scratch)
                                                  : reflection->GetStringReference(m, f, &scratch);
          const size_t max = IsEvidenceField(*f) ? limits.max_evidence_bytes : limits.max_string_bytes;
          if (s.size() > max) {
            return Rejection{"STRING_TOO_LONG", at() + " is " + std::to_string(s.size()) + " bytes; at most " +
                                                    std::to_string(max) + " are accepted"};
          }
          if (auto bad = FirstForbiddenCharacter(s)) {
            return Rejection{"INVALID_FIELD", at() + " contains a " + bad->Describe() + "; remove it"};
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_ENUM: {
          const int v = f->is_repeated() ? reflection->GetRepeatedEnumValue(m, f, i) : reflection->GetEnumValue(m, f);
          if (!IsDefinedEnumValue(*f->enum_type(), v)) {
            return Rejection{"UNKNOWN_ENUM", at() + " has value " + std::to_string(v) + ", which " +
                                                 std::string(f->enum_type()->full_name()) + " does not define"};
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          const Message& child = f->is_repeated() ? reflection->GetRepeatedMessage(m, f, i) : reflection->GetMessage(m, f);
          if (auto r = CheckGeneric(child, FieldPath{&path, f, index}, limits)) return r;
          break;
        }
        default:
          break;
      }
    }
  }
  return std::nullopt;
}

std::optional<Rejection> CheckKey(const std::string& field, const std::string& key) {
  if (key.empty()) return Missing(field, "it must be the keyed hash computed at the partner");
  if (!IsPseudonymousKey(key)) {
    return Invalid(field, "is not a pseudonymous key (expected 'v<version>:<64 lowercase hex>'); "
                          "direct identifiers are never accepted");
  }
  return std::nullopt;
}

std::optional<Rejection> CheckNonEmpty(const std::string& field, const std::string& value, const std::string& what) {
  if (value.empty()) return Missing(field, what);
  return std::nullopt;
}

template <typename E>
std::optional<Rejection> CheckSet(const std::string& field, E value) {
  if (static_cast<int>(value) == 0) return Missing(field, "use an explicit value (an 'unknown' value exists where one applies)");
  return std::nullopt;
}

std::optional<Rejection> CheckLevel(const std::string& field, int level) {
  if (level < 1 || level > 4) return Invalid(field, "is " + std::to_string(level) + "; maturity levels are 1 to 4");
  return std::nullopt;
}

#define DX_TRY(expr) \
  if (auto r_ = (expr)) return r_

std::optional<Rejection> CheckEvidenceField(const std::string& field, const std::string& question_id,
                                            const std::string& text, const ValidationLimits& limits) {
  if (auto problem = CheckEvidence(text, limits.max_evidence_bytes)) {
    return Rejection{"EVIDENCE_REFUSED", field + " (question " + question_id.substr(0, 32) + ") " + *problem};
  }
  return std::nullopt;
}

std::optional<Rejection> CheckCycleId(const std::string& field, const std::string& cycle_id) {
  if (cycle_id.empty()) return Missing(field, "it must name the cycle");
  if (!IsValidCycleId(cycle_id)) {
    return Invalid(field, "is not a valid cycle id (1 to 64 letters, digits, '-', '_' or '.')");
  }
  return std::nullopt;
}

std::optional<Rejection> CheckReviewCycle(const ReviewCycle& p) {
  DX_TRY(CheckCycleId("review_cycle.cycle_id", p.cycle_id()));
  DX_TRY(CheckSet("review_cycle.state", p.state()));
  DX_TRY(CheckNonEmpty("review_cycle.framework_version", p.framework_version(), "it must name the framework version"));
  if (!IsValidDate(p.census_date())) return Invalid("review_cycle.census_date", "is not a real date");
  if (p.participants_size() < 2) return Invalid("review_cycle.participants", "must name at least two organisations");
  std::set<std::string> participants;
  for (int i = 0; i < p.participants_size(); ++i) {
    if (!IsValidOrgId(p.participants(i))) {
      return Invalid("review_cycle.participants[" + std::to_string(i) + "]", "is not a valid org id");
    }
    if (!participants.insert(p.participants(i)).second) {
      return Invalid("review_cycle.participants[" + std::to_string(i) + "]", "repeats " + p.participants(i));
    }
  }
  for (int i = 0; i < p.pairings_size(); ++i) {
    const auto& pair = p.pairings(i);
    const std::string at = "review_cycle.pairings[" + std::to_string(i) + "]";
    if (!participants.count(pair.reviewer_org_id()) || !participants.count(pair.reviewed_org_id())) {
      return Invalid(at, "pairs an organisation that is not a participant");
    }
    if (pair.reviewer_org_id() == pair.reviewed_org_id()) return Invalid(at, "pairs an organisation with itself");
  }
  return std::nullopt;
}

std::optional<Rejection> CheckStaffRecord(const StaffRecord& p) {
  DX_TRY(CheckKey("staff_record.person_key", p.person_key()));
  DX_TRY(CheckSet("staff_record.kind", p.kind()));
  DX_TRY(CheckSet("staff_record.tier", p.tier()));
  DX_TRY(CheckNonEmpty("staff_record.grade", p.grade(), "it must hold the partner's grade label"));
  if (p.fte_milli() < 1 || p.fte_milli() > 2000) {
    return Invalid("staff_record.fte_milli", "is " + std::to_string(p.fte_milli()) +
                                                 "; it must be between 1 and 2000 (thousandths of full time)");
  }
  DX_TRY(CheckSet("staff_record.contract_type", p.contract_type()));
  DX_TRY(CheckSet("staff_record.age_band", p.age_band()));
  DX_TRY(CheckSet("staff_record.sex", p.sex()));
  DX_TRY(CheckSet("staff_record.ethnicity", p.ethnicity()));
  DX_TRY(CheckSet("staff_record.disability", p.disability()));
  if (p.hourly_pay_pence() < 0 || p.hourly_pay_pence() > 100000) {
    return Invalid("staff_record.hourly_pay_pence", "is " + std::to_string(p.hourly_pay_pence()) +
                                                        "; it must be between 0 (not supplied) and 100000 (GBP 1,000 an hour)");
  }
  DX_TRY(CheckNonEmpty("staff_record.mapping_version", p.mapping_version(),
                       "it must name the grade-mapping version that produced the tier"));
  return std::nullopt;
}

std::optional<Rejection> CheckPayload(const Event& e, const ValidationLimits& limits) {
  switch (e.payload_case()) {
    case Event::kStaffRecord:
      return CheckStaffRecord(e.staff_record());
    case Event::kStaffLeft:
      DX_TRY(CheckKey("staff_left.person_key", e.staff_left().person_key()));
      return CheckSet("staff_left.leaving_reason", e.staff_left().leaving_reason());
    case Event::kRecruitmentOutcome: {
      const auto& p = e.recruitment_outcome();
      DX_TRY(CheckKey("recruitment_outcome.applicant_key", p.applicant_key()));
      DX_TRY(CheckNonEmpty("recruitment_outcome.vacancy_ref", p.vacancy_ref(), "it must name the vacancy"));
      DX_TRY(CheckSet("recruitment_outcome.tier", p.tier()));
      DX_TRY(CheckSet("recruitment_outcome.ethnicity", p.ethnicity()));
      DX_TRY(CheckSet("recruitment_outcome.sex", p.sex()));
      DX_TRY(CheckSet("recruitment_outcome.disability", p.disability()));
      if (p.appointed() && !p.shortlisted()) {
        return Invalid("recruitment_outcome.appointed", "is true but shortlisted is false; an appointed applicant was shortlisted");
      }
      return std::nullopt;
    }
    case Event::kDisciplinaryCase:
      DX_TRY(CheckKey("disciplinary_case.person_key", e.disciplinary_case().person_key()));
      return CheckKey("disciplinary_case.case_key", e.disciplinary_case().case_key());
    case Event::kTrainingAccess:
      DX_TRY(CheckKey("training_access.person_key", e.training_access().person_key()));
      if (!IsCategoryId(e.training_access().course_category())) {
        return Invalid("training_access.course_category",
                       "is not a category identifier (1 to 32 of A-Z, 0-9 and '_', e.g. LEADERSHIP or OTHER); "
                       "course titles and other free text are never accepted");
      }
      return std::nullopt;
    case Event::kBoardMembership: {
      const auto& p = e.board_membership();
      DX_TRY(CheckKey("board_membership.member_key", p.member_key()));
      DX_TRY(CheckSet("board_membership.board_role", p.board_role()));
      DX_TRY(CheckSet("board_membership.ethnicity", p.ethnicity()));
      DX_TRY(CheckSet("board_membership.sex", p.sex()));
      DX_TRY(CheckSet("board_membership.disability", p.disability()));
      if (p.has_ended_on() && !IsValidDate(p.ended_on())) {
        return Invalid("board_membership.ended_on", "is " + DateToString(p.ended_on()) + ", which is not a real date");
      }
      return std::nullopt;
    }
    case Event::kSurveyResult: {
      const auto& p = e.survey_result();
      DX_TRY(CheckNonEmpty("survey_result.survey_id", p.survey_id(), "it must name the survey"));
      DX_TRY(CheckNonEmpty("survey_result.question", p.question(), "it must name the question"));
      DX_TRY(CheckSet("survey_result.group", p.group()));
      if (p.respondents() < 0 || p.positive() < 0 || p.positive() > p.respondents()) {
        return Invalid("survey_result.positive", "is " + std::to_string(p.positive()) + " of " +
                                                     std::to_string(p.respondents()) +
                                                     " respondents; it must be between 0 and the respondents");
      }
      return std::nullopt;
    }
    case Event::kOrganisationTarget: {
      const auto& p = e.organisation_target();
      DX_TRY(CheckNonEmpty("organisation_target.target_id", p.target_id(), "it must identify the target"));
      DX_TRY(CheckNonEmpty("organisation_target.indicator", p.indicator(), "it must name the indicator"));
      DX_TRY(CheckNonEmpty("organisation_target.scope", p.scope(), "it must name the scope"));
      if (!(p.value_percent() >= 0 && p.value_percent() <= 100)) {
        return Invalid("organisation_target.value_percent", "must be between 0 and 100");
      }
      if (!IsValidDate(p.due_on())) {
        return Invalid("organisation_target.due_on", "is " + DateToString(p.due_on()) + ", which is not a real date");
      }
      return std::nullopt;
    }
    case Event::kProgrammeParticipation: {
      const auto& p = e.programme_participation();
      DX_TRY(CheckKey("programme_participation.person_key", p.person_key()));
      DX_TRY(CheckNonEmpty("programme_participation.programme_id", p.programme_id(), "it must name the programme"));
      DX_TRY(CheckNonEmpty("programme_participation.cohort_id", p.cohort_id(), "it must name the cohort"));
      return CheckSet("programme_participation.status", p.status());
    }
    case Event::kGradeMappingChange: {
      const auto& p = e.grade_mapping_change();
      DX_TRY(CheckNonEmpty("grade_mapping_change.mapping_version", p.mapping_version(), "it must name the version"));
      for (int i = 0; i < p.rules_size(); ++i) {
        DX_TRY(CheckSet("grade_mapping_change.rules[" + std::to_string(i) + "].tier", p.rules(i).tier()));
      }
      if (!(p.top_earner_share() >= 0 && p.top_earner_share() < 1)) {
        return Invalid("grade_mapping_change.top_earner_share", "must be at least 0 and below 1");
      }
      return std::nullopt;
    }
    case Event::kSelfAssessment: {
      const auto& p = e.self_assessment();
      DX_TRY(CheckCycleId("self_assessment.cycle_id", p.cycle_id()));
      if (!IsValidOrgId(p.assessed_org_id())) {
        return Invalid("self_assessment.assessed_org_id", "is not a valid org id; it names the organisation assessed");
      }
      for (int i = 0; i < p.ratings_size(); ++i) {
        const std::string at = "self_assessment.ratings[" + std::to_string(i) + "]";
        DX_TRY(CheckNonEmpty(at + ".question_id", p.ratings(i).question_id(), "it must name the framework question"));
        DX_TRY(CheckLevel(at + ".level", p.ratings(i).level()));
        DX_TRY(CheckEvidenceField(at + ".evidence", p.ratings(i).question_id(), p.ratings(i).evidence(), limits));
      }
      return std::nullopt;
    }
    case Event::kPeerReview: {
      const auto& p = e.peer_review();
      DX_TRY(CheckCycleId("peer_review.cycle_id", p.cycle_id()));
      if (!IsValidOrgId(p.reviewed_org_id())) return Invalid("peer_review.reviewed_org_id", "is not a valid org id");
      for (int i = 0; i < p.ratings_size(); ++i) {
        const std::string at = "peer_review.ratings[" + std::to_string(i) + "]";
        DX_TRY(CheckNonEmpty(at + ".question_id", p.ratings(i).question_id(), "it must name the framework question"));
        DX_TRY(CheckLevel(at + ".self_level", p.ratings(i).self_level()));
        DX_TRY(CheckLevel(at + ".moderated_level", p.ratings(i).moderated_level()));
        DX_TRY(CheckEvidenceField(at + ".comment", p.ratings(i).question_id(), p.ratings(i).comment(), limits));
      }
      return std::nullopt;
    }
    case Event::kPersonKeyRotation: {
      const auto& p = e.person_key_rotation();
      DX_TRY(CheckKey("person_key_rotation.old_person_key", p.old_person_key()));
      DX_TRY(CheckKey("person_key_rotation.new_person_key", p.new_person_key()));
      if (p.new_key_version() < 1 || p.new_key_version() > 9999) {
        return Invalid("person_key_rotation.new_key_version", "is " + std::to_string(p.new_key_version()) +
                                                                  "; key versions are 1 to 9999");
      }
      if (p.new_person_key().rfind("v" + std::to_string(p.new_key_version()) + ":", 0) != 0) {
        return Invalid("person_key_rotation.new_person_key",
                       "does not start with 'v" + std::to_string(p.new_key_version()) + ":' (new_key_version)");
      }
      if (p.old_person_key() == p.new_person_key()) {
        return Invalid("person_key_rotation.new_person_key", "equals old_person_key; a rotation changes the key");
      }
      return std::nullopt;
    }
    case Event::kDigestSent:
      DX_TRY(CheckNonEmpty("digest_sent.schedule_id", e.digest_sent().schedule_id(), "it must name the schedule"));
      return CheckNonEmpty("digest_sent.slot", e.digest_sent().slot(), "it must name the schedule slot");
    case Event::kAdminAction:
      DX_TRY(CheckNonEmpty("admin_action.actor", e.admin_action().actor(), "it must name who acted"));
      return CheckNonEmpty("admin_action.action", e.admin_action().action(), "it must name the action");
    case Event::kReviewCycle:
      return CheckReviewCycle(e.review_cycle());
    case Event::PAYLOAD_NOT_SET:
      break;
  }
  return Rejection{"NO_PAYLOAD", "the event carries no payload (or one this store version does not know)"};
}

#undef DX_TRY

}  // namespace

bool IsPseudonymousKey(const std::string& key) {
  if (key.size() < 4 || key[0] != 'v') return false;
  const size_t colon = key.find(':');
  if (colon == std::string::npos || colon < 2 || colon > 6) return false;
  for (size_t i = 1; i < colon; ++i) {
    if (key[i] < '0' || key[i] > '9') return false;
  }
  return IsLowerHex(std::string_view(key).substr(colon + 1), 64);
}

bool IsCategoryId(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsValidCycleId(const std::string& cycle_id) {
  if (cycle_id.empty() || cycle_id.size() > 64) return false;
  for (char c : cycle_id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

bool IsValidOrgId(const std::string& org_id) {
  if (org_id.size() < 2 || org_id.size() > 16) return false;
  for (char c : org_id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

std::optional<Rejection> ValidateEvent(const Event& e, const ValidationLimits& limits) {
  if (e.schema_version() != kSchemaVersion) {
    return Rejection{"SCHEMA_VERSION", "schema_version is " + std::to_string(e.schema_version()) +
                                           "; this store accepts version " + std::to_string(kSchemaVersion)};
  }
  if (const size_t bytes = e.ByteSizeLong(); bytes > limits.max_event_bytes) {
    return Rejection{"EVENT_TOO_LARGE", "the event is " + std::to_string(bytes) + " bytes encoded; at most " +
                                            std::to_string(limits.max_event_bytes) +
                                            " are accepted (the store's limits.max_event_bytes)"};
  }
  if (!IsLowerHex(e.event_id(), 64)) {
    return Rejection{"BAD_EVENT_ID", "event_id must be 64 lowercase hex characters (SHA-256; see docs/protocol.md)"};
  }
  if (!IsValidOrgId(e.org_id())) {
    return Rejection{"INVALID_FIELD", "org_id '" + std::string(Utf8Prefix(e.org_id(), 32)) +
                                          "' is not valid (2 to 16 characters of A-Z, 0-9, '_' or '-')"};
  }
  if (e.connector_id().empty()) return Missing("connector_id", "it must name the connector instance");
  if (!IsValidDate(e.occurred_at())) {
    return Rejection{"INVALID_DATE", "occurred_at is " + DateToString(e.occurred_at()) +
                                         ", which is not a real date between 1900 and 2200"};
  }
  if (e.source_key().empty()) return Missing("source_key", "it must hold the source's natural key of the fact");
  if (auto r = CheckGeneric(e, FieldPath{}, limits)) return r;
  if (auto r = CheckPayload(e, limits)) return r;
  if (const std::string expected = ExpectedSourceKey(e); e.source_key() != expected) {
    const std::string type = PayloadType(e);
    return Invalid("source_key", "'" + std::string(Utf8Prefix(e.source_key(), 80)) + "' is not the source key of this " +
                                     type + "; it must be " + SourceKeyForm(type) + ", here '" +
                                     std::string(Utf8Prefix(expected, 160)) + "' (docs/protocol.md, \"Source key\")");
  }
  if (e.event_id() != ComputeEventId(e)) {
    return Rejection{"EVENT_ID_MISMATCH",
                     "event_id does not match the hash of org, type, source key, date and payload; "
                     "compute it as docs/protocol.md says (a changed fact needs a new id)"};
  }
  return std::nullopt;
}

}  // namespace dxhub::protocol
