#include "dxhub/bench/figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dxhub::bench {
namespace {

// Three significant figures at least, never scientific notation.
std::string Number(double v) {
  char text[64];
  if (std::fabs(v) >= 100 || v == 0) std::snprintf(text, sizeof text, "%.0f", v);
  else if (std::fabs(v) >= 1) std::snprintf(text, sizeof text, "%.2f", v);
  else std::snprintf(text, sizeof text, "%.3g", v);
  return text;
}

}  // namespace

void PrintFigure(const Figure& f) {
  std::optional<double> ratio = f.ratio;
  if (!ratio && f.baseline && *f.baseline != 0) ratio = f.ours / *f.baseline;
  std::string line = "figure: " + f.name + " = " + Number(f.ours) + " " + f.unit + " | baseline ";
  line += f.baseline ? Number(*f.baseline) + " " + f.unit + (f.baseline_what.empty() ? "" : " (" + f.baseline_what + ")")
                     : "-";
  line += " | ratio " + (ratio ? Number(*ratio) : std::string("-"));
  line += " | target " + (f.target.empty() ? std::string("-") : f.target);
  line += " | met " + std::string(f.met ? (*f.met ? "yes" : "no") : "-") + "\n";
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

void HeadSamples::Add(Clock::time_point when, uint64_t head) {
  std::lock_guard<std::mutex> lock(mu_);
  if (head > 0 && (heads_.empty() || head > heads_.back().second)) heads_.emplace_back(when, head);
}

double HeadSamples::LagMs(uint64_t applied, Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::upper_bound(heads_.begin(), heads_.end(), applied,
                             [](uint64_t a, const auto& sample) { return a < sample.second; });
  if (it == heads_.end()) return 0;
  return std::max(0.0, std::chrono::duration<double, std::milli>(now - it->first).count());
}

uint64_t HeadSamples::latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return heads_.empty() ? 0 : heads_.back().second;
}

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

uint64_t DirectoryBytes(const std::filesystem::path& dir) {
  std::error_code ec;
  uint64_t bytes = 0;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    if (!it->is_regular_file(file_ec)) continue;
    const uintmax_t size = it->file_size(file_ec);
    if (!file_ec) bytes += size;
  }
  return bytes;
}

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace dxhub::bench
