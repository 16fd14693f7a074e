// Pay (SPEC 4.5), where hourly_pay_pence is supplied: ethnicity pay quartiles,
// mean and median hourly pay gap of BME staff against the reference group
// (default White British), and the diversity of the top 5% of earners.
#include <algorithm>
#include <cmath>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/stats/pay.h"
#include "dxhub/stats/top_earners.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

namespace {

void AddQuartilesAndGaps(const std::vector<const Member*>& paid, CellSink& out) {
  std::vector<stats::PayInput> inputs;
  std::vector<double> reference, bme;
  for (const Member* m : paid) {
    const double pay = static_cast<double>(m->record->hourly_pay_pence) / 100.0;
    inputs.push_back({pay, static_cast<int>(m->group)});
    if (out.settings().pay_reference.count(m->record->ethnicity()) > 0) reference.push_back(pay);
    if (m->group == EthnicGroup::kBme) bme.push_back(pay);
  }
  if (inputs.empty()) return;
  const auto quartiles = stats::ComputePayQuartiles(inputs);
  for (int q = 0; q < 4; ++q) {
    const auto quartile = static_cast<stats::PayQuartile>(q);
    const int64_t white = quartiles.Count(quartile, static_cast<int>(EthnicGroup::kWhite));
    const int64_t bme_n = quartiles.Count(quartile, static_cast<int>(EthnicGroup::kBme));
    out.Proportion("pay_quartile_bme_share", "quartile=" + std::to_string(q + 1), bme_n, white + bme_n);
  }
  const auto gap = stats::ComputePayGap(reference, bme);
  const int64_t individuals = std::min(gap.reference_count, gap.group_count);
  const int64_t min_group = out.settings().pay_min_group;
  out.Measure("pay_gap_mean_pct", "BME_vs_reference", gap.mean_gap_percent, individuals, min_group);
  out.Measure("pay_gap_median_pct", "BME_vs_reference", gap.median_gap_percent, individuals, min_group);
}

// The top earners among permanent staff (stats::TopEarners: FTE-weighted,
// ties on the boundary included), and the BME share of those with a known group.
void AddTopEarners(const std::vector<const Member*>& paid, CellSink& out) {
  std::vector<stats::EarnerInput> inputs;
  for (size_t i = 0; i < paid.size(); ++i) {
    const StaffEntry& e = *paid[i]->record;
    if (e.contract() != CONTRACT_TYPE_PERMANENT || e.fte_milli <= 0) continue;
    inputs.push_back({i, static_cast<double>(e.fte_milli) / 1000.0, static_cast<double>(e.hourly_pay_pence)});
  }
  if (inputs.empty()) return;
  // Marked by index (each a place in `paid`): one look per input, not a search of the list.
  std::vector<char> in_top(paid.size(), 0);
  for (size_t index : stats::TopEarners(inputs, out.settings().top_earner_share)) in_top[index] = 1;
  std::vector<stats::EarnerInput> known;
  int64_t bme = 0;
  for (const auto& in : inputs) {
    if (!in_top[in.index]) continue;
    const EthnicGroup g = paid[in.index]->group;
    if (g == EthnicGroup::kUnknown) continue;
    known.push_back(in);
    if (g == EthnicGroup::kBme) ++bme;
  }
  const auto n = static_cast<int64_t>(known.size());
  out.Proportion("top5_bme_share", "top_earners", bme, n);
  // The FTE-weighted share (BVPI 11b) is shown only beside a shown headcount
  // share: share × n would otherwise give a withheld count back.
  if (out.Last()->suppressed()) return out.Withheld("top5_bme_share_fte", "top_earners", v1::VALUE_KIND_MEASURE);
  const double fte_share =
      stats::FteWeightedShare(known, [&](size_t index) { return paid[index]->group == EthnicGroup::kBme; });
  out.Measure("top5_bme_share_fte", "top_earners", fte_share, n, out.policy().min_denominator_for_rate);
}

}  // namespace

void AddPay(const Snapshot& s, CellSink& out) {
  std::vector<const Member*> paid;
  for (const Member& m : s.workforce) {
    if (m.record->hourly_pay_pence > 0) paid.push_back(&m);
  }
  AddQuartilesAndGaps(paid, out);
  AddTopEarners(paid, out);
}

}  // namespace dxhub::aggregator
