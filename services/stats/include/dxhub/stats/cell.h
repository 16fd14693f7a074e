// A published figure after disclosure control: either the value that may be
// shown, or the reason it is withheld. A suppressed cell holds no trace of the
// true value, so nothing downstream can leak it. Plain values: thread-safe.
// Render every suppressed cell the same way (e.g. "*"); the reason is for
// audit and logs, since showing it helps an attacker tell cells apart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace dxhub::stats {

enum class SuppressionReason {
  kPrimarySmallCount,     // a count in 1 .. min_count_shown - 1
  kSecondaryComplement,   // hidden so a small count cannot be recovered by subtraction
  kRateSmallDenominator,  // a rate, mean or median from too few individuals
  kInputSuppressed,       // derived from a count that is itself suppressed
};

std::string_view SuppressionReasonName(SuppressionReason reason);

// Aborts with `what` on stderr. For programming errors in the caller: reading
// the value of a suppressed cell, the reason of a shown one, a negative count.
[[noreturn]] void DieOnMisuse(const char* what);

template <typename T>
class Protected {
 public:
  static Protected Shown(T value) { return Protected(std::in_place_index<0>, std::move(value)); }
  static Protected Suppressed(SuppressionReason reason) {
    return Protected(std::in_place_index<1>, reason);
  }

  bool shown() const { return state_.index() == 0; }
  bool suppressed() const { return state_.index() == 1; }

  // The published value. Aborts if the cell is suppressed.
  const T& value() const {
    if (!shown()) DieOnMisuse("value() of a suppressed cell");
    return std::get<0>(state_);
  }
  // Why it is withheld. Aborts if the cell is shown.
  SuppressionReason reason() const {
    if (shown()) DieOnMisuse("reason() of a shown cell");
    return std::get<1>(state_);
  }

  bool operator==(const Protected&) const = default;

 private:
  template <std::size_t I, typename V>
  Protected(std::in_place_index_t<I> tag, V&& v) : state_(tag, std::forward<V>(v)) {}

  std::variant<T, SuppressionReason> state_;
};

// A protected count: shown cells hold the published (rounded) count.
using Cell = Protected<int64_t>;

}  // namespace dxhub::stats
