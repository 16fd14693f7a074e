// Shared helpers of the store integration tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dxhub/client/store_client.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

inline constexpr std::chrono::milliseconds kCallTimeout{5000};

inline wire::v1::Request IngestOf(const std::vector<event::v1::Event>& events, const std::string& batch_id = "b") {
  wire::v1::Request request;
  request.mutable_ingest()->set_batch_id(batch_id);
  for (const auto& e : events) *request.mutable_ingest()->add_events() = e;
  return request;
}

// Store options with `limits_yaml` (lines indented by two spaces) under `limits:`.
inline StoreProcessOptions WithLimits(const std::string& limits_yaml) {
  StoreProcessOptions options;
  options.extra_limits_yaml = limits_yaml;
  return options;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace dxhub::testing
