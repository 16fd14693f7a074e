#include "dxhub/testing/store_process.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "dxhub/common/crypto.h"

namespace dxhub::testing {
namespace fs = std::filesystem;

fs::path BinaryPath(const std::string& name) {
  const char* dir = std::getenv("DXHUB_BIN_DIR");
  return fs::path(dir != nullptr && *dir != '\0' ? dir : DXHUB_BIN_DIR) / name;
}

StoreProcess::StoreProcess(StoreProcessOptions options)
    : options_(std::move(options)),
      ingest_("tcp://" + options_.bind_host + ":*"),
      publish_("tcp://" + options_.bind_host + ":*") {
  InitCrypto();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  // The admin ipc:// path lives under dir_ and must fit sun_path (108 bytes):
  // a long test name is cut to 40 characters and told apart by a hash of the whole.
  std::string name = info ? info->name() : "x";
  if (name.size() > 40) name = name.substr(0, 40) + "-" + Sha256Hex(name).substr(0, 8);
  dir_ = fs::temp_directory_path() / ("dxhub-it-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir_);
  fs::create_directories(dir_ / "keys");
  server_ = *GenerateCurveKeyPair();
  EXPECT_TRUE(WriteCurveKeyPair(dir_ / "keys" / "store", server_).ok());
  for (const auto& org : options_.connector_orgs) connectors_[org] = *GenerateCurveKeyPair();
  service_ = *GenerateCurveKeyPair();
  WriteConfig();
}

StoreProcess::~StoreProcess() {
  if (running()) Kill();
  if (!::testing::Test::HasFailure()) fs::remove_all(dir_);
}

void StoreProcess::WriteConfig() {
  std::ofstream out(config_path());
  out << "data_dir: data\n"
      << "server_secret_key_file: keys/store.secret\n"
      << "endpoints:\n"
      << "  ingest: " << ingest_ << "\n"
      << "  publish: " << publish_ << "\n"
      << "  admin: " << admin_endpoint() << "\n"
      << "log:\n  level: " << options_.log_level << "\n"
      << "limits:\n  max_events_per_second: " << options_.max_events_per_second << "\n"
      << options_.extra_limits_yaml << "clients:\n";
  for (const auto& [org, keys] : connectors_) {
    out << "  - name: " << org << "-connector\n    role: connector\n    org_id: " << org << "\n    public_key: \""
        << keys.public_key << "\"\n";
  }
  out << "  - name: aggregator\n    role: service\n    public_key: \"" << service_.public_key << "\"\n";
}

void StoreProcess::Start() {
  ASSERT_FALSE(running());
  const fs::path ready = dir_ / "ready.yaml";
  fs::remove(ready);
  std::vector<std::string> args{"--config", config_path().string(), "--ready-file", ready.string()};
  fs::path binary = BinaryPath("dxhub-store");
  if (options_.open_file_limit > 0) {  // prlimit sets the limit, then execs the store in its place
    const std::string n = std::to_string(options_.open_file_limit);
    args.insert(args.begin(), {"--nofile=" + n + ":" + n, "--", binary.string()});
    binary = "/usr/bin/prlimit";
  }
  child_.emplace(binary, args, log_path(), ChildOutput::kAppendToOneLog);
  std::map<std::string, std::string> fields;
  ASSERT_TRUE(WaitForReadyFile(*child_, ready, log_path(), std::chrono::steady_clock::now() + options_.ready_timeout,
                               &fields))
      << "dxhub-store";
  if (fields.count("ingest")) ingest_ = fields["ingest"];
  if (fields.count("publish")) publish_ = fields["publish"];
  WriteConfig();  // later restarts bind the same ports
}

void StoreProcess::Kill() {
  if (child_) child_->Kill();
}

int StoreProcess::Terminate() { return running() ? child_->Terminate() : -1; }

client::Endpoint StoreProcess::EndpointWithKeys(const CurveKeyPair& keys) const {
  return {ingest_, server_.public_key, keys.public_key, keys.secret_key};
}

client::Endpoint StoreProcess::ConnectorEndpoint(const std::string& org) const {
  return EndpointWithKeys(connectors_.at(org));
}

client::Endpoint StoreProcess::ServiceEndpoint() const { return EndpointWithKeys(service_); }

bool ForEachStoredEvent(client::StoreClient& client, const std::function<void(const event::v1::StoredEvent&)>& each) {
  uint64_t next = 1;
  while (true) {
    wire::v1::Request request;
    request.mutable_read()->set_from_seq(next);
    auto reply = client.Call(request, std::chrono::seconds(10));
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    if (!reply.ok()) return false;
    if (reply->read().events_size() == 0) return true;
    for (const auto& e : reply->read().events()) each(e);
    next = reply->read().next_seq();
  }
}

std::vector<event::v1::StoredEvent> ReadAllEvents(client::StoreClient& client) {
  std::vector<event::v1::StoredEvent> all;
  ForEachStoredEvent(client, [&](const event::v1::StoredEvent& e) { all.push_back(e); });
  return all;
}

std::optional<uint64_t> StoreHeadSeq(client::StoreClient& admin, std::chrono::milliseconds timeout) {
  wire::v1::Request request;
  request.mutable_stats();
  auto reply = client::CallChecked(admin, request, timeout);
  if (!reply.ok()) return std::nullopt;
  for (const auto& c : reply->stats().counters()) {
    if (c.name() == "head_seq") return static_cast<uint64_t>(c.value());
  }
  return std::nullopt;
}

std::optional<uint64_t> StoreHeadSeq(const StoreProcess& store, std::chrono::milliseconds timeout) {
  zmq::context_t context(1);
  client::StoreClient admin(context, store.AdminEndpoint());
  return StoreHeadSeq(admin, timeout);
}

}  // namespace dxhub::testing
