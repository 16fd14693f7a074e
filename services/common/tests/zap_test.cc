// The ZAP handler over real CURVE sockets on loopback.
#include "dxhub/common/zap.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "dxhub/common/keys.h"
#include "dxhub/common/zmq_util.h"

namespace dxhub {
namespace {

struct Echo {
  zmq::context_t ctx;
  CurveKeyPair server = *GenerateCurveKeyPair();
  CurveKeyPair good = *GenerateCurveKeyPair();
  CurveKeyPair service = *GenerateCurveKeyPair();
  std::unique_ptr<ZapHandler> zap;
  zmq::socket_t router{ctx, zmq::socket_type::router};
  std::string endpoint;

  Echo() {
    auto registry = std::make_shared<KeyRegistry>();
    EXPECT_TRUE(registry->Add({"bthft-connector", Role::kConnector, "BTHFT", good.public_key}).ok());
    EXPECT_TRUE(registry->Add({"aggregator", Role::kService, "", service.public_key}).ok());
    zap = std::make_unique<ZapHandler>(ctx, registry,
                                       std::map<std::string, std::set<Role>>{{"ingest", {Role::kConnector}}});
    EXPECT_TRUE(zap->Start().ok());
    EXPECT_TRUE(MakeCurveServer(router, server.secret_key, "ingest").ok());
    router.set(zmq::sockopt::linger, 0);
    endpoint = *BindAndResolve(router, "tcp://127.0.0.1:*");
  }
  ~Echo() {
    router.close();
    zap->Stop();
  }

  // Sends "ping" with `keys`; returns the User-Id the server saw, or nullopt if nothing arrived.
  std::optional<std::string> Ping(const CurveKeyPair& keys) {
    zmq::socket_t dealer(ctx, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    EXPECT_TRUE(MakeCurveClient(dealer, server.public_key, keys.public_key, keys.secret_key).ok());
    dealer.connect(endpoint);
    dealer.send(zmq::str_buffer("ping"), zmq::send_flags::none);
    auto frames = ReceiveMultipart(router, std::chrono::milliseconds(1500));
    if (!frames.ok()) return std::nullopt;
    EXPECT_EQ(frames->size(), 2u);
    return UserIdOf(frames->back()).value_or("<none>");
  }
};

TEST(Zap, RegisteredKeyIsAdmittedAndNamed) {
  Echo echo;
  EXPECT_EQ(echo.Ping(echo.good), "bthft-connector");
  EXPECT_EQ(echo.zap->admitted(), 1u);
}

TEST(Zap, UnregisteredKeyGetsNoService) {
  Echo echo;
  EXPECT_EQ(echo.Ping(*GenerateCurveKeyPair()), std::nullopt);
  EXPECT_GE(echo.zap->refused(), 1u);
}

TEST(Zap, RoleNotAdmittedOnDomainGetsNoService) {
  Echo echo;
  EXPECT_EQ(echo.Ping(echo.service), std::nullopt);
}

// Issue 19, failure 8: each refused CURVE handshake wrote a warning of its own
// (3,000 refusals, 466 KB of log). Now one line per interval, with a count.
TEST(HostileInput, F8_RefusedHandshakesAreLoggedAtMostOneLinePerInterval) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto security = Logger("security");
  security->sinks().push_back(sink);
  {
    Echo echo;
    std::vector<std::unique_ptr<zmq::socket_t>> strangers;
    for (int i = 0; i < 40; ++i) {
      auto keys = *GenerateCurveKeyPair();
      auto dealer = std::make_unique<zmq::socket_t>(echo.ctx, zmq::socket_type::dealer);
      dealer->set(zmq::sockopt::linger, 0);
      dealer->set(zmq::sockopt::reconnect_ivl, -1);  // one handshake each
      ASSERT_TRUE(MakeCurveClient(*dealer, echo.server.public_key, keys.public_key, keys.secret_key).ok());
      dealer->connect(echo.endpoint);
      strangers.push_back(std::move(dealer));
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (echo.zap->refused() < 40 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(echo.zap->refused(), 40u) << "every refusal is still counted";
  }
  security->sinks().pop_back();
  const std::string log = captured.str();
  size_t lines = 0;
  for (size_t at = log.find("refused CURVE client"); at != std::string::npos; at = log.find("refused CURVE client", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1u) << log;
}

TEST(KeyRegistry, RejectsDuplicateNamesAndKeys) {
  KeyRegistry registry;
  ASSERT_TRUE(registry.Add({"a", Role::kAdmin, "", "k1"}).ok());
  EXPECT_EQ(registry.Add({"a", Role::kAdmin, "", "k2"}).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.Add({"b", Role::kAdmin, "", "k1"}).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.Add({"c", Role::kConnector, "", "k3"}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dxhub

namespace dxhub {
namespace {

TEST(ZmqUtil, AdminIpcSocketIsOwnerOnlyAndReplacesAStaleFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("dxhub-ipc-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "run");
  std::ofstream(dir / "run" / "admin.sock") << "stale";  // left by a killed process
  zmq::context_t ctx;
  zmq::socket_t socket(ctx, zmq::socket_type::router);
  socket.set(zmq::sockopt::linger, 0);
  const std::string endpoint = "ipc://" + (dir / "run" / "admin.sock").string();
  auto bound = BindOwnerOnlyIpc(socket, endpoint);
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat((dir / "run" / "admin.sock").c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(BindOwnerOnlyIpc(socket, "tcp://127.0.0.1:*").ok());
  socket.close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dxhub
