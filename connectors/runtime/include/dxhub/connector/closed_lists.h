// The closed lists that replace the free text of the partner's files before
// anything leaves the site (SPEC section 3): leaving reasons (the contract's
// LeavingReason; ESR's standard reasons are built in, `values.leaving_reason`
// overrides them) and course categories (identifiers the partner lists under
// `values.course_category`). A label that maps to nothing is sent as OTHER
// and reported in the partner's own log, never sent. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "dxhub/common/config.h"
#include "dxhub/common/status.h"
#include "dxhub/connector/connector_config.h"
#include "dxhub/event/v1/payloads.pb.h"

namespace dxhub::connector {

// The category every unmapped course is sent as.
inline constexpr char kOtherCategory[] = "OTHER";

// A leaving reason as configs write it ("RESIGNATION", "END_OF_FIXED_TERM"...;
// the LEAVING_REASON_ prefix is optional). ABSENT_FROM_EXTRACT is the
// connector's own and is not accepted.
std::optional<dxhub::event::v1::LeavingReason> ParseLeavingReasonName(const std::string& name);

// The reason for a source label: `values.leaving_reason` first, then the
// built-in table of ESR's standard reasons and its keyword rules; blank is
// NOT_KNOWN. nullopt when nothing maps it (the caller sends OTHER and warns).
std::optional<dxhub::event::v1::LeavingReason> MapLeavingReason(const std::string& raw, const ConnectorConfig& config);

// The category identifier for a course label: `values.course_category`, or the
// label itself when it is one of the configured identifiers. nullopt when
// nothing maps it (the caller sends kOtherCategory and warns).
std::optional<std::string> MapCourseCategory(const std::string& raw, const ConnectorConfig& config);

// Checks and loads `values.<field>` for the closed-list fields (leaving_reason,
// course_category) into `config`; other fields are left alone. Errors name
// file:line:col and the accepted values.
Status LoadClosedList(const ConfigFile& file, const std::string& field, const YAML::Node& labels,
                      ConnectorConfig& config);

}  // namespace dxhub::connector
