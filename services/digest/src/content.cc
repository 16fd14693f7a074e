#include "dxhub/digest/content.h"

#include <cstdio>
#include <ctime>

#include "content_cells.h"
#include "dxhub/aggregator/query.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::digest {
namespace {

std::string UtcTime(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

std::string Duration(int64_t seconds) {
  if (seconds < 3600) return std::to_string(seconds / 60) + " min";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

std::string FourFifthsWords(agg::FourFifths f) {
  switch (f) {
    case agg::FOUR_FIFTHS_ADVERSE_TO_BME: return "adverse to ethnically diverse staff";
    case agg::FOUR_FIFTHS_ADVERSE_TO_WHITE: return "adverse to White staff";
    default: return "inside the range";
  }
}

Section PlaceSummary(const DigestSources& s) {
  Section out{"summary", "Place summary", {}, {}, {{"Figure", "Value", "Since previous census"}, {}}};
  const Cube* latest = Latest(s.place);
  if (latest == nullptr) {
    out.paragraphs.push_back("The aggregator has no indicators yet: no census date has data.");
    return out;
  }
  const Cell* senior = FindCell(latest, "representation_bme", "senior_and_above");
  const Cell* workforce = FindCell(latest, "representation_bme", "workforce");
  std::string lead = "Across the " + std::to_string(s.partners.size()) +
                     (s.partners.size() == 1 ? " partner on " : " partners on ") +
                     protocol::DateToString(latest->census_date()) + ", ";
  if (senior != nullptr && !senior->suppressed()) {
    lead += FormatShare(senior->value()) + " of staff in senior tiers are from ethnically diverse backgrounds";
    if (workforce != nullptr && !workforce->suppressed()) lead += " (" + FormatShare(workforce->value()) + " of the whole workforce)";
    const std::string change = aggregator::ChangeWords(senior->change_since_previous());
    if (!change.empty()) lead += "; since the previous census: " + change;
    lead += ".";
  } else {
    lead += "the senior-tier share is withheld by disclosure control.";
  }
  if (const auto* district = District(s.place)) {
    lead += " The district population (" + district->name() + ") is " + FormatShare(district->bme_share()) +
            " ethnically diverse.";
    out.table.rows.push_back({"District population: ethnically diverse share (" + district->name() + ")",
                              FormatShare(district->bme_share()), "census figure"});
  }
  out.paragraphs.push_back(lead);
  const std::vector<std::pair<std::string, std::string>> shown = {
      {"representation_bme", "senior_and_above"}, {"representation_bme", "workforce"},
      {"population_gap_pp", "senior_and_above"},  {"population_gap_pp", "workforce"},
      {"declaration_ethnicity", "workforce"},     {"leaver_rate", "group=BME"},
      {"leaver_rate", "group=White"}};
  for (const auto& [indicator, breakdown] : shown) {
    const Cell* c = FindCell(latest, indicator, breakdown);
    if (c == nullptr) continue;
    out.table.rows.push_back({IndicatorLabel(indicator) + " (" + breakdown + ")", Figure(*c), Change(*c)});
  }
  return out;
}

Section Targets(const DigestSources& s, const Names& names) {
  Section out{"targets", "Partners' targets", {}, {},
              {{"Partner", "Target", "Latest", "Target value", "Due", "Trend reaches it"}, {}}};
  for (const auto& [org, reply] : s.partners) {
    ForLatestCells(reply, [&out, &org, &names](const Cell& c) {
      if (c.kind() != agg::VALUE_KIND_TARGET) return;
      out.table.rows.push_back({PartnerLabel(org, names), c.breakdown().substr(c.breakdown().find('=') + 1), Figure(c),
                                c.suppressed() ? "*" : FormatShare(c.target_value()),
                                c.has_target_due_on() ? protocol::DateToString(c.target_due_on()) : "",
                                c.suppressed() ? "*" : (c.target_reached_by_trend() ? "yes" : "no")});
    });
  }
  if (out.table.rows.empty()) out.paragraphs.push_back("No partner has published a target.");
  return out;
}

Section FourFifths(const DigestSources& s, const Names& names) {
  Section out{"four_fifths",
              "Indicators outside the four-fifths range",
              {"Relative likelihoods outside 0.80 to 1.25 at the latest census date. \"Significant\" means the 95% "
               "interval excludes 1."},
              {},
              {{"Partner", "Indicator", "Breakdown", "Relative likelihood", "95% interval", "Significant", "Direction"},
               {}}};
  auto scan = [&out, &names](const std::string& scope, const IndicatorResponse& reply) {
    ForLatestCells(reply, [&out, &scope, &names](const Cell& c) {
      if (c.suppressed() || (c.four_fifths() != agg::FOUR_FIFTHS_ADVERSE_TO_BME &&
                             c.four_fifths() != agg::FOUR_FIFTHS_ADVERSE_TO_WHITE)) {
        return;
      }
      out.table.rows.push_back({PartnerLabel(scope, names), IndicatorLabel(c.indicator()), c.breakdown(), Figure(c),
                                Interval(c), c.significant() ? "yes" : "no", FourFifthsWords(c.four_fifths())});
    });
  };
  scan("PLACE", s.place);
  for (const auto& [org, reply] : s.partners) scan(org, reply);
  if (out.table.rows.empty()) out.paragraphs.push_back("Every published relative likelihood is inside the range.");
  return out;
}

Section Programmes(const DigestSources& s, const Names& names) {
  Section out{"programmes",
              "Leadership programmes against the 80% ambition",
              {"Share of each cohort's participants who progressed (a higher tier or pay 6 to 12 months after "
               "completion). Above or below the ambition is said only where the 95% interval excludes 80%."},
              {},
              {{"Partner", "Cohort", "Progressed", "95% interval", "Against 80%"}, {}}};
  for (const auto& [org, reply] : s.partners) {
    ForLatestCells(reply, [&out, &org, &names](const Cell& c) {
      if (c.indicator() != "programme_progressed") return;
      std::string against = "*";
      if (!c.suppressed()) {
        against = !c.significant() ? "not significantly different" : (c.ci_high() < 0.8 ? "below" : "above");
      }
      out.table.rows.push_back({PartnerLabel(org, names), c.breakdown().substr(c.breakdown().find('=') + 1),
                                Figure(c), Interval(c), against});
    });
  }
  if (out.table.rows.empty()) out.paragraphs.push_back("No programme cohort has finished yet.");
  return out;
}

Section PeerReview(const DigestSources& s) {
  Section out{"peer_review", "Peer review", {}, {}, {{"Highlight", "Question", "Organisations"}, {}}};
  if (!s.benchmark) {
    out.paragraphs.push_back("No peer-review cycle has been opened.");
    return out;
  }
  const auto& r = *s.benchmark;
  std::string status = "Cycle \"" + (r.cycle().name().empty() ? r.cycle().cycle_id() : r.cycle().name()) + "\" (" +
                       (r.provisional() ? "open: a provisional view" : "closed: the final report") + "), census date " +
                       protocol::DateToString(r.cycle().census_date()) + ".";
  int arrived = 0;
  for (const auto& sub : r.submissions()) arrived += (sub.self_assessment() ? 1 : 0) + (sub.review() ? 1 : 0);
  status += " " + std::to_string(arrived) + " of " + std::to_string(2 * r.submissions_size()) +
            " self-assessments and reviews have arrived.";
  if (r.missing_size() > 0) {
    std::string missing;
    for (const auto& m : r.missing()) missing += (missing.empty() ? "" : "; ") + m;
    status += " Still missing: " + missing + ".";
  }
  out.paragraphs.push_back(status);
  for (const auto& t : r.shared_strengths()) {
    out.table.rows.push_back({"shared strength", t.title(), std::to_string(t.count()) + " of " + std::to_string(t.of())});
  }
  for (const auto& t : r.shared_gaps()) {
    out.table.rows.push_back({"shared gap", t.title(), std::to_string(t.count()) + " of " + std::to_string(t.of())});
  }
  return out;
}

Section Completeness(const DigestSources& s, const DigestOptions& options) {
  Section out{"completeness",
              "Data completeness",
              {},
              {},
              {{"Connector", "Partner", "Last successful pull", "Events accepted", "Rejected", "Staleness"}, {}}};
  struct Row {
    std::string org;
    std::map<std::string, int64_t> n;
  };
  std::map<std::string, Row> rows;
  for (const auto& c : s.store_stats.counters()) {
    if (c.name().rfind("connector_", 0) != 0 || c.labels().count("connector") == 0) continue;
    Row& row = rows[c.labels().at("connector")];
    row.org = c.labels().count("org") > 0 ? c.labels().at("org") : "";
    row.n[c.name()] = c.value();
  }
  for (const auto& [connector, row] : rows) {
    auto last = row.n.find("connector_last_batch_unix");
    const auto get = [&row](const char* name) {
      auto it = row.n.find(name);
      return it == row.n.end() ? std::string("0") : std::to_string(it->second);
    };
    out.table.rows.push_back(
        {connector, row.org, last == row.n.end() ? "none yet" : UtcTime(last->second),
         get("connector_accepted_total"), get("connector_rejected_total"),
         last == row.n.end() ? "unknown" : Duration(options.now_unix - last->second)});
  }
  out.paragraphs.push_back("Indicators: " + aggregator::DescribeFreshness(s.place) + ".");
  if (rows.empty()) out.paragraphs.push_back("No connector has sent a batch yet.");
  return out;
}

Section Restatements(const DigestSources& s, const Names& names) {
  Section out{"restatements", "Restatements since the last digest",
              {"Published figures of closed periods that changed because late or backdated data arrived."},
              {},
              {{"Partner", "Census date", "Indicator", "Breakdown", "Was", "Now"}, {}}};
  for (const auto& r : s.restatements.items()) {
    const Cell& any = r.has_new_cell() ? r.new_cell() : r.old_cell();
    out.table.rows.push_back({PartnerLabel(r.scope(), names), protocol::DateToString(r.census_date()),
                              IndicatorLabel(any.indicator()), any.breakdown(),
                              r.has_old_cell() ? Figure(r.old_cell()) : "new", r.has_new_cell() ? Figure(r.new_cell()) : "gone"});
  }
  if (out.table.rows.empty()) out.paragraphs = {"None."};
  return out;
}

Section Comparability(const DigestSources& s, const Names& names) {
  Section out{"comparability", "Comparability notes", {}, {}, {}};
  std::map<std::string, std::vector<std::string>> by_mapping;  // mapping version in force -> partners
  for (const auto& [org, reply] : s.partners) {
    const Cube* latest = Latest(reply);
    if (latest != nullptr) by_mapping[latest->mapping_in_force().empty() ? "none" : latest->mapping_in_force()].push_back(org);
  }
  if (by_mapping.size() > 1) {
    std::string note = "Partners map grades to tiers with different mapping versions:";
    for (const auto& [version, orgs] : by_mapping) {
      std::string list;
      for (const auto& o : orgs) list += (list.empty() ? "" : ", ") + PartnerLabel(o, names);
      note += " " + version + " (" + list + ");";
    }
    out.paragraphs.push_back(note);
  }
  if (s.benchmark) {
    for (const auto& note : s.benchmark->comparability()) out.paragraphs.push_back(note);
  }
  out.paragraphs.push_back("Figures are rounded to 5 and small numbers are withheld (shown as *); shares are computed "
                           "from the rounded counts, so a rounded figure can move the other way from the real one.");
  return out;
}

}  // namespace

Result<Profile> ParseProfile(const std::string& name) {
  if (name == "summary") return Profile::kSummary;
  if (name == "full") return Profile::kFull;
  return Status::InvalidArgument("profile must be 'summary' or 'full', got '" + name + "'");
}

std::string IndicatorLabel(const std::string& indicator) {
  static const std::map<std::string, std::string> labels = {
      {"representation_bme", "Ethnically diverse share"},
      {"population_gap_pp", "Gap to district population"},
      {"declaration_ethnicity", "Ethnicity declared"},
      {"leaver_rate", "Leaver rate"},
      {"wres2_appointed_rl", "WRES 2: appointment from shortlisting (White vs BME)"},
      {"wres3_disciplinary_rl", "WRES 3: entering disciplinary process (BME vs White)"},
      {"wres4_training_rl", "WRES 4: non-mandatory training (White vs BME)"},
      {"progression_moved_up_rl", "Moving up a tier (White vs BME)"},
      {"leaver_rl", "Leaving (BME vs White)"},
      {"programme_progressed", "Programme participants who progressed"},
  };
  auto it = labels.find(indicator);
  return it == labels.end() ? indicator : it->second;
}

std::string PartnerLabel(const std::string& scope, const Names& names) {
  if (scope == "PLACE" || scope == "place") return "Place (all partners)";
  auto it = names.find(scope);
  return it == names.end() ? scope : it->second;
}

const std::string& ChartTitle(const Chart& chart) {
  return std::visit([](const auto& c) -> const std::string& { return c.title; }, chart);
}

DigestContent BuildDigestContent(const DigestSources& sources, const DigestOptions& options) {
  DigestContent out;
  out.title = options.title;
  const Cube* latest = Latest(sources.place);
  out.subtitle = latest == nullptr ? "No census date has data yet"
                                   : "Census date " + protocol::DateToString(latest->census_date());
  if (!options.slot.empty()) out.subtitle += " · digest of " + options.slot + " (Europe/London)";
  if (!options.late_note.empty()) out.notices.push_back(options.late_note);
  if (sources.place.catching_up() || sources.place.applied_seq() < sources.place.store_head_seq()) {
    out.notices.push_back("Figures may be incomplete: " + aggregator::DescribeFreshness(sources.place) + ".");
  }
  for (const std::string& line : aggregator::DescribeHeldOut(sources.place)) {
    out.notices.push_back("Data quality: " + line + ".");
  }
  for (const auto& p : options.delivery_problems) out.notices.push_back("A previous digest was not delivered: " + p);
  out.sections.push_back(PlaceSummary(sources));
  const Names& names = options.partner_names;
  out.sections.push_back(PartnersSection(sources, names));
  if (options.profile == Profile::kFull) out.sections.push_back(Targets(sources, names));
  out.sections.push_back(FourFifths(sources, names));
  if (options.profile == Profile::kFull) {
    out.sections.push_back(Programmes(sources, names));
    out.sections.push_back(PeerReview(sources));
  }
  out.sections.push_back(Completeness(sources, options));
  out.sections.push_back(Restatements(sources, names));
  if (options.profile == Profile::kFull) out.sections.push_back(Comparability(sources, names));
  return out;
}

}  // namespace dxhub::digest
