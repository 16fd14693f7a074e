// The CSV connector's TableSource: staff extracts matched by a glob in the
// source directory and the configured event files; any other file there is
// listed as ignored (Notices), never skipped in silence. A staff extract's
// census date is the YYYY-MM-DD in its name, else its census_date column
// (every row agreeing), else the date given as --census-date. In drop-folder
// mode Finish() moves a file that was sent to processed/, so it is read once,
// and a file that was refused to failed/. One thread.
#pragma once

#include "dxhub/connector/table_source.h"
#include "dxhub/csv/csv_reader.h"

namespace dxhub::csv {

class CsvSource : public connector::TableSource {
 public:
  // `census_date` (--census-date) dates a staff extract whose name and columns carry no date.
  explicit CsvSource(const connector::ConnectorConfig& config,
                     std::optional<dxhub::event::v1::Date> census_date = std::nullopt);

  Result<std::vector<connector::TableRef>> List() override;
  Result<connector::Table> Read(const connector::TableRef& ref) override;
  Status Finish(const connector::TableRef& ref, bool ok) override;
  std::vector<std::string> Notices() const override { return notices_; }

 private:
  // The census date of the staff extract `ref` (named `file_name`), or why it cannot be told.
  Result<dxhub::event::v1::Date> CensusOf(connector::TableRef& ref, const std::string& file_name);

  const connector::ConnectorConfig& config_;
  std::optional<dxhub::event::v1::Date> census_date_;
  std::vector<std::string> notices_;
  std::vector<std::string> dated_by_option_;  // staff extracts dated by --census-date in the last List()
};

// The YYYY-MM-DD in a file name, if any (nullopt too when it is no real date).
std::optional<dxhub::event::v1::Date> CensusDateInName(const std::string& file_name);

// The dated file name the staff_files glob asks for, for messages: its '*' as
// YYYY-MM-DD ("staff_YYYY-MM-DD.csv"); "" when the glob has no '*'.
std::string DatedNameFormat(const std::string& staff_glob);

}  // namespace dxhub::csv
