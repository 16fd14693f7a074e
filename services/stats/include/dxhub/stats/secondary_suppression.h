// Disclosure control for counts published beside their totals: primary
// suppression of small counts, then secondary suppression so that no hidden
// count can be recovered by subtracting the shown cells from a total.
// Pure functions: thread-safe, deterministic (ties broken by position).
//
// When secondary suppression applies (SecondarySuppressionApplies(policy): by
// default only with rounding off, per DOMAIN.md), every line — a row or column
// of parts with its total — must satisfy, after suppression:
//   * never exactly one hidden member (one unknown in "parts sum to total"
//     would be solved exactly), and
//   * when the total is shown, the hidden parts sum to at least
//     min_count_shown, so subtraction yields only an aggregate that could
//     itself have been published (this also stops {1, 1, 50} giving away both
//     ones from a total of 52).
// A line that breaks the rule hides its smallest shown non-zero part (first
// by position on ties), or its total if no such part exists, as
// kSecondaryComplement, and lines are revisited until none breaks it.
// Zeros are never hidden: 0 stays 0.
//
// Why not by default with rounding on: every shown count and total is then
// independently rounded to the nearest 5, so a total minus its shown parts
// gives a hidden count only to within ±2.5 per rounded figure, which NHS
// Digital's 2018 method accepts as protection in place of secondary
// suppression. Set secondary_suppression_when_rounded for stricter regimes.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dxhub/stats/cell.h"
#include "dxhub/stats/disclosure.h"

namespace dxhub::stats {

struct ProtectedRow {
  std::vector<Cell> parts;
  Cell total = Cell::Shown(0);
};

// Protects `parts` and their sum, published together. Counts the caller will
// not publish but which belong in the total (e.g. ethnicity not stated) must
// still be passed as parts: the total is always their sum.
ProtectedRow ProtectRowWithTotal(std::span<const int64_t> parts, const DisclosurePolicy& policy);

struct ProtectedTable {
  std::vector<std::vector<Cell>> cells;  // [row][column]
  std::vector<Cell> row_totals;
  std::vector<Cell> column_totals;
  Cell grand_total = Cell::Shown(0);
};

// Protects a rectangular table published with row totals, column totals and
// the grand total (each the sum of its cells). The rule above is applied to
// every row, every column, the row of column totals and the column of row
// totals. Rows of different lengths are a programming error and abort.
ProtectedTable ProtectTableWithTotals(const std::vector<std::vector<int64_t>>& cells,
                                      const DisclosurePolicy& policy);

}  // namespace dxhub::stats
