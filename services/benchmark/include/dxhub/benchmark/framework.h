// The peer-review framework (SPEC section 5) loaded from its versioned YAML
// file (deploy/frameworks/edi-peer-review-v1.yaml; format in the module
// README): practice questions under the five work streams, each with a
// four-level maturity scale in words, the evidence expected and, where it has
// a quantitative counterpart, the indicator it is read beside. Every error
// names file:line:col. Plain values, copied freely.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub::benchmark {

// How an indicator reads: which direction is better practice.
enum class Better { kHigher, kLower, kCloserToOne };

// The indicator a question is read beside: an aggregator cell (indicator, breakdown).
struct IndicatorLink {
  std::string name;       // e.g. "representation_bme"
  std::string breakdown;  // e.g. "senior_and_above"
  Better better = Better::kHigher;
  bool present() const { return !name.empty(); }
};

struct Question {
  std::string id;            // e.g. "A3"
  std::string work_stream;   // the work stream's id, e.g. "A"
  int action = 0;            // the report's action number it comes from
  std::string title;
  std::string text;
  std::array<std::string, 4> levels;  // level 1..4 described in words
  std::string evidence;      // the evidence expected
  IndicatorLink indicator;
};

struct WorkStream {
  std::string id;
  std::string name;
};

struct Framework {
  std::string name;
  std::string version;        // e.g. "edi-peer-review-v1"
  std::string title;
  std::string sha256;         // of the file as written
  std::array<std::string, 4> level_names;  // e.g. Emerging .. Leading
  std::vector<WorkStream> work_streams;
  std::vector<Question> questions;  // in file order

  const Question* Find(const std::string& id) const;
  const WorkStream* Stream(const std::string& id) const;
};

Result<Framework> LoadFramework(const std::filesystem::path& path);

// Every framework file (*.yaml) of a folder, by version: a cycle names the
// version it used, and the report is built with that file. Two files with
// one version are an error naming both.
using FrameworkSet = std::map<std::string, Framework>;
Result<FrameworkSet> LoadFrameworks(const std::filesystem::path& dir);
// Parses framework text as if read from `name` (tests).
Result<Framework> ParseFramework(const std::string& text, const std::string& name);

const char* BetterName(Better better);

}  // namespace dxhub::benchmark
