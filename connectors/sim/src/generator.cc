#include "dxhub/sim/generator.h"

#include <algorithm>
#include <cmath>

namespace dxhub::sim {

std::vector<const PartnerProfile*> SelectPartners(const std::vector<std::string>& ids,
                                                  std::string& error) {
  std::vector<const PartnerProfile*> selected;
  for (const std::string& id : ids) {
    if (FindPartner(id) == nullptr) {
      error = "unknown partner '" + id + "'; known partners:";
      for (const PartnerProfile& p : AllPartners()) error += " " + std::string(p.org_id);
      return {};
    }
  }
  for (const PartnerProfile& p : AllPartners()) {
    if (ids.empty() || std::find(ids.begin(), ids.end(), p.org_id) != ids.end()) {
      selected.push_back(&p);
    }
  }
  return selected;
}

std::string Generate(const GeneratorOptions& options, CensusSink& sink) {
  if (!(options.scale > 0.0) || !std::isfinite(options.scale) || options.scale > 500.0) {
    return "scale must be greater than 0 and at most 500 (staff numbers have seven digits)";
  }
  std::string error;
  const std::vector<const PartnerProfile*> partners = SelectPartners(options.partners, error);
  if (!error.empty()) return error;
  const std::vector<Date>& dates = CensusDates();
  for (const PartnerProfile* profile : partners) {
    Population population(*profile, options.seed, options.scale);
    population.Start(dates.front());
    if (!sink.BeginPartner(population) || !sink.OnCensus(population)) return sink.error();
    for (size_t d = 1; d < dates.size(); ++d) {
      population.Advance(dates[d]);
      if (!sink.OnCensus(population)) return sink.error();
    }
    if (!sink.EndPartner(population)) return sink.error();
  }
  return "";
}

}  // namespace dxhub::sim
