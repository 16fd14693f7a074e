// The CSV reader (connectors/csv): the first byte of the input picks the
// options (bits 0-2: the delimiter — detected, ',', '~', tab, ';', '|';
// bit 3: keep cells untrimmed; bits 4-5: the encoding the bytes are converted
// from first — UTF-8, windows-1252 or UTF-16 — as ReadCsvFile does), the
// rest is the file's bytes. Reading must never crash; rows come in line
// order after the header, and every error names the file.
#include <array>
#include <string>

#include "dxhub/common/text_encoding.h"
#include "dxhub/connector/connector_config.h"
#include "dxhub/csv/csv_reader.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  dxhub::fuzz::QuietLogging();
  static constexpr std::array<char, 6> kDelimiters = {dxhub::connector::kDetectDelimiter, ',', '~', '\t', ';', '|'};
  static const std::array<std::string, 3> kEncodings = {"utf-8", "windows-1252", "UTF-16"};
  const uint8_t options_byte = data[0];
  const std::string source = "fuzz.csv";
  dxhub::csv::CsvOptions options;
  options.delimiter = kDelimiters[(options_byte & 7u) % kDelimiters.size()];
  options.trim_cells = (options_byte & 8u) == 0;
  options.encoding = kEncodings[((options_byte >> 4) & 3u) % kEncodings.size()];

  std::string text(dxhub::fuzz::AsText(data + 1, size - 1));
  if (!dxhub::IsUtf8Name(options.encoding)) {
    auto utf8 = dxhub::ToUtf8(text, options.encoding, source);
    if (!utf8.ok()) {
      if (utf8.status().message().rfind(source, 0) != 0) dxhub::fuzz::Broken("an encoding error without the file name");
      return 0;
    }
    text = std::move(*utf8);
  }
  const dxhub::connector::Table table = dxhub::csv::ParseCsv(text, source, options);
  size_t last_row = 1;
  for (const auto& row : table.rows) {
    if (row.row <= last_row && row.row != 0) dxhub::fuzz::Broken("rows out of line order");
    last_row = row.row;
    for (const auto& error : row.cell_errors) (void)error.ToString();
  }
  for (const auto& error : table.errors) {
    if (error.source != source) dxhub::fuzz::Broken("a row error without the file name");
    (void)error.ToString();
  }
  (void)table.FirstColumn({"Staff Number", "Assignment Number"});
  return 0;
}
