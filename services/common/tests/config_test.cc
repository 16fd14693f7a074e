#include "dxhub/common/config.h"

#include <gtest/gtest.h>

namespace dxhub {
namespace {

TEST(Config, SyntaxErrorNamesFileLineAndColumn) {
  auto file = ConfigFile::Parse("a: 1\nb: [1, 2\n", "store.yaml");
  ASSERT_FALSE(file.ok());
  // yaml-cpp reports the unterminated flow sequence at the end of input.
  EXPECT_EQ(file.status().message().rfind("store.yaml:", 0), 0u) << file.status().message();
  EXPECT_NE(file.status().message().find(":3:"), std::string::npos) << file.status().message();
}

TEST(Config, WrongTypeNamesTheValuePosition) {
  auto file = ConfigFile::Parse("limits:\n  max_batch_events: lots\n", "store.yaml");
  ASSERT_TRUE(file.ok());
  ConfigReader limits(*file, file->root()["limits"], "limits");
  limits.Int("max_batch_events", 1000);
  ASSERT_FALSE(limits.ok());
  EXPECT_EQ(limits.status().message(),
            "store.yaml:2:21: 'max_batch_events' must be a whole number, got 'lots'");
}

TEST(Config, MissingRequiredSettingPointsAtItsMapping) {
  auto file = ConfigFile::Parse("x: 1\n", "c.yaml");
  ASSERT_TRUE(file.ok());
  ConfigReader root(*file, file->root(), "the top level");
  root.String("data_dir");
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message(), "c.yaml:1:1: missing required setting 'data_dir' in the top level");
}

TEST(Config, UnknownKeyIsAnErrorWithPosition) {
  auto file = ConfigFile::Parse("data_dir: d\ningest_endpint: tcp://x\n", "c.yaml");
  ASSERT_TRUE(file.ok());
  ConfigReader root(*file, file->root(), "the top level");
  root.AllowOnly({"data_dir", "ingest_endpoint"});
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().message().rfind("c.yaml:2:1: unknown setting 'ingest_endpint'", 0), 0u)
      << root.status().message();
}

TEST(Config, OutOfRangeIsRejected) {
  auto file = ConfigFile::Parse("n: 0\n", "c.yaml");
  ASSERT_TRUE(file.ok());
  ConfigReader root(*file, file->root(), "top");
  EXPECT_EQ(root.Int("n", std::nullopt, 1, 10), 0);
  EXPECT_FALSE(root.ok());
}

TEST(Config, RelativePathsResolveAgainstTheFileDirectory) {
  auto file = ConfigFile::Parse("data_dir: data\nabs: /var/x\n", "/etc/dxhub/store.yaml");
  ASSERT_TRUE(file.ok());
  ConfigReader root(*file, file->root(), "top");
  EXPECT_EQ(root.Path("data_dir"), "/etc/dxhub/data");
  EXPECT_EQ(root.Path("abs"), "/var/x");
  EXPECT_TRUE(root.ok());
}

}  // namespace
}  // namespace dxhub
