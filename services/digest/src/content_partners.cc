// The partners section of the digest (content_cells.h).
#include "content_cells.h"
#include "dxhub/aggregator/query.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::digest {
namespace {

// Each partner's published senior share at the place's last census dates, a
// line per partner; the trend words are the aggregator's, never the drawing's.
TrendChart SeniorTrend(const DigestSources& s, const Names& names, const agg::ReferencePopulation* district) {
  TrendChart chart{"Ethnically diverse share in senior tiers, last census dates", {}, {}, std::nullopt, ""};
  const auto dates = CubesOf(s.place);
  const size_t from = dates.size() > kChartPeriods ? dates.size() - kChartPeriods : 0;
  for (size_t i = from; i < dates.size(); ++i) chart.periods.push_back(protocol::DateToString(dates[i]->census_date()));
  for (const auto& [org, reply] : s.partners) {
    TrendRow row{PartnerLabel(org, names), {}, ""};
    for (size_t i = from; i < dates.size(); ++i) {
      const Cube* cube = nullptr;
      for (const Cube* c : CubesOf(reply)) {
        if (protocol::DaysFromCivil(c->census_date()) == protocol::DaysFromCivil(dates[i]->census_date())) cube = c;
      }
      const Cell* cell = FindCell(cube, "representation_bme", "senior_and_above");
      row.shares.push_back(cell != nullptr && !cell->suppressed() ? std::optional<double>(cell->value()) : std::nullopt);
    }
    const Cell* latest = FindCell(Latest(reply), "representation_bme", "senior_and_above");
    row.value_text = latest == nullptr ? "no data" : Figure(*latest);
    if (latest != nullptr && !aggregator::ChangeWords(latest->change_since_previous()).empty()) {
      row.value_text += " " + aggregator::ChangeWords(latest->change_since_previous());
    }
    chart.rows.push_back(std::move(row));
  }
  if (district != nullptr) {
    chart.reference = district->bme_share();
    chart.reference_label = "District population";
  }
  return chart;
}

}  // namespace

Section PartnersSection(const DigestSources& s, const Names& names) {
  const agg::ReferencePopulation* district = District(s.place);
  const std::string district_figure = district == nullptr ? "not published" : FormatShare(district->bme_share());
  Section out{"partners",
              "Senior representation by partner",
              {"Ethnically diverse share of staff in senior tiers (senior and above) against the partner's whole "
               "workforce and the district population" +
                   (district == nullptr ? std::string() : " (" + district->name() + ", " + district_figure + ")") +
                   ", with the trend over the last census dates. A rise or a fall is reported only where the "
                   "aggregator's test on the exact counts finds it significant; otherwise \"no significant change\", "
                   "whatever the rounded figures show."},
              {},
              {{"Partner", "Senior share", "Since previous census", "Trend", "Workforce share", "District population",
                "Gap to district population"},
               {}}};
  BarChart bars{"Ethnically diverse share in senior tiers", {}, std::nullopt, ""};
  for (const auto& [org, reply] : s.partners) {
    const Cube* latest = Latest(reply);
    const Cell* senior = FindCell(latest, "representation_bme", "senior_and_above");
    out.table.rows.push_back({PartnerLabel(org, names), senior == nullptr ? "no data" : Figure(*senior),
                              senior == nullptr ? "n/a" : Change(*senior),
                              Trend(reply, "representation_bme", "senior_and_above"),
                              FigureOf(latest, "representation_bme", "workforce"), district_figure,
                              FigureOf(latest, "population_gap_pp", "senior_and_above")});
    ChartBar bar{PartnerLabel(org, names), std::nullopt, ""};
    if (senior != nullptr && !senior->suppressed()) bar.share = senior->value();
    else bar.value_text = senior == nullptr ? "no data" : "withheld";
    bars.bars.push_back(std::move(bar));
  }
  if (district != nullptr) {
    bars.reference = district->bme_share();
    bars.reference_label = "District population";  // the chart prints the value beside it
  }
  if (!bars.bars.empty()) {
    out.charts.push_back(std::move(bars));
    TrendChart trend = SeniorTrend(s, names, district);
    if (!trend.periods.empty()) out.charts.push_back(std::move(trend));
  }
  return out;
}

}  // namespace dxhub::digest
