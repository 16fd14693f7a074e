#include "dxhub/stats/secondary_suppression.h"

#include <cstddef>
#include <optional>

namespace dxhub::stats {

namespace {

// True counts and their suppression state, for a flat set of cells.
struct Grid {
  std::vector<int64_t> truth;
  std::vector<std::optional<SuppressionReason>> hidden;

  size_t Add(int64_t count) {
    truth.push_back(count);
    hidden.emplace_back();
    return truth.size() - 1;
  }
};

// Cells whose true values satisfy sum(parts) == total.
struct Line {
  std::vector<size_t> parts;
  size_t total = 0;
};

// The member to hide when `line` breaks the rule, if it does.
std::optional<size_t> NextToHide(const Line& line, const Grid& grid, const DisclosurePolicy& policy) {
  int hidden_members = grid.hidden[line.total] ? 1 : 0;
  int64_t hidden_parts_sum = 0;
  std::optional<size_t> smallest_shown;
  for (size_t i : line.parts) {
    if (grid.hidden[i]) {
      ++hidden_members;
      hidden_parts_sum += grid.truth[i];
    } else if (grid.truth[i] > 0 && (!smallest_shown || grid.truth[i] < grid.truth[*smallest_shown])) {
      smallest_shown = i;
    }
  }
  const bool recoverable =
      hidden_members == 1 ||
      (hidden_members > 1 && !grid.hidden[line.total] && hidden_parts_sum < policy.min_count_shown);
  if (!recoverable) return std::nullopt;
  if (smallest_shown) return smallest_shown;
  if (!grid.hidden[line.total] && grid.truth[line.total] > 0) return line.total;
  return std::nullopt;
}

void Suppress(const std::vector<Line>& lines, Grid& grid, const DisclosurePolicy& policy) {
  for (size_t i = 0; i < grid.truth.size(); ++i) {
    if (grid.truth[i] < 0) DieOnMisuse("secondary suppression of a negative count");
    if (IsSmallCount(grid.truth[i], policy)) grid.hidden[i] = SuppressionReason::kPrimarySmallCount;
  }
  if (!SecondarySuppressionApplies(policy)) return;
  // Each pass hides at least one more cell or ends, so this terminates.
  for (bool changed = true; changed;) {
    changed = false;
    for (const Line& line : lines) {
      while (auto cell = NextToHide(line, grid, policy)) {
        grid.hidden[*cell] = SuppressionReason::kSecondaryComplement;
        changed = true;
      }
    }
  }
}

Cell Publish(const Grid& grid, size_t i, const DisclosurePolicy& policy) {
  if (grid.hidden[i]) return Cell::Suppressed(*grid.hidden[i]);
  return ProtectCount(grid.truth[i], policy);
}

}  // namespace

ProtectedRow ProtectRowWithTotal(std::span<const int64_t> parts, const DisclosurePolicy& policy) {
  Grid grid;
  Line line;
  int64_t total = 0;
  for (int64_t part : parts) {
    line.parts.push_back(grid.Add(part));
    total += part;
  }
  line.total = grid.Add(total);
  Suppress({line}, grid, policy);

  ProtectedRow row;
  for (size_t i : line.parts) row.parts.push_back(Publish(grid, i, policy));
  row.total = Publish(grid, line.total, policy);
  return row;
}

ProtectedTable ProtectTableWithTotals(const std::vector<std::vector<int64_t>>& cells,
                                      const DisclosurePolicy& policy) {
  const size_t rows = cells.size();
  const size_t columns = rows == 0 ? 0 : cells[0].size();
  for (const auto& row : cells) {
    if (row.size() != columns) DieOnMisuse("ProtectTableWithTotals of a ragged table");
  }

  // Lay the table out with its margins: index (r, c) for r <= rows, c <= columns,
  // where row `rows` holds the column totals and column `columns` the row totals.
  Grid grid;
  const auto at = [columns](size_t r, size_t c) { return r * (columns + 1) + c; };
  std::vector<int64_t> column_sums(columns + 1, 0);
  for (size_t r = 0; r < rows; ++r) {
    int64_t row_sum = 0;
    for (size_t c = 0; c < columns; ++c) {
      grid.Add(cells[r][c]);
      row_sum += cells[r][c];
      column_sums[c] += cells[r][c];
    }
    grid.Add(row_sum);
    column_sums[columns] += row_sum;
  }
  for (int64_t sum : column_sums) grid.Add(sum);

  std::vector<Line> lines;
  for (size_t r = 0; r <= rows; ++r) {
    Line line{{}, at(r, columns)};
    for (size_t c = 0; c < columns; ++c) line.parts.push_back(at(r, c));
    lines.push_back(std::move(line));
  }
  for (size_t c = 0; c <= columns; ++c) {
    Line line{{}, at(rows, c)};
    for (size_t r = 0; r < rows; ++r) line.parts.push_back(at(r, c));
    lines.push_back(std::move(line));
  }
  Suppress(lines, grid, policy);

  ProtectedTable table;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<Cell> row;
    for (size_t c = 0; c < columns; ++c) row.push_back(Publish(grid, at(r, c), policy));
    table.cells.push_back(std::move(row));
    table.row_totals.push_back(Publish(grid, at(r, columns), policy));
  }
  for (size_t c = 0; c < columns; ++c) table.column_totals.push_back(Publish(grid, at(rows, c), policy));
  table.grand_total = Publish(grid, at(rows, columns), policy);
  return table;
}

}  // namespace dxhub::stats
