#include "dxhub/sim/file_sink.h"

#include <array>
#include <system_error>

#include "dxhub/sim/staff_extract.h"

namespace dxhub::sim {
namespace {

std::string_view LayoutName(ExtractShape shape) {
  switch (shape) {
    case ExtractShape::kEsr:
      return "esr";
    case ExtractShape::kCouncilPayroll:
      return "council_payroll";
    case ExtractShape::kPolice:
      return "police";
    case ExtractShape::kGeneric:
      return "generic";
  }
  return "generic";
}

}  // namespace

FileSink::FileSink(std::filesystem::path out_dir, uint64_t seed)
    : out_dir_(std::move(out_dir)), seed_(seed) {}

bool FileSink::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool FileSink::BeginPartner(const Population& population) {
  const PartnerProfile& profile = population.profile();
  std::error_code ec;
  partner_dir_ = out_dir_ / profile.org_id;
  std::filesystem::create_directories(partner_dir_, ec);
  if (ec) return Fail("cannot create " + partner_dir_.string() + ": " + ec.message());
  if (!manifest_open_) {
    if (!manifest_.Open(out_dir_ / "partners.csv", {})) return Fail(manifest_.error());
    manifest_.Header(std::array<std::string_view, 8>{"org_id", "name", "sector", "extract_layout",
                                                     "delimiter", "date_style",
                                                     "ethnicity_vocabulary", "staff_file_pattern"});
    manifest_open_ = true;
  }
  const DelimitedFormat format = ExtractFormat(profile.shape);
  manifest_.Text(profile.org_id);
  manifest_.Text(profile.name);
  manifest_.Text(SectorName(profile.sector));
  manifest_.Text(LayoutName(profile.shape));
  manifest_.Text(std::string_view(&format.delimiter, 1));
  manifest_.Text(ExtractDateStyle(profile.shape) == DateStyle::kIso ? "iso" : "uk");
  manifest_.Text(profile.vocabulary == Vocabulary::kNhs ? "nhs" : "ons2021");
  manifest_.Text("staff_YYYY-MM-DD.csv");
  manifest_.EndRow();
  events_ = std::make_unique<EventFiles>(profile, seed_);
  if (!events_->Open(partner_dir_)) return Fail(events_->error());
  return true;
}

bool FileSink::OnCensus(const Population& population) {
  const Date census = population.changes().census;
  std::string error;
  if (!WriteStaffExtract(population.profile(), population.people(), census,
                         partner_dir_ / StaffExtractFileName(census), error)) {
    return Fail(error);
  }
  staff_rows_ += population.people().size();
  events_->OnQuarter(population);
  return true;
}

bool FileSink::EndPartner(const Population& population) {
  const bool ok = events_->Finish(population);
  if (!ok) Fail(events_->error());
  events_.reset();
  return ok;
}

bool FileSink::Close() {
  if (!manifest_.Close()) return Fail(manifest_.error());
  return error_.empty();
}

}  // namespace dxhub::sim
