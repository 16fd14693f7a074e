#include "dxhub/stats/pay.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>
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
  std::vector<PayInput> paid;
  paid.reserve(staff.size());
  for (const PayInput& p : staff) {
    if (std::isfinite(p.hourly_pay)) paid.push_back(p);
  }
  std::sort(paid.begin(), paid.end(), [](const PayInput& x, const PayInput& y) { return x.hourly_pay < y.hourly_pay; });
  return ComputePayQuartilesOfRanked(paid);
}

PayQuartiles ComputePayQuartilesOfRanked(std::span<const PayInput> paid) {
  // Ranked by (pay, group), the quartiles count only how many of each group
  // share each pay rate: the people are ranked by pay alone (their order
  // within a rate does not matter), each run of equal pay counted by group,
  // and only a run a quartile boundary cuts spread person by person.
  PayQuartiles result;
  const size_t n = paid.size();
  for (size_t q = 0; q < 4; ++q) result.sizes[q] = static_cast<int64_t>(n / 4 + (q < n % 4 ? 1 : 0));
  // Where quartiles 2, 3 and 4 start; a place's quartile is how many start at or before it.
  std::array<size_t, 3> starts{};
  for (size_t q = 0, at = 0; q < 3; ++q) starts[q] = at += static_cast<size_t>(result.sizes[q]);
  auto quartile_at = [&](size_t position) {
    return static_cast<size_t>(std::count_if(starts.begin(), starts.end(), [&](size_t at) { return at <= position; }));
  };
  std::vector<std::pair<int, int64_t>> groups;  // of one run: (group, people), few
  std::vector<Ranked> run;
  for (size_t begin = 0; begin < n;) {
    size_t end = begin;
    groups.clear();
    for (; end < n && paid[end].hourly_pay == paid[begin].hourly_pay; ++end) {
      auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == paid[end].group; });
      if (g == groups.end()) {
        groups.emplace_back(paid[end].group, 1);
      } else {
        ++g->second;
      }
    }
    std::sort(groups.begin(), groups.end());
    const bool cut = std::any_of(starts.begin(), starts.end(), [&](size_t at) { return begin < at && at < end; });
    if (!cut) {  // the whole run in one quartile: any order counts the same
      auto& counts = result.by_group[quartile_at(begin)];
      for (const auto& [group, people] : groups) counts[group] += people;
    } else {
      run.clear();
      for (const auto& [group, people] : groups) {
        for (int64_t k = 0; k < people; ++k) run.push_back({paid[begin].hourly_pay, group, 0.0});
      }
      SpreadGroups(run);
      for (size_t k = 0; k < run.size(); ++k) ++result.by_group[quartile_at(begin + k)][run[k].group];
    }
    begin = end;
  }
  return result;
}

}  // namespace dxhub::stats
