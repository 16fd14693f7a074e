// YAML configuration files whose every error names file, line and column.
// A ConfigFile owns its parsed document; ConfigReader walks one mapping and
// collects errors as "path:line:col: message" (1-based, like compilers do).
// Not thread-safe; load once at start-up.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub {

class ConfigFile {
 public:
  // Reads and parses `path`; a syntax error comes back as InvalidArgument
  // "path:line:col: message".
  static Result<ConfigFile> Load(const std::filesystem::path& path);
  // Parses `text` as if read from `name` (tests, embedded defaults).
  static Result<ConfigFile> Parse(const std::string& text, const std::string& name);

  const YAML::Node& root() const { return root_; }
  const std::string& name() const { return name_; }
  // Directory relative paths in the file are resolved against.
  const std::filesystem::path& base_dir() const { return base_dir_; }

  // An ipc:// endpoint whose path is relative, resolved against base_dir()
  // like every path in the file; any other endpoint unchanged.
  std::string ResolveIpc(const std::string& endpoint) const;

  // "name:line:col: message" for the position of `at` (the file start when unknown).
  std::string Where(const YAML::Node& at) const;

 private:
  YAML::Node root_;
  std::string name_;
  std::filesystem::path base_dir_;
};

// Reads typed fields of one YAML mapping, recording the first error with its
// position. Typical use: read every field, then `return reader.status();`.
class ConfigReader {
 public:
  ConfigReader(const ConfigFile& file, YAML::Node node, std::string context);

  // Each getter returns the default (or nullopt) and records an error when the
  // field is missing (for required fields) or of the wrong type.
  std::string String(const std::string& key, std::optional<std::string> def = std::nullopt);
  int64_t Int(const std::string& key, std::optional<int64_t> def = std::nullopt,
              int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  double Double(const std::string& key, std::optional<double> def = std::nullopt);
  bool Bool(const std::string& key, std::optional<bool> def = std::nullopt);
  // A path, resolved against the config file's directory when relative.
  std::filesystem::path Path(const std::string& key,
                             std::optional<std::filesystem::path> def = std::nullopt);
  // A child node (Null node, and an error if required, when missing).
  YAML::Node Child(const std::string& key, bool required);
  bool Has(const std::string& key) const;

  // Records an error for any key not in `allowed` (catches typos).
  void AllowOnly(std::initializer_list<const char*> allowed);
  void AllowOnly(const std::vector<std::string>& allowed);
  // Records an error at `at` with `message`.
  void Fail(const YAML::Node& at, const std::string& message);

  const ConfigFile& file() const { return file_; }
  const YAML::Node& node() const { return node_; }
  bool ok() const { return status_.ok(); }
  Status status() const { return status_; }

 private:
  YAML::Node Required(const std::string& key);

  const ConfigFile& file_;
  YAML::Node node_;
  std::string context_;
  Status status_;
};

}  // namespace dxhub
