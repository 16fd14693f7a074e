// The connector config the planner tests share: org BTHFT, staff extracts in
// `source_dir` with the generic profile, grade table "band 5" (core) and
// "band 8a" (senior) under mapping m1. A plain value.
#pragma once

#include <filesystem>

#include "dxhub/connector/connector_config.h"

namespace dxhub::connector {

inline ConnectorConfig PlannerTestConfig(const std::filesystem::path& source_dir) {
  ConnectorConfig config;
  config.org_id = "BTHFT";
  config.connector_id = "bthft-test";
  config.profile = "generic";
  config.source_dir = source_dir;
  config.mapping.version = "m1";
  config.mapping.grades = {{"band 5", dxhub::event::v1::TIER_CORE}, {"band 8a", dxhub::event::v1::TIER_SENIOR}};
  return config;
}

}  // namespace dxhub::connector
