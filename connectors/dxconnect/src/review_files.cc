#include "dxhub/dxconnect/review_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "dxhub/common/config.h"
#include "dxhub/connector/event_builder.h"
#include "dxhub/csv/csv_reader.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/evidence.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::dxconnect {
namespace {

using dxhub::event::v1::Event;

// One rating as read, with where it came from.
struct Row {
  std::string where;  // "file:line:col" of the rating
  std::string evidence_where;
  std::string question;
  int64_t level = 0;           // self-assessment level, or the review's self level
  int64_t moderated = 0;       // reviews only
  std::string text;            // evidence or comment
};

struct Submission {
  std::string kind;  // "self-assessment" or "review"
  std::string cycle;
  std::string organisation;
  std::string date;
  std::string header_where;
  std::vector<Row> rows;
};

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status ParseYaml(const std::string& text, const std::string& name, Submission* sub) {
  auto file = ConfigFile::Parse(text, name);
  if (!file.ok()) return file.status();
  ConfigReader root(*file, file->root(), "the submission");
  root.AllowOnly({"kind", "cycle", "framework", "organisation", "date", "ratings"});
  sub->kind = root.String("kind");
  sub->cycle = root.String("cycle");
  sub->organisation = root.String("organisation");
  sub->date = root.String("date");
  (void)root.String("framework", "");
  sub->header_where = file->Where(file->root()["date"]);
  YAML::Node ratings = root.Child("ratings", true);
  DXHUB_RETURN_IF_ERROR(root.status());
  if (sub->kind != "self-assessment" && sub->kind != "review") {
    return Status::InvalidArgument(file->Where(file->root()["kind"]) + ": kind must be self-assessment or review, not '" +
                                   sub->kind + "'");
  }
  if (!ratings.IsSequence()) return Status::InvalidArgument(file->Where(ratings) + ": ratings must be a list");
  const bool review = sub->kind == "review";
  for (const auto& node : ratings) {
    ConfigReader r(*file, node, "a rating");
    if (review) r.AllowOnly({"question", "self_level", "moderated_level", "comment"});
    else r.AllowOnly({"question", "level", "evidence"});
    Row row;
    row.where = file->Where(node);
    row.question = r.String("question");
    row.level = r.Int(review ? "self_level" : "level", std::nullopt, 1, 4);
    if (review) row.moderated = r.Int("moderated_level", std::nullopt, 1, 4);
    const char* text_key = review ? "comment" : "evidence";
    row.text = r.String(text_key, "");
    row.evidence_where = file->Where(node[text_key]);
    DXHUB_RETURN_IF_ERROR(r.status());
    sub->rows.push_back(std::move(row));
  }
  return Status::Ok();
}

// CSV: one rating per row; columns kind, cycle, organisation, date, question,
// level (self-assessment) or self_level and moderated_level (review), and
// evidence (self-assessment) or comment (review). kind..date repeat on every row.
Status ParseCsvSubmission(const std::string& text, const std::string& name, Submission* sub) {
  const connector::Table table = csv::ParseCsv(text, name, csv::CsvOptions{});
  if (!table.errors.empty()) return Status::InvalidArgument(table.errors.front().ToString());
  auto col = [&](const std::string& h) { return table.Column(h); };
  for (const char* required : {"kind", "cycle", "organisation", "date", "question"}) {
    if (!col(required)) return Status::InvalidArgument(name + ":1: missing column '" + std::string(required) + "'");
  }
  if (table.rows.empty()) return Status::InvalidArgument(name + ":2: no ratings");
  const auto cell = [&](const connector::TableRow& row, const std::string& h) -> std::string {
    auto c = col(h);
    return c && *c < row.cells.size() ? row.cells[*c] : "";
  };
  const auto& first = table.rows.front();
  sub->kind = cell(first, "kind");
  sub->cycle = cell(first, "cycle");
  sub->organisation = cell(first, "organisation");
  sub->date = cell(first, "date");
  sub->header_where = name + ":" + std::to_string(first.row);
  if (sub->kind != "self-assessment" && sub->kind != "review") {
    return Status::InvalidArgument(sub->header_where + ": kind must be self-assessment or review, not '" + sub->kind + "'");
  }
  const bool review = sub->kind == "review";
  for (const char* required : review ? std::vector<const char*>{"self_level", "moderated_level", "comment"}
                                     : std::vector<const char*>{"level", "evidence"}) {
    if (!col(required)) return Status::InvalidArgument(name + ":1: missing column '" + std::string(required) + "'");
  }
  for (const auto& r : table.rows) {
    const std::string where = name + ":" + std::to_string(r.row);
    if (cell(r, "kind") != sub->kind || cell(r, "cycle") != sub->cycle || cell(r, "organisation") != sub->organisation) {
      return Status::InvalidArgument(where + ": kind, cycle and organisation must be the same on every row");
    }
    Row row;
    row.where = row.evidence_where = where;
    row.question = cell(r, "question");
    auto level = [&](const std::string& h) -> int64_t {
      const std::string v = cell(r, h);
      return v.size() == 1 && v[0] >= '1' && v[0] <= '4' ? v[0] - '0' : 0;
    };
    row.level = level(review ? "self_level" : "level");
    if (review) row.moderated = level("moderated_level");
    if (row.level == 0 || (review && row.moderated == 0)) {
      return Status::InvalidArgument(where + ": levels must be 1, 2, 3 or 4");
    }
    row.text = cell(r, review ? "comment" : "evidence");
    sub->rows.push_back(std::move(row));
  }
  return Status::Ok();
}

}  // namespace

std::filesystem::path ReviewFolder(const connector::ConnectorConfig& config) { return config.review_dir(); }

void ParseReviewFile(const std::string& text, const std::string& name, const connector::ConnectorConfig& config,
                     ReviewFiles* out) {
  Submission sub;
  Status s = EndsWith(name, ".csv") ? ParseCsvSubmission(text, name, &sub) : ParseYaml(text, name, &sub);
  if (!s.ok()) {
    out->errors.push_back(s.message());
    return;
  }
  auto date = protocol::ParseDate(sub.date);
  if (!date) {
    out->errors.push_back(sub.header_where + ": date must be YYYY-MM-DD (the day the submission was signed off)");
    return;
  }
  if (!protocol::IsValidCycleId(sub.cycle)) {
    out->errors.push_back(name + ": cycle '" + sub.cycle + "' is not a valid cycle id; copy it from the hub admin");
    return;
  }
  bool ok = true;
  for (const auto& row : sub.rows) {
    if (auto problem = protocol::CheckEvidence(row.text)) {
      out->errors.push_back(row.evidence_where + ": " + (sub.kind == "review" ? "comment" : "evidence") +
                            " for question " + row.question + " " + *problem + "; the file was not sent");
      ok = false;
    }
  }
  if (!ok) return;
  Event e;
  if (sub.kind == "self-assessment") {
    auto* p = e.mutable_self_assessment();
    p->set_cycle_id(sub.cycle);
    p->set_assessed_org_id(sub.organisation);
    for (const auto& row : sub.rows) {
      auto* r = p->add_ratings();
      r->set_question_id(row.question);
      r->set_level(static_cast<int32_t>(row.level));
      r->set_evidence(row.text);
    }
  } else {
    auto* p = e.mutable_peer_review();
    p->set_cycle_id(sub.cycle);
    p->set_reviewed_org_id(sub.organisation);
    for (const auto& row : sub.rows) {
      auto* r = p->add_ratings();
      r->set_question_id(row.question);
      r->set_self_level(static_cast<int32_t>(row.level));
      r->set_moderated_level(static_cast<int32_t>(row.moderated));
      r->set_comment(row.text);
    }
  }
  connector::Seal(e, config, *date);
  out->events.push_back(std::move(e));
  out->files.push_back(name);
}

ReviewFiles ReadReviewFiles(const connector::ConnectorConfig& config) {
  ReviewFiles out;
  std::error_code ec;
  const auto folder = ReviewFolder(config);
  if (!std::filesystem::is_directory(folder, ec)) return out;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const std::string n = entry.path().filename().string();
    if (entry.is_regular_file() && (EndsWith(n, ".yaml") || EndsWith(n, ".yml") || EndsWith(n, ".csv"))) {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ParseReviewFile(text.str(), path.string(), config, &out);
  }
  return out;
}

}  // namespace dxhub::dxconnect
