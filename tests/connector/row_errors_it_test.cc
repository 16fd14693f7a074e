// Acceptance (connector issue): bad rows in an ESR extract are reported with
// file, row, column and value, and do not stop the good rows.
#include <gtest/gtest.h>

#include <set>

#include "connector_site.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

constexpr const char* kCensus = "2023-03-31";

// For dry runs: no hub needed.
SiteConfig OfflineConfig() {
  SiteConfig config;
  config.endpoint = "tcp://127.0.0.1:9";
  return config;
}

// Seven people, each wrong in one way, to append after the good rows.
std::vector<std::string> BadRows() {
  auto people = MakePeople(7, 900001);
  people[0].ethnicity = "Martian";
  people[1].grade = "Band 12";
  people[3].staff_number = "EMP100005";  // a good row's number, with other values: both rows are refused
  people[4].birth_text = "31/02/1980";
  people[5].fte = "abc";
  std::vector<std::string> rows;
  for (const auto& p : people) rows.push_back(EsrRow(p));
  rows[2] = rows[2].substr(rows[2].find(','));  // blank staff number
  rows[6] = rows[6].substr(0, rows[6].rfind(','));  // one field short
  return rows;
}

TEST(ConnectorRowErrors, EsrExtractWithBadRowsIngestsGoodRowsAndReportsEachBadRow) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  const auto good = MakePeople(200);
  WriteEsrExtract(site.source_dir(), kCensus, good, BadRows());

  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("207 rows, 8 bad, 199 new events"), std::string::npos) << run.out;

  // Every good row, and only those, is in the store; EMP100005's own row is
  // refused too, since its duplicate on row 205 disagrees with it.
  std::set<std::string> expected_keys, stored_keys;
  for (const auto& p : good) {
    if (p.staff_number != "EMP100005") expected_keys.insert(site.PersonKey(p.staff_number));
  }
  for (const auto& e : ReadStoredEvents(store)) {
    if (e.event().has_staff_record()) stored_keys.insert(e.event().staff_record().person_key());
  }
  EXPECT_EQ(stored_keys, expected_keys);

  // Each bad row: file, row, column and value, on the console and in the log.
  const std::string file = site.SourceName("staff_2023-03-31.csv");
  const std::vector<std::string> exact = {
      file + ":202: column 'Ethnic Origin' value 'Martian': 'Martian' is not a recognised ethnic category (expected "
             "an NHS code A-S or Z, e.g. 'J' or 'A White - British', or an ONS 2021 label; or map it under values: in "
             "the connector config)",
      file + ":207: column 'FTE' value 'abc': is not a number",
      file + ":208: row has 11 fields but the header has 12 when split by delimiter ',' (a delimiter inside an "
             "unquoted value?)",
  };
  const std::vector<std::string> located = {
      file + ":203: column 'Pay Band' value 'Band 12': grade is not in the grade table",
      file + ":204: column 'Employee Number' value '': is blank but required",
      file + ":205: column 'Employee Number'",  // the value is a staff number; see the report on identifiers
      file + ":6: column 'Employee Number' value 'EMP100005': duplicate staff number: also on row(s) 205",
      file + ":206: column 'Date of Birth' value '31/02/1980': '31/02/1980' is not a recognised date",
  };
  for (const auto& line : exact) {
    EXPECT_EQ(LinesWith(run.out, line).size(), 1u) << line << "\n---\n" << run.out;
    EXPECT_EQ(LinesWith(run.err, line).size(), 1u) << line << "\n---\n" << run.err;
    if (!LinesWith(run.out, line).empty()) {
      EXPECT_EQ(LinesWith(run.out, line)[0], "    " + line);
    }
  }
  for (const auto& prefix : located) {
    EXPECT_EQ(LinesWith(run.out, prefix).size(), 1u) << prefix << "\n---\n" << run.out;
    EXPECT_EQ(LinesWith(run.err, prefix).size(), 1u) << prefix << "\n---\n" << run.err;
  }
}

// SPEC 9: an impossible date is bad data, reported with row and field. A
// birth date after the census date is a real calendar date but an impossible
// birth date; today it silently becomes age band NOT_KNOWN.
TEST(ConnectorRowErrors, BirthDateAfterTheCensusIsReportedAsABadRow) {
  StoreProcess store;
  ConnectorSite site(store);
  site.WriteConfig(OfflineConfig());
  auto odd = MakePeople(1, 900001);
  odd[0].birth_text = "12/10/2091";
  WriteEsrExtract(site.source_dir(), kCensus, MakePeople(100), {EsrRow(odd[0])});

  const auto dry = site.Dxconnect("dry-run");
  EXPECT_EQ(dry.code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("101 rows, 1 bad"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find(":102: column 'Date of Birth' value '12/10/2091'"), std::string::npos) << dry.out;
}

// The report and the guard count bad *rows*: four rows with two problems each
// in a file of 100 are 4% bad, under the 5% limit, not "8 of 100".
TEST(ConnectorRowErrors, ARowWithTwoProblemsCountsAsOneBadRow) {
  StoreProcess store;
  ConnectorSite site(store);
  site.WriteConfig(OfflineConfig());
  auto twice_bad = MakePeople(4, 900001);
  std::vector<std::string> rows;
  for (auto& p : twice_bad) {
    p.grade = "Band 12";
    p.fte = "abc";
    rows.push_back(EsrRow(p));
  }
  WriteEsrExtract(site.source_dir(), kCensus, MakePeople(96), rows);

  const auto dry = site.Dxconnect("dry-run");
  EXPECT_EQ(dry.code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("100 rows, 4 bad"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("STOP"), std::string::npos) << dry.out;
}

}  // namespace
}  // namespace dxhub::testing
