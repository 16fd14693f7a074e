// Acceptance (connector issue; SPEC 8): no direct identifier leaves the
// connector. A CURVE-terminating tap between dxconnect and the store records
// every plaintext byte sent and received; those bytes, every stored event and
// every dead letter are searched for each identifier in the source files.
#include <gtest/gtest.h>

#include "connector_site.h"
#include "curve_tap.h"
#include "dxhub/common/zmq_util.h"
#include "dxhub/wire/v1/wire.pb.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

TEST(ConnectorPrivacy, NoDirectIdentifierLeavesTheConnector) {
  StoreProcess store;
  store.Start();
  CurveTap tap(store.ConnectorEndpoint("BTHFT"));
  ConnectorSite site(store);
  ASSERT_TRUE(WriteCurveKeyPair(site.dir() / "keys" / "tap", tap.keys()).ok());
  SiteConfig config;
  config.endpoint = tap.endpoint();
  config.server_public_key = site.dir() / "keys" / "tap.pub";
  config.event_files_yaml = "    recruitment: recruitment.csv\n";
  site.WriteConfig(config);

  const auto people = MakePeople(150);  // birth dates rotate through three formats
  std::vector<std::string> refs;
  for (size_t i = 0; i < 40; ++i) refs.push_back("APPREF-" + std::to_string(5100 + i));
  WriteEsrExtract(site.source_dir(), "2023-03-31", people);
  WriteRecruitmentFile(site.source_dir(), refs);

  const auto run = site.RunOnce();
  ASSERT_EQ(run.code, 0) << run.out << run.err;

  // The tap saw the ingest traffic (so this test can fail).
  std::string wire_bytes;
  int ingest_events = 0;
  for (const auto& message : tap.Captured()) {
    for (const auto& frame : message.frames) wire_bytes += frame + '\x1f';
    wire::v1::Request request;
    if (message.from_connector && message.frames.size() == 2 && message.frames[0] == kProtocolSignature &&
        request.ParseFromString(message.frames[1]) && request.has_ingest()) {
      ingest_events += request.ingest().events_size();
    }
  }
  EXPECT_EQ(ingest_events, 1 + 150 + 40);
  ASSERT_NE(wire_bytes.find(site.PersonKey(people[0].staff_number)), std::string::npos) << "the tap saw no plaintext";

  std::string store_bytes;
  const auto stored = ReadStoredEvents(store);
  EXPECT_EQ(stored.size(), 1u + 150 + 40);
  for (const auto& e : stored) store_bytes += e.SerializeAsString() + '\x1f';
  for (const auto& d : ReadDeadLetters(store)) store_bytes += d.SerializeAsString() + '\x1f';

  std::vector<std::string> identifiers = refs;
  for (const auto& p : people) {
    for (const auto& id : {p.staff_number, p.FullName(), p.surname, p.forename, p.BirthIso(), p.BirthSlash(),
                           p.BirthEsr()}) {
      identifiers.push_back(id);
    }
  }
  for (const auto& id : identifiers) {
    EXPECT_EQ(wire_bytes.find(id), std::string::npos) << "'" << id << "' crossed the wire";
    EXPECT_EQ(store_bytes.find(id), std::string::npos) << "'" << id << "' is in the store";
  }
}

}  // namespace
}  // namespace dxhub::testing
