// dxhub-aggregator's configuration (YAML): its data directory, the store it
// follows, its own query endpoints and keys, and the indicator settings
// (disclosure thresholds, reference population, windows). Loaded once at
// start-up; every error names file:line:col. Plain values, copied freely.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "dxhub/aggregator/state.h"
#include "dxhub/client/store_client.h"
#include "dxhub/common/status.h"
#include "dxhub/event/v1/types.pb.h"
#include "dxhub/service/service_config.h"
#include "dxhub/stats/disclosure.h"
#include "dxhub/stats/relative_likelihood.h"

namespace dxhub::aggregator {

// District population the workforce is compared with (DOMAIN.md: Bradford, Census 2021).
struct ReferencePopulation {
  std::string name = "Bradford district (Census 2021)";
  int64_t population = 546400;
  double white_share = 0.611;
  double bme_share = 0.389;
  // Other published group shares (e.g. "pakistani" -> 0.255), reported as given.
  std::map<std::string, double> groups = {{"pakistani", 0.255}};
};

// Everything the indicator computation depends on besides the events.
struct IndicatorSettings {
  stats::DisclosurePolicy disclosure;
  stats::FourFifthsRange four_fifths;
  ReferencePopulation population;
  // Ethnic categories of the pay-gap reference group (default White British).
  std::set<dxhub::event::v1::Ethnicity> pay_reference = {dxhub::event::v1::ETHNICITY_A_WHITE_BRITISH};
  // Smallest group a pay gap is published for (DOMAIN.md: 10).
  int64_t pay_min_group = 10;
  // Share of FTE counted as the top earners.
  double top_earner_share = 0.05;
  int disciplinary_window_months = 24;
  int recruitment_window_months = 12;
  int training_window_months = 12;
  int progression_window_months = 12;
  // Programme outcomes are measured 6..12 months after completion.
  int programme_min_months = 6;
  int programme_max_months = 12;
  double programme_ambition = 0.80;
  // Effective dates that enter the figures (`calendar: {earliest, horizon_days}`).
  CalendarBounds calendar;
  // Threads a cube refresh computes scopes on (`refresh_threads`; 0 = one per
  // core, at most 4). The cubes are the same whatever the number.
  int refresh_threads = 0;
  // A refresh holds requests this long (a cube query that found the cubes
  // dirty among them), then answers them while it computes (stats at once;
  // cube queries UNAVAILABLE, to ask again): `refresh_answer_after_ms`, 0 =
  // from its start (issue 18: the first refresh of a national history takes
  // tens of seconds).
  int64_t refresh_answer_after_ms = 1000;
};

struct AggregatorConfig {
  std::filesystem::path data_dir;
  // The store: request endpoint (+ keys) and PUB endpoint.
  client::Endpoint store;
  std::string store_publish;
  // This service's query endpoints (CURVE tcp, default tcp://127.0.0.1:7411,
  // and a local ipc admin socket), keys, query clients and log settings.
  service::ServiceConfig service;
  IndicatorSettings indicators;
};

Result<AggregatorConfig> LoadAggregatorConfig(const std::filesystem::path& path);
// The same from a parsed file (ConfigFile::Parse for text; the fuzz targets).
Result<AggregatorConfig> ReadAggregatorConfig(const ConfigFile& file);

// Parses an `indicators:` mapping (also used by tests with inline YAML).
Result<IndicatorSettings> ParseIndicatorSettings(const std::string& yaml, const std::string& name);

}  // namespace dxhub::aggregator
