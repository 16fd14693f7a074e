#include "dxhub/common/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dxhub {
namespace {

std::string Position(const std::string& name, const YAML::Mark& mark) {
  std::ostringstream out;
  out << name << ':';
  if (mark.is_null()) {
    out << "1:1";
  } else {
    out << (mark.line + 1) << ':' << (mark.column + 1);
  }
  return out.str();
}

}  // namespace

Result<ConfigFile> ConfigFile::Parse(const std::string& text, const std::string& name) {
  ConfigFile file;
  file.name_ = name;
  file.base_dir_ = std::filesystem::path(name).parent_path();
  try {
    file.root_ = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument(Position(name, e.mark) + ": " + e.msg);
  }
  if (!file.root_.IsMap()) {
    return Status::InvalidArgument(Position(name, file.root_.Mark()) +
                                   ": the file must be a YAML mapping of settings");
  }
  return file;
}

Result<ConfigFile> ConfigFile::Load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound(path.string() + ": cannot open config file");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto parsed = Parse(buffer.str(), path.string());
  if (parsed.ok()) {
    parsed->base_dir_ = std::filesystem::absolute(path).parent_path();
  }
  return parsed;
}

std::string ConfigFile::ResolveIpc(const std::string& endpoint) const {
  if (endpoint.rfind("ipc://", 0) != 0) return endpoint;
  const std::filesystem::path socket_path = endpoint.substr(6);
  if (socket_path.empty() || socket_path.is_absolute()) return endpoint;
  return "ipc://" + (base_dir_ / socket_path).string();
}

std::string ConfigFile::Where(const YAML::Node& at) const {
  return Position(name_, at.IsDefined() ? at.Mark() : root_.Mark());
}

ConfigReader::ConfigReader(const ConfigFile& file, YAML::Node node, std::string context)
    : file_(file), node_(std::move(node)), context_(std::move(context)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    Fail(node_, context_ + " must be a mapping of settings");
  }
}

void ConfigReader::Fail(const YAML::Node& at, const std::string& message) {
  if (!status_.ok()) return;  // keep the first error: later ones are often consequences
  YAML::Node where = at.IsDefined() ? at : node_;
  status_ = Status::InvalidArgument(file_.Where(where) + ": " + message);
}

bool ConfigReader::Has(const std::string& key) const {
  return node_.IsMap() && node_[key].IsDefined() && !node_[key].IsNull();
}

YAML::Node ConfigReader::Required(const std::string& key) {
  if (!Has(key)) {
    Fail(node_, "missing required setting '" + key + "' in " + context_);
    return YAML::Node();
  }
  return node_[key];
}

YAML::Node ConfigReader::Child(const std::string& key, bool required) {
  if (required) return Required(key);
  return Has(key) ? node_[key] : YAML::Node();
}

std::string ConfigReader::String(const std::string& key, std::optional<std::string> def) {
  if (!Has(key) && def) return *def;
  YAML::Node n = Required(key);
  if (!n.IsDefined()) return def.value_or("");
  if (!n.IsScalar()) {
    Fail(n, "'" + key + "' must be a text value");
    return def.value_or("");
  }
  return n.Scalar();
}

int64_t ConfigReader::Int(const std::string& key, std::optional<int64_t> def, int64_t min,
                          int64_t max) {
  if (!Has(key) && def) return *def;
  YAML::Node n = Required(key);
  if (!n.IsDefined()) return def.value_or(0);
  int64_t v = 0;
  if (!n.IsScalar() || !YAML::convert<int64_t>::decode(n, v)) {
    Fail(n, "'" + key + "' must be a whole number, got '" + (n.IsScalar() ? n.Scalar() : "?") + "'");
    return def.value_or(0);
  }
  if (v < min || v > max) {
    Fail(n, "'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max) +
                ", got " + std::to_string(v));
  }
  return v;
}

double ConfigReader::Double(const std::string& key, std::optional<double> def) {
  if (!Has(key) && def) return *def;
  YAML::Node n = Required(key);
  if (!n.IsDefined()) return def.value_or(0);
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v)) {
    Fail(n, "'" + key + "' must be a number, got '" + (n.IsScalar() ? n.Scalar() : "?") + "'");
    return def.value_or(0);
  }
  return v;
}

bool ConfigReader::Bool(const std::string& key, std::optional<bool> def) {
  if (!Has(key) && def) return *def;
  YAML::Node n = Required(key);
  if (!n.IsDefined()) return def.value_or(false);
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) {
    Fail(n, "'" + key + "' must be true or false, got '" + (n.IsScalar() ? n.Scalar() : "?") + "'");
    return def.value_or(false);
  }
  return v;
}

std::filesystem::path ConfigReader::Path(const std::string& key,
                                         std::optional<std::filesystem::path> def) {
  std::optional<std::string> sdef;
  if (def) sdef = def->string();
  std::filesystem::path p = String(key, sdef);
  if (p.empty() || p.is_absolute()) return p;
  return file_.base_dir() / p;
}

void ConfigReader::AllowOnly(std::initializer_list<const char*> allowed) {
  AllowOnly(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void ConfigReader::AllowOnly(const std::vector<std::string>& allowed) {
  if (!node_.IsMap()) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    Fail(kv.first, "unknown setting '" + key + "' in " + context_ + " (expected one of: " + list + ")");
  }
}

}  // namespace dxhub
