#include "dxhub/connector/connector_config.h"

#include "dxhub/common/config.h"
#include "dxhub/common/keys.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/common/text_encoding.h"
#include "dxhub/connector/closed_lists.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::connector {
namespace {

// NHS Electronic Staff Record extract headers, each field's accepted names in
// order of preference. Not "Assignment Number" for staff_number: it names one
// of a person's assignments, so a person with two would count twice.
const std::map<std::string, std::vector<std::string>>& EsrHeaders() {
  static const std::map<std::string, std::vector<std::string>> kHeaders = {
      {"staff_number", {"Employee Number", "Employee No"}},
      {"grade", {"Pay Band", "Grade"}},
      {"staff_group", {"Staff Group"}},
      {"fte", {"FTE", "Contracted FTE"}},
      {"contract_type", {"Contract Type", "Assignment Category"}},
      {"sex", {"Gender", "Sex"}},
      {"ethnicity", {"Ethnic Origin", "Ethnicity"}},
      {"disability", {"Disability", "Disability Flag"}},
      {"date_of_birth", {"Date of Birth", "DOB"}},
      {"age_band", {"Age Band"}},
      {"hourly_pay", {"Hourly Rate", "Hourly Pay"}},
      {"start_date", {"Latest Hire Date", "Hire Date", "Start Date"}},
      {"census_date", {"Census Date"}},
  };
  return kHeaders;
}

// A header or a list of headers ("columns: disability: [Disability Flag, Disabled]").
Status ReadHeaderList(const ConfigFile& file, const YAML::Node& node, const std::string& field,
                      std::vector<std::string>& headers) {
  auto add = [&](const YAML::Node& n) {
    if (!n.IsScalar() || n.Scalar().empty()) return false;
    headers.push_back(n.Scalar());
    return true;
  };
  bool ok = node.IsSequence() ? node.size() > 0 : add(node);
  if (node.IsSequence()) {
    for (const auto& item : node) ok = ok && add(item);
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(file.Where(node) + ": columns." + field +
                                 " must be your header, or a list of headers to try in order, e.g. [Disability Flag, "
                                 "Disabled]");
}

// The node of `key` itself in `map` (not its value), so an error about a whole
// section points at the line that opens it.
YAML::Node KeyNode(const YAML::Node& map, const std::string& key) {
  if (map.IsMap()) {
    for (const auto& kv : map) {
      if (kv.first.Scalar() == key) return kv.first;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// `section` is the `mapping:` key, where errors about the whole table point.
Status LoadMapping(const ConfigFile& file, const YAML::Node& node, const YAML::Node& section, GradeMapping& m) {
  ConfigReader r(file, node, "mapping");
  r.AllowOnly({"version", "grades", "default_tier", "top_earners"});
  m.version = r.String("version");
  if (r.Has("default_tier")) {
    const std::string t = r.String("default_tier");
    if (auto tier = ParseTierName(t)) m.default_tier = *tier;
    else r.Fail(node["default_tier"], "default_tier must be EXECUTIVE, SENIOR, MIDDLE or CORE, got '" + t + "'");
  }
  YAML::Node grades = r.Child("grades", false);
  if (r.Has("grades") && !grades.IsMap()) r.Fail(grades, "grades must map each grade label to a tier");
  if (grades.IsMap()) {
    for (const auto& kv : grades) {
      const std::string tier_name = kv.second.IsScalar() ? kv.second.Scalar() : "";
      auto tier = ParseTierName(tier_name);
      if (!tier) {
        r.Fail(kv.second, "grade '" + kv.first.Scalar() + "' maps to '" + tier_name +
                              "'; tiers are EXECUTIVE, SENIOR, MIDDLE or CORE");
        break;
      }
      m.grades[Fold(kv.first.Scalar())] = *tier;
    }
  }
  if (r.Has("top_earners")) {
    ConfigReader t(file, node["top_earners"], "mapping.top_earners");
    t.AllowOnly({"share", "tier", "permanent_only"});
    m.top_earner_share = t.Double("share", 0.05);
    if (!(m.top_earner_share > 0 && m.top_earner_share < 1)) t.Fail(node["top_earners"]["share"], "share must be between 0 and 1, e.g. 0.05");
    const std::string tier_name = t.String("tier", "SENIOR");
    if (auto tier = ParseTierName(tier_name)) m.top_tier = *tier;
    else t.Fail(node["top_earners"]["tier"], "tier must be EXECUTIVE, SENIOR, MIDDLE or CORE");
    m.top_earners_permanent_only = t.Bool("permanent_only", true);
    DXHUB_RETURN_IF_ERROR(t.status());
  }
  if (r.ok() && m.grades.empty() && !m.default_tier) {
    r.Fail(section, "the mapping needs a grades table, or a default_tier with top_earners");
  }
  return r.status();
}

// source.delimiter / source.event_delimiter: "auto" (the default: detected in
// each file), one character, or "tab".
char ReadDelimiter(ConfigReader& source, const std::string& key) {
  const std::string text = source.String(key, "auto");
  if (text == "auto") return kDetectDelimiter;
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() != 1 || text == "\"" || text == "\n" || text == "\r") {
    source.Fail(source.node()[key], key + " must be auto (detect it in each file), one character such as ',' or '~', "
                                          "or tab; got '" + text + "'");
    return kDetectDelimiter;
  }
  return text[0];
}

}  // namespace

const std::vector<std::pair<EventFileKind, std::string>>& EventFileKinds() {
  static const std::vector<std::pair<EventFileKind, std::string>> kKinds = {
      {EventFileKind::kRecruitment, "recruitment"}, {EventFileKind::kDisciplinary, "disciplinary"},
      {EventFileKind::kTraining, "training"},       {EventFileKind::kBoard, "board"},
      {EventFileKind::kSurvey, "survey"},           {EventFileKind::kTargets, "targets"},
      {EventFileKind::kProgramme, "programme"},     {EventFileKind::kLeavers, "leavers"},
  };
  return kKinds;
}

const std::vector<std::string>& StaffFields() {
  static const std::vector<std::string> kFields = {
      "staff_number", "grade",         "staff_group", "fte",        "contract_type", "sex",        "ethnicity",
      "disability",   "date_of_birth", "age_band",    "hourly_pay", "clinical",      "start_date", "census_date"};
  return kFields;
}

std::vector<std::string> ProfileHeaders(const std::string& profile, const std::string& field) {
  if (profile == "esr") {
    if (auto it = EsrHeaders().find(field); it != EsrHeaders().end()) return it->second;
  }
  return {field};
}

std::vector<std::string> ConnectorConfig::AcceptedHeaders(const std::string& field) const {
  if (auto it = columns.find(field); it != columns.end()) return it->second;
  return ProfileHeaders(profile, field);
}

Result<ConnectorConfig> LoadConnectorConfig(const std::filesystem::path& path) {
  auto file = ConfigFile::Load(path);
  if (!file.ok()) return file.status();
  return ReadConnectorConfig(*file);
}

Result<ConnectorConfig> ReadConnectorConfig(const ConfigFile& file) {
  ConnectorConfig c;
  c.config_path = file.name();
  const YAML::Node& root_node = file.root();
  ConfigReader root(file, root_node, "the connector config");
  root.AllowOnly({"org_id", "connector_id", "state_dir", "hub", "pseudonymisation", "source", "columns", "values",
                  "mapping", "guards", "publish", "schedule", "log"});
  c.org_id = root.String("org_id");
  if (root.ok() && !protocol::IsValidOrgId(c.org_id)) {
    root.Fail(root_node["org_id"], "org_id must be 2 to 16 characters of A-Z, 0-9, '_' or '-' (e.g. BTHFT)");
  }
  c.connector_id = root.String("connector_id", c.org_id + "-connector");
  c.state_dir = root.Path("state_dir", "state");
  DXHUB_RETURN_IF_ERROR(root.status());

  ConfigReader hub(file, root.Child("hub", true), "hub");
  hub.AllowOnly({"endpoint", "server_public_key_file", "secret_key_file"});
  c.hub_endpoint = hub.String("endpoint");
  if (const Status endpoint = CheckConnectEndpoint(c.hub_endpoint); hub.ok() && !endpoint.ok()) {
    hub.Fail(root_node["hub"]["endpoint"], "hub " + endpoint.message());
  }
  const auto server_key_path = hub.Path("server_public_key_file");
  const auto secret_path = hub.Path("secret_key_file");
  DXHUB_RETURN_IF_ERROR(hub.status());

  ConfigReader pseudo(file, root.Child("pseudonymisation", true), "pseudonymisation");
  pseudo.AllowOnly({"secret_file", "key_version"});
  const auto pseudo_path = pseudo.Path("secret_file");
  c.key_version = static_cast<int>(pseudo.Int("key_version", 1, 1, 9999));
  DXHUB_RETURN_IF_ERROR(pseudo.status());

  ConfigReader source(file, root.Child("source", true), "source");
  source.AllowOnly({"kind", "profile", "directory", "delimiter", "event_delimiter", "staff_files", "drop_folder", "event_files",
                    "encoding"});
  const std::string kind = source.String("kind", "csv");
  if (source.ok() && kind != "csv") {
    source.Fail(root_node["source"]["kind"], "source kind '" + kind + "' is not available in this build (csv)");
  }
  c.profile = source.String("profile", "generic");
  if (source.ok() && c.profile != "esr" && c.profile != "generic") {
    source.Fail(root_node["source"]["profile"], "profile must be esr or generic");
  }
  c.source_dir = source.Path("directory");
  c.delimiter = ReadDelimiter(source, "delimiter");
  c.event_delimiter = ReadDelimiter(source, "event_delimiter");
  c.staff_glob = source.String("staff_files", c.staff_glob);
  c.encoding = source.String("encoding", c.encoding);
  if (Status known = CheckEncodingName(c.encoding); source.ok() && !known.ok()) {
    source.Fail(root_node["source"]["encoding"], known.message());
  }
  c.drop_folder = source.Bool("drop_folder", false);
  YAML::Node events = source.Child("event_files", false);
  if (events.IsMap()) {
    for (const auto& kv : events) {
      bool known = false;
      for (const auto& [k, name] : EventFileKinds()) {
        if (name == kv.first.Scalar()) {
          c.event_files[k] = kv.second.Scalar();
          known = true;
        }
      }
      if (!known) source.Fail(kv.first, "unknown event file kind '" + kv.first.Scalar() +
                                            "' (recruitment, disciplinary, training, board, survey, targets, programme, leavers)");
    }
  }
  DXHUB_RETURN_IF_ERROR(source.status());

  YAML::Node columns = root.Child("columns", false);
  if (columns.IsMap()) {
    for (const auto& kv : columns) {
      const std::string field = kv.first.Scalar();
      const auto& fields = StaffFields();
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
        std::string list;
        for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
        return Status::InvalidArgument(file.Where(kv.first) + ": unknown column field '" + field + "' (one of: " + list + ")");
      }
      DXHUB_RETURN_IF_ERROR(ReadHeaderList(file, kv.second, field, c.columns[field]));
    }
  }
  YAML::Node values = root.Child("values", false);
  if (values.IsMap()) {
    for (const auto& field : values) {
      if (!field.second.IsMap()) {
        return Status::InvalidArgument(file.Where(field.second) + ": values." + field.first.Scalar() +
                                       " must map source labels to recognised labels");
      }
      for (const auto& kv : field.second) c.values[field.first.Scalar()][Fold(kv.first.Scalar())] = kv.second.Scalar();
      DXHUB_RETURN_IF_ERROR(LoadClosedList(file, field.first.Scalar(), field.second, c));
    }
  }

  DXHUB_RETURN_IF_ERROR(LoadMapping(file, root.Child("mapping", true), KeyNode(root_node, "mapping"), c.mapping));

  ConfigReader guards(file, root.Child("guards", false), "guards");
  guards.AllowOnly({"max_bad_row_share", "max_headcount_change", "max_churn"});
  c.guards.max_bad_row_share = guards.Double("max_bad_row_share", c.guards.max_bad_row_share);
  c.guards.max_headcount_change = guards.Double("max_headcount_change", c.guards.max_headcount_change);
  c.guards.max_churn = guards.Double("max_churn", c.guards.max_churn);
  ConfigReader publish(file, root.Child("publish", false), "publish");
  publish.AllowOnly({"batch_events", "window", "timeout_ms", "max_backoff_ms", "give_up_after_s"});
  c.publish.batch_events = static_cast<size_t>(publish.Int("batch_events", 500, 1, 1000));
  c.publish.window = static_cast<size_t>(publish.Int("window", 4, 1, 64));
  c.publish.timeout_ms = static_cast<int>(publish.Int("timeout_ms", 5000, 100, 600000));
  c.publish.max_backoff_ms = static_cast<int>(publish.Int("max_backoff_ms", 30000, 100, 3600000));
  if (publish.Has("give_up_after_s")) c.publish.give_up_after_s = static_cast<int>(publish.Int("give_up_after_s", 0, 0, 604800));
  ConfigReader schedule(file, root.Child("schedule", false), "schedule");
  schedule.AllowOnly({"every_minutes"});
  c.schedule_every_minutes = static_cast<int>(schedule.Int("every_minutes", 1440, 1, 525600));
  ConfigReader log(file, root.Child("log", false), "log");
  log.AllowOnly({"format", "level"});
  const std::string format = log.String("format", "human");
  const std::string level = log.String("level", "info");
  for (const auto* r : {&guards, &publish, &schedule, &log}) DXHUB_RETURN_IF_ERROR(r->status());
  auto log_options = ParseLogOptions(format, level);
  if (!log_options.ok()) return Status::InvalidArgument(file.Where(root_node["log"]) + ": " + log_options.status().message());
  c.log = *log_options;

  // Keys and secrets last: their errors name the file and the setting.
  auto server_key = LoadPublicKey(server_key_path);
  if (!server_key.ok()) return Status::InvalidArgument(file.Where(root_node["hub"]["server_public_key_file"]) + ": " + server_key.status().message());
  c.hub_public_key = *server_key;
  auto secret = LoadSecretKey(secret_path);
  if (!secret.ok()) return Status::InvalidArgument(file.Where(root_node["hub"]["secret_key_file"]) + ": " + secret.status().message());
  c.secret_key = *secret;
  c.public_key = *PublicKeyOf(*secret);
  auto pseudonym = ReadPseudonymSecret(pseudo_path);
  if (!pseudonym.ok()) return Status::InvalidArgument(file.Where(root_node["pseudonymisation"]["secret_file"]) + ": " + pseudonym.status().message());
  c.pseudonym_secret = *pseudonym;
  return c;
}

Result<std::string> ReadPseudonymSecret(const std::filesystem::path& path) {
  auto secret = ReadSecretFile(path);
  if (!secret.ok()) return secret.status();
  if (secret->size() < 16) {
    return Status::InvalidArgument(path.string() + ": the pseudonymisation secret must be at least 16 bytes (make one with 'dxconnect init-secret')");
  }
  return secret;
}

}  // namespace dxhub::connector
