// A connector's configuration (YAML): who it is, where the hub is, its keys
// and pseudonymisation secret, its source, how source columns and labels map
// to the contract, the grade-to-tier mapping, guard rails, publishing and
// schedule. Loaded once; every error names file:line:col. Plain values;
// secrets are held in memory only and never logged.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/common/config.h"
#include "dxhub/common/log.h"
#include "dxhub/common/status.h"
#include "dxhub/event/v1/payloads.pb.h"
#include "dxhub/event/v1/types.pb.h"

namespace dxhub::connector {

// The event files a CSV source may carry besides staff extracts.
enum class EventFileKind { kRecruitment, kDisciplinary, kTraining, kBoard, kSurvey, kTargets, kProgramme, kLeavers };
const std::vector<std::pair<EventFileKind, std::string>>& EventFileKinds();  // kind, config name

// A delimiter setting meaning "detect it in each file" (source.delimiter: auto).
constexpr char kDetectDelimiter = '\0';

struct GradeMapping {
  std::string version;
  std::map<std::string, dxhub::event::v1::Tier> grades;  // keys Fold()ed
  std::optional<dxhub::event::v1::Tier> default_tier;    // for grades not in the table
  // Pay-percentile rule: the top `share` of total FTE by FTE-equivalent hourly
  // pay, ties at the line included, become `top_tier` unless the grade table
  // puts them higher. 0 = off.
  double top_earner_share = 0;
  dxhub::event::v1::Tier top_tier = dxhub::event::v1::TIER_SENIOR;
  bool top_earners_permanent_only = true;
};

struct Guards {
  double max_bad_row_share = 0.05;      // abort if more rows than this are bad
  double max_headcount_change = 0.25;   // abort if headcount moves more than this since the last run
  // Abort if joiners plus leavers exceed this share of the previous headcount:
  // the headcount can hold while every key changes (a new staff-number form).
  double max_churn = 1.0;
};

struct PublishOptions {
  size_t batch_events = 500;
  size_t window = 4;
  int timeout_ms = 5000;
  int max_backoff_ms = 30000;
  std::optional<int> give_up_after_s;  // 0 = keep retrying until the outbox drains; unset: dxconnect decides
};

struct ConnectorConfig {
  std::string config_path;
  std::string org_id;
  std::string connector_id;
  std::filesystem::path state_dir;

  std::string hub_endpoint;
  std::string hub_public_key;
  std::string public_key;
  std::string secret_key;

  std::string pseudonym_secret;
  int key_version = 1;

  std::string profile = "generic";  // esr | generic
  std::filesystem::path source_dir;
  // source_dir/review: the organisation's peer-review submissions (dxconnect sends them; not HR data).
  std::filesystem::path review_dir() const { return source_dir / "review"; }
  char delimiter = kDetectDelimiter;        // staff extracts
  char event_delimiter = kDetectDelimiter;  // event files
  std::string staff_glob = "staff_*.csv";
  std::string encoding = "utf-8";  // of every source file; any name iconv knows (e.g. windows-1252)
  bool drop_folder = false;  // sent files move to processed/, refused ones to failed/ (dxconnect run)
  std::map<EventFileKind, std::string> event_files;

  std::map<std::string, std::vector<std::string>> columns;           // canonical field -> accepted source headers
  std::map<std::string, std::map<std::string, std::string>> values;  // field -> (Fold(label) -> replacement)
  // Closed lists replacing free text (closed_lists.h), from values.leaving_reason and values.course_category.
  std::map<std::string, dxhub::event::v1::LeavingReason> leaving_reasons;  // Fold(label) -> reason
  std::map<std::string, std::string> course_categories;                    // Fold(label) -> category id

  GradeMapping mapping;
  Guards guards;
  PublishOptions publish;
  int schedule_every_minutes = 1440;
  LogOptions log;

  // The source headers a canonical staff field is read from, in order of
  // preference: the config's columns: entry if any, else the profile's names
  // (the generic profile's name is the field's own). A table reads the field
  // from the first of them it has (RowReader::ForStaff).
  std::vector<std::string> AcceptedHeaders(const std::string& field) const;
};

// Canonical staff fields a column mapping may name.
const std::vector<std::string>& StaffFields();
// The headers a profile ("esr", "generic") accepts for a canonical staff field, in order of preference.
std::vector<std::string> ProfileHeaders(const std::string& profile, const std::string& field);

Result<ConnectorConfig> LoadConnectorConfig(const std::filesystem::path& path);
// The same from a parsed file (ConfigFile::Parse for text; the fuzz targets).
Result<ConnectorConfig> ReadConnectorConfig(const ConfigFile& file);

// Reads a pseudonymisation secret file (owner-only, at least 16 bytes).
Result<std::string> ReadPseudonymSecret(const std::filesystem::path& path);

}  // namespace dxhub::connector
