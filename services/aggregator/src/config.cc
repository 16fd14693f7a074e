#include "dxhub/aggregator/config.h"

#include "dxhub/common/config.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {
namespace {

using dxhub::event::v1::Ethnicity;

Status ReadDisclosure(ConfigReader r, stats::DisclosurePolicy& d) {
  r.AllowOnly({"min_count_shown", "rounding_base", "min_denominator_for_rate", "secondary_suppression",
               "secondary_suppression_when_rounded", "rates_from_rounded_counts"});
  d.min_count_shown = r.Int("min_count_shown", d.min_count_shown, 1, 1000);
  d.rounding_base = r.Int("rounding_base", d.rounding_base, 0, 1000);
  d.min_denominator_for_rate = r.Int("min_denominator_for_rate", d.min_denominator_for_rate, 1, 100000);
  d.secondary_suppression = r.Bool("secondary_suppression", d.secondary_suppression);
  d.secondary_suppression_when_rounded = r.Bool("secondary_suppression_when_rounded", d.secondary_suppression_when_rounded);
  d.rates_from_rounded_counts = r.Bool("rates_from_rounded_counts", d.rates_from_rounded_counts);
  return r.status();
}

Status ReadPopulation(const ConfigFile& file, ConfigReader r, ReferencePopulation& p) {
  r.AllowOnly({"name", "population", "white_percent", "bme_percent", "groups_percent"});
  p.name = r.String("name", p.name);
  p.population = r.Int("population", p.population, 0, INT64_MAX);
  p.white_share = r.Double("white_percent", p.white_share * 100) / 100.0;
  p.bme_share = r.Double("bme_percent", 100.0 - p.white_share * 100) / 100.0;
  const YAML::Node groups = r.Child("groups_percent", false);
  if (groups.IsDefined() && !groups.IsNull()) {
    if (!groups.IsMap()) return Status::InvalidArgument(file.Where(groups) + ": groups_percent must map names to percents");
    p.groups.clear();
    for (const auto& g : groups) {
      try {
        p.groups[g.first.as<std::string>()] = g.second.as<double>() / 100.0;
      } catch (const YAML::Exception&) {
        return Status::InvalidArgument(file.Where(g.second) + ": a group percent must be a number");
      }
    }
  }
  return r.status();
}

Status ReadIndicators(const ConfigFile& file, const YAML::Node& node, IndicatorSettings& s) {
  if (!node.IsDefined()) return Status::Ok();
  ConfigReader r(file, node, "indicators");
  r.AllowOnly({"census_policy", "disclosure", "four_fifths", "reference_population", "pay_reference",
               "pay_min_group", "top_earner_share", "disciplinary_window_months", "recruitment_window_months",
               "training_window_months", "progression_window_months", "programme_months", "programme_ambition",
               "calendar", "refresh_threads", "refresh_answer_after_ms"});
  if (r.String("census_policy", "quarter_ends") != "quarter_ends") {
    r.Fail(node["census_policy"], "census_policy: only 'quarter_ends' is supported (31 Mar, 30 Jun, 30 Sep, 31 Dec)");
  }
  s.pay_min_group = r.Int("pay_min_group", s.pay_min_group, 1, 100000);
  s.top_earner_share = r.Double("top_earner_share", s.top_earner_share);
  s.disciplinary_window_months = static_cast<int>(r.Int("disciplinary_window_months", 24, 1, 120));
  s.recruitment_window_months = static_cast<int>(r.Int("recruitment_window_months", 12, 1, 120));
  s.training_window_months = static_cast<int>(r.Int("training_window_months", 12, 1, 120));
  s.progression_window_months = static_cast<int>(r.Int("progression_window_months", 12, 1, 120));
  s.programme_ambition = r.Double("programme_ambition", s.programme_ambition);
  s.refresh_threads = static_cast<int>(r.Int("refresh_threads", s.refresh_threads, 0, 64));
  s.refresh_answer_after_ms = r.Int("refresh_answer_after_ms", s.refresh_answer_after_ms, 0, 600000);
  DXHUB_RETURN_IF_ERROR(r.status());
  if (r.Has("disclosure")) DXHUB_RETURN_IF_ERROR(ReadDisclosure(ConfigReader(file, node["disclosure"], "disclosure"), s.disclosure));
  if (r.Has("reference_population")) {
    DXHUB_RETURN_IF_ERROR(ReadPopulation(file, ConfigReader(file, node["reference_population"], "reference_population"), s.population));
  }
  if (r.Has("four_fifths")) {
    ConfigReader f(file, node["four_fifths"], "four_fifths");
    f.AllowOnly({"low", "high"});
    s.four_fifths.low = f.Double("low", s.four_fifths.low);
    s.four_fifths.high = f.Double("high", s.four_fifths.high);
    DXHUB_RETURN_IF_ERROR(f.status());
  }
  if (r.Has("calendar")) {
    ConfigReader c(file, node["calendar"], "calendar");
    c.AllowOnly({"earliest", "horizon_days"});
    const std::string earliest =
        c.String("earliest", protocol::DateToString(protocol::CivilFromDays(s.calendar.earliest_day)));
    if (auto day = protocol::ParseDate(earliest); day && protocol::IsValidDate(*day)) {
      s.calendar.earliest_day = protocol::DaysFromCivil(*day);
    } else {
      c.Fail(node["calendar"]["earliest"], "calendar.earliest: '" + earliest + "' is not a date (write YYYY-MM-DD)");
    }
    s.calendar.horizon_days = c.Int("horizon_days", s.calendar.horizon_days, 0, 36600);
    DXHUB_RETURN_IF_ERROR(c.status());
  }
  if (r.Has("programme_months")) {
    ConfigReader m(file, node["programme_months"], "programme_months");
    m.AllowOnly({"min", "max"});
    s.programme_min_months = static_cast<int>(m.Int("min", 6, 0, 120));
    s.programme_max_months = static_cast<int>(m.Int("max", 12, 0, 120));
    DXHUB_RETURN_IF_ERROR(m.status());
  }
  if (r.Has("pay_reference")) {
    const YAML::Node list = node["pay_reference"];
    if (!list.IsSequence()) return Status::InvalidArgument(file.Where(list) + ": pay_reference must be a list of ETHNICITY_* names");
    s.pay_reference.clear();
    for (const auto& item : list) {
      Ethnicity e{};
      if (!dxhub::event::v1::Ethnicity_Parse(item.as<std::string>(""), &e) || e == dxhub::event::v1::ETHNICITY_UNSPECIFIED) {
        return Status::InvalidArgument(file.Where(item) + ": unknown ethnicity; use e.g. ETHNICITY_A_WHITE_BRITISH");
      }
      s.pay_reference.insert(e);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<IndicatorSettings> ParseIndicatorSettings(const std::string& yaml, const std::string& name) {
  auto file = ConfigFile::Parse(yaml, name);
  if (!file.ok()) return file.status();
  IndicatorSettings s;
  DXHUB_RETURN_IF_ERROR(ReadIndicators(*file, file->root(), s));
  return s;
}

Result<AggregatorConfig> LoadAggregatorConfig(const std::filesystem::path& path) {
  auto file = ConfigFile::Load(path);
  if (!file.ok()) return file.status();
  return ReadAggregatorConfig(*file);
}

Result<AggregatorConfig> ReadAggregatorConfig(const ConfigFile& file) {
  AggregatorConfig config;
  ConfigReader root(file, file.root(), "the aggregator config");
  std::vector<std::string> keys = service::kServiceKeys;
  keys.insert(keys.end(), {"data_dir", "store", "indicators"});
  root.AllowOnly(keys);
  config.data_dir = root.Path("data_dir");
  DXHUB_RETURN_IF_ERROR(root.status());

  auto store = service::ReadUpstream(file, "store", {"publish"});
  if (!store.ok()) return store.status();
  config.store = *store;
  ConfigReader publish(file, file.root()["store"], "store");
  config.store_publish = publish.String("publish");
  if (publish.ok()) {
    if (const Status s = CheckConnectEndpoint(config.store_publish); !s.ok()) {
      publish.Fail(file.root()["store"]["publish"], "store " + s.message());
    }
  }
  DXHUB_RETURN_IF_ERROR(publish.status());
  DXHUB_RETURN_IF_ERROR(ReadIndicators(file, file.root()["indicators"], config.indicators));
  // Query clients: services and admins only (connectors never read indicators).
  const ClientListRules rules{{Role::kService, Role::kAdmin}, Role::kService, nullptr};
  auto service = service::ReadServiceConfig(file, "tcp://127.0.0.1:7411", rules);
  if (!service.ok()) return service.status();
  config.service = std::move(*service);
  return config;
}

}  // namespace dxhub::aggregator
