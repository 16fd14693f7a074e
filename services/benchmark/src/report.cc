#include "dxhub/benchmark/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "dxhub/protocol/dates.h"

namespace dxhub::benchmark {
namespace {

using dxhub::aggregator::v1::Cell;
using dxhub::aggregator::v1::Cube;
using dxhub::event::v1::PeerReview;
using dxhub::event::v1::ReviewCycle;
using dxhub::event::v1::SelfAssessment;

std::string FourFifthsWords(dxhub::aggregator::v1::FourFifths f) {
  switch (f) {
    case dxhub::aggregator::v1::FOUR_FIFTHS_NO_ADVERSE_IMPACT:
      return "no adverse impact (0.80-1.25)";
    case dxhub::aggregator::v1::FOUR_FIFTHS_ADVERSE_TO_BME:
      return "adverse to ethnically diverse staff";
    case dxhub::aggregator::v1::FOUR_FIFTHS_ADVERSE_TO_WHITE:
      return "adverse to white staff";
    default:
      return "";
  }
}

const Cell* FindCell(const Cube& cube, const IndicatorLink& link) {
  for (const auto& c : cube.cells()) {
    if (c.indicator() == link.name && c.breakdown() == link.breakdown) return &c;
  }
  return nullptr;
}

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

}  // namespace

double Quantile(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted[lo];
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::optional<Quartiles> ComputeQuartiles(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return Quartiles{values.size(), Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75)};
}

Band BandOf(double value, const Quartiles& q) {
  if (value < q.q1) return Band::kLowestQuarter;
  if (value > q.q3) return Band::kHighestQuarter;
  return Band::kMiddleHalf;
}

const char* BandName(Band band) {
  switch (band) {
    case Band::kLowestQuarter:
      return "below the place's lower quartile";
    case Band::kMiddleHalf:
      return "within the place's middle half";
    case Band::kHighestQuarter:
      return "above the place's upper quartile";
  }
  return "";
}

Result<BenchmarkReport> Build(const BenchmarkInputs& inputs, const std::string& cycle_id) {
  BenchmarkReport report;
  bool found = false;
  // Latest state of the cycle, then the latest submission of each kind per org (seq order).
  std::map<std::string, SelfAssessment> self;                           // assessed org
  std::map<std::pair<std::string, std::string>, PeerReview> reviews;    // (reviewer, reviewed)
  for (const auto& stored : inputs.events) {
    const auto& e = stored.event();
    if (e.has_review_cycle() && e.review_cycle().cycle_id() == cycle_id) {
      report.cycle = e.review_cycle();
      report.cycle_seq = stored.seq();
      found = true;
    } else if (e.has_self_assessment() && e.self_assessment().cycle_id() == cycle_id) {
      self[e.self_assessment().assessed_org_id()] = e.self_assessment();
    } else if (e.has_peer_review() && e.peer_review().cycle_id() == cycle_id) {
      reviews[{e.org_id(), e.peer_review().reviewed_org_id()}] = e.peer_review();
    }
  }
  if (!found) return Status::NotFound("no peer-review cycle '" + cycle_id + "' has been opened");
  report.provisional = report.cycle.state() != dxhub::event::v1::REVIEW_CYCLE_STATE_CLOSED;
  report.framework = inputs.framework;
  const Framework& fw = report.framework;
  const std::vector<std::string> participants(report.cycle.participants().begin(), report.cycle.participants().end());

  // Who reviews whom, and what arrived.
  std::map<std::string, std::string> reviewer_of;
  for (const auto& p : report.cycle.pairings()) reviewer_of[p.reviewed_org_id()] = p.reviewer_org_id();
  std::map<std::string, const PeerReview*> review_of;
  for (const auto& org : participants) {
    CycleSubmission s{org, self.count(org) > 0, reviewer_of.count(org) ? reviewer_of[org] : "", false};
    if (!s.reviewer.empty()) {
      auto it = reviews.find({s.reviewer, org});
      if (it != reviews.end()) {
        s.review = true;
        review_of[org] = &it->second;
      }
    }
    if (!s.self_assessment) report.missing.push_back("MISSING self-assessment: " + org + " has not submitted one.");
    if (s.reviewer.empty()) {
      report.missing.push_back("NO REVIEWER: " + org + " is not paired with a reviewer; its ratings are unmoderated.");
    } else if (!s.review) {
      report.missing.push_back("MISSING review: " + s.reviewer + " has not reviewed " + org + "; " + org +
                               "'s self-ratings are shown but left out of the place figures.");
    }
    report.submissions.push_back(std::move(s));
  }

  // Per question: each organisation's self and moderated level, the place quartiles, who to learn from.
  for (const auto& q : fw.questions) {
    QuestionResult r;
    r.question = &q;
    std::vector<double> moderated;
    int top = 0;
    for (const auto& org : participants) {
      OrgRating rating;
      rating.org_id = org;
      if (auto it = self.find(org); it != self.end()) {
        for (const auto& x : it->second.ratings()) {
          if (x.question_id() == q.id) {
            rating.self_level = x.level();
            rating.evidence = x.evidence();
          }
        }
      }
      if (auto it = review_of.find(org); it != review_of.end()) {
        rating.reviewer = reviewer_of[org];
        for (const auto& x : it->second->ratings()) {
          if (x.question_id() == q.id) {
            rating.moderated_level = x.moderated_level();
            rating.comment = x.comment();
          }
        }
      }
      if (rating.moderated_level) {
        moderated.push_back(*rating.moderated_level);
        ++r.distribution[static_cast<size_t>(*rating.moderated_level - 1)];
        top = std::max(top, *rating.moderated_level);
      }
      r.ratings.push_back(std::move(rating));
    }
    r.reviewed = static_cast<int>(moderated.size());
    r.place = ComputeQuartiles(moderated);
    if (top >= 3) {
      for (const auto& rating : r.ratings) {
        if (rating.moderated_level == top) r.learn_from.push_back(rating.org_id);
      }
    }
    const int strong = r.distribution[2] + r.distribution[3];
    const int weak = r.distribution[0] + r.distribution[1];
    if (r.reviewed > 0 && strong >= kThemeShare * r.reviewed) report.shared_strengths.push_back({&q, strong, r.reviewed});
    if (r.reviewed > 0 && weak >= kThemeShare * r.reviewed) report.shared_gaps.push_back({&q, weak, r.reviewed});
    report.questions.push_back(std::move(r));
  }
  auto by_share = [](const ThemeEntry& a, const ThemeEntry& b) {
    return a.count * b.of > b.count * a.of;  // stable sort keeps framework order among equals
  };
  std::stable_sort(report.shared_strengths.begin(), report.shared_strengths.end(), by_share);
  std::stable_sort(report.shared_gaps.begin(), report.shared_gaps.end(), by_share);

  // Self-versus-peer gaps.
  for (const auto& org : participants) {
    SelfPeerGap g;
    g.org_id = org;
    g.reviewer = reviewer_of.count(org) ? reviewer_of[org] : "";
    int sum = 0;
    for (const auto& r : report.questions) {
      for (const auto& rating : r.ratings) {
        if (rating.org_id != org || !rating.self_level || !rating.moderated_level) continue;
        ++g.rated;
        const int d = *rating.self_level - *rating.moderated_level;
        sum += d;
        if (d > 0) ++g.moderated_down;
        if (d < 0) ++g.moderated_up;
      }
    }
    g.mean_gap = g.rated > 0 ? static_cast<double>(sum) / g.rated : 0.0;
    report.gaps.push_back(g);
  }

  // Indicators read beside questions, from the aggregator's cubes (never recomputed).
  std::map<std::string, const Cube*> cube_of;
  for (const auto& c : inputs.cubes) cube_of[c.scope()] = &c;
  size_t suppressed = 0;
  size_t undefined = 0;
  for (const auto& q : fw.questions) {
    if (!q.indicator.present()) continue;
    auto existing = std::find_if(report.indicators.begin(), report.indicators.end(), [&](const IndicatorResult& i) {
      return i.link.name == q.indicator.name && i.link.breakdown == q.indicator.breakdown;
    });
    if (existing != report.indicators.end()) {
      existing->question_ids.push_back(q.id);
      continue;
    }
    IndicatorResult ind;
    ind.link = q.indicator;
    ind.question_ids.push_back(q.id);
    std::vector<double> published;
    for (const auto& org : participants) {
      IndicatorValue v;
      v.org_id = org;
      auto it = cube_of.find(org);
      const Cell* cell = it == cube_of.end() ? nullptr : FindCell(*it->second, q.indicator);
      if (cell != nullptr) {
        v.present = true;
        v.suppressed = cell->suppressed();
        if (!v.suppressed) {
          v.value = cell->value();
          v.defined = std::isfinite(v.value);
          v.numerator = cell->numerator();
          v.denominator = cell->denominator();
          if (v.defined) {
            v.four_fifths = FourFifthsWords(cell->four_fifths());
            published.push_back(v.value);
          } else {
            ++undefined;
          }
        } else {
          ++suppressed;
        }
      }
      ind.values.push_back(std::move(v));
    }
    ind.place = ComputeQuartiles(published);
    if (ind.place) {
      for (auto& v : ind.values) {
        if (v.published()) v.band = BandOf(v.value, *ind.place);
      }
    }
    if (auto it = cube_of.find("PLACE"); it != cube_of.end()) {
      if (const Cell* cell = FindCell(*it->second, q.indicator)) {
        ind.place_suppressed = cell->suppressed();
        if (!cell->suppressed() && std::isfinite(cell->value())) ind.place_value = cell->value();
      }
    }
    report.indicators.push_back(std::move(ind));
  }

  // Comparability notes.
  auto& notes = report.comparability;
  const std::string census = protocol::DateToString(report.cycle.census_date());
  notes.push_back("Indicators are the aggregator's published figures at the cycle census date " + census +
                  ", after disclosure control; ratings are the peer-moderated maturity levels of framework " +
                  report.cycle.framework_version() + ".");
  if (report.cycle.framework_sha256() != fw.sha256 || report.cycle.framework_version() != fw.version) {
    notes.push_back("WARNING: the framework file given (" + fw.version + ", sha256 " + fw.sha256.substr(0, 12) +
                    ") is not the one the cycle recorded (" + report.cycle.framework_version() + ", sha256 " +
                    report.cycle.framework_sha256().substr(0, 12) + "); question wording may differ.");
  }
  for (const auto& org : participants) {
    auto it = cube_of.find(org);
    if (it == cube_of.end()) {
      notes.push_back(org + ": no indicators at " + census + " (no staff data for that date).");
      continue;
    }
    std::string line = org + ": grade mapping " +
                       (it->second->mapping_version().empty() ? std::string("(none)") : it->second->mapping_version());
    for (const char* declaration : {"declaration_ethnicity", "declaration_disability"}) {
      const Cell* cell = FindCell(*it->second, IndicatorLink{declaration, "workforce", Better::kHigher});
      line += std::string("; ") + (std::string(declaration) == "declaration_ethnicity" ? "ethnicity" : "disability") +
              " declared ";
      line += cell == nullptr                    ? "n/a"
              : cell->suppressed()                ? "suppressed"
              : !std::isfinite(cell->value())     ? "not defined"
                                                  : Percent(cell->value());
    }
    notes.push_back(line + ".");
  }
  if (suppressed > 0) {
    notes.push_back(std::to_string(suppressed) +
                    " organisation figure(s) are suppressed by disclosure control (small numbers) and are left out "
                    "of the place quartiles.");
  }
  if (undefined > 0) {
    notes.push_back(std::to_string(undefined) +
                    " organisation figure(s) are not defined (no one in a group compared, e.g. a relative likelihood "
                    "with no appointments of White staff) and are left out of the place quartiles.");
  }
  if (inputs.aggregator_applied_seq >= inputs.store_head_seq) {
    notes.push_back("The aggregator was current: it had applied every event in the store (seq " +
                    std::to_string(inputs.aggregator_applied_seq) + ").");
  } else {
    notes.push_back("WARNING: the aggregator had applied events up to seq " +
                    std::to_string(inputs.aggregator_applied_seq) + " of the store's " +
                    std::to_string(inputs.store_head_seq) + "; indicators may change when it catches up.");
  }
  if (report.provisional) {
    notes.push_back("PROVISIONAL: the cycle is still open; submissions may still arrive or change.");
  }
  return report;
}

}  // namespace dxhub::benchmark
