#include "dxhub/sim/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dxhub/sim/steering.h"

namespace dxhub::sim {
namespace {

using Figure = CalibrationFigure;
constexpr Date k2021{2021, 3, 31};
constexpr Date k2022{2022, 3, 31};
constexpr Date k2023{2023, 3, 31};
constexpr Attribute kBme = Attribute::kEthnicallyDiverse;
constexpr Attribute kFemale = Attribute::kFemale;
constexpr Attribute kDisabled = Attribute::kDisabled;

const std::vector<std::string_view> kBand8aPlus = {"Band 8a", "Band 8b", "Band 8c",
                                                   "Band 8d", "Band 9",  "VSM"};
const std::vector<std::string_view> kChiefOfficers = {"Assistant Chief Constable",
                                                      "Deputy Chief Constable", "Chief Constable"};

Figure Make(std::string_view org, std::string_view measure, std::vector<std::string_view> grades,
            Attribute attribute, Date census, double percent, int count = -1) {
  Figure f;
  f.org_id = org;
  f.measure = measure;
  f.grades = std::move(grades);
  f.attribute = attribute;
  f.census = census;
  f.published_percent = percent;
  f.published_count = count;
  return f;
}

Figure TopEarners(std::string_view measure, Attribute attribute, Date census, double percent) {
  Figure f = Make("BMDC", measure, {}, attribute, census, percent);
  f.top_earners = true;
  return f;
}

class CalibrationSink : public CensusSink {
 public:
  explicit CalibrationSink(std::vector<Figure>& figures) : figures_(figures) {}
  bool BeginPartner(const Population&) override { return true; }
  bool OnCensus(const Population& population) override {
    ComputeFigures(population, figures_);
    return true;
  }
  bool EndPartner(const Population&) override { return true; }
  std::string error() const override { return {}; }

 private:
  std::vector<Figure>& figures_;
};

std::string Percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", value);
  return text;
}

}  // namespace

bool CalibrationFigure::Matches(double tolerance) const {
  if (!computed || denominator == 0) return false;
  if (published_count >= 0 && numerator != published_count) return false;
  if (comparison == Comparison::kAtLeast) return percent >= published_percent;
  return std::fabs(percent - published_percent) <= tolerance;
}

std::vector<Figure> PublishedFigures() {
  const char* kBme8a = "Ethnically diverse, Band 8a and above incl. VSM";
  const char* kBmeAll = "Ethnically diverse, whole workforce";
  std::vector<Figure> f = {
      Make("BTHFT", kBme8a, kBand8aPlus, kBme, k2021, 14.5),
      Make("BTHFT", kBme8a, kBand8aPlus, kBme, k2023, 17.84),
      Make("BTHFT", kBmeAll, {}, kBme, k2023, 35.0),
      TopEarners("Ethnically diverse, top 5% of earners", kBme, k2021, 18.2),
      TopEarners("Ethnically diverse, top 5% of earners", kBme, k2023, 22.2),
      TopEarners("Female, top 5% of earners", kFemale, k2023, 50.7),
      Make("BMDC", kBmeAll, {}, kBme, k2023, 28.7),
      Make("BDCFT", kBmeAll, {}, kBme, k2021, 25.8),
      Make("BDCFT", kBmeAll, {}, kBme, k2023, 27.0),
      Make("BDCFT", kBme8a, kBand8aPlus, kBme, k2023, 27.0),
      Make("BDCFT", "Disabled, whole workforce", {}, kDisabled, k2021, 8.0),
      Make("BDCFT", "Disabled, whole workforce", {}, kDisabled, k2023, 9.0),
      Make("BDCFT", "Disabled, Band 8a and above incl. VSM", kBand8aPlus, kDisabled, k2023, 9.0),
      Make("BDCFT", "Female, whole workforce", {}, kFemale, k2021, 81.3),
      Make("BDCFT", "Female, whole workforce", {}, kFemale, k2023, 80.0),
      Make("ANHSFT", kBmeAll, {}, kBme, k2022, 21.35),
      Make("ANHSFT", kBmeAll, {}, kBme, k2023, 23.28),
      Make("WYP", "Ethnically diverse, constables", {"Constable"}, kBme, k2021, 6.7),
      Make("WYP", "Ethnically diverse, constables", {"Constable"}, kBme, k2023, 9.0, 433),
      Make("WYP", "Ethnically diverse, sergeants", {"Sergeant"}, kBme, k2021, 5.5),
      Make("WYP", "Ethnically diverse, sergeants", {"Sergeant"}, kBme, k2023, 7.2, 62),
      Make("WYP", "Female, chief officers (ACC and above)", kChiefOfficers, kFemale, k2021, 28.6,
           2),
      Make("WYP", "Female, chief officers (ACC and above)", kChiefOfficers, kFemale, k2023, 28.6,
           2),
      Make("WYP", "Ethnically diverse, chief officers", kChiefOfficers, kBme, k2021, 28.6),
      Make("WYP", "Ethnically diverse, chief officers", kChiefOfficers, kBme, k2023, 20.0),
  };
  f[2].comparison = Figure::Comparison::kAtLeast;
  return f;
}

void ComputeFigures(const Population& population, std::vector<Figure>& figures) {
  const PartnerProfile& profile = population.profile();
  const Date census = population.changes().census;
  for (Figure& figure : figures) {
    if (figure.org_id != profile.org_id || figure.census != census) continue;
    Membership membership;
    if (figure.top_earners) {
      membership = Membership{.kind = Membership::Kind::kTopEarners, .top_share = 0.05};
    } else {
      membership.grades = ~GradeMask{0};
      if (!figure.grades.empty()) {
        membership.grades = 0;
        for (const std::string_view label : figure.grades) {
          membership.grades |= GradeMask{1} << profile.GradeIndex(label);
        }
      }
    }
    const std::span<const Person> people = population.people();
    const std::vector<uint8_t> members = SelectMembers(profile, membership, people, census);
    const GroupCount count = CountMembers(people, members, figure.attribute);
    figure.numerator = count.numerator;
    figure.denominator = count.denominator;
    figure.percent = figure.denominator == 0 ? 0.0 : 100.0 * figure.numerator / figure.denominator;
    figure.computed = true;
  }
}

std::vector<Figure> Calibrate(uint64_t seed, std::string& error) {
  std::vector<Figure> figures = PublishedFigures();
  GeneratorOptions options;
  options.seed = seed;
  for (const Figure& figure : figures) {
    if (std::find(options.partners.begin(), options.partners.end(), figure.org_id) ==
        options.partners.end()) {
      options.partners.emplace_back(figure.org_id);
    }
  }
  CalibrationSink sink(figures);
  error = Generate(options, sink);
  return figures;
}

std::string FormatCalibrationTable(const std::vector<Figure>& figures) {
  std::string out =
      "| Partner | Figure | Census | Published | Generated | n / N | Match |\n"
      "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const Figure& f : figures) {
    std::string published = (f.comparison == Figure::Comparison::kAtLeast ? "at least " : "") +
                            Percent(f.published_percent);
    if (f.published_count >= 0) published += " (" + std::to_string(f.published_count) + ")";
    out += "| " + std::string(f.org_id) + " | " + std::string(f.measure) + " | " +
           FormatDate(f.census) + " | " + published + " | " +
           (f.computed ? Percent(f.percent) : std::string("-")) + " | " +
           std::to_string(f.numerator) + " / " + std::to_string(f.denominator) + " | " +
           (f.Matches() ? "yes" : "NO") + " |\n";
  }
  return out;
}

}  // namespace dxhub::sim
