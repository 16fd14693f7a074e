#include "dxhub/stats/secondary_suppression.h"

#include <gtest/gtest.h>

#include <vector>

#include "cell_printer.h"

namespace dxhub::stats {
namespace {

const Cell kPrimary = Cell::Suppressed(SuppressionReason::kPrimarySmallCount);
const Cell kSecondary = Cell::Suppressed(SuppressionReason::kSecondaryComplement);

DisclosurePolicy Unrounded() {
  DisclosurePolicy p;
  p.rounding_base = 0;
  return p;
}

std::vector<Cell> Shown(std::initializer_list<int64_t> values) {
  std::vector<Cell> cells;
  for (int64_t v : values) cells.push_back(Cell::Shown(v));
  return cells;
}

TEST(ProtectRowWithTotal, TotalWouldRevealCellIfSecondarySuppressionWereOff) {
  const std::vector<int64_t> parts{3, 40, 57};  // total 100
  DisclosurePolicy off = Unrounded();
  off.secondary_suppression = false;
  const ProtectedRow leaky = ProtectRowWithTotal(parts, off);
  ASSERT_EQ(leaky.parts[0], kPrimary);
  // The attack: 100 − 40 − 57 = 3, the hidden count.
  EXPECT_EQ(leaky.total.value() - leaky.parts[1].value() - leaky.parts[2].value(), 3);

  const ProtectedRow row = ProtectRowWithTotal(parts, Unrounded());
  EXPECT_EQ(row.parts[0], kPrimary);
  EXPECT_EQ(row.parts[1], kSecondary);  // the next-smallest non-zero part
  EXPECT_EQ(row.parts[2], Cell::Shown(57));
  EXPECT_EQ(row.total, Cell::Shown(100));
}

TEST(ProtectRowWithTotal, RoundingOnSkipsSecondarySuppressionByDefault) {
  // 3, 40, 57 -> *, 40, 55, total 100: 100 − 40 − 55 = 5 ± 7.5, not the 3.
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{3, 40, 57}, DisclosurePolicy{});
  EXPECT_EQ(row.parts, (std::vector<Cell>{kPrimary, Cell::Shown(40), Cell::Shown(55)}));
  EXPECT_EQ(row.total, Cell::Shown(100));
}

TEST(ProtectRowWithTotal, PolicyCanForceSecondarySuppressionWithRounding) {
  DisclosurePolicy forced;
  forced.secondary_suppression_when_rounded = true;
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{3, 40, 57}, forced);
  EXPECT_EQ(row.parts, (std::vector<Cell>{kPrimary, kSecondary, Cell::Shown(55)}));
}

TEST(ProtectRowWithTotal, TwoTinyPartsAreNotGivenAwayByTheirSum) {
  // 1, 1, 50 (total 52): hiding only the ones leaves 52 − 50 = 2, so both are 1.
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{1, 1, 50}, Unrounded());
  EXPECT_EQ(row.parts, (std::vector<Cell>{kPrimary, kPrimary, kSecondary}));
  EXPECT_EQ(row.total, Cell::Shown(52));
}

TEST(ProtectRowWithTotal, TwoHiddenPartsSummingToThresholdNeedNoMore) {
  // 4, 5, 50: 59 − 50 = 9 = 4 + 5 or 2 + 7 or ...; nothing pinned.
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{4, 5, 50}, Unrounded());
  EXPECT_EQ(row.parts, (std::vector<Cell>{kPrimary, kPrimary, Cell::Shown(50)}));
}

TEST(ProtectRowWithTotal, TiesHideTheFirstSmallestAndZerosStayShown) {
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{3, 0, 20, 20}, Unrounded());
  EXPECT_EQ(row.parts, (std::vector<Cell>{kPrimary, Cell::Shown(0), kSecondary, Cell::Shown(20)}));
}

TEST(ProtectRowWithTotal, SmallTotalIsItselfSuppressed) {
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{3, 2, 0}, Unrounded());
  EXPECT_EQ(row.parts, (std::vector<Cell>{kPrimary, kPrimary, Cell::Shown(0)}));
  EXPECT_EQ(row.total, kPrimary);
}

TEST(ProtectRowWithTotal, RowWithoutSmallCountsIsUnchanged) {
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{10, 20}, Unrounded());
  EXPECT_EQ(row.parts, Shown({10, 20}));
  EXPECT_EQ(row.total, Cell::Shown(30));
}

TEST(ProtectRowWithTotal, EmptyRowHasZeroTotal) {
  const ProtectedRow row = ProtectRowWithTotal(std::vector<int64_t>{}, Unrounded());
  EXPECT_TRUE(row.parts.empty());
  EXPECT_EQ(row.total, Cell::Shown(0));
}

TEST(ProtectTableWithTotals, HiddenCellCannotBeRecoveredFromRowOrColumn) {
  // Row 0 total 53 and column 0 total 30 would each give the 3 back. After
  // (0,1) and (2,0) are hidden, column 1 would give (0,1) back, so (2,1) goes
  // too. The four hidden cells then satisfy row 0: 23, row 2: 30, column 0:
  // 15, column 1: 38 — one free unknown, so no cell is pinned.
  const ProtectedTable table = ProtectTableWithTotals({{3, 20, 30}, {15, 25, 35}, {12, 18, 40}}, Unrounded());
  EXPECT_EQ(table.cells[0], (std::vector<Cell>{kPrimary, kSecondary, Cell::Shown(30)}));
  EXPECT_EQ(table.cells[1], Shown({15, 25, 35}));
  EXPECT_EQ(table.cells[2], (std::vector<Cell>{kSecondary, kSecondary, Cell::Shown(40)}));
  EXPECT_EQ(table.row_totals, Shown({53, 75, 70}));
  EXPECT_EQ(table.column_totals, Shown({30, 63, 105}));
  EXPECT_EQ(table.grand_total, Cell::Shown(198));
}

TEST(ProtectTableWithTotals, SuppressedMarginIsProtectedThroughTheOtherMargin) {
  // The 3 makes row total 0 and column total 0 small too. Then the column
  // totals 3*, 40, grand 43 would give the 3 back, so 40 goes; likewise the
  // row totals; and column 1 (0, 40, total hidden) would give its total back.
  const ProtectedTable table = ProtectTableWithTotals({{3, 0}, {0, 40}}, Unrounded());
  EXPECT_EQ(table.cells[0], (std::vector<Cell>{kPrimary, Cell::Shown(0)}));
  EXPECT_EQ(table.cells[1], (std::vector<Cell>{Cell::Shown(0), kSecondary}));
  EXPECT_EQ(table.row_totals, (std::vector<Cell>{kPrimary, kSecondary}));
  EXPECT_EQ(table.column_totals, (std::vector<Cell>{kPrimary, kSecondary}));
  EXPECT_EQ(table.grand_total, Cell::Shown(43));
}

TEST(ProtectTableWithTotals, RoundedTableHasPrimarySuppressionOnly) {
  const ProtectedTable table = ProtectTableWithTotals({{3, 20}, {12, 18}}, DisclosurePolicy{});
  EXPECT_EQ(table.cells[0], (std::vector<Cell>{kPrimary, Cell::Shown(20)}));
  EXPECT_EQ(table.cells[1], Shown({10, 20}));
  EXPECT_EQ(table.row_totals, Shown({25, 30}));
  EXPECT_EQ(table.column_totals, Shown({15, 40}));
  EXPECT_EQ(table.grand_total, Cell::Shown(55));
}

TEST(ProtectTableWithTotals, EmptyTableHasZeroGrandTotal) {
  const ProtectedTable table = ProtectTableWithTotals({}, Unrounded());
  EXPECT_TRUE(table.cells.empty());
  EXPECT_EQ(table.grand_total, Cell::Shown(0));
}

TEST(ProtectTableWithTotalsDeathTest, RaggedTableAborts) {
  EXPECT_DEATH((void)ProtectTableWithTotals({{1, 2}, {3}}, Unrounded()), "ragged");
}

}  // namespace
}  // namespace dxhub::stats
