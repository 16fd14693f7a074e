#include "dxhub/digest/cron.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <vector>

namespace dxhub::digest {
namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  // Three-letter names for min, min+1, ... (nullptr when the field has none).
  const std::array<const char*, 12>* names;
};

constexpr std::array<const char*, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<const char*, 12> kWeekdayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI",
                                                       "SAT", nullptr, nullptr, nullptr, nullptr, nullptr};
// Day-of-week accepts 7 as a second Sunday; it is folded onto 0 after parsing.
constexpr std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, nullptr},
    {"hour", 0, 23, nullptr},
    {"day-of-month", 1, 31, nullptr},
    {"month", 1, 12, &kMonthNames},
    {"day-of-week", 0, 7, &kWeekdayNames},
}};

struct Token {
  std::string_view text;
  size_t column;  // 1-based, in the whole expression
};

// Reports errors for one field of one expression.
class FieldParser {
 public:
  FieldParser(std::string_view expression, size_t index, Token field)
      : expression_(expression), index_(index), spec_(kFields[index]), field_(field) {}

  // Sets bits [min..max] of the field's values in `*bits` (sized max+1).
  Status Parse(std::vector<bool>* bits) const {
    size_t start = 0;
    while (true) {
      const size_t comma = field_.text.find(',', start);
      const size_t end = comma == std::string_view::npos ? field_.text.size() : comma;
      DXHUB_RETURN_IF_ERROR(ParseItem(start, field_.text.substr(start, end - start), bits));
      if (comma == std::string_view::npos) return Status::Ok();
      start = comma + 1;
    }
  }

 private:
  Status Fail(size_t offset, const std::string& message) const {
    return Status::InvalidArgument("cron \"" + std::string(expression_) + "\": field " + std::to_string(index_ + 1) +
                                   " (" + spec_.name + ") at column " + std::to_string(field_.column + offset) + ": " +
                                   message);
  }

  std::string Range() const { return std::to_string(spec_.min) + "-" + std::to_string(spec_.max); }

  // One value (a number or a name) at `offset` in the field.
  Result<int> Value(size_t offset, std::string_view text) const {
    if (text.empty()) return Fail(offset, "a value is missing (write a number " + Range() + ")");
    if (spec_.names != nullptr && std::isalpha(static_cast<unsigned char>(text[0]))) {
      std::string upper;
      for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (size_t i = 0; i < spec_.names->size(); ++i) {
        if ((*spec_.names)[i] != nullptr && upper == (*spec_.names)[i]) return spec_.min + static_cast<int>(i);
      }
      return Fail(offset, "\"" + std::string(text) + "\" is not a " + spec_.name + " name (use " +
                              (*spec_.names)[0] + ", " + (*spec_.names)[1] + ", ... or a number " + Range() + ")");
    }
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return Fail(offset, "\"" + std::string(text) + "\" is not a number (write a number " + Range() +
                              (spec_.names != nullptr ? " or a name" : "") + ")");
    }
    if (value < spec_.min || value > spec_.max) {
      return Fail(offset, std::to_string(value) + " is out of range " + Range());
    }
    return value;
  }

  // One list item: `*`, `*/n`, `a`, `a-b` or `a-b/n`, at `offset` in the field.
  Status ParseItem(size_t offset, std::string_view item, std::vector<bool>* bits) const {
    if (item.empty()) return Fail(offset, "an empty list item (remove the extra comma)");
    std::string_view range = item;
    int step = 1;
    const size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const std::string_view step_text = item.substr(slash + 1);
      const size_t step_offset = offset + slash + 1;
      const auto [end, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() || step < 1) {
        return Fail(step_offset, "the step \"" + std::string(step_text) + "\" must be a whole number of at least 1");
      }
      if (range != "*" && range.find('-') == std::string_view::npos) {
        return Fail(offset, "a step needs a range before it (write \"*/" + std::string(step_text) + "\" or \"" +
                                std::string(range) + "-" + std::to_string(spec_.max) + "/" +
                                std::string(step_text) + "\")");
      }
    }
    int low = spec_.min;
    int high = spec_.max;
    if (range != "*") {
      const size_t dash = range.find('-');
      auto first = Value(offset, range.substr(0, dash));
      if (!first.ok()) return first.status();
      low = high = *first;
      if (dash != std::string_view::npos) {
        auto last = Value(offset + dash + 1, range.substr(dash + 1));
        if (!last.ok()) return last.status();
        high = *last;
        if (high < low) {
          return Fail(offset, "the range " + std::string(range) + " runs backwards (write the smaller value first)");
        }
      }
    } else if (spec_.max == 7) {
      high = 6;  // `*` in day-of-week: Sunday once
    }
    // 64-bit: a step near INT_MAX must not wrap the counter back into (and outside) the field.
    for (int64_t v = low; v <= high; v += step) (*bits)[static_cast<size_t>(v)] = true;
    return Status::Ok();
  }

  std::string_view expression_;
  size_t index_;
  const FieldSpec& spec_;
  Token field_;
};

template <size_t N>
std::bitset<N> ToBits(const std::vector<bool>& values) {
  std::bitset<N> bits;
  for (size_t i = 0; i < N && i < values.size(); ++i) bits[i] = values[i];
  return bits;
}

}  // namespace

bool CronExpression::MatchesDay(unsigned month, unsigned day, unsigned weekday) const {
  if (month > 12 || !months[month]) return false;
  const bool dom = day <= 31 && days_of_month[day];
  const bool dow = weekday < 7 && days_of_week[weekday];
  if (day_of_month_restricted && day_of_week_restricted) return dom || dow;
  return dom && dow;
}

Result<CronExpression> ParseCron(std::string_view text) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    tokens.push_back({text.substr(start, i - start), start + 1});
  }
  if (tokens.size() != kFields.size()) {
    return Status::InvalidArgument("cron \"" + std::string(text) + "\": has " + std::to_string(tokens.size()) +
                                   " fields, needs 5: minute hour day-of-month month day-of-week "
                                   "(e.g. \"0 7 1 * *\" for 07:00 on the 1st of every month)");
  }
  CronExpression cron;
  cron.text = std::string(text);
  std::array<std::vector<bool>, 5> values;
  for (size_t f = 0; f < kFields.size(); ++f) {
    values[f].assign(static_cast<size_t>(kFields[f].max) + 1, false);
    DXHUB_RETURN_IF_ERROR(FieldParser(text, f, tokens[f]).Parse(&values[f]));
  }
  if (values[4][7]) values[4][0] = true;  // 7 is Sunday too
  cron.minutes = ToBits<60>(values[0]);
  cron.hours = ToBits<24>(values[1]);
  cron.days_of_month = ToBits<32>(values[2]);
  cron.months = ToBits<13>(values[3]);
  cron.days_of_week = ToBits<7>(values[4]);
  cron.day_of_month_restricted = tokens[2].text[0] != '*';
  cron.day_of_week_restricted = tokens[4].text[0] != '*';
  return cron;
}

}  // namespace dxhub::digest
