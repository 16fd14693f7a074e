// JSON and CSV renderings of the benchmark report.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

#include "dxhub/benchmark/render.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::benchmark {
namespace {

using Json = nlohmann::ordered_json;

Json QuartilesJson(const std::optional<Quartiles>& q) {
  if (!q) return nullptr;
  return Json{{"n", q->n}, {"q1", q->q1}, {"median", q->median}, {"q3", q->q3}};
}

Json Level(const std::optional<int>& level) { return level ? Json(*level) : Json(nullptr); }

Json Themes(const std::vector<ThemeEntry>& themes) {
  Json out = Json::array();
  for (const auto& t : themes) {
    out.push_back({{"question", t.question->id}, {"title", t.question->title}, {"organisations", t.count}, {"of", t.of}});
  }
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string Opt(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

}  // namespace

std::string RenderJson(const BenchmarkReport& r) {
  Json j;
  j["cycle"] = {{"id", r.cycle.cycle_id()},
                {"name", r.cycle.name()},
                {"state", r.provisional ? "open (provisional report)" : "closed"},
                {"framework_version", r.cycle.framework_version()},
                {"framework_sha256", r.cycle.framework_sha256()},
                {"census_date", protocol::DateToString(r.cycle.census_date())},
                {"participants", Json(std::vector<std::string>(r.cycle.participants().begin(), r.cycle.participants().end()))}};
  j["shared_strengths"] = Themes(r.shared_strengths);
  j["shared_gaps"] = Themes(r.shared_gaps);
  j["missing"] = r.missing;
  Json subs = Json::array();
  for (const auto& s : r.submissions) {
    subs.push_back({{"org", s.org_id}, {"self_assessment", s.self_assessment}, {"reviewer", s.reviewer}, {"review", s.review}});
  }
  j["submissions"] = subs;
  Json questions = Json::array();
  for (const auto& q : r.questions) {
    Json ratings = Json::array();
    for (const auto& x : q.ratings) {
      Json rating = {{"org", x.org_id}, {"self_level", Level(x.self_level)}, {"moderated_level", Level(x.moderated_level)},
                     {"evidence", x.evidence}, {"reviewer", x.reviewer}, {"comment", x.comment}};
      if (x.moderated_level && q.place) rating["position"] = BandName(BandOf(*x.moderated_level, *q.place));
      ratings.push_back(rating);
    }
    questions.push_back({{"id", q.question->id},
                         {"work_stream", q.question->work_stream},
                         {"title", q.question->title},
                         {"indicator", q.question->indicator.name},
                         {"place", QuartilesJson(q.place)},
                         {"distribution", q.distribution},
                         {"learn_from", q.learn_from},
                         {"ratings", ratings}});
  }
  j["questions"] = questions;
  Json gaps = Json::array();
  for (const auto& g : r.gaps) {
    gaps.push_back({{"org", g.org_id}, {"reviewer", g.reviewer}, {"reviewed_questions", g.rated},
                    {"moderated_down", g.moderated_down}, {"moderated_up", g.moderated_up}, {"mean_gap", g.mean_gap}});
  }
  j["self_vs_peer"] = gaps;
  Json indicators = Json::array();
  for (const auto& i : r.indicators) {
    Json values = Json::array();
    for (const auto& v : i.values) {
      Json value = {{"org", v.org_id}};
      if (!v.present) value["value"] = nullptr;
      else if (v.suppressed) value["suppressed"] = true;
      else if (!v.defined) value["not_defined"] = true;
      else {
        value["value"] = v.value;
        value["numerator"] = v.numerator;
        value["denominator"] = v.denominator;
        if (!v.four_fifths.empty()) value["four_fifths"] = v.four_fifths;
        if (v.band) value["position"] = BandName(*v.band);
      }
      values.push_back(value);
    }
    indicators.push_back({{"indicator", i.link.name},
                          {"breakdown", i.link.breakdown},
                          {"better", BetterName(i.link.better)},
                          {"questions", i.question_ids},
                          {"place_value", i.place_value ? Json(*i.place_value) : Json(nullptr)},
                          {"place_suppressed", i.place_suppressed},
                          {"place_quartiles", QuartilesJson(i.place)},
                          {"organisations", values}});
  }
  j["indicators"] = indicators;
  j["comparability"] = r.comparability;
  return j.dump(2) + "\n";
}

std::string RenderCsv(const BenchmarkReport& r) {
  std::ostringstream out;
  out << "cycle,section,item,title,org,self_level,moderated_level,value,place_q1,place_median,place_q3,position,note\n";
  const std::string cycle = CsvField(r.cycle.cycle_id());
  for (const auto& q : r.questions) {
    for (const auto& x : q.ratings) {
      out << cycle << ",question," << q.question->id << "," << CsvField(q.question->title) << "," << x.org_id << ","
          << Opt(x.self_level) << "," << Opt(x.moderated_level) << ",,";
      if (q.place) out << Number(q.place->q1) << "," << Number(q.place->median) << "," << Number(q.place->q3);
      else out << ",,";
      out << ",";
      if (x.moderated_level && q.place) out << CsvField(BandName(BandOf(*x.moderated_level, *q.place)));
      out << "," << (x.self_level && !x.moderated_level ? "not peer-reviewed" : "") << "\n";
    }
  }
  for (const auto& i : r.indicators) {
    for (const auto& v : i.values) {
      out << cycle << ",indicator," << CsvField(i.link.name + "/" + i.link.breakdown) << ",," << v.org_id << ",,,";
      if (v.published()) out << Number(v.value);
      out << ",";
      if (i.place) out << Number(i.place->q1) << "," << Number(i.place->median) << "," << Number(i.place->q3);
      else out << ",,";
      out << "," << (v.band ? CsvField(BandName(*v.band)) : "") << ","
          << (!v.present ? "no figure" : v.suppressed ? "suppressed" : !v.defined ? "not defined" : CsvField(v.four_fifths))
          << "\n";
    }
  }
  for (const auto& m : r.missing) out << cycle << ",missing,,,,,,,,,,," << CsvField(m) << "\n";
  return out.str();
}

Result<v1::ReportFormat> ParseReportFormat(const std::string& name) {
  if (name == "json") return v1::REPORT_FORMAT_JSON;
  if (name == "csv") return v1::REPORT_FORMAT_CSV;
  if (name == "html") return v1::REPORT_FORMAT_HTML;
  if (name == "pb") return v1::REPORT_FORMAT_UNSPECIFIED;
  return Status::InvalidArgument("unknown report format '" + name + "'; use html, csv, json or pb");
}

Rendering Render(const BenchmarkReport& report, v1::ReportFormat format) {
  switch (format) {
    case v1::REPORT_FORMAT_JSON: return {RenderJson(report), "application/json"};
    case v1::REPORT_FORMAT_CSV: return {RenderCsv(report), "text/csv; charset=utf-8"};
    case v1::REPORT_FORMAT_HTML: return {RenderHtml(report), "text/html; charset=utf-8"};
    default: return {};
  }
}

}  // namespace dxhub::benchmark
