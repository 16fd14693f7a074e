#include "connector_site.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dxhub/client/store_client.h"
#include "dxhub/common/keys.h"
#include "dxhub/protocol/event_id.h"

namespace dxhub::testing {
namespace fs = std::filesystem;
namespace {

// The site's pseudonymisation secret (64 hex characters), known to the test
// so it can compute the person keys the connector should send.
constexpr const char* kPseudonymSecret = "5f1c0ffee0ddba11c0de5eed0fa11ed5ca1ab1e0b0a710adfeedfacebeadcafe";
constexpr std::chrono::milliseconds kCallTimeout{5000};

wire::v1::Reply CallService(zmq::context_t& ctx, const StoreProcess& store, wire::v1::Request request) {
  client::StoreClient client(ctx, store.ServiceEndpoint());
  auto reply = client.Call(std::move(request), kCallTimeout);
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  return reply.ok() ? *reply : wire::v1::Reply();
}

}  // namespace

ConnectorSite::ConnectorSite(const StoreProcess& store, const std::string& org)
    : store_(store), org_(org), dir_(store.dir() / "site"), pseudonymiser_(kPseudonymSecret, 1) {
  fs::create_directories(dir_ / "keys");
  fs::create_directories(dir_ / "connectors");
  fs::create_directories(source_dir());
  fs::copy_file(store.dir() / "keys" / "store.pub", dir_ / "keys" / "store.pub", fs::copy_options::overwrite_existing);
  const auto endpoint = store.ConnectorEndpoint(org);
  EXPECT_TRUE(WriteCurveKeyPair(dir_ / "keys" / (org + "-connector"), {endpoint.public_key, endpoint.secret_key}).ok());
  EXPECT_TRUE(WriteSecretFile(dir_ / "keys" / (org + "-pseudonym.secret"), std::string(kPseudonymSecret) + "\n").ok());
}

void ConnectorSite::WriteConfig(const SiteConfig& s) {
  const std::string endpoint = s.endpoint.empty() ? store_.ingest_endpoint() : s.endpoint;
  const fs::path server_key = s.server_public_key.empty() ? dir_ / "keys" / "store.pub" : s.server_public_key;
  std::ofstream out(config_path());
  out << "org_id: " << org_ << "\n"
      << "connector_id: " << org_ << "-csv-1\n"
      << "state_dir: ../state/" << org_ << "\n"
      << "hub:\n"
      << "  endpoint: " << endpoint << "\n"
      << "  server_public_key_file: " << server_key.string() << "\n"
      << "  secret_key_file: ../keys/" << org_ << "-connector.secret\n"
      << "pseudonymisation:\n"
      << "  secret_file: ../keys/" << org_ << "-pseudonym.secret\n"
      << "  key_version: 1\n"
      << "source:\n"
      << "  kind: csv\n"
      << "  profile: esr\n"
      << "  directory: ../partners/" << org_ << "\n"
      << "  staff_files: \"staff_*.csv\"\n";
  if (s.drop_folder) out << "  drop_folder: true\n";
  if (!s.event_files_yaml.empty()) out << "  event_files:\n" << s.event_files_yaml;
  if (!s.values_yaml.empty()) out << "values:\n" << s.values_yaml;
  out << "mapping:\n"
      << "  version: " << org_ << "-test-1\n"
      << "  grades:\n";
  for (const char* band : {"Band 2", "Band 3", "Band 4", "Band 5", "Band 6"}) out << "    " << band << ": CORE\n";
  out << "    Band 7: MIDDLE\n    Band 8a: SENIOR\n    Band 8b: SENIOR\n    VSM: EXECUTIVE\n"
      << "guards:\n" << s.guards_yaml
      << "publish:\n" << s.publish_yaml
      << "log:\n  format: human\n  level: info\n";
}

fs::path ConnectorSite::NextOutputStem(const std::string& command) {
  return dir_ / (std::to_string(++runs_) + "-" + command);
}

CommandResult ConnectorSite::Dxconnect(const std::string& command, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {command, "--config", config_path().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCommandFor(BinaryPath("dxconnect"), args, NextOutputStem(command));
}

std::unique_ptr<ChildProcess> ConnectorSite::StartRunOnce() {
  return std::make_unique<ChildProcess>(BinaryPath("dxconnect"),
                                        std::vector<std::string>{"run", "--once", "--config", config_path().string()},
                                        NextOutputStem("run"));
}

std::vector<event::v1::StoredEvent> ReadStoredEvents(const StoreProcess& store) {
  zmq::context_t ctx(1);
  client::StoreClient client(ctx, store.ServiceEndpoint());
  return ReadAllEvents(client);
}

std::vector<store::v1::DeadLetter> ReadDeadLetters(const StoreProcess& store) {
  zmq::context_t ctx(1);
  std::vector<store::v1::DeadLetter> all;
  uint64_t next = 1;
  while (true) {
    wire::v1::Request request;
    request.mutable_dead_letters()->set_from_id(next);
    const auto reply = CallService(ctx, store, request);
    if (reply.dead_letters().items_size() == 0) break;
    for (const auto& d : reply.dead_letters().items()) all.push_back(d);
    next = reply.dead_letters().next_id();
  }
  return all;
}

std::map<std::string, uint64_t> CountByType(const std::vector<event::v1::StoredEvent>& events) {
  std::map<std::string, uint64_t> counts;
  for (const auto& e : events) ++counts[protocol::PayloadType(e.event())];
  return counts;
}

std::map<std::string, uint64_t> EventsToSend(const std::string& output) {
  std::map<std::string, uint64_t> counts;
  const auto lines = LinesWith(output, "events to send:");
  if (lines.empty()) return counts;
  std::istringstream words(lines.front().substr(lines.front().find(':') + 1));
  std::string word;
  while (words >> word) {
    const size_t eq = word.find('=');
    if (eq != std::string::npos) counts[word.substr(0, eq)] = std::stoull(word.substr(eq + 1));
  }
  return counts;
}

std::vector<std::string> LinesWith(const std::string& text, const std::string& needle) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) lines.push_back(line);
  }
  return lines;
}

}  // namespace dxhub::testing
