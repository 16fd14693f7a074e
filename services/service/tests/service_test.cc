// The service skeleton: configuration sections with file:line:col errors, and
// a RequestServer answering over real sockets (CURVE tcp with ZAP, ipc admin).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/client/store_client.h"
#include "dxhub/common/crypto.h"
#include "dxhub/common/keys.h"
#include "dxhub/service/request_server.h"

namespace dxhub::service {
namespace {
namespace fs = std::filesystem;

class ServiceSkeleton : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("dxhub-service-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_ = *GenerateCurveKeyPair();
    client_ = *GenerateCurveKeyPair();
    ASSERT_TRUE(WriteCurveKeyPair(dir_ / "server", server_).ok());
    ASSERT_TRUE(WriteCurveKeyPair(dir_ / "client", client_).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result<ConfigFile> Write(const std::string& text) {
    std::ofstream(dir_ / "service.yaml") << text;
    return ConfigFile::Load(dir_ / "service.yaml");
  }
  std::string Base() const {
    return "server_secret_key_file: server.secret\n"
           "endpoints:\n  query: tcp://127.0.0.1:*\n  admin: ipc://" + (dir_ / "admin.sock").string() + "\n"
           "clients:\n  - name: reader\n    role: service\n    public_key: \"" + client_.public_key + "\"\n";
  }

  fs::path dir_;
  CurveKeyPair server_;
  CurveKeyPair client_;
  const ClientListRules rules_{{Role::kService, Role::kAdmin}, Role::kService, nullptr};
};

TEST_F(ServiceSkeleton, ReadsTheSharedSectionsAndAnUpstream) {
  auto file = Write(Base() + "store:\n  endpoint: tcp://127.0.0.1:7400\n  server_public_key: \"" + server_.public_key +
                    "\"\n  public_key_file: client.pub\n  secret_key_file: client.secret\n  publish: tcp://127.0.0.1:7401\n");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto config = ReadServiceConfig(*file, "tcp://127.0.0.1:7411", rules_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server_public_key, server_.public_key);
  EXPECT_EQ(config->clients->size(), 1u);
  auto store = ReadUpstream(*file, "store", {"publish"});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store->public_key, client_.public_key);
  EXPECT_EQ(store->secret_key, client_.secret_key);
  // Without `publish` among the extra keys, the same section is an error naming the key and its position.
  auto strict = ReadUpstream(*file, "store");
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("service.yaml:14:3: unknown setting 'publish' in store"), std::string::npos)
      << strict.status().message();
}

TEST_F(ServiceSkeleton, RelativeIpcPathsResolveAgainstTheConfigFile) {
  auto file = Write("server_secret_key_file: server.secret\nendpoints:\n  admin: ipc://run/admin.sock\n"
                    "store:\n  endpoint: ipc://run/store.sock\n");
  ASSERT_TRUE(file.ok());
  auto config = ReadServiceConfig(*file, "tcp://127.0.0.1:*", rules_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->admin_endpoint, "ipc://" + (dir_ / "run" / "admin.sock").string());
  auto store = ReadUpstream(*file, "store");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store->address, "ipc://" + (dir_ / "run" / "store.sock").string());
}

TEST_F(ServiceSkeleton, ErrorsNameFileLineAndColumn) {
  auto file = Write(Base() + "aggregator:\n  endpoint: tcp://127.0.0.1\n");
  ASSERT_TRUE(file.ok());
  auto upstream = ReadUpstream(*file, "aggregator");
  ASSERT_FALSE(upstream.ok());
  EXPECT_NE(upstream.status().message().find("service.yaml:10:13: aggregator endpoint 'tcp://127.0.0.1' has no port"), std::string::npos)
      << upstream.status().message();
  auto missing = ReadUpstream(*file, "store");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("store"), std::string::npos) << missing.status().message();
  auto bad_admin = Write("server_secret_key_file: server.secret\nendpoints:\n  admin: tcp://127.0.0.1:9\n");
  ASSERT_TRUE(bad_admin.ok());
  auto config = ReadServiceConfig(*bad_admin, "tcp://127.0.0.1:*", rules_);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("service.yaml:3:10: the admin endpoint must be ipc://"), std::string::npos)
      << config.status().message();
}

TEST_F(ServiceSkeleton, AnswersRegisteredKeysAndTheAdminSocketOnly) {
  auto file = Write(Base());
  ASSERT_TRUE(file.ok());
  auto config = ReadServiceConfig(*file, "", rules_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  zmq::context_t context(1);
  auto server = RequestServer::Start(context, *config, {"test", "query", {Role::kService}});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  std::vector<Caller> callers;
  const auto started = std::chrono::steady_clock::now();
  auto handler = [&](const wire::v1::Request& request, const Caller& caller) {
    callers.push_back(caller);
    wire::v1::Reply reply;
    if (request.has_health()) FillHealth(reply, "dxhub-test", "SERVING", started);
    return reply;
  };
  std::atomic<bool> stop{false};
  std::thread serving([&] {
    while (!stop.load()) (*server)->Serve(std::chrono::milliseconds(10), handler);
  });
  zmq::context_t client_context(1);
  wire::v1::Request health;
  health.mutable_health();
  client::StoreClient registered(client_context, {(*server)->query_endpoint(), server_.public_key, client_.public_key,
                                                  client_.secret_key});
  auto reply = registered.Call(health, std::chrono::seconds(5));
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->health().service(), "dxhub-test");
  EXPECT_EQ(reply->request_id(), 1u);
  client::StoreClient admin(client_context, {(*server)->admin_endpoint(), "", "", ""});
  ASSERT_TRUE(admin.Call(health, std::chrono::seconds(5)).ok());
  const CurveKeyPair stranger = *GenerateCurveKeyPair();
  client::StoreClient unregistered(client_context, {(*server)->query_endpoint(), server_.public_key,
                                                    stranger.public_key, stranger.secret_key});
  EXPECT_FALSE(unregistered.Call(health, std::chrono::milliseconds(500)).ok()) << "ZAP refuses an unknown key";
  stop = true;
  serving.join();
  ASSERT_EQ(callers.size(), 2u);
  EXPECT_EQ(callers[0].principal, "reader");
  EXPECT_FALSE(callers[0].admin_socket);
  EXPECT_TRUE(callers[1].admin_socket);
}

}  // namespace
}  // namespace dxhub::service
