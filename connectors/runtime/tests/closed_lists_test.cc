// Defect 4 of issue 15: free text never leaves the partner. Leaving reasons
// map to the contract's closed list (ESR's standard reasons built in,
// values.leaving_reason overriding), course titles to the configured category
// identifiers; what maps to nothing is sent as OTHER and reported locally.
#include "dxhub/connector/closed_lists.h"

#include <gtest/gtest.h>

#include "dxhub/connector/event_builder.h"

namespace dxhub::connector {
namespace {
using namespace dxhub::event::v1;

TEST(FreeText, D4_EsrStandardLeavingReasonsMapToTheClosedList) {
  const ConnectorConfig config;
  const std::vector<std::pair<std::string, LeavingReason>> kCases = {
      {"Voluntary Resignation - Relocation", LEAVING_REASON_RESIGNATION},
      {"Voluntary Resignation - Work Life Balance", LEAVING_REASON_RESIGNATION},
      {"Voluntary Resignation - Other/Not Known", LEAVING_REASON_RESIGNATION},
      {"Mutually Agreed Resignation - Local Scheme with Repayment", LEAVING_REASON_RESIGNATION},
      {"Resignation", LEAVING_REASON_RESIGNATION},
      {"Retirement Age", LEAVING_REASON_RETIREMENT},
      {"Flexi Retirement", LEAVING_REASON_RETIREMENT},
      {"Retirement - Ill Health", LEAVING_REASON_RETIREMENT},
      {"Voluntary Early Retirement - with Actuarial Reduction", LEAVING_REASON_RETIREMENT},
      {"End of Fixed Term Contract", LEAVING_REASON_END_OF_FIXED_TERM},
      {"End of Fixed Term Contract - Completion of Training Scheme", LEAVING_REASON_END_OF_FIXED_TERM},
      {"end of fixed term", LEAVING_REASON_END_OF_FIXED_TERM},
      {"Dismissal - Conduct", LEAVING_REASON_DISMISSAL},
      {"Dismissal - Capability", LEAVING_REASON_DISMISSAL},
      {"Redundancy - Compulsory", LEAVING_REASON_REDUNDANCY},
      {"Redundancy - Voluntary", LEAVING_REASON_REDUNDANCY},
      {"Death in Service", LEAVING_REASON_DEATH_IN_SERVICE},
      {"Employee Transfer", LEAVING_REASON_TRANSFER},
      {"  TRANSFER ", LEAVING_REASON_TRANSFER},
      {"Pregnancy", LEAVING_REASON_OTHER},
      {"Has Not Worked", LEAVING_REASON_OTHER},
      {"Other", LEAVING_REASON_OTHER},
      {"", LEAVING_REASON_NOT_KNOWN},
      {"Not Known", LEAVING_REASON_NOT_KNOWN},
  };
  for (const auto& [label, reason] : kCases) {
    auto mapped = MapLeavingReason(label, config);
    ASSERT_TRUE(mapped.has_value()) << "'" << label << "' did not map";
    EXPECT_EQ(LeavingReason_Name(*mapped), LeavingReason_Name(reason)) << "'" << label << "'";
  }
  EXPECT_FALSE(MapLeavingReason("Went to Australia with Kevin", config).has_value());
}

TEST(FreeText, D4_ConfigOverridesLeavingReasonsAndListsCourseCategories) {
  auto file = ConfigFile::Parse(
      "values:\n"
      "  leaving_reason:\n"
      "    Voluntary Resignation - Relocation: TRANSFER\n"
      "    Left to travel: resignation\n"
      "  course_category:\n"
      "    Leadership Essentials: LEADERSHIP\n"
      "    Coaching Skills: COACHING\n",
      "connector.yaml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ConnectorConfig config;
  for (const char* field : {"leaving_reason", "course_category", "ethnicity"}) {
    ASSERT_TRUE(LoadClosedList(*file, field, file->root()["values"][field], config).ok()) << field;
  }
  EXPECT_EQ(MapLeavingReason("voluntary resignation - relocation", config), LEAVING_REASON_TRANSFER);
  EXPECT_EQ(MapLeavingReason("Left to travel", config), LEAVING_REASON_RESIGNATION);
  EXPECT_EQ(MapLeavingReason("Voluntary Resignation - Promotion", config), LEAVING_REASON_RESIGNATION);
  EXPECT_EQ(MapCourseCategory("LEADERSHIP ESSENTIALS", config), "LEADERSHIP");
  EXPECT_EQ(MapCourseCategory("coaching", config), "COACHING");  // already one of the identifiers
  EXPECT_EQ(MapCourseCategory("Digital Skills", config), std::nullopt);

  auto bad = ConfigFile::Parse(
      "values:\n  course_category:\n    Leadership Essentials: Leadership Essentials\n"
      "  leaving_reason:\n    Moved: MOVED_AWAY\n",
      "connector.yaml");
  ASSERT_TRUE(bad.ok());
  Status s = LoadClosedList(*bad, "course_category", bad->root()["values"]["course_category"], config);
  EXPECT_EQ(s.message().rfind("connector.yaml:3:28: values.course_category: 'Leadership Essentials' maps to "
                              "'Leadership Essentials', which is not a category identifier", 0),
            0u)
      << s.message();
  s = LoadClosedList(*bad, "leaving_reason", bad->root()["values"]["leaving_reason"], config);
  EXPECT_EQ(s.message().rfind("connector.yaml:5:12: values.leaving_reason: 'Moved' maps to 'MOVED_AWAY'; leaving "
                              "reasons are RESIGNATION, RETIREMENT, END_OF_FIXED_TERM",
                              0),
            0u)
      << s.message();
}

Table MakeTable(const std::string& source, std::vector<std::string> headers,
                const std::vector<std::vector<std::string>>& rows) {
  Table t;
  t.source = source;
  t.headers = std::move(headers);
  for (size_t i = 0; i < rows.size(); ++i) t.rows.push_back({i + 2, rows[i], {}});
  return t;
}

TEST(FreeText, D4_UnmappedLabelsAreSentAsOtherAndReportedOncePerLabel) {
  ConnectorConfig config;
  config.org_id = "BTHFT";
  config.connector_id = "BTHFT-test";
  config.course_categories = {{"leadership essentials", "LEADERSHIP"}};
  const Pseudonymiser p("0123456789abcdef-secret", 1);

  const Table leavers = MakeTable("leavers.csv", {"staff_number", "leaving_date", "reason"},
                                  {{"E1", "2023-01-31", "Voluntary Resignation - Relocation"},
                                   {"E2", "2023-02-28", "Went to Australia with Kevin"},
                                   {"E3", "2023-02-28", ""},
                                   {"E4", "2023-03-01", "Went to Australia with Kevin"}});
  const BuiltEvents left = BuildEvents(EventFileKind::kLeavers, leavers, config, p);
  ASSERT_EQ(left.events.size(), 4u);
  EXPECT_TRUE(left.errors.empty());
  const LeavingReason expected[] = {LEAVING_REASON_RESIGNATION, LEAVING_REASON_OTHER, LEAVING_REASON_NOT_KNOWN,
                                    LEAVING_REASON_OTHER};
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(left.events[i].staff_left().leaving_reason(), expected[i]) << i;
  ASSERT_EQ(left.warnings.size(), 1u);
  EXPECT_EQ(left.warnings[0].ToString().rfind("leavers.csv:3: column 'reason' value 'Went to Australia with Kevin': "
                                              "not one of ESR's standard leaving reasons nor under values.leaving_reason; "
                                              "sent as OTHER",
                                              0),
            0u)
      << left.warnings[0].ToString();
  EXPECT_NE(left.warnings[0].message.find("(2 rows, the first on this line)"), std::string::npos);

  const Table training = MakeTable("training.csv", {"staff_number", "course", "date"},
                                   {{"E1", "Leadership Essentials", "2023-01-10"},
                                    {"E2", "Thaddeus's Masterclass in Llama Husbandry", "2023-01-11"},
                                    {"E3", "", "2023-01-12"}});
  const BuiltEvents trained = BuildEvents(EventFileKind::kTraining, training, config, p);
  ASSERT_EQ(trained.events.size(), 2u);
  EXPECT_EQ(trained.events[0].training_access().course_category(), "LEADERSHIP");
  EXPECT_EQ(trained.events[1].training_access().course_category(), "OTHER");
  ASSERT_EQ(trained.errors.size(), 1u);  // a blank course is still a row error
  ASSERT_EQ(trained.warnings.size(), 1u);
  EXPECT_EQ(trained.warnings[0].row, 3u);
  EXPECT_EQ(trained.warnings[0].value, "Thaddeus's Masterclass in Llama Husbandry");

  // Nothing of the free text is in what would be sent.
  std::string sent;
  for (const auto* built : {&left, &trained}) {
    for (const auto& e : built->events) sent += e.SerializeAsString();
  }
  for (const char* text : {"Australia", "Relocation", "Llama", "Leadership Essentials"}) {
    EXPECT_EQ(sent.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace dxhub::connector
