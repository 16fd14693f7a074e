// Turns raw counts into published cells through dxhub::stats disclosure
// control. This is the only place a cube cell is made, so every cell is
// protected: a suppressed cell is built from its identity alone and never
// sees the figure it withholds. Pure functions over a CellContext; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dxhub/aggregator/config.h"
#include "dxhub/aggregator/v1/aggregator.pb.h"
#include "dxhub/stats/cell.h"

namespace dxhub::aggregator {

using dxhub::aggregator::v1::Cell;
using dxhub::aggregator::v1::Cube;

// The exact counts (numerator, denominator) behind a cube's shown proportion
// cells, keyed by indicator '\0' breakdown. Never published: kept beside the
// cubes so the next census date can test its change on exact counts.
using ExactProportions = std::map<std::string, std::pair<int64_t, int64_t>>;

// What every cell of one cube shares.
struct CellContext {
  const IndicatorSettings* settings = nullptr;
  int64_t census_day = 0;
  std::string mapping_version;
  // The previous census date's exact proportions of the same scope, if any:
  // a shown proportion gets its change_since_previous from them.
  const ExactProportions* previous = nullptr;
};

// Cells of one cube as they are made.
class CellSink {
 public:
  explicit CellSink(CellContext context) : context_(std::move(context)) {}

  const CellContext& context() const { return context_; }
  const stats::DisclosurePolicy& policy() const { return context_.settings->disclosure; }
  const IndicatorSettings& settings() const { return *context_.settings; }

  // A count published as given (already protected, e.g. by a table).
  void Count(const std::string& indicator, const std::string& breakdown, const stats::Cell& cell);
  // numerator / denominator with its Wilson interval and, when the previous
  // census date's cell was shown too, its change since then (stats::ChangeBetween).
  void Proportion(const std::string& indicator, const std::string& breakdown, int64_t numerator,
                  int64_t denominator);
  // (a / n1) / (b / n2) with its Katz interval and, when `classify`, its
  // four-fifths class (callers orient it so that above 1 is adverse to BME staff).
  void RelativeLikelihood(const std::string& indicator, const std::string& breakdown, int64_t a, int64_t n1,
                          int64_t b, int64_t n2, bool classify = true);
  // a / n1 − b / n2 in percentage points with the Newcombe interval.
  void DifferencePp(const std::string& indicator, const std::string& breakdown, int64_t a, int64_t n1, int64_t b,
                    int64_t n2);
  // a / n1 − reference (0..1), in percentage points, interval shifted from Wilson.
  void GapToReferencePp(const std::string& indicator, const std::string& breakdown, int64_t a, int64_t n1,
                        double reference);
  // A mean, median or gap over `individuals` people (counts shown beside it are protected).
  void Measure(const std::string& indicator, const std::string& breakdown, double value, int64_t individuals,
               int64_t min_individuals);
  // A cell withheld for a reason other than small numbers (e.g. inconsistent inputs).
  void Withheld(const std::string& indicator, const std::string& breakdown, v1::ValueKind kind);
  // The cell made last, to refine (e.g. its significance); nullptr if none.
  Cell* Last() { return cells_.empty() ? nullptr : &cells_.back(); }
  // A fully formed cell (targets).
  void Add(Cell cell) { cells_.push_back(std::move(cell)); }

  Cell Identity(const std::string& indicator, const std::string& breakdown, v1::ValueKind kind) const;
  // The cells, sorted by (indicator, breakdown).
  std::vector<Cell> Take();
  // The exact counts of the shown proportions made so far.
  const ExactProportions& exact() const { return exact_; }

 private:
  CellContext context_;
  std::vector<Cell> cells_;
  ExactProportions exact_;
};

// Whether `c` is a suppressed cell carrying its identity only (indicator,
// breakdown, kind, census date, mapping version) and nothing of its figure.
bool CarriesNoFigure(const Cell& c);

// The family an indicator name belongs to.
v1::IndicatorFamily FamilyOf(const std::string& indicator);

}  // namespace dxhub::aggregator
