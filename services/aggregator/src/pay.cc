// Pay (SPEC 4.5), where hourly_pay_pence is supplied: ethnicity pay quartiles,
// mean and median hourly pay gap of BME staff against the reference group
// (default White British), and the diversity of the top 5% of earners.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/stats/pay.h"
#include "dxhub/stats/top_earners.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

namespace {

// What the pay figures read of a paid member, copied in one pass in
// workforce order (read in pay order, each a record elsewhere in memory
// would be a cache miss).
struct PaidMember {
  int32_t fte_milli = 0;
  EthnicGroup group = EthnicGroup::kUnknown;
  bool reference = false;  // of the pay gap's reference group
  bool permanent = false;
};

// The paid members ranked once by pay, lowest first, then by their place in
// the workforce: the quartiles, the gaps and the top earners all read this one
// order (issue 18: sorting the same people three times, as doubles and as
// earners, was 9% of a scale-3 rebuild). Each key is pay << 32 | place in `paid`.
struct RankedPay {
  std::vector<PaidMember> paid;  // in workforce order
  std::vector<uint64_t> keys;    // ascending

  int32_t PenceAt(size_t k) const { return static_cast<int32_t>(keys[k] >> 32); }
  size_t PlaceAt(size_t k) const { return static_cast<size_t>(keys[k] & 0xffffffffu); }
};

RankedPay RankByPay(const std::vector<Member>& workforce, const IndicatorSettings& settings) {
  std::array<bool, 256> reference{};  // by ethnicity code, as a StaffEntry keeps it
  for (Ethnicity e : settings.pay_reference) {
    if (e >= 0 && e < 255) reference[static_cast<size_t>(e)] = true;
  }
  RankedPay r;
  for (const Member& m : workforce) {
    const StaffEntry& e = *m.record;
    if (e.hourly_pay_pence <= 0) continue;
    r.keys.push_back(static_cast<uint64_t>(e.hourly_pay_pence) << 32 | r.paid.size());
    r.paid.push_back({e.fte_milli, m.group, reference[e.ethnicity_code], e.contract() == CONTRACT_TYPE_PERMANENT});
  }
  std::sort(r.keys.begin(), r.keys.end());
  return r;
}

void AddQuartilesAndGaps(const RankedPay& ranked, CellSink& out) {
  std::vector<stats::PayInput> inputs;  // ascending, as the keys
  std::vector<double> reference, bme;   // ascending
  inputs.reserve(ranked.keys.size());
  for (size_t k = 0; k < ranked.keys.size(); ++k) {
    const PaidMember& m = ranked.paid[ranked.PlaceAt(k)];
    const double pay = static_cast<double>(ranked.PenceAt(k)) / 100.0;
    inputs.push_back({pay, static_cast<int>(m.group)});
    if (m.reference) reference.push_back(pay);
    if (m.group == EthnicGroup::kBme) bme.push_back(pay);
  }
  if (inputs.empty()) return;
  const auto quartiles = stats::ComputePayQuartilesOfRanked(inputs);
  for (int q = 0; q < 4; ++q) {
    const auto quartile = static_cast<stats::PayQuartile>(q);
    const int64_t white = quartiles.Count(quartile, static_cast<int>(EthnicGroup::kWhite));
    const int64_t bme_n = quartiles.Count(quartile, static_cast<int>(EthnicGroup::kBme));
    out.Proportion("pay_quartile_bme_share", "quartile=" + std::to_string(q + 1), bme_n, white + bme_n);
  }
  const auto gap = stats::ComputePayGapOfSorted(reference, bme);
  const int64_t individuals = std::min(gap.reference_count, gap.group_count);
  const int64_t min_group = out.settings().pay_min_group;
  out.Measure("pay_gap_mean_pct", "BME_vs_reference", gap.mean_gap_percent, individuals, min_group);
  out.Measure("pay_gap_median_pct", "BME_vs_reference", gap.median_gap_percent, individuals, min_group);
}

// The top earners among permanent staff (stats::TopEarners: FTE-weighted,
// ties on the boundary included), and the BME share of those with a known group.
void AddTopEarners(const RankedPay& ranked, CellSink& out) {
  // As TopEarners ranks them: highest pay first, then by index (a place in
  // `paid`): each run of equal pay from the top, in key order within it.
  std::vector<stats::EarnerInput> inputs;
  for (size_t end = ranked.keys.size(); end > 0;) {
    size_t begin = end - 1;
    while (begin > 0 && ranked.PenceAt(begin - 1) == ranked.PenceAt(end - 1)) --begin;
    for (size_t k = begin; k < end; ++k) {
      const size_t index = ranked.PlaceAt(k);
      const PaidMember& m = ranked.paid[index];
      if (!m.permanent || m.fte_milli <= 0) continue;
      inputs.push_back({index, static_cast<double>(m.fte_milli) / 1000.0, static_cast<double>(ranked.PenceAt(k))});
    }
    end = begin;
  }
  if (inputs.empty()) return;
  // Marked by index (each a place in `paid`): one look per input, not a search of the list.
  std::vector<char> in_top(ranked.paid.size(), 0);
  for (size_t index : stats::TopEarnersOfRanked(inputs, out.settings().top_earner_share)) in_top[index] = 1;
  std::vector<stats::EarnerInput> known;
  int64_t bme = 0;
  for (const auto& in : inputs) {
    if (!in_top[in.index]) continue;
    const EthnicGroup g = ranked.paid[in.index].group;
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
      stats::FteWeightedShare(known, [&](size_t index) { return ranked.paid[index].group == EthnicGroup::kBme; });
  out.Measure("top5_bme_share_fte", "top_earners", fte_share, n, out.policy().min_denominator_for_rate);
}

}  // namespace

void AddPay(const Snapshot& s, CellSink& out) {
  const RankedPay ranked = RankByPay(s.workforce, out.settings());
  AddQuartilesAndGaps(ranked, out);
  AddTopEarners(ranked, out);
}

}  // namespace dxhub::aggregator
