// The peer-review benchmark of one cycle (SPEC section 5; issue 16): the
// moderated ratings combined with the aggregator's indicators at the cycle's
// census date. Build() is a pure function of its inputs (the cycle's events
// in sequence order, the framework, the aggregator's cubes and its freshness),
// so the same history gives a byte-identical report. Quantiles: see Quartiles().
// No league table: organisations are placed against the place's quartiles per
// question and per indicator, never ranked overall.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/aggregator/v1/aggregator.pb.h"
#include "dxhub/benchmark/framework.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::benchmark {

// Median and quartiles by linear interpolation between order statistics
// (Hyndman and Fan type 7; R's default, Excel's QUARTILE.INC): for sorted
// x[0..n-1] and p in {0.25, 0.5, 0.75}, h = (n - 1) p and
// Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
struct Quartiles {
  size_t n = 0;
  double q1 = 0;
  double median = 0;
  double q3 = 0;
};
std::optional<Quartiles> ComputeQuartiles(std::vector<double> values);
double Quantile(const std::vector<double>& sorted, double p);

// Where a value sits against the place: below Q1, Q1..Q3, or above Q3.
enum class Band { kLowestQuarter, kMiddleHalf, kHighestQuarter };
Band BandOf(double value, const Quartiles& q);
const char* BandName(Band band);

// Everything the report is built from.
struct BenchmarkInputs {
  // review_cycle, self_assessment and peer_review events of the store, in seq order
  // (others are ignored).
  std::vector<dxhub::event::v1::StoredEvent> events;
  Framework framework;
  // The aggregator's cubes at the cycle's census date: one per participant
  // (missing when it has none) and "PLACE".
  std::vector<dxhub::aggregator::v1::Cube> cubes;
  uint64_t aggregator_applied_seq = 0;
  uint64_t store_head_seq = 0;
};

struct OrgRating {
  std::string org_id;
  std::optional<int> self_level;
  std::optional<int> moderated_level;  // set only when the paired review arrived
  std::string evidence;                // the organisation's own evidence
  std::string reviewer;                // the reviewer's org id
  std::string comment;                 // the reviewer's comment
};

struct QuestionResult {
  const Question* question = nullptr;
  std::vector<OrgRating> ratings;           // one per participant, in participant order
  std::optional<Quartiles> place;           // over moderated levels
  std::array<int, 4> distribution{};        // count of moderated levels 1..4
  int reviewed = 0;                         // organisations with a moderated level
  std::vector<std::string> learn_from;      // highest-rated organisations (level >= 3)
};

struct IndicatorValue {
  std::string org_id;
  bool present = false;      // the cube has the cell
  bool suppressed = false;
  bool defined = true;       // false: the figure is not a number (e.g. a ratio with no one in a group compared)
  double value = 0;
  int64_t numerator = 0;
  int64_t denominator = 0;
  std::string four_fifths;   // for relative likelihoods: "no adverse impact", ...
  std::optional<Band> band;

  // A figure to compare: in the cube, not suppressed, and a number.
  bool published() const { return present && !suppressed && defined; }
};

struct IndicatorResult {
  IndicatorLink link;
  std::vector<std::string> question_ids;   // questions read beside it
  std::vector<IndicatorValue> values;      // one per participant
  std::optional<Quartiles> place;          // over published (unsuppressed) organisation values
  std::optional<double> place_value;       // the PLACE cube's own figure
  bool place_suppressed = false;
};

struct ThemeEntry {
  const Question* question = nullptr;
  int count = 0;   // organisations at Embedded or above (strength) / Developing or below (gap)
  int of = 0;      // organisations with a moderated rating
};

struct SelfPeerGap {
  std::string org_id;
  std::string reviewer;
  int rated = 0;
  int moderated_down = 0;
  int moderated_up = 0;
  double mean_gap = 0;  // mean of self - moderated over reviewed questions
};

struct CycleSubmission {
  std::string org_id;
  bool self_assessment = false;
  std::string reviewer;        // paired reviewer ("" when none)
  bool review = false;
};

// Move-only: the question pointers point into `framework`.
struct BenchmarkReport {
  BenchmarkReport() = default;
  BenchmarkReport(BenchmarkReport&&) = default;
  BenchmarkReport& operator=(BenchmarkReport&&) = default;
  BenchmarkReport(const BenchmarkReport&) = delete;
  BenchmarkReport& operator=(const BenchmarkReport&) = delete;

  dxhub::event::v1::ReviewCycle cycle;
  bool provisional = false;    // the cycle is still open
  uint64_t cycle_seq = 0;      // seq of the cycle's latest state
  Framework framework;
  std::vector<ThemeEntry> shared_strengths;
  std::vector<ThemeEntry> shared_gaps;
  std::vector<CycleSubmission> submissions;
  std::vector<std::string> missing;          // sentences: missing reviews and self-assessments
  std::vector<QuestionResult> questions;     // framework order
  std::vector<SelfPeerGap> gaps;             // participant order
  std::vector<IndicatorResult> indicators;   // framework order of first use
  std::vector<std::string> comparability;    // notes that travel with every comparison
};

// Builds the report of `cycle_id`; NotFound when no such cycle was opened.
Result<BenchmarkReport> Build(const BenchmarkInputs& inputs, const std::string& cycle_id);

// Share threshold of the themes: a question is a shared strength when at least
// this share of the rated organisations is at level 3 or 4, a shared gap when
// at least this share is at level 1 or 2.
inline constexpr double kThemeShare = 0.75;

}  // namespace dxhub::benchmark
