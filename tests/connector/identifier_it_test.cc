// Regression (issue 19 item 6) through the real dxconnect and dxhub-store: a
// NUL before every staff number used to pass as "0 bad" and turn every
// person into a leaver and a joiner. Now each such row is a row error naming
// the byte, the bad-row guard stops the run, and nobody's key changes.
#include <gtest/gtest.h>

#include "connector_site.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

TEST(Reliability, F6_NulBeforeEveryStaffNumberIsReportedAndNoOneLeavesOrJoins) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  auto people = MakePeople(40);
  WriteEsrExtract(site.source_dir(), "2023-03-31", people);
  const auto first = site.RunOnce();
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  const size_t stored_before = ReadStoredEvents(store).size();

  for (auto& p : people) p.staff_number = std::string(1, '\0') + p.staff_number;
  WriteEsrExtract(site.source_dir(), "2023-06-30", people);
  const auto second = site.RunOnce();
  const std::string said = second.out + second.err;
  EXPECT_NE(second.code, 0) << said;
  EXPECT_NE(said.find("contains a control character (byte 0x00 at byte offset 0)"), std::string::npos) << said;
  EXPECT_NE(said.find("40 of 40 rows are bad"), std::string::npos) << said;
  const auto stored = ReadStoredEvents(store);
  EXPECT_EQ(stored.size(), stored_before) << "nothing of the bad extract reached the hub";
  for (const auto& e : stored) EXPECT_FALSE(e.event().has_staff_left());
}

}  // namespace
}  // namespace dxhub::testing
