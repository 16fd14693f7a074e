// The published figures of the report (section 4.2.6) that the simulation is
// calibrated against, each computed from the generated workforce the way that
// partner computes it (BTHFT: Band 8a and above incl. VSM over staff with a
// known ethnicity; the council: the top 5% of permanent earners by FTE-
// equivalent hourly pay via dxhub::stats::TopEarners; police: by rank), and
// the table `dxsim --calibration` prints. Functions are thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dxhub/sim/civil_date.h"
#include "dxhub/sim/generator.h"

namespace dxhub::sim {

struct CalibrationFigure {
  enum class Comparison : uint8_t { kAbout, kAtLeast };

  std::string_view org_id;
  std::string_view measure;              // what is counted, in words
  std::vector<std::string_view> grades;  // grade labels; empty = whole workforce
  bool top_earners = false;              // the top 5% of earners instead of grades
  Attribute attribute = Attribute::kEthnicallyDiverse;
  Date census;
  double published_percent = 0.0;
  int published_count = -1;  // exact numerator where the report gives one
  Comparison comparison = Comparison::kAbout;

  // Filled in from the generated data.
  int numerator = 0;
  int denominator = 0;
  double percent = 0.0;
  bool computed = false;

  // Within `tolerance` percentage points (or at least the published value),
  // and the exact count where one is published.
  bool Matches(double tolerance = 0.5) const;
};

// The report's figures, not yet computed.
std::vector<CalibrationFigure> PublishedFigures();

// Computes each figure whose partner and census match `population`'s current census.
void ComputeFigures(const Population& population, std::vector<CalibrationFigure>& figures);

// Generates the partners the figures need at scale 1 and computes every
// figure; `error` is set if generation failed.
std::vector<CalibrationFigure> Calibrate(uint64_t seed, std::string& error);

// A Markdown table: partner, figure, census, published, generated, n / N, match.
std::string FormatCalibrationTable(const std::vector<CalibrationFigure>& figures);

}  // namespace dxhub::sim
