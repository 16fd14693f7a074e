// Issue 15, defect 1, through the real dxconnect and store: a Windows-1252
// ESR extract (0x96 en dashes and 0xE9 e-acutes in columns the connector
// reads) gives the UTF-8 file's figures with `encoding: windows-1252`;
// without it, the bad rows are row errors naming the byte and its offset, the
// good rows are sent and the connector stays usable. An unreadable state
// entry is quarantined, shown by `dxconnect state`, and the run carries on.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "connector_site.h"
#include "dxhub/testing/rocks_entry.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCensus = "2023-03-31";
constexpr const char* kNextCensus = "2023-06-30";

struct Accents {
  std::string dash;  // an en dash
  std::string e;     // an e-acute
};
const Accents kWindows1252{"\x96", "\xE9"};
const Accents kUtf8{"\xE2\x80\x93", "\xC3\xA9"};

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Accented labels in the ethnicity and staff group columns the connector reads.
void InjectAccents(const fs::path& path, const Accents& a) {
  std::string text = ReadBytes(path);
  ReplaceAll(text, " - Caribbean", " " + a.dash + " Caribbean");
  ReplaceAll(text, "Any other White background", "Qu" + a.e + "b" + a.e + "cois");
  ReplaceAll(text, "Administrative and Clerical", "Administrative " + a.dash + " Clerical");
  WriteBytes(path, text);
}

// Adds `encoding:` under source: in the site's config.
void SetEncoding(const ConnectorSite& site, const std::string& encoding) {
  std::string config = ReadBytes(site.config_path());
  ReplaceAll(config, "  kind: csv\n", "  kind: csv\n  encoding: " + encoding + "\n");
  WriteBytes(site.config_path(), config);
}

// What the hub holds after one run over an accented extract and recruitment file.
struct Figures {
  std::map<std::string, uint64_t> by_type;
  std::map<std::string, std::string> staff;        // person key -> the staff record as stored
  std::map<std::string, std::string> recruitment;  // applicant key -> the outcome as stored
};

Figures RunAccentedSite(const Accents& accents, const std::string& encoding) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  SiteConfig config;
  config.event_files_yaml = "    recruitment: recruitment.csv\n";
  site.WriteConfig(config);
  if (!encoding.empty()) SetEncoding(site, encoding);
  InjectAccents(WriteEsrExtract(site.source_dir(), kCensus, MakePeople(120)), accents);
  WriteRecruitmentFile(site.source_dir(), ApplicantRefs(30, 8000));
  InjectAccents(site.source_dir() / "recruitment.csv", accents);
  EXPECT_NE(ReadBytes(site.source_dir() / "recruitment.csv").find(accents.dash), std::string::npos);

  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("120 rows, 0 bad, 120 new events"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("30 rows, 0 bad, 30 new events"), std::string::npos) << run.out;
  Figures f;
  const auto events = ReadStoredEvents(store);
  f.by_type = CountByType(events);
  for (const auto& stored : events) {
    const auto& e = stored.event();
    if (e.has_staff_record()) f.staff[e.staff_record().person_key()] = e.staff_record().ShortDebugString();
    if (e.has_recruitment_outcome()) {
      f.recruitment[e.recruitment_outcome().applicant_key()] = e.recruitment_outcome().ShortDebugString();
    }
  }
  return f;
}

TEST(PartnerFiles, D1_Windows1252ExtractWithTheEncodingSetGivesTheUtf8FilesFigures) {
  const Figures utf8 = RunAccentedSite(kUtf8, "");
  const Figures windows = RunAccentedSite(kWindows1252, "windows-1252");
  EXPECT_EQ(utf8.by_type, (std::map<std::string, uint64_t>{
                              {"grade_mapping_change", 1}, {"recruitment_outcome", 30}, {"staff_record", 120}}));
  EXPECT_EQ(windows.by_type, utf8.by_type);
  EXPECT_EQ(windows.staff, utf8.staff);  // tiers, ethnicities, staff groups and source labels, person by person
  EXPECT_EQ(windows.recruitment, utf8.recruitment);
  // The accents arrived as the characters they are, not as bytes or '?'.
  size_t dashes = 0, quebecois = 0;
  for (const auto& [key, record] : utf8.staff) {
    dashes += record.find("Administrative \\342\\200\\223 Clerical") != std::string::npos;
    quebecois += record.find("Qu\\303\\251b\\303\\251cois") != std::string::npos;
  }
  EXPECT_EQ(dashes, 120u);
  EXPECT_GT(quebecois, 0u);
}

TEST(PartnerFiles, D1_NonUtf8ByteIsARowErrorNamingTheByteAndTheConnectorStaysUsable) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  auto people = MakePeople(100);
  const std::vector<size_t> bad = {10, 20, 30};
  people[10].ethnicity = "M Black or Black British " + kWindows1252.dash + " Caribbean";
  people[20].ethnicity = "C White " + kWindows1252.dash + " Qu" + kWindows1252.e + "b" + kWindows1252.e + "cois";
  people[30].ethnicity = "A White " + kWindows1252.dash + " British";
  const auto path = WriteEsrExtract(site.source_dir(), kCensus, people);
  const std::string bytes = ReadBytes(path);
  const std::string file = site.SourceName("staff_2023-03-31.csv");
  const std::string hint = " is not valid UTF-8; the file is in another encoding: set source.encoding in the connector "
                           "config (windows-1252 for most Windows and Excel exports)";
  std::vector<std::string> expected;  // one line per bad row: file, line, column, byte and offset
  for (size_t i : bad) {
    const size_t offset = bytes.find(kWindows1252.dash, bytes.find(people[i].staff_number + ","));
    expected.push_back(file + ":" + std::to_string(i + 2) + ": column 'Ethnic Origin': byte 0x96 at offset " +
                       std::to_string(offset) + hint);
  }

  const auto check = site.Dxconnect("check");
  EXPECT_EQ(check.code, 1) << check.out << check.err;
  EXPECT_NE(
      check.out.find("FAIL source: " + expected[0] + " (3 rows of this file have such bytes: bad rows, not sent)"),
      std::string::npos)
      << check.out;
  const auto discover = site.Dxconnect("discover");
  EXPECT_EQ(discover.code, 0) << discover.err;
  EXPECT_NE(discover.out.find("add 'encoding: windows-1252' under source:"), std::string::npos) << discover.out;
  EXPECT_NE(discover.out.find("M Black or Black British \\x96 Caribbean"), std::string::npos) << discover.out;

  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("100 rows, 3 bad, 97 new events"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("sent: 98 accepted, 0 duplicates, 0 rejected"), std::string::npos) << run.out;
  for (const auto& line : expected) {
    EXPECT_EQ(LinesWith(run.out, line).size(), 1u) << line << "\n---\n" << run.out;
    EXPECT_EQ(LinesWith(run.err, line).size(), 1u) << line << "\n---\n" << run.err;
  }
  std::set<std::string> good_keys, stored_keys;
  for (size_t i = 0; i < people.size(); ++i) {
    if (std::find(bad.begin(), bad.end(), i) == bad.end()) good_keys.insert(site.PersonKey(people[i].staff_number));
  }
  for (const auto& e : ReadStoredEvents(store)) {
    if (e.event().has_staff_record()) stored_keys.insert(e.event().staff_record().person_key());
  }
  EXPECT_EQ(stored_keys, good_keys);

  // Still usable: the next run has nothing new, and a fixed file goes through.
  const auto again = site.RunOnce();
  EXPECT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("events to send: none"), std::string::npos) << again.out;
  for (size_t i : bad) ReplaceAll(people[i].ethnicity, kWindows1252.dash, kUtf8.dash);
  ReplaceAll(people[20].ethnicity, kWindows1252.e, kUtf8.e);
  WriteEsrExtract(site.source_dir(), kNextCensus, people);
  const auto fixed = site.RunOnce();
  EXPECT_EQ(fixed.code, 0) << fixed.out << fixed.err;
  EXPECT_NE(fixed.out.find("staff changes: 3 joins, 0 changes, 0 leavers"), std::string::npos) << fixed.out;
  EXPECT_NE(fixed.out.find("sent: 3 accepted"), std::string::npos) << fixed.out;
  const auto state = site.Dxconnect("state");
  EXPECT_EQ(state.code, 0) << state.err;
  EXPECT_NE(state.out.find("snapshot: 100 people"), std::string::npos) << state.out;
  EXPECT_NE(state.out.find("quarantined: 0 unreadable entries"), std::string::npos) << state.out;
}

TEST(PartnerFiles, D1_UnreadableStateEntryIsQuarantinedShownAndTheRunCarriesOn) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  const auto people = MakePeople(50);
  WriteEsrExtract(site.source_dir(), kCensus, people);
  const auto first = site.RunOnce();
  ASSERT_EQ(first.code, 0) << first.out << first.err;

  // What the old bug left in the snapshot: a record with a Windows-1252 byte.
  const std::string key = site.PersonKey(people[3].staff_number);
  event::v1::StaffRecord record;
  for (const auto& e : ReadStoredEvents(store)) {
    if (e.event().has_staff_record() && e.event().staff_record().person_key() == key) record = e.event().staff_record();
  }
  ASSERT_EQ(record.person_key(), key);
  record.set_grade("Band\x96 5");
  ASSERT_TRUE(PutRawEntry(site.state_dir(), "snapshot", key, record.SerializeAsString()).ok());

  WriteEsrExtract(site.source_dir(), kNextCensus, people);
  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  const std::string notice = "moved the unreadable snapshot entry " + key +
                             " to quarantine: it does not parse as a staff record";
  EXPECT_NE(run.out.find("QUARANTINED: " + notice), std::string::npos) << run.out;
  EXPECT_NE(run.err.find(notice), std::string::npos) << run.err;  // and in the log
  EXPECT_NE(run.out.find("sends them as a join"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("see 'dxconnect state --config " + site.config_path().string() + " --quarantine'"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("delete"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("staff changes: 1 joins, 0 changes, 0 leavers"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("sent: 1 accepted"), std::string::npos) << run.out;

  const auto listed = site.Dxconnect("state", {"--quarantine"});
  EXPECT_EQ(listed.code, 0) << listed.err;
  EXPECT_NE(listed.out.find("snapshot: 50 people"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("quarantined: 1 unreadable entries"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("quarantine: snapshot " + key + ": does not parse as a staff record"), std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("Band\\x96 5"), std::string::npos) << listed.out;  // the preview shows the bad byte

  const auto again = site.RunOnce();
  EXPECT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_EQ(again.out.find("QUARANTINED"), std::string::npos) << again.out;
}

TEST(PartnerFiles, D1_UnknownEncodingIsAConfigErrorAtItsLineAndColumn) {
  StoreProcess store;
  ConnectorSite site(store);
  SiteConfig offline;
  offline.endpoint = "tcp://127.0.0.1:9";
  site.WriteConfig(offline);
  SetEncoding(site, "windows-1255x");
  const std::string config = ReadBytes(site.config_path());
  const auto line = std::count(config.begin(), config.begin() + config.find("  encoding:"), '\n') + 1;
  const auto check = site.Dxconnect("check");
  EXPECT_EQ(check.code, 2) << check.out << check.err;
  EXPECT_NE(check.err.find(site.config_path().string() + ":" + std::to_string(line) +
                           ":13: encoding 'windows-1255x' is not known to this system's iconv"),
            std::string::npos)
      << check.err;
}

}  // namespace
}  // namespace dxhub::testing
