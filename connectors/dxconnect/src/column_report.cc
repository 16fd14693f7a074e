#include "dxhub/dxconnect/column_report.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <ostream>

#include "dxhub/connector/normalise.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/connector/staff_builder.h"

namespace dxhub::dxconnect {
namespace {

using namespace dxhub::connector;

constexpr size_t kShownValues = 20;

// Fields whose values are identifiers: never shown, never sent.
bool IsIdentifierField(const std::string& field) { return field == "staff_number" || field == "date_of_birth"; }

bool LooksLikeIdentifier(const std::string& header) {
  const std::string f = Fold(header);
  for (const char* word : {"name", "number", "birth", "dob", "emp_no", "staff_id", "payroll", "assignment", "title",
                           "ref", "surname", "forename", "address", "postcode", "nhs"}) {
    if (f.find(word) != std::string::npos) return true;
  }
  return false;
}

template <auto Recognise>
bool Reads(const std::string& value) {
  return Recognise(value).ok();
}

bool ReadsDate(const std::string& value) { return value.empty() || RecogniseDate(value).ok(); }

// A field's recogniser, as discover uses it.
struct Recogniser {
  std::string field;
  std::string label;                  // "all recognised as <label>"
  std::vector<std::string> words;     // header words that suggest the field
  bool (*reads)(const std::string&);
  bool guess_by_values;               // tried on an unmapped column whatever its header
};

const std::vector<Recogniser>& Recognisers() {
  static const std::vector<Recogniser> kRecognisers = {
      {"ethnicity", "ethnicity", {"ethnic"}, &Reads<RecogniseEthnicity>, true},
      {"sex", "sex", {"sex", "gender"}, &Reads<RecogniseSex>, true},
      {"disability", "disability", {"disab"}, &Reads<RecogniseDisability>, true},
      {"contract_type", "contract type", {"contract", "category"}, &Reads<RecogniseContract>, true},
      {"age_band", "age band", {"age band", "age_band"}, &Reads<RecogniseAgeBand>, false},
      {"clinical", "yes/no", {"clinical"}, &Reads<RecogniseYesNo>, false},
      {"date_of_birth", "dates", {"birth", "dob"}, &ReadsDate, false},
      {"start_date", "dates", {"date"}, &ReadsDate, true},
      {"census_date", "dates", {"census"}, &ReadsDate, false},
  };
  return kRecognisers;
}

const Recogniser* RecogniserOf(const std::string& field) {
  for (const auto& r : Recognisers()) {
    if (r.field == field) return &r;
  }
  return nullptr;
}

// A value after the config's values: mapping for `field`.
std::string Mapped(const ConnectorConfig& config, const std::string& field, const std::string& value) {
  if (auto f = config.values.find(field); f != config.values.end()) {
    if (auto v = f->second.find(Fold(value)); v != f->second.end()) return v->second;
  }
  return value;
}

bool ReadsAll(const Recogniser& r, const std::map<std::string, size_t>& distinct) {
  return std::all_of(distinct.begin(), distinct.end(), [&](const auto& kv) { return r.reads(kv.first); });
}

// "; all recognised as sex" for an unmapped column: the recognisers its header
// names first; failing those, every recogniser tried by values that reads all.
std::string Guess(const std::string& header, const std::map<std::string, size_t>& distinct) {
  if (distinct.size() == 1 && distinct.begin()->first.empty()) return "; all blank";
  const std::string folded = Fold(header);
  for (const auto& r : Recognisers()) {
    const bool named = std::any_of(r.words.begin(), r.words.end(),
                                   [&](const std::string& w) { return folded.find(w) != std::string::npos; });
    if (named && ReadsAll(r, distinct)) {
      return "; all recognised as " + r.label + " (to read it as " + r.field + ": columns: " + r.field + ": " + header + ")";
    }
  }
  std::vector<std::string> labels;
  for (const auto& r : Recognisers()) {
    if (r.guess_by_values && ReadsAll(r, distinct) &&
        std::find(labels.begin(), labels.end(), r.label) == labels.end()) {
      labels.push_back(r.label);
    }
  }
  if (labels.empty()) return "";
  std::string out = "; all recognised as " + labels.front();
  for (size_t i = 1; i < labels.size(); ++i) out += (i == 1 ? " (or " : ", ") + labels[i];
  return out + (labels.size() > 1 ? ")" : "");
}

// What a mapped field's reader makes of the values.
std::string Verdict(const std::string& field, const std::map<std::string, size_t>& distinct,
                    const ConnectorConfig& config, bool show_values) {
  if (field == "grade") {
    size_t unmapped = 0;
    for (const auto& [v, n] : distinct) unmapped += TierOfGrade(config.mapping, v) ? 0 : 1;
    return "; " + std::to_string(distinct.size() - unmapped) + " grades mapped to tiers, " + std::to_string(unmapped) +
           " not in the grade table";
  }
  const Recogniser* r = RecogniserOf(field);
  if (r == nullptr) return "";
  std::string unread;
  size_t unread_count = 0;
  for (const auto& [v, n] : distinct) {
    if (r->reads(Mapped(config, field, v))) continue;
    ++unread_count;
    if (show_values) unread += " '" + v + "'";
  }
  if (unread_count == 0) return "; all recognised as " + r->label;
  const bool dates = r->label == "dates";
  return "; NOT all recognised: " + (show_values ? unread.substr(1) : std::to_string(unread_count) + " values") +
         (dates ? " (not dates; fix them in the extract)" : " (map them under values." + field + ")");
}

void PrintValues(const std::map<std::string, size_t>& distinct, std::ostream& out) {
  std::vector<std::pair<std::string, size_t>> values(distinct.begin(), distinct.end());
  std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  out << "    ";
  for (size_t i = 0; i < values.size() && i < kShownValues; ++i) {
    out << "'" << values[i].first << "' (" << values[i].second << ")  ";
  }
  if (values.size() > kShownValues) out << "... and " << values.size() - kShownValues << " more values";
  out << "\n";
}

}  // namespace

void ReportColumns(const Table& table, bool staff_extract, const ConnectorConfig& config, std::ostream& out) {
  const RowReader reader = staff_extract ? RowReader::ForStaff(table, config) : RowReader::ForEvents(table, config);
  std::map<std::string, std::string> field_of;  // header -> the field read from it
  if (staff_extract) {
    for (const auto& field : StaffFields()) {
      if (auto header = reader.Header(field)) field_of.emplace(*header, field);
    }
  }
  for (size_t c = 0; c < table.headers.size(); ++c) {
    const std::string& header = table.headers[c];
    std::map<std::string, size_t> distinct;
    for (const auto& row : table.rows) ++distinct[row.cells[c]];
    out << "  " << std::left << std::setw(28) << header << std::right;
    const auto mapped = field_of.find(header);
    const std::string field = mapped == field_of.end() ? "" : mapped->second;
    if (!field.empty()) out << "[" << field << "] ";
    const bool hidden = field.empty() ? LooksLikeIdentifier(header) || distinct.size() > table.rows.size() / 2 + 20
                                      : IsIdentifierField(field);
    out << distinct.size() << " distinct values";
    if (hidden) {
      out << " (not shown: identifier or free text; never sent)" << Verdict(field, distinct, config, false) << "\n";
      continue;
    }
    out << (field.empty() ? Guess(header, distinct) : Verdict(field, distinct, config, true)) << "\n";
    PrintValues(distinct, out);
  }
  if (!staff_extract) return;
  for (const auto& field : StaffFields()) {
    if (field == "census_date" || reader.Has(field)) continue;
    if ((field == "age_band" && reader.Has("date_of_birth")) || (field == "date_of_birth" && reader.Has("age_band"))) {
      continue;  // either gives the age band
    }
    out << "  not found: " << field << " (looked for " << reader.LookedFor(field) << ")\n";
  }
}

}  // namespace dxhub::dxconnect
