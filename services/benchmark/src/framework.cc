#include "dxhub/benchmark/framework.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "dxhub/common/config.h"
#include "dxhub/common/crypto.h"

namespace dxhub::benchmark {
namespace {

constexpr size_t kMinQuestions = 1;
constexpr size_t kMaxQuestions = 200;

// The four levels of a `levels:` mapping keyed 1..4.
Status ReadLevels(ConfigReader& parent, const std::string& key, const std::string& context,
                  std::array<std::string, 4>* out) {
  YAML::Node node = parent.Child(key, true);
  if (!parent.ok()) return parent.status();
  ConfigReader levels(parent.file(), node, context);
  levels.AllowOnly({"1", "2", "3", "4"});
  for (int i = 0; i < 4; ++i) (*out)[static_cast<size_t>(i)] = levels.String(std::to_string(i + 1));
  return levels.status();
}

}  // namespace

const Question* Framework::Find(const std::string& id) const {
  for (const auto& q : questions) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

const WorkStream* Framework::Stream(const std::string& id) const {
  for (const auto& w : work_streams) {
    if (w.id == id) return &w;
  }
  return nullptr;
}

const char* BetterName(Better better) {
  switch (better) {
    case Better::kHigher:
      return "higher";
    case Better::kLower:
      return "lower";
    case Better::kCloserToOne:
      return "closer_to_1";
  }
  return "higher";
}

Result<Framework> ParseFramework(const std::string& text, const std::string& name) {
  auto file = ConfigFile::Parse(text, name);
  if (!file.ok()) return file.status();
  Framework fw;
  fw.sha256 = Sha256Hex(text);
  ConfigReader root(*file, file->root(), "the framework");
  root.AllowOnly({"framework", "version", "title", "levels", "work_streams"});
  fw.name = root.String("framework");
  fw.version = root.String("version");
  fw.title = root.String("title", "");
  DXHUB_RETURN_IF_ERROR(root.status());
  DXHUB_RETURN_IF_ERROR(ReadLevels(root, "levels", "levels", &fw.level_names));
  YAML::Node streams = root.Child("work_streams", true);
  if (streams.IsDefined() && !streams.IsSequence()) root.Fail(streams, "work_streams must be a list");
  std::set<std::string> ids;
  DXHUB_RETURN_IF_ERROR(root.status());
  for (size_t s = 0; s < streams.size(); ++s) {
    ConfigReader stream(*file, streams[s], "work stream");
    stream.AllowOnly({"id", "name", "questions"});
    WorkStream ws{stream.String("id"), stream.String("name")};
    YAML::Node questions = stream.Child("questions", true);
    if (questions.IsDefined() && !questions.IsSequence()) stream.Fail(questions, "questions must be a list");
    DXHUB_RETURN_IF_ERROR(stream.status());
    for (size_t i = 0; i < questions.size(); ++i) {
      ConfigReader qr(*file, questions[i], "question");
      qr.AllowOnly({"id", "action", "title", "question", "levels", "evidence", "indicator"});
      Question q;
      q.id = qr.String("id");
      q.work_stream = ws.id;
      q.action = static_cast<int>(qr.Int("action", 0, 0, 99));
      q.title = qr.String("title");
      q.text = qr.String("question");
      DXHUB_RETURN_IF_ERROR(qr.status());
      DXHUB_RETURN_IF_ERROR(ReadLevels(qr, "levels", "levels of question " + q.id, &q.levels));
      q.evidence = qr.String("evidence");
      if (qr.Has("indicator")) {
        ConfigReader ir(*file, qr.Child("indicator", true), "indicator of question " + q.id);
        ir.AllowOnly({"name", "breakdown", "better"});
        q.indicator.name = ir.String("name");
        q.indicator.breakdown = ir.String("breakdown");
        const std::string better = ir.String("better", "higher");
        if (better == "higher") q.indicator.better = Better::kHigher;
        else if (better == "lower") q.indicator.better = Better::kLower;
        else if (better == "closer_to_1") q.indicator.better = Better::kCloserToOne;
        else ir.Fail(ir.node()["better"], "better must be higher, lower or closer_to_1, not '" + better + "'");
        DXHUB_RETURN_IF_ERROR(ir.status());
      }
      if (qr.ok() && !ids.insert(q.id).second) qr.Fail(questions[i]["id"], "question id '" + q.id + "' is repeated");
      DXHUB_RETURN_IF_ERROR(qr.status());
      fw.questions.push_back(std::move(q));
    }
    fw.work_streams.push_back(std::move(ws));
  }
  if ((fw.questions.size() < kMinQuestions || fw.questions.size() > kMaxQuestions)) {
    root.Fail(streams, "the framework must hold 1 to 200 questions, not " + std::to_string(fw.questions.size()));
  }
  if (!root.ok()) return root.status();
  return fw;
}

Result<Framework> LoadFramework(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open the framework file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseFramework(text.str(), path.string());
}

Result<FrameworkSet> LoadFrameworks(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (ec) return Status::InvalidArgument("cannot read the frameworks folder " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  FrameworkSet set;
  std::map<std::string, std::filesystem::path> from;
  for (const auto& file : files) {
    auto framework = LoadFramework(file);
    if (!framework.ok()) return framework.status();
    const std::string version = framework->version;
    if (from.count(version)) {
      return Status::InvalidArgument(file.string() + ": version " + version + " is also the version of " +
                                     from[version].string() + "; a changed framework needs a new version");
    }
    from[version] = file;
    set.emplace(version, std::move(*framework));
  }
  if (set.empty()) return Status::InvalidArgument("no framework file (*.yaml) in " + dir.string());
  return set;
}

}  // namespace dxhub::benchmark
