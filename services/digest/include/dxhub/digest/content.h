// What a digest says (issue 17, SPEC section 6), built ONLY from the replies
// of the services that own the figures: the aggregator's indicator cubes and
// restatements (already disclosure-controlled, with their change since the
// previous census date decided on exact counts), the benchmark service's
// report, and the store's stats (per-connector completeness). Nothing here
// computes a figure: values are formatted, compared with nothing but the
// thresholds the cells already carry (four-fifths class, significance), and
// trend words come from the aggregator's `change_since_previous`.
//
// The content is a list of sections, each a few sentences, charts (PNG in the
// mail, drawn in the PDF) and a table of formatted figures; the renderers (render.h) turn the same
// content into HTML, plain text, CSV (every table row: every figure shown)
// and PDF. Pure functions over plain values: thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dxhub/aggregator/v1/aggregator.pb.h"
#include "dxhub/benchmark/v1/benchmark.pb.h"
#include "dxhub/digest/chart.h"
#include "dxhub/digest/trend_chart.h"
#include "dxhub/mgmt/v1/mgmt.pb.h"

namespace dxhub::digest {

// The replies a digest is made of, as the services gave them.
struct DigestSources {
  // Scope "PLACE", every census date.
  dxhub::aggregator::v1::IndicatorResponse place;
  // Each partner's cubes, every census date, keyed by org id.
  std::map<std::string, dxhub::aggregator::v1::IndicatorResponse> partners;
  // Restatements recorded since the last digest (the caller asks from that id).
  dxhub::aggregator::v1::RestatementListResponse restatements;
  // The latest peer-review cycle's report, if there is a cycle.
  std::optional<dxhub::benchmark::v1::BenchmarkReport> benchmark;
  // dxhub-store's stats (connector_* counters).
  dxhub::mgmt::v1::StatsResponse store_stats;
};

// Content profiles: which sections a schedule's digest holds.
enum class Profile {
  kSummary,  // "summary": place summary, partners, four-fifths, completeness, delivery notes
  kFull,     // "full": every section
};
Result<Profile> ParseProfile(const std::string& name);

struct DigestOptions {
  Profile profile = Profile::kFull;
  std::string title = "Workforce race equality digest";
  std::string schedule_id;   // shown in the footer
  std::string slot;          // the slot's nominal Europe/London minute, e.g. 2024-11-01T07:00
  std::string late_note;     // non-empty: this digest was sent late (why)
  // Partners' display names by org id (the digest config's `partners:`); an
  // org without one is shown by its id.
  std::map<std::string, std::string> partner_names;
  std::vector<std::string> delivery_problems;  // permanent failures since the last digest
  int64_t now_unix = 0;      // for staleness wording
};

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // formatted figures, one string per column
};

using Chart = std::variant<BarChart, TrendChart>;
const std::string& ChartTitle(const Chart& chart);

struct Section {
  std::string id;                       // stable, e.g. "partners"; the CSV's first column
  std::string title;
  std::vector<std::string> paragraphs;  // sentences a person reads first
  std::vector<Chart> charts;
  Table table;
};

struct DigestContent {
  std::string title;
  std::string subtitle;              // census date and freshness
  std::vector<std::string> notices;  // late, partial figures, delivery problems: shown on top
  std::vector<Section> sections;
};

DigestContent BuildDigestContent(const DigestSources& sources, const DigestOptions& options);

// Words used by the content (exposed for the tests and the renderers).
std::string IndicatorLabel(const std::string& indicator);
// "PLACE" -> "Place (all partners)"; an org id -> its display name, else the id.
std::string PartnerLabel(const std::string& scope, const std::map<std::string, std::string>& names);

}  // namespace dxhub::digest
