// Endpoint checks: what a person types into a config or on a command line is
// refused with what is wrong and a corrected example, before ZeroMQ sees it.
#include "dxhub/common/zmq_util.h"

#include <gtest/gtest.h>

namespace dxhub {
namespace {

TEST(PartnerFiles, D9_EndpointWithoutAPortIsRefusedWithACorrectedExample) {
  const Status no_port = CheckConnectEndpoint("tcp://hub.example");
  EXPECT_EQ(no_port.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_port.message(),
            "endpoint 'tcp://hub.example' has no port: write tcp://host:port with a port from 1 to 65535, "
            "e.g. tcp://hub.example:7401");
  EXPECT_EQ(CheckConnectEndpoint("tcp://[::1]").message(),
            "endpoint 'tcp://[::1]' has no port: write tcp://host:port with a port from 1 to 65535, "
            "e.g. tcp://[::1]:7401");
}

TEST(PartnerFiles, D9_EndpointPortHostAndSchemeAreChecked) {
  for (const char* good : {"tcp://hub.example:7401", "tcp://127.0.0.1:1", "tcp://10.0.0.2:65535", "tcp://[::1]:7401",
                           "tcp://hub-01.nhs.example:7401", "ipc:///run/dxhub/store-admin.sock", "ipc://store.sock"}) {
    EXPECT_TRUE(CheckConnectEndpoint(good).ok()) << good << ": " << CheckConnectEndpoint(good).message();
  }
  const std::pair<const char*, const char*> bad[] = {
      {"tcp://hub.example:0", "has port '0'"},
      {"tcp://hub.example:65536", "has port '65536'"},
      {"tcp://hub.example:123456", "has port '123456'"},
      {"tcp://hub.example:http", "has port 'http'"},
      {"tcp://hub.example:", "has port ''"},
      {"tcp://:7401", "has no valid host name or address"},
      {"tcp://hub example:7401", "has no valid host name or address"},
      {"tcp://*:7401", "has no valid host name or address"},
      {"hub.example:7401", "is neither tcp:// nor ipc://"},
      {"", "is neither tcp:// nor ipc://"},
      {"ipc://", "has no path"},
  };
  for (const auto& [endpoint, what] : bad) {
    const Status s = CheckConnectEndpoint(endpoint);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << endpoint;
    EXPECT_EQ(s.message().rfind(std::string("endpoint '") + endpoint + "' " + what + ": write ", 0), 0u)
        << endpoint << ": " << s.message();
  }
}

}  // namespace
}  // namespace dxhub
