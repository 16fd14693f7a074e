// A fresh, empty directory per test, named after the running test and this
// process, so tests run in parallel (ctest -j) never share files. Header-only;
// call from the test's own thread.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace dxhub::testing {

// <tmp>/dxhub-<prefix>-<test name>-<pid>, emptied and created.
inline std::filesystem::path FreshTestDir(const std::string& prefix) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dxhub-" + prefix + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
                    std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace dxhub::testing
