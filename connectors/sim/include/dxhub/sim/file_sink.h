// Writes what dxsim produces: DIR/partners.csv (one row per partner: id, name,
// sector and how its files are shaped), and per partner DIR/<ORG_ID>/ with one
// staff extract per census date plus the event files (event_files.h). Files
// are streamed as the population moves on, so memory does not grow with the
// number of census dates. Not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "dxhub/sim/delimited_writer.h"
#include "dxhub/sim/event_files.h"
#include "dxhub/sim/generator.h"

namespace dxhub::sim {

class FileSink : public CensusSink {
 public:
  FileSink(std::filesystem::path out_dir, uint64_t seed);

  bool BeginPartner(const Population& population) override;
  bool OnCensus(const Population& population) override;
  bool EndPartner(const Population& population) override;
  std::string error() const override { return error_; }

  // Closes partners.csv; true when everything was written.
  bool Close();
  // Staff rows written over all extracts so far.
  uint64_t staff_rows() const { return staff_rows_; }

 private:
  bool Fail(std::string message);

  std::filesystem::path out_dir_;
  uint64_t seed_;
  DelimitedWriter manifest_;
  bool manifest_open_ = false;
  std::unique_ptr<EventFiles> events_;
  std::filesystem::path partner_dir_;
  std::string error_;
  uint64_t staff_rows_ = 0;
};

}  // namespace dxhub::sim
