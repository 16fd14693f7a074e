#include "dxhub/csv/csv_source.h"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "dxhub/common/crypto.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::csv {
namespace fs = std::filesystem;
using connector::TableRef;
using dxhub::event::v1::Date;

namespace {

// The YYYY-MM-DD text in a file name, real date or not.
std::optional<std::string> DateTextInName(const std::string& file_name) {
  static const std::regex kDate(R"((\d{4}-\d{2}-\d{2}))");
  std::smatch m;
  if (!std::regex_search(file_name, m, kDate)) return std::nullopt;
  return m[1].str();
}

bool SameDate(const Date& a, const Date& b) { return protocol::DaysFromCivil(a) == protocol::DaysFromCivil(b); }

Result<std::string> Fingerprint(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return path.filename().string() + ":" + Sha256Hex(buffer.str());
}

// The date every row of a staff extract's census_date column gives; nullopt
// when the table has no such column or no rows.
Result<std::optional<Date>> CensusInColumn(const connector::Table& table, const connector::ConnectorConfig& config) {
  const auto header = connector::RowReader::ForStaff(table, config).Header("census_date");
  if (!header) return std::optional<Date>();
  const size_t column = *table.Column(*header);
  std::optional<Date> census;
  size_t census_row = 0;
  for (const auto& row : table.rows) {
    const std::string& value = row.cells[column];
    auto date = connector::RecogniseDate(value);
    std::string problem;
    if (!date.ok()) {
      problem = date.status().message() + "; every row of the census date column must give the extract's census date";
    } else if (census && !SameDate(*census, *date)) {
      problem = "differs from the census date " + protocol::DateToString(*census) + " on row " +
                std::to_string(census_row) + "; one extract describes one census date (split the file, or fix the column)";
    }
    if (!problem.empty()) return Status::InvalidArgument(connector::RowError{table.source, row.row, *header, value, problem}.ToString());
    if (!census) {
      census = *date;
      census_row = row.row;
    }
  }
  return census;
}

}  // namespace

std::optional<Date> CensusDateInName(const std::string& file_name) {
  const auto text = DateTextInName(file_name);
  return text ? protocol::ParseDate(*text) : std::nullopt;
}

std::string DatedNameFormat(const std::string& staff_glob) {
  const size_t star = staff_glob.find('*');
  if (star == std::string::npos) return "";
  return staff_glob.substr(0, star) + "YYYY-MM-DD" + staff_glob.substr(star + 1);
}

CsvSource::CsvSource(const connector::ConnectorConfig& config, std::optional<Date> census_date)
    : config_(config), census_date_(std::move(census_date)) {}

Result<Date> CsvSource::CensusOf(TableRef& ref, const std::string& file_name) {
  const std::string format = DatedNameFormat(config_.staff_glob);
  const auto text = DateTextInName(file_name);
  const std::optional<Date> from_name = text ? protocol::ParseDate(*text) : std::nullopt;
  if (text && !from_name) {
    return Status::InvalidArgument(ref.name + ": '" + *text + "' in the file name is not a real date; the census " +
                                   "date is read from the name as YYYY-MM-DD (" + format + "): rename the file");
  }
  std::optional<Date> from_column;
  if (!from_name || config_.columns.count("census_date")) {
    ref.census = Date();  // read as a staff extract
    auto table = Read(ref);
    if (!table.ok()) return table.status();
    auto column = CensusInColumn(*table, config_);
    if (!column.ok()) return column.status();
    from_column = *column;
  }
  if (from_name && from_column && !SameDate(*from_name, *from_column)) {
    return Status::InvalidArgument(ref.name + ": the file name says census date " + protocol::DateToString(*from_name) +
                                   " but its census date column says " + protocol::DateToString(*from_column) +
                                   "; fix whichever is wrong");
  }
  const std::optional<Date> found = from_name ? from_name : from_column;
  if (found) {
    if (census_date_ && !SameDate(*census_date_, *found)) {
      notices_.push_back("census date: " + file_name + " is dated " + protocol::DateToString(*found) + " by its " +
                         (from_name ? "name" : "census date column") + ", which wins over --census-date " +
                         protocol::DateToString(*census_date_));
    }
    return *found;
  }
  if (census_date_) {
    notices_.push_back("census date: " + file_name + " is dated " + protocol::DateToString(*census_date_) +
                       " by --census-date (its name has no date)");
    dated_by_option_.push_back(file_name);
    return *census_date_;
  }
  std::string rename;
  if (!format.empty()) {
    std::string example = format;
    example.replace(example.find("YYYY-MM-DD"), 10, "2023-03-31");
    rename = "Name it " + format + " (e.g. " + example + "), ";
  }
  return Status::InvalidArgument(ref.name + ": cannot tell the census date of this staff extract (the date it " +
                                 "describes). " + rename + "add a census date column (columns: census_date: <your " +
                                 "header>), or run with --census-date YYYY-MM-DD");
}

Result<std::vector<TableRef>> CsvSource::List() {
  notices_.clear();
  dated_by_option_.clear();
  std::error_code ec;
  if (!fs::is_directory(config_.source_dir, ec)) {
    return Status::NotFound(config_.source_dir.string() +
                            ": source directory does not exist (source.directory in " + config_.config_path + ")");
  }
  std::set<std::string> event_file_names;
  for (const auto& [kind, file] : config_.event_files) event_file_names.insert(file);
  std::vector<fs::directory_entry> entries(fs::directory_iterator(config_.source_dir), fs::directory_iterator());
  std::sort(entries.begin(), entries.end());
  std::vector<TableRef> staff;
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory()) {
      if (name == "processed" || name == "failed") continue;  // drop-folder mode's own
      if (entry.path() == config_.review_dir()) continue;      // peer-review submissions, read by dxconnect
      notices_.push_back("ignored: " + name + "/ (a folder; only files directly in the source directory are read)");
      continue;
    }
    if (event_file_names.count(name)) continue;  // listed below
    if (!entry.is_regular_file()) {
      notices_.push_back("ignored: " + name + " (not a regular file)");
      continue;
    }
    if (::fnmatch(config_.staff_glob.c_str(), name.c_str(), 0) != 0) {
      notices_.push_back("ignored: " + name + " (does not match staff_files '" + config_.staff_glob + "')");
      continue;
    }
    TableRef ref;
    ref.name = entry.path().string();
    auto census = CensusOf(ref, name);
    if (!census.ok()) return census.status();
    ref.census = *census;
    auto fp = Fingerprint(entry.path());
    if (!fp.ok()) return fp.status();
    ref.fingerprint = *fp;
    staff.push_back(std::move(ref));
  }
  if (dated_by_option_.size() > 1) {
    std::string names;
    for (const auto& n : dated_by_option_) names += (names.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("--census-date " + protocol::DateToString(*census_date_) + " would date " +
                                   std::to_string(dated_by_option_.size()) + " staff extracts (" + names +
                                   "); give one extract at a time, or put each census date in its file name (" +
                                   DatedNameFormat(config_.staff_glob) + ")");
  }
  std::stable_sort(staff.begin(), staff.end(), [](const TableRef& a, const TableRef& b) {
    return protocol::DaysFromCivil(*a.census) < protocol::DaysFromCivil(*b.census);
  });
  for (const auto& [kind, file] : config_.event_files) {
    const fs::path path = config_.source_dir / file;
    if (!fs::exists(path)) continue;  // an event file may arrive later
    TableRef ref;
    ref.name = path.string();
    ref.kind = kind;
    auto fp = Fingerprint(path);
    if (!fp.ok()) return fp.status();
    ref.fingerprint = *fp;
    staff.push_back(std::move(ref));
  }
  return staff;
}

Result<connector::Table> CsvSource::Read(const TableRef& ref) {
  return ReadCsvFile(ref.name,
                     CsvOptions{ref.census ? config_.delimiter : config_.event_delimiter, true, config_.encoding});
}

Status CsvSource::Finish(const TableRef& ref, bool ok) {
  if (!config_.drop_folder) return Status::Ok();
  const fs::path from = ref.name;
  const fs::path dir = config_.source_dir / (ok ? "processed" : "failed");
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::rename(from, dir / from.filename(), ec);
  if (ec) return Status::IoError(from.string() + ": cannot move to " + dir.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace dxhub::csv
