// The self-contained HTML rendering of the benchmark report: inline CSS and
// inline SVG only (no scripts, fonts, images or links to fetch), so it opens
// offline and in a mail archive. It leads with the shared strengths and gaps.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "dxhub/benchmark/render.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::benchmark {
namespace {

// Level colours, Emerging .. Leading (colour-blind-safe sequential blues).
constexpr const char* kLevelColour[4] = {"#d0e1f2", "#94c4df", "#4a98c9", "#1764ab"};

std::string Esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A horizontal stacked bar of how many organisations are at each level.
std::string DistributionSvg(const std::array<int, 4>& d, int width = 220) {
  const int total = d[0] + d[1] + d[2] + d[3];
  std::ostringstream s;
  s << "<svg class=\"bar\" width=\"" << width << "\" height=\"18\" viewBox=\"0 0 " << width
    << " 18\" role=\"img\" aria-label=\"levels: " << d[0] << " emerging, " << d[1] << " developing, " << d[2]
    << " embedded, " << d[3] << " leading\">";
  if (total == 0) {
    s << "<rect width=\"" << width << "\" height=\"18\" fill=\"#eee\"/></svg>";
    return s.str();
  }
  double x = 0;
  for (size_t l = 0; l < 4; ++l) {
    if (d[l] == 0) continue;
    const double w = static_cast<double>(width) * d[l] / total;
    s << "<rect x=\"" << Fixed(x, 1) << "\" width=\"" << Fixed(w, 1) << "\" height=\"18\" fill=\"" << kLevelColour[l]
      << "\"/><text x=\"" << Fixed(x + w / 2, 1) << "\" y=\"13\" text-anchor=\"middle\" font-size=\"11\" fill=\""
      << (l >= 2 ? "#fff" : "#123") << "\">" << d[l] << "</text>";
    x += w;
  }
  s << "</svg>";
  return s.str();
}

// A strip of organisation dots on the indicator's scale, the place's middle half shaded.
std::string StripSvg(const IndicatorResult& ind) {
  std::vector<double> values;
  for (const auto& v : ind.values) {
    if (v.published()) values.push_back(v.value);
  }
  if (values.empty()) return "<p class=\"note\">No published figure for any participant.</p>";
  double lo = *std::min_element(values.begin(), values.end());
  double hi = *std::max_element(values.begin(), values.end());
  if (ind.link.better == Better::kCloserToOne) {
    lo = std::min(lo, 0.8);
    hi = std::max(hi, 1.25);
  }
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  const double pad = (hi - lo) * 0.08;
  lo = lo >= 0 ? std::max(0.0, lo - pad) : lo - pad;  // shares and ratios never below 0
  hi += pad;
  constexpr int kWidth = 640;
  constexpr int kLeft = 20;
  constexpr int kRight = 620;
  auto X = [&](double v) { return kLeft + (v - lo) / (hi - lo) * (kRight - kLeft); };
  const bool share = ind.link.better != Better::kCloserToOne;
  auto label = [&](double v) { return share ? Fixed(v * 100, 1) + "%" : Fixed(v, 2); };
  std::ostringstream s;
  const int rows = static_cast<int>(values.size());
  const int height = 48 + rows * 14;
  s << "<svg width=\"" << kWidth << "\" height=\"" << height << "\" viewBox=\"0 0 " << kWidth << " " << height
    << "\" role=\"img\" aria-label=\"" << Esc(ind.link.name) << " by organisation\">";
  if (ind.link.better == Better::kCloserToOne) {
    s << "<rect x=\"" << Fixed(X(0.8), 1) << "\" y=\"4\" width=\"" << Fixed(X(1.25) - X(0.8), 1) << "\" height=\""
      << height - 24 << "\" fill=\"#eef7ee\"/><text x=\"" << Fixed(X(1.0), 1)
      << "\" y=\"14\" text-anchor=\"middle\" font-size=\"10\" fill=\"#396\">four-fifths range</text>";
  }
  if (ind.place) {
    s << "<rect x=\"" << Fixed(X(ind.place->q1), 1) << "\" y=\"18\" width=\""
      << Fixed(std::max(1.0, X(ind.place->q3) - X(ind.place->q1)), 1) << "\" height=\"" << height - 40
      << "\" fill=\"#f3e9c6\" opacity=\"0.8\"/><line x1=\"" << Fixed(X(ind.place->median), 1) << "\" x2=\""
      << Fixed(X(ind.place->median), 1) << "\" y1=\"18\" y2=\"" << height - 22
      << "\" stroke=\"#8a6d00\" stroke-width=\"2\"/>";
  }
  s << "<line x1=\"" << kLeft << "\" x2=\"" << kRight << "\" y1=\"" << height - 22 << "\" y2=\"" << height - 22
    << "\" stroke=\"#555\"/>";
  s << "<text x=\"" << kLeft << "\" y=\"" << height - 6 << "\" font-size=\"10\">" << label(lo) << "</text><text x=\""
    << kRight << "\" y=\"" << height - 6 << "\" font-size=\"10\" text-anchor=\"end\">" << label(hi) << "</text>";
  if (ind.place) {
    s << "<text x=\"" << Fixed(X(ind.place->median), 1) << "\" y=\"" << height - 6
      << "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#8a6d00\">median " << label(ind.place->median) << "</text>";
  }
  int row = 0;
  for (const auto& v : ind.values) {
    if (!v.published()) continue;
    const double y = 28 + row * 14;
    const bool right_half = X(v.value) > (kLeft + kRight) / 2.0;
    s << "<circle cx=\"" << Fixed(X(v.value), 1) << "\" cy=\"" << Fixed(y, 1) << "\" r=\"4.5\" fill=\"#1764ab\"/>"
      << "<text x=\"" << Fixed(X(v.value) + (right_half ? -8 : 8), 1) << "\" y=\"" << Fixed(y + 4, 1)
      << "\" font-size=\"10\" text-anchor=\"" << (right_half ? "end" : "start") << "\">" << Esc(v.org_id) << " "
      << label(v.value) << "</text>";
    ++row;
  }
  s << "</svg>";
  return s.str();
}

std::string LevelCell(const std::optional<int>& level, const Framework& fw) {
  if (!level) return "<td class=\"none\">&ndash;</td>";
  return "<td><span class=\"lvl l" + std::to_string(*level) + "\">" + std::to_string(*level) + " " +
         Esc(fw.level_names[static_cast<size_t>(*level - 1)]) + "</span></td>";
}

void Themes(std::ostringstream& h, const std::vector<ThemeEntry>& themes, const BenchmarkReport& r, bool strength) {
  h << "<div class=\"panel " << (strength ? "strengths" : "gaps") << "\"><h2>"
    << (strength ? "Shared strengths" : "Shared gaps") << "</h2><p class=\"sub\">"
    << (strength ? "Practice that at least three in four reviewed organisations rate Embedded or Leading"
                 : "Practice that at least three in four reviewed organisations rate Emerging or Developing")
    << "</p>";
  if (themes.empty()) h << "<p class=\"note\">None in this cycle.</p>";
  h << "<ul>";
  for (const auto& t : themes) {
    const QuestionResult* q = nullptr;
    for (const auto& x : r.questions) {
      if (x.question == t.question) q = &x;
    }
    h << "<li><b>" << Esc(t.question->title) << "</b> <span class=\"qid\">" << Esc(t.question->id) << "</span><br>"
      << DistributionSvg(q->distribution) << " <span class=\"count\">" << t.count << " of " << t.of << " at "
      << (strength ? "Embedded or Leading" : "Emerging or Developing") << "</span></li>";
  }
  h << "</ul></div>";
}

}  // namespace

std::string RenderHtml(const BenchmarkReport& r) {
  const Framework& fw = r.framework;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    << "<title>Peer-review benchmark: " << Esc(r.cycle.name()) << "</title><style>"
    << "body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1180px;color:#1b2733;line-height:1.4}"
    << "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 6px}h3{font-size:16px;margin:18px 0 6px}"
    << ".meta{color:#4a5a6a;margin:0 0 14px}.badge{display:inline-block;padding:2px 8px;border-radius:10px;"
    << "font-size:12px;font-weight:bold}.final{background:#dff0d8;color:#2d5a1e}.prov{background:#fbe3c0;color:#7a4400}"
    << ".glance{display:flex;gap:18px;margin:16px 0}.panel{flex:1;border-radius:8px;padding:14px 16px}"
    << ".strengths{background:#eaf5ea;border:2px solid #4c9a4c}.gaps{background:#fdf1e1;border:2px solid #d98b1c}"
    << ".panel ul{list-style:none;padding:0;margin:0}.panel li{margin:8px 0}.sub{margin:0 0 8px;color:#3b4b5b;font-size:13px}"
    << ".count{font-size:12px;color:#3b4b5b;vertical-align:top}.qid{color:#6a7a8a;font-size:12px}"
    << "table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:13px}"
    << "th,td{border-bottom:1px solid #dde3ea;padding:5px 6px;text-align:left;vertical-align:top}th{background:#f2f5f8}"
    << ".lvl{padding:1px 6px;border-radius:4px;white-space:nowrap}.l1{background:#d0e1f2}.l2{background:#94c4df}"
    << ".l3{background:#4a98c9;color:#fff}.l4{background:#1764ab;color:#fff}.none{color:#999}"
    << ".missing{background:#fde2e2;color:#8b1a1a;font-weight:bold;padding:1px 6px;border-radius:4px}"
    << ".ok{color:#2d5a1e}.note{color:#4a5a6a;font-size:13px}.ev{font-size:12px;color:#33414f}"
    << ".key span{margin-right:10px}.alert{border-left:5px solid #c0392b;background:#fdf0ef;padding:8px 12px;margin:8px 0}"
    << "</style></head><body>\n";
  h << "<h1>Peer-review benchmark: " << Esc(r.cycle.name()) << "</h1>";
  h << "<p class=\"meta\">Cycle <b>" << Esc(r.cycle.cycle_id()) << "</b> &middot; census date <b>"
    << protocol::DateToString(r.cycle.census_date()) << "</b> &middot; framework " << Esc(r.cycle.framework_version())
    << " &middot; " << r.cycle.participants_size() << " organisations &middot; "
    << (r.provisional ? "<span class=\"badge prov\">PROVISIONAL: cycle open</span>"
                      : "<span class=\"badge final\">cycle closed</span>")
    << "</p>";
  h << "<p>An appreciative enquiry of current practice, not an audit: what the place does well together, where it "
       "is still developing together, and whom to learn from. Ratings are peer-moderated maturity levels (1 "
    << Esc(fw.level_names[0]) << " to 4 " << Esc(fw.level_names[3])
    << "). There is no league table: each organisation is placed only against the place's quartiles, question by "
       "question and indicator by indicator.</p>";
  h << "<p class=\"key\">Levels: ";
  for (size_t l = 0; l < 4; ++l) {
    h << "<span><span class=\"lvl l" << l + 1 << "\">" << l + 1 << " " << Esc(fw.level_names[l]) << "</span></span>";
  }
  h << "</p>";
  h << "<div class=\"glance\">";
  Themes(h, r.shared_strengths, r, true);
  Themes(h, r.shared_gaps, r, false);
  h << "</div>";

  h << "<h2>Submissions</h2>";
  for (const auto& m : r.missing) h << "<div class=\"alert\">" << Esc(m) << "</div>";
  h << "<table><tr><th>Organisation</th><th>Self-assessment</th><th>Reviewed by</th><th>Review</th></tr>";
  for (const auto& s : r.submissions) {
    h << "<tr><td>" << Esc(s.org_id) << "</td><td>"
      << (s.self_assessment ? "<span class=\"ok\">received</span>" : "<span class=\"missing\">MISSING</span>")
      << "</td><td>" << Esc(s.reviewer.empty() ? "(none)" : s.reviewer) << "</td><td>"
      << (s.review ? "<span class=\"ok\">received</span>" : "<span class=\"missing\">MISSING review</span>")
      << "</td></tr>";
  }
  h << "</table>";

  h << "<h2>Practice by work stream</h2><p class=\"note\">Place median and quartiles are over peer-moderated "
       "levels (organisations whose review is missing are left out). &ldquo;Learn from&rdquo; names the "
       "organisations rated highest (Embedded or Leading) with their own evidence.</p>";
  for (const auto& ws : fw.work_streams) {
    h << "<h3>" << Esc(ws.id) << ". " << Esc(ws.name) << "</h3><table><tr><th>Question</th><th>Levels across the "
         "place</th><th>Median (Q1&ndash;Q3)</th><th>Learn from</th></tr>";
    for (const auto& q : r.questions) {
      if (q.question->work_stream != ws.id) continue;
      h << "<tr><td><b>" << Esc(q.question->id) << " " << Esc(q.question->title) << "</b><br><span class=\"ev\">"
        << Esc(q.question->text) << "</span></td><td>" << DistributionSvg(q.distribution, 160) << "</td><td>";
      if (q.place) {
        h << Fixed(q.place->median, 1) << " (" << Fixed(q.place->q1, 2) << "&ndash;" << Fixed(q.place->q3, 2) << ")";
      } else {
        h << "&ndash;";
      }
      h << "</td><td>";
      for (const auto& org : q.learn_from) {
        for (const auto& x : q.ratings) {
          if (x.org_id != org) continue;
          h << "<b>" << Esc(org) << "</b> <span class=\"lvl l" << *x.moderated_level << "\">" << *x.moderated_level
            << "</span> <span class=\"ev\">&ldquo;" << Esc(x.evidence) << "&rdquo;</span><br>";
        }
      }
      if (q.learn_from.empty()) h << "<span class=\"note\">no organisation yet Embedded</span>";
      h << "</td></tr>";
    }
    h << "</table>";
  }

  h << "<h2>Ratings by organisation</h2><table><tr><th>Question</th>";
  for (const auto& s : r.submissions) h << "<th>" << Esc(s.org_id) << "</th>";
  h << "</tr>";
  for (const auto& q : r.questions) {
    h << "<tr><td>" << Esc(q.question->id) << " " << Esc(q.question->title) << "</td>";
    for (const auto& x : q.ratings) {
      if (x.moderated_level) {
        h << LevelCell(x.moderated_level, fw);
      } else if (x.self_level) {
        h << "<td class=\"note\">self " << *x.self_level << " (not reviewed)</td>";
      } else {
        h << "<td class=\"none\">&ndash;</td>";
      }
    }
    h << "</tr>";
  }
  h << "</table>";

  h << "<h2>Self-assessment and peer review</h2><p class=\"note\">How far each organisation's own ratings moved "
       "when its peer reviewed them (a positive gap means the peer moderated ratings down).</p><table><tr>"
       "<th>Organisation</th><th>Reviewed by</th><th>Questions reviewed</th><th>Moderated down</th><th>Moderated "
       "up</th><th>Mean gap (self &minus; peer)</th></tr>";
  for (const auto& g : r.gaps) {
    h << "<tr><td>" << Esc(g.org_id) << "</td><td>" << Esc(g.reviewer) << "</td>";
    if (g.rated == 0) {
      h << "<td colspan=\"4\"><span class=\"missing\">no review received</span></td></tr>";
      continue;
    }
    h << "<td>" << g.rated << "</td><td>" << g.moderated_down << "</td><td>" << g.moderated_up << "</td><td>"
      << Fixed(g.mean_gap, 2) << "</td></tr>";
  }
  h << "</table>";

  h << "<h2>Indicators read beside the practice questions</h2><p class=\"note\">The aggregator's published "
       "figures at the census date (disclosure-controlled, never recomputed here). Shaded: the place's middle half "
       "(lower to upper quartile); line: place median.</p>";
  for (const auto& ind : r.indicators) {
    h << "<h3>" << Esc(ind.link.name) << " <span class=\"qid\">" << Esc(ind.link.breakdown) << " &middot; beside ";
    for (size_t i = 0; i < ind.question_ids.size(); ++i) h << (i ? ", " : "") << Esc(ind.question_ids[i]);
    h << " &middot; " << (ind.link.better == Better::kCloserToOne ? "closer to 1 is fairer"
                          : ind.link.better == Better::kHigher ? "higher is better" : "lower is better");
    if (ind.place_value) {
      const bool share = ind.link.better != Better::kCloserToOne;
      h << " &middot; place figure " << (share ? Fixed(*ind.place_value * 100, 1) + "%" : Fixed(*ind.place_value, 2));
    }
    h << "</span></h3>" << StripSvg(ind);
    std::string withheld;
    for (const auto& v : ind.values) {
      if (!v.present) withheld += (withheld.empty() ? "" : "; ") + v.org_id + ": no figure";
      else if (v.suppressed) withheld += (withheld.empty() ? "" : "; ") + v.org_id + ": suppressed (small numbers)";
      else if (!v.defined) withheld += (withheld.empty() ? "" : "; ") + v.org_id + ": not defined (no one in a group compared)";
    }
    if (!withheld.empty()) h << "<p class=\"note\">" << Esc(withheld) << "</p>";
  }

  h << "<h2>Comparability notes</h2><ul>";
  for (const auto& n : r.comparability) h << "<li>" << Esc(n) << "</li>";
  h << "</ul><p class=\"note\">Framework " << Esc(fw.version) << " (sha256 " << Esc(fw.sha256.substr(0, 16))
    << "&hellip;). Quartiles: linear interpolation between order statistics (Hyndman and Fan type 7).</p>";
  h << "</body></html>\n";
  return h.str();
}

}  // namespace dxhub::benchmark
