#include "dxhub/common/status.h"

#include <gtest/gtest.h>

namespace dxhub {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument("odd: " + std::to_string(v));
  return v / 2;
}

Status UsesEarlyReturn(int v) {
  DXHUB_RETURN_IF_ERROR(Half(v).status());
  return Status::Ok();
}

TEST(Status, OkIsDefaultAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, ErrorCarriesCodeAndMessage) {
  Status s = Status::PermissionDenied("key not registered");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.ToString(), "PermissionDenied: key not registered");
}

TEST(Result, HoldsValueOrStatus) {
  auto good = Half(4);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 2);
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "odd: 3");
}

TEST(Result, EarlyReturnPropagatesTheError) {
  EXPECT_TRUE(UsesEarlyReturn(2).ok());
  EXPECT_EQ(UsesEarlyReturn(1).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dxhub
