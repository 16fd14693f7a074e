// The CSV connector's TableSource: staff extracts matched by a glob in the
// source directory (the census date is the YYYY-MM-DD in the file name) and
// the configured event files. In drop-folder mode each processed file is
// moved to processed/ (or failed/) so it is read once. One thread.
#pragma once

#include "dxhub/connector/table_source.h"
#include "dxhub/csv/csv_reader.h"

namespace dxhub::csv {

class CsvSource : public connector::TableSource {
 public:
  explicit CsvSource(const connector::ConnectorConfig& config);

  Result<std::vector<connector::TableRef>> List() override;
  Result<connector::Table> Read(const connector::TableRef& ref) override;
  Status Finish(const connector::TableRef& ref, bool ok) override;

 private:
  const connector::ConnectorConfig& config_;
};

// The YYYY-MM-DD in a file name, if any.
std::optional<dxhub::event::v1::Date> CensusDateInName(const std::string& file_name);

}  // namespace dxhub::csv
