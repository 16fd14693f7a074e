// Runs the simulated partners: for each selected partner in turn, one
// Population from the first census date to the last, handing it to a sink
// after every census. Partners are independent (each draws from its own Rng
// streams), so generating a subset gives those partners the same output as a
// full run. Only one partner's people are in memory at a time. Runs on the
// calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dxhub/sim/partner_profile.h"
#include "dxhub/sim/population.h"

namespace dxhub::sim {

// The report's date, 12 September 2023.
inline constexpr uint64_t kDefaultSeed = 20230912;

struct GeneratorOptions {
  uint64_t seed = kDefaultSeed;
  double scale = 1.0;                 // multiplies headcounts, 0 < scale <= 500; calibrated at 1
  std::vector<std::string> partners;  // org ids; empty means all eight
};

// Receives each partner's population as it moves through the census dates.
// A method returning false stops the run; error() then says why.
class CensusSink {
 public:
  virtual ~CensusSink() = default;
  virtual bool BeginPartner(const Population& population) = 0;
  // After Start() (first census) or Advance(); population.changes().census is the date.
  virtual bool OnCensus(const Population& population) = 0;
  virtual bool EndPartner(const Population& population) = 0;
  virtual std::string error() const = 0;
};

// The profiles for `ids` (all when empty), in AllPartners() order; an unknown
// id leaves `error` naming it and the known ones.
std::vector<const PartnerProfile*> SelectPartners(const std::vector<std::string>& ids,
                                                  std::string& error);

// Generates every selected partner into `sink`; returns "" on success, else
// a message a person can act on.
std::string Generate(const GeneratorOptions& options, CensusSink& sink);

}  // namespace dxhub::sim
