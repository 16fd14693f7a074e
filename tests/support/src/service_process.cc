#include "dxhub/testing/service_process.h"

#include <gtest/gtest.h>

#include <map>

#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace fs = std::filesystem;

ServiceProcess::ServiceProcess(fs::path dir, std::string service) : dir_(std::move(dir)), service_(std::move(service)) {
  fs::create_directories(dir_ / "keys");
  server_ = *GenerateCurveKeyPair();
  query_client_ = *GenerateCurveKeyPair();
  EXPECT_TRUE(WriteCurveKeyPair(dir_ / "keys" / "server", server_, true).ok());
}

ServiceProcess::~ServiceProcess() {
  if (running()) Kill();
}

std::string ServiceProcess::ServiceSection() const {
  return "server_secret_key_file: keys/server.secret\n"
         "endpoints:\n  query: tcp://127.0.0.1:*\n  admin: " + admin_endpoint() + "\n"
         "clients:\n  - name: reader\n    role: service\n    public_key: \"" + query_client_.public_key + "\"\n"
         "log:\n  level: warn\n";
}

std::string ServiceProcess::ClientKeyLines(const std::string& stem, const CurveKeyPair& pair) const {
  EXPECT_TRUE(WriteCurveKeyPair(dir_ / "keys" / stem, pair, true).ok());
  return "  public_key_file: keys/" + stem + ".pub\n  secret_key_file: keys/" + stem + ".secret\n";
}

std::string ServiceProcess::UpstreamSection(const std::string& key, const client::Endpoint& upstream) const {
  return key + ":\n  endpoint: " + upstream.address + "\n  server_public_key: \"" + upstream.server_public_key +
         "\"\n" + ClientKeyLines(key + "-client", {upstream.public_key, upstream.secret_key});
}

void ServiceProcess::Start(const std::vector<std::string>& extra_args) {
  ASSERT_FALSE(running());
  const fs::path ready = dir_ / "ready.yaml";
  fs::remove(ready);
  std::vector<std::string> args = {"--config", config_path().string(), "--ready-file", ready.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  child_.emplace(BinaryPath("dxhub-" + service_), args, log_path(), ChildOutput::kAppendToOneLog);
  std::map<std::string, std::string> fields;
  ASSERT_TRUE(WaitForReadyFile(*child_, ready, log_path(), std::chrono::steady_clock::now() + ready_timeout_,
                               &fields))
      << "dxhub-" << service_;
  if (fields.count("query")) query_endpoint_ = fields["query"];
}

void ServiceProcess::Kill() {
  if (child_) child_->Kill();
}

client::Endpoint ServiceProcess::QueryEndpoint() const {
  return {query_endpoint_, server_.public_key, query_client_.public_key, query_client_.secret_key};
}

wire::v1::Reply ServiceProcess::Call(wire::v1::Request request, bool over_tcp, std::chrono::milliseconds timeout) {
  client::Endpoint endpoint{admin_endpoint(), "", "", ""};
  if (over_tcp) endpoint = QueryEndpoint();
  client::StoreClient client(context_, endpoint);
  auto reply = client.Call(std::move(request), timeout);
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  return reply.ok() ? *reply : wire::v1::Reply();
}

}  // namespace dxhub::testing
