#include "dxhub/connector/closed_lists.h"

#include <cctype>
#include <utility>
#include <vector>

#include "dxhub/connector/normalise.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::connector {
namespace {

using namespace dxhub::event::v1;

constexpr char kReasonPrefix[] = "LEAVING_REASON_";

// ESR's standard leaving reasons that name no category of their own: sent as
// OTHER without a warning (they are known, just not one of the categories).
const std::vector<std::string>& EsrOtherReasons() {
  static const std::vector<std::string> kOther = {
      "other", "pregnancy", "has not worked", "bank staff not fulfilled minimum work requirement",
      "initial pension ended", "merged assignment"};
  return kOther;
}

// Keyword rules covering ESR's standard reasons ("Voluntary Resignation -
// Relocation", "Retirement Age", "Flexi Retirement", "End of Fixed Term
// Contract - Completion of Training Scheme", "Dismissal - Conduct",
// "Redundancy - Compulsory", "Death in Service", "Employee Transfer",
// "Mutually Agreed Resignation - Local Scheme with Repayment"...) and the
// plain words other HR systems use. First match wins, so "Voluntary Early
// Retirement" is a retirement and "Redundancy - Voluntary" a redundancy.
const std::vector<std::pair<std::string, LeavingReason>>& KeywordRules() {
  static const std::vector<std::pair<std::string, LeavingReason>> kRules = {
      {"death", LEAVING_REASON_DEATH_IN_SERVICE},  {"deceased", LEAVING_REASON_DEATH_IN_SERVICE},
      {"dismiss", LEAVING_REASON_DISMISSAL},       {"redundan", LEAVING_REASON_REDUNDANCY},
      {"retire", LEAVING_REASON_RETIREMENT},       {"fixed term", LEAVING_REASON_END_OF_FIXED_TERM},
      {"fixed-term", LEAVING_REASON_END_OF_FIXED_TERM}, {"end of contract", LEAVING_REASON_END_OF_FIXED_TERM},
      {"transfer", LEAVING_REASON_TRANSFER},       {"tupe", LEAVING_REASON_TRANSFER},
      {"resign", LEAVING_REASON_RESIGNATION},
  };
  return kRules;
}

std::string AcceptedReasonNames() {
  std::string names;
  for (int v = LEAVING_REASON_RESIGNATION; v <= LEAVING_REASON_NOT_KNOWN; ++v) {
    names += (names.empty() ? "" : ", ") +
             LeavingReason_Name(static_cast<LeavingReason>(v)).substr(sizeof kReasonPrefix - 1);
  }
  return names;
}

}  // namespace

std::optional<LeavingReason> ParseLeavingReasonName(const std::string& name) {
  std::string upper;
  for (char c : name) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper.rfind(kReasonPrefix, 0) != 0) upper = kReasonPrefix + upper;
  LeavingReason reason;
  if (!LeavingReason_Parse(upper, &reason)) return std::nullopt;
  if (reason == LEAVING_REASON_UNSPECIFIED || reason == LEAVING_REASON_ABSENT_FROM_EXTRACT) return std::nullopt;
  return reason;
}

std::optional<LeavingReason> MapLeavingReason(const std::string& raw, const ConnectorConfig& config) {
  const std::string f = Fold(raw);
  if (auto it = config.leaving_reasons.find(f); it != config.leaving_reasons.end()) return it->second;
  if (f.empty() || f == "not known" || f == "unknown") return LEAVING_REASON_NOT_KNOWN;
  for (const auto& other : EsrOtherReasons()) {
    if (f == other) return LEAVING_REASON_OTHER;
  }
  for (const auto& [keyword, reason] : KeywordRules()) {
    if (f.find(keyword) != std::string::npos) return reason;
  }
  return std::nullopt;
}

std::optional<std::string> MapCourseCategory(const std::string& raw, const ConnectorConfig& config) {
  const std::string f = Fold(raw);
  if (auto it = config.course_categories.find(f); it != config.course_categories.end()) return it->second;
  for (const auto& [label, id] : config.course_categories) {
    if (Fold(id) == f) return id;  // the source already holds one of the identifiers
  }
  return std::nullopt;
}

Status LoadClosedList(const ConfigFile& file, const std::string& field, const YAML::Node& labels,
                      ConnectorConfig& config) {
  if (field != "leaving_reason" && field != "course_category") return Status::Ok();
  for (const auto& kv : labels) {
    const std::string value = kv.second.IsScalar() ? kv.second.Scalar() : "";
    if (field == "leaving_reason") {
      auto reason = ParseLeavingReasonName(value);
      if (!reason) {
        return Status::InvalidArgument(file.Where(kv.second) + ": values.leaving_reason: '" + kv.first.Scalar() +
                                       "' maps to '" + value + "'; leaving reasons are " + AcceptedReasonNames());
      }
      config.leaving_reasons[Fold(kv.first.Scalar())] = *reason;
    } else {
      if (!protocol::IsCategoryId(value)) {
        return Status::InvalidArgument(file.Where(kv.second) + ": values.course_category: '" + kv.first.Scalar() +
                                       "' maps to '" + value +
                                       "', which is not a category identifier (1 to 32 of A-Z, 0-9 and '_', "
                                       "e.g. LEADERSHIP); only the identifier is sent");
      }
      config.course_categories[Fold(kv.first.Scalar())] = value;
    }
  }
  return Status::Ok();
}

}  // namespace dxhub::connector
