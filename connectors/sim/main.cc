// dxsim: writes the simulated partners' HR extracts and event files, or prints
// the calibration table against the report's published figures. A thin shell
// over dxhub::sim (connectors/sim/README.md).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "dxhub/common/cli.h"
#include "dxhub/sim/calibration.h"
#include "dxhub/sim/file_sink.h"
#include "dxhub/sim/generator.h"
#include "dxhub/sim/review_cycle.h"

namespace {

using dxhub::kExitFailure;       // could not write, or generation failed
using dxhub::kExitUsage;         // bad arguments
constexpr int kExitMismatch = 3;  // --calibration: a figure is off target

int ListPartners() {
  for (const dxhub::sim::PartnerProfile& p : dxhub::sim::AllPartners()) {
    std::printf("%-7s %-17s %s\n", std::string(p.org_id).c_str(),
                std::string(dxhub::sim::SectorName(p.sector)).c_str(), std::string(p.name).c_str());
  }
  return 0;
}

int PrintCalibration(uint64_t seed) {
  std::string error;
  const std::vector<dxhub::sim::CalibrationFigure> figures = dxhub::sim::Calibrate(seed, error);
  if (!error.empty()) {
    std::fprintf(stderr, "dxsim: %s\n", error.c_str());
    return kExitFailure;
  }
  std::fputs(dxhub::sim::FormatCalibrationTable(figures).c_str(), stdout);
  for (const dxhub::sim::CalibrationFigure& figure : figures) {
    if (!figure.Matches()) return kExitMismatch;
  }
  return 0;
}

int WriteFiles(const std::string& out, const dxhub::sim::GeneratorOptions& options, bool review_cycle) {
  const auto started = std::chrono::steady_clock::now();
  dxhub::sim::FileSink sink(out, options.seed);
  std::string error = dxhub::sim::Generate(options, sink);
  if (!sink.Close() && error.empty()) error = sink.error();
  if (error.empty() && review_cycle) {
    std::string select_error;
    const auto partners = dxhub::sim::SelectPartners(options.partners, select_error);
    if (partners.size() >= 2) error = dxhub::sim::WriteReviewCycle(out, partners);
  }
  if (!error.empty()) {
    std::fprintf(stderr, "dxsim: %s\n", error.c_str());
    return kExitFailure;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "dxsim: wrote %llu staff rows to %s in %.2f s (seed %llu, scale %g)\n",
               static_cast<unsigned long long>(sink.staff_rows()), out.c_str(), seconds,
               static_cast<unsigned long long>(options.seed), options.scale);
  return 0;
}

// What dxsim does once its command line is parsed.
int Simulate(const std::string& out, const dxhub::sim::GeneratorOptions& options, bool review_cycle, bool calibration,
             bool list) {
  if (list) return ListPartners();
  std::string partner_error;
  dxhub::sim::SelectPartners(options.partners, partner_error);
  if (!partner_error.empty()) {
    std::fprintf(stderr, "dxsim: %s\n", partner_error.c_str());
    return kExitUsage;
  }
  if (out.empty() && !calibration) {
    std::fprintf(stderr, "dxsim: nothing to do; give --out DIR, --calibration or --list (see 'dxsim --help')\n");
    return kExitUsage;
  }
  if (!out.empty()) {
    if (const int code = WriteFiles(out, options, review_cycle); code != 0) return code;
  }
  return calibration ? PrintCalibration(options.seed) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "dxsim: deterministic HR extracts and event files of eight simulated Bradford "
      "partners, calibrated to the Systems Equalities Group report (Sept 2023)."};
  app.set_version_flag("--version", std::string("dxsim ") + DXHUB_VERSION);
  std::string out;
  dxhub::sim::GeneratorOptions options;
  bool calibration = false;
  bool review_cycle = false;
  bool list = false;
  app.add_option("--out", out, "Write DIR/partners.csv and DIR/<ORG_ID>/ (created if missing)");
  app.add_option("--seed", options.seed, "Seed; the same seed gives byte-identical files")
      ->capture_default_str();
  app.add_option("--scale", options.scale,
                 "Multiply every headcount (calibrated at 1; 100 gives ~4.6 million staff)")
      ->check(CLI::Range(0.0001, 500.0))
      ->capture_default_str();
  app.add_option("--partners", options.partners, "Only these org ids, comma-separated")
      ->delimiter(',');
  app.add_flag("--review-cycle", review_cycle,
               "Also write the demo peer-review cycle: each partner's review/ submissions and DIR/review-cycle.txt "
               "(open the cycle with 'dxctl review open' before the connectors run, or the hub refuses them)");
  app.add_flag("--calibration", calibration,
               "Print the calibration table (scale 1) and exit 3 if a figure is off target");
  app.add_flag("--list", list, "List the simulated partners");
  app.footer("Examples:\n"
             "  dxsim --list\n"
             "  dxsim --out partners --partners BTHFT,BMDC --scale 0.05\n"
             "  dxsim --calibration\n"
             "Exit codes: 0 ok, 1 could not write or generate, 2 usage error, 3 a calibration figure is off target.");
  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  return dxhub::RunGuarded(app.get_name(), kExitFailure, [&] { return Simulate(out, options, review_cycle, calibration, list); });
}
