#include "dxhub/csv/csv_source.h"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "dxhub/common/crypto.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::csv {
namespace fs = std::filesystem;
using connector::TableRef;

std::optional<dxhub::event::v1::Date> CensusDateInName(const std::string& file_name) {
  static const std::regex kDate(R"((\d{4}-\d{2}-\d{2}))");
  std::smatch m;
  if (!std::regex_search(file_name, m, kDate)) return std::nullopt;
  return protocol::ParseDate(m[1].str());
}

CsvSource::CsvSource(const connector::ConnectorConfig& config) : config_(config) {}

namespace {

Result<std::string> Fingerprint(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return path.filename().string() + ":" + Sha256Hex(buffer.str());
}

}  // namespace

Result<std::vector<TableRef>> CsvSource::List() {
  std::error_code ec;
  if (!fs::is_directory(config_.source_dir, ec)) {
    return Status::NotFound(config_.source_dir.string() +
                            ": source directory does not exist (source.directory in " + config_.config_path + ")");
  }
  std::vector<TableRef> staff;
  for (const auto& entry : fs::directory_iterator(config_.source_dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (::fnmatch(config_.staff_glob.c_str(), name.c_str(), 0) != 0) continue;
    TableRef ref;
    ref.name = entry.path().string();
    ref.census = CensusDateInName(name);
    if (!ref.census) {
      return Status::InvalidArgument(ref.name + ": cannot tell the census date of this staff extract; name it "
                                                "staff_YYYY-MM-DD.csv (the date the extract describes)");
    }
    auto fp = Fingerprint(entry.path());
    if (!fp.ok()) return fp.status();
    ref.fingerprint = *fp;
    staff.push_back(std::move(ref));
  }
  std::sort(staff.begin(), staff.end(), [](const TableRef& a, const TableRef& b) {
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
