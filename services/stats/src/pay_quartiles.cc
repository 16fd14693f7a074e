#include "dxhub/stats/pay.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

namespace dxhub::stats {

namespace {

struct Ranked {
  double pay = 0.0;
  int group = 0;
  double place_in_run = 0.0;  // where in its run of equal pay this person sits
};

// Orders `run` (people on one pay rate, sorted by group) so that each group is
// spread evenly through it.
void SpreadGroups(std::span<Ranked> run) {
  for (size_t begin = 0; begin < run.size();) {
    size_t end = begin;
    while (end < run.size() && run[end].group == run[begin].group) ++end;
    const double members = static_cast<double>(end - begin);
    for (size_t k = begin; k < end; ++k) {
      run[k].place_in_run = (static_cast<double>(k - begin) + 0.5) / members;
    }
    begin = end;
  }
  std::sort(run.begin(), run.end(), [](const Ranked& x, const Ranked& y) {
    if (x.place_in_run != y.place_in_run) return x.place_in_run < y.place_in_run;
    return x.group < y.group;
  });
}

}  // namespace

int64_t PayQuartiles::Size(PayQuartile q) const { return sizes[static_cast<size_t>(q)]; }

int64_t PayQuartiles::Count(PayQuartile q, int group) const {
  const auto& counts = by_group[static_cast<size_t>(q)];
  const auto it = counts.find(group);
  return it == counts.end() ? 0 : it->second;
}

PayQuartiles ComputePayQuartiles(std::span<const PayInput> staff) {
  std::vector<Ranked> ranked;
  for (const PayInput& p : staff) {
    if (std::isfinite(p.hourly_pay)) ranked.push_back({p.hourly_pay, p.group, 0.0});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
    if (x.pay != y.pay) return x.pay < y.pay;
    return x.group < y.group;
  });
  PayQuartiles result;
  const size_t n = ranked.size();
  for (size_t q = 0; q < 4; ++q) result.sizes[q] = static_cast<int64_t>(n / 4 + (q < n % 4 ? 1 : 0));
  // Where quartiles 2, 3 and 4 start. Only a run of equal pay that one of them
  // cuts needs its groups spread; a run inside one quartile counts the same in any order.
  std::array<size_t, 3> starts{};
  for (size_t q = 0, at = 0; q < 3; ++q) starts[q] = at += static_cast<size_t>(result.sizes[q]);
  for (size_t begin = 0; begin < ranked.size();) {
    size_t end = begin;
    while (end < ranked.size() && ranked[end].pay == ranked[begin].pay) ++end;
    const bool cut = std::any_of(starts.begin(), starts.end(), [&](size_t at) { return begin < at && at < end; });
    if (cut) SpreadGroups(std::span<Ranked>(ranked).subspan(begin, end - begin));
    begin = end;
  }

  size_t position = 0;
  for (size_t q = 0; q < 4; ++q) {
    for (int64_t k = 0; k < result.sizes[q]; ++k, ++position) ++result.by_group[q][ranked[position].group];
  }
  return result;
}

}  // namespace dxhub::stats
