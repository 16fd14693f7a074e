// Issue 15 defects 7, 8 and 9 (discover) through the real dxconnect and
// store: a later quarter in another delimiter, real ESR header variants, files
// the connector ignores, an extract named without a date, and what discover
// says about mapped columns.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>

#include "connector_site.h"
#include "dxhub/connector/connector_config.h"
#include "dxhub/csv/csv_reader.h"
#include "dxhub/protocol/dates.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {
namespace fs = std::filesystem;
namespace ev = dxhub::event::v1;

// Reads an extract, lets `edit` change its table, and writes it back with
// `delimiter`, quoting only cells that hold the delimiter or a quote (so a
// '~' file keeps "Surname, Forename" unquoted, as payroll exports do).
void Rewrite(const fs::path& path, char delimiter, const std::function<void(connector::Table&)>& edit = {}) {
  auto table = csv::ReadCsvFile(path, csv::CsvOptions{connector::kDetectDelimiter, true});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(table->errors.empty());
  if (edit) edit(*table);
  std::ofstream out(path);
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool quote = cells[i].find_first_of(std::string(1, delimiter) + "\"") != std::string::npos;
      out << (i ? std::string(1, delimiter) : "") << (quote ? "\"" + cells[i] + "\"" : cells[i]);
    }
    out << "\n";
  };
  line(table->headers);
  for (const auto& row : table->rows) line(row.cells);
}

void RenameColumn(connector::Table& t, const std::string& from, const std::string& to) {
  auto c = t.Column(from);
  ASSERT_TRUE(c.has_value()) << from;
  t.headers[*c] = to;
}

void DropColumn(connector::Table& t, const std::string& header) {
  auto c = t.Column(header);
  ASSERT_TRUE(c.has_value()) << header;
  t.headers.erase(t.headers.begin() + static_cast<long>(*c));
  for (auto& row : t.rows) row.cells.erase(row.cells.begin() + static_cast<long>(*c));
}

// The staff records the store holds, by person key.
std::map<std::string, ev::StaffRecord> StoredStaff(const StoreProcess& store) {
  std::map<std::string, ev::StaffRecord> staff;
  for (const auto& e : ReadStoredEvents(store)) {
    if (e.event().has_staff_record()) staff[e.event().staff_record().person_key()] = e.event().staff_record();
  }
  return staff;
}

// Census date -> staff records the store holds with that effective date.
std::map<std::string, size_t> StaffRecordsByDate(const StoreProcess& store) {
  std::map<std::string, size_t> by_date;
  for (const auto& e : ReadStoredEvents(store)) {
    if (e.event().has_staff_record()) ++by_date[protocol::DateToString(e.event().occurred_at())];
  }
  return by_date;
}

TEST(PartnerFiles, D7_TildeQuarterAfterACommaQuarterChecksOkAndBothAreSent) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();  // no delimiter setting: detected in each file
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(100));
  const auto march = site.RunOnce();
  ASSERT_EQ(march.code, 0) << march.out << march.err;

  auto june = MakePeople(100);
  const auto joiners = MakePeople(4, 300001);
  june.insert(june.end(), joiners.begin(), joiners.end());
  Rewrite(WriteEsrExtract(site.source_dir(), "2023-06-30", june), '~');

  const auto check = site.Dxconnect("check");
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_TRUE(LinesWith(check.out, "FAIL").empty()) << check.out;

  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("staff changes: 4 joins, 0 changes, 0 leavers"), std::string::npos) << run.out;
  EXPECT_EQ(StaffRecordsByDate(store), (std::map<std::string, size_t>{{"2023-03-31", 100}, {"2023-06-30", 4}}));
}

TEST(PartnerFiles, D7_AWrongConfiguredDelimiterIsNamedWithTheOneThatWorks) {
  StoreProcess store;
  ConnectorSite site(store);
  SiteConfig settings;
  settings.endpoint = "tcp://127.0.0.1:9";
  site.WriteConfig(settings);
  {  // force ',' the way a partner following the old guide would
    std::string text;
    std::ifstream in(site.config_path());
    for (std::string l; std::getline(in, l);) text += l + "\n" + (l.rfind("  kind: csv", 0) == 0 ? "  delimiter: \",\"\n" : "");
    std::ofstream(site.config_path()) << text;
  }
  Rewrite(WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(50)), '~');
  const auto dry = site.Dxconnect("dry-run");
  EXPECT_EQ(dry.code, 1) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("read with delimiter ','"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("Read with delimiter '~' it has them all"), std::string::npos) << dry.out;
}

TEST(PartnerFiles, D8_EsrDisabilityFlagAndAssignmentCategoryAreStored) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  const auto people = MakePeople(100);
  Rewrite(WriteEsrExtract(site.source_dir(), "2023-03-31", people), ',', [](connector::Table& t) {
    RenameColumn(t, "Disability", "Disability Flag");
    RenameColumn(t, "Contract Type", "Assignment Category");
  });
  const auto check = site.Dxconnect("check");
  EXPECT_TRUE(LinesWith(check.out, "no disability column").empty()) << check.out;
  EXPECT_TRUE(LinesWith(check.out, "no contract_type column").empty()) << check.out;
  const auto run = site.RunOnce();
  ASSERT_EQ(run.code, 0) << run.out << run.err;

  const auto stored = StoredStaff(store);
  ASSERT_EQ(stored.size(), people.size());
  for (const auto& p : people) {
    const auto& r = stored.at(site.PersonKey(p.staff_number));
    EXPECT_EQ(r.disability(), p.id % 9 == 0 ? ev::DISABILITY_YES : ev::DISABILITY_NO) << p.staff_number;
    EXPECT_EQ(r.contract_type(), p.id % 7 == 0 ? ev::CONTRACT_TYPE_FIXED_TERM : ev::CONTRACT_TYPE_PERMANENT)
        << p.staff_number;
  }
}

TEST(PartnerFiles, D8_CheckWarnsWhenAFieldIsAbsent) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  Rewrite(WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(50)), ',',
          [](connector::Table& t) { DropColumn(t, "Disability"); });
  const auto check = site.Dxconnect("check");
  const auto warn = LinesWith(check.out, "warn source: ");
  ASSERT_EQ(warn.size(), 1u) << check.out;
  EXPECT_NE(warn[0].find("staff_2023-03-31.csv: no disability column (looked for 'Disability', 'Disability Flag'): "
                         "everyone is sent as disability not declared"),
            std::string::npos)
      << warn[0];
}

TEST(PartnerFiles, D7_AnUnmatchedFileIsListedAsIgnored) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(50));
  std::ofstream(site.source_dir() / "notes.txt") << "sent to the hub on Monday\n";
  const std::string ignored = "ignored: notes.txt (does not match staff_files 'staff_*.csv')";
  for (const std::string command : {"check", "dry-run", "run"}) {
    const auto out = command == "run" ? site.RunOnce() : site.Dxconnect(command);
    EXPECT_EQ(out.code, 0) << command << "\n" << out.out << out.err;
    EXPECT_EQ(LinesWith(out.out, ignored).size(), 1u) << command << "\n" << out.out;
  }
}

TEST(PartnerFiles, D7_AnExtractNamedWithoutADateIsSentWithCensusDate) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  const auto path = WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(60));
  fs::rename(path, site.source_dir() / "staff_export.csv");

  const auto undated = site.Dxconnect("dry-run");
  EXPECT_EQ(undated.code, 1);
  EXPECT_NE(undated.err.find("cannot tell the census date of this staff extract"), std::string::npos) << undated.err;
  EXPECT_NE(undated.err.find("Name it staff_YYYY-MM-DD.csv (e.g. staff_2023-03-31.csv)"), std::string::npos)
      << undated.err;
  EXPECT_NE(undated.err.find("--census-date YYYY-MM-DD"), std::string::npos) << undated.err;

  const auto bad = site.Dxconnect("run", {"--once", "--census-date", "2023-02-30"});
  EXPECT_EQ(bad.code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("--census-date must be a real date as YYYY-MM-DD"), std::string::npos) << bad.err;

  const auto run = site.Dxconnect("run", {"--once", "--census-date", "2023-03-31"});
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("census date: staff_export.csv is dated 2023-03-31 by --census-date"), std::string::npos)
      << run.out;
  EXPECT_EQ(StaffRecordsByDate(store), (std::map<std::string, size_t>{{"2023-03-31", 60}}));
}

TEST(PartnerFiles, D9_DiscoverReadsMappedColumnsWithTheirFieldAndSaysWhatItCuts) {
  StoreProcess store;
  ConnectorSite site(store);
  SiteConfig settings;
  settings.endpoint = "tcp://127.0.0.1:9";
  site.WriteConfig(settings);
  Rewrite(WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(100)), ',', [](connector::Table& t) {
    RenameColumn(t, "Contract Type", "Assignment Category");
    DropColumn(t, "Hourly Rate");
    const size_t sex = *t.Column("Gender");
    t.headers.push_back("Cost Centre");
    for (size_t i = 0; i < t.rows.size(); ++i) {
      auto& cells = t.rows[i].cells;
      cells[sex] = cells[sex] == "Female" ? "F" : "M";  // F and M are NHS ethnic codes too
      cells.push_back("CC" + std::to_string(100 + i % 30));
    }
  });
  const auto discover = site.Dxconnect("discover");
  ASSERT_EQ(discover.code, 0) << discover.out << discover.err;
  const auto line_of = [&](const std::string& header) {
    const auto lines = LinesWith(discover.out, "  " + header + " ");
    return lines.empty() ? std::string() : lines.front();
  };
  EXPECT_NE(line_of("Gender").find("[sex] 2 distinct values; all recognised as sex"), std::string::npos)
      << discover.out;
  EXPECT_EQ(line_of("Gender").find("ethnicity"), std::string::npos) << discover.out;
  EXPECT_NE(line_of("Assignment Category").find("[contract_type] 2 distinct values; all recognised as contract type"),
            std::string::npos)
      << discover.out;
  EXPECT_EQ(LinesWith(discover.out, "'Permanent' (").size(), 1u) << discover.out;
  EXPECT_NE(line_of("Cost Centre").find("30 distinct values"), std::string::npos) << discover.out;
  EXPECT_EQ(LinesWith(discover.out, "... and 10 more values").size(), 1u) << discover.out;
  EXPECT_EQ(LinesWith(discover.out, "  not found: hourly_pay (looked for 'Hourly Rate', 'Hourly Pay')").size(), 1u)
      << discover.out;
  // Identifiers stay hidden, mapped or not.
  EXPECT_NE(line_of("Employee Number").find("not shown"), std::string::npos) << discover.out;
  EXPECT_NE(line_of("Full Name").find("not shown"), std::string::npos) << discover.out;
  EXPECT_NE(line_of("Date of Birth").find("not shown"), std::string::npos) << discover.out;
}

}  // namespace
}  // namespace dxhub::testing
