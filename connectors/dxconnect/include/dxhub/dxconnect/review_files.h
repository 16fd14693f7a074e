// Peer-review submissions dropped in the connector's source folder, under
// `<source.directory>/review/` (docs/connector-guide.md, "Peer review"): a
// self-assessment or a review of a paired peer, as YAML or CSV. Each file
// becomes one event sealed with this connector's org (so the store's org
// binding is the authorisation). Evidence and comments are checked here first
// (length, identifiers) so a problem is reported with its file and line; a
// file with any problem is not sent. Pure apart from reading the files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::dxconnect {

struct ReviewFiles {
  std::vector<dxhub::event::v1::Event> events;  // one per good file, sealed
  std::vector<std::string> files;               // the good files' names
  std::vector<std::string> errors;              // "review/self.yaml:12:5: ..." sentences
};

// The folder submissions are read from.
std::filesystem::path ReviewFolder(const connector::ConnectorConfig& config);

// Reads every *.yaml, *.yml and *.csv in the review folder (none = empty result).
ReviewFiles ReadReviewFiles(const connector::ConnectorConfig& config);

// Parses one submission (`name` is used in errors); appends to `out`.
void ParseReviewFile(const std::string& text, const std::string& name, const connector::ConnectorConfig& config,
                     ReviewFiles* out);

}  // namespace dxhub::dxconnect
