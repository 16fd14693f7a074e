#include "dxhub/aggregator/query.h"

#include <algorithm>
#include <cctype>

#include "dxhub/aggregator/publish.h"
#include "dxhub/aggregator/snapshot.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {

using namespace dxhub::aggregator::v1;

std::string ScopeOf(const std::string& requested) {
  std::string lower = requested;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return requested.empty() || lower == kPlaceScope ? std::string(kPlaceScope) : requested;
}

IndicatorResponse AnswerIndicators(const CubeSet& set, const IndicatorRequest& request, uint64_t applied_seq) {
  IndicatorResponse response;
  const std::string scope = ScopeOf(request.scope());
  const bool one_date = request.has_census_date() && !protocol::IsUnset(request.census_date());
  const int64_t day = one_date ? protocol::DaysFromCivil(request.census_date()) : 0;
  std::vector<const Cube*> included;
  for (const auto& [key, stored] : set.cubes()) {
    if (key.first != scope || (one_date && key.second != day)) continue;
    Cube* cube = response.add_cubes();
    *cube = stored.cube();
    if (request.family() != INDICATOR_FAMILY_UNSPECIFIED) {
      auto* cells = cube->mutable_cells();
      cells->erase(std::remove_if(cells->begin(), cells->end(),
                                  [&](const Cell& c) { return FamilyOf(c.indicator()) != request.family(); }),
                   cells->end());
    }
  }
  for (const auto& c : response.cubes()) included.push_back(&c);
  response.set_digest(CubeDigest(included));
  response.set_applied_seq(applied_seq);
  return response;
}

v1::ReferencePopulation PublishedReference(const aggregator::ReferencePopulation& population) {
  v1::ReferencePopulation out;
  out.set_name(population.name);
  out.set_population(population.population);
  out.set_bme_share(population.bme_share);
  out.set_white_share(population.white_share);
  return out;
}

std::string DescribeFreshness(const IndicatorResponse& response) {
  std::string line = "applied seq " + std::to_string(response.applied_seq()) + " of store head " +
                     std::to_string(response.store_head_seq());
  if (response.catching_up()) {
    line += "; the aggregator is still catching up with the store: figures may be partial";
  } else if (response.applied_seq() < response.store_head_seq()) {
    line += "; " + std::to_string(response.store_head_seq() - response.applied_seq()) + " event(s) not yet applied";
  } else {
    line += "; up to date";
  }
  return line;
}

void AddHeldOut(const State& state, const std::string& scope, IndicatorResponse& response) {
  for (const auto& [org_id, org] : state.orgs()) {
    const HeldOut& h = org.held_out;
    if (h.total() == 0 || (scope != kPlaceScope && scope != org_id)) continue;
    HeldOutInputs* out = response.add_held_out();
    out->set_org_id(org_id);
    out->set_before_earliest(h.before_earliest);
    out->set_beyond_horizon(h.beyond_horizon);
    out->set_last_seq(h.last_seq);
    out->set_last_payload_type(h.last_type);
    *out->mutable_last_occurred_at() = protocol::CivilFromDays(h.last_day);
  }
}

std::vector<std::string> DescribeHeldOut(const IndicatorResponse& response) {
  std::vector<std::string> lines;
  for (const HeldOutInputs& h : response.held_out()) {
    const uint64_t n = h.before_earliest() + h.beyond_horizon();
    std::string why;
    if (h.beyond_horizon() > 0) {
      why = std::to_string(h.beyond_horizon()) + " dated more than the horizon after it was sent";
    }
    if (h.before_earliest() > 0) {
      why += (why.empty() ? "" : ", ") + std::to_string(h.before_earliest()) + " dated before the earliest date";
    }
    lines.push_back(h.org_id() + ": " + std::to_string(n) + (n == 1 ? " input" : " inputs") +
                    " held out of the figures (" + why + "); the latest, " + h.last_payload_type() + " seq " +
                    std::to_string(h.last_seq()) + ", is dated " + protocol::DateToString(h.last_occurred_at()) +
                    ": correct the date at source");
  }
  return lines;
}

std::string ChangeWords(v1::Change change) {
  switch (change) {
    case v1::CHANGE_UP: return "up";
    case v1::CHANGE_DOWN: return "down";
    case v1::CHANGE_NO_SIGNIFICANT_CHANGE: return "no significant change";
    default: return "";
  }
}

RestatementListResponse AnswerRestatements(const CubeSet& set, const RestatementListRequest& request) {
  RestatementListResponse response;
  const uint64_t from = std::max<uint64_t>(request.from_id(), 1);
  const size_t max = request.max_items() == 0 ? 1000 : std::min<size_t>(request.max_items(), 1000);
  const std::string scope = request.scope().empty() ? "" : ScopeOf(request.scope());
  uint64_t next = from;
  for (const auto& r : set.restatements()) {
    if (r.id() < from) continue;
    if (static_cast<size_t>(response.items_size()) >= max) break;
    next = r.id() + 1;
    if (!scope.empty() && r.scope() != scope) continue;
    *response.add_items() = r;
  }
  response.set_next_id(next);
  return response;
}

CubeDigestResponse AnswerDigest(const CubeSet& set, uint64_t applied_seq) {
  CubeDigestResponse response;
  response.set_digest(AllCubesDigest(set));
  response.set_cubes(set.cubes().size());
  response.set_applied_seq(applied_seq);
  for (int64_t day : set.census_days()) *response.add_census_dates() = protocol::CivilFromDays(day);
  return response;
}

}  // namespace dxhub::aggregator
