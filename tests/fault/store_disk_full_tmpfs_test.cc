// Issue 19 failure 1 on a real full filesystem: the real dxhub-store binary
// with its data directory on a small tmpfs this test mounts (root only;
// skipped with the reason otherwise), filled by a ballast file. Label
// `fault`: `ctest --test-dir build -L fault`.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "../store/helpers.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

namespace fs = std::filesystem;
using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;
using dxhub::wire::v1::ERROR_CODE_UNAVAILABLE;

constexpr char kTmpfsSize[] = "size=16m,mode=0700";

uint64_t FreeBytes(const fs::path& dir) {
  struct statvfs s {};
  return ::statvfs(dir.c_str(), &s) == 0 ? static_cast<uint64_t>(s.f_bavail) * s.f_frsize : 0;
}

class StoreDiskFullTmpfs : public ::testing::Test {
 protected:
  explicit StoreDiskFullTmpfs(uint64_t min_free_bytes = 0)
      : store_(WithMinFree(min_free_bytes)) {}

  static StoreProcessOptions WithMinFree(uint64_t min_free_bytes) {
    StoreProcessOptions options;
    options.extra_limits_yaml = "  min_free_bytes: " + std::to_string(min_free_bytes) + "\n";
    return options;
  }

  void SetUp() override {
    fs::create_directories(data_dir());
    if (::mount("dxhub-test", data_dir().c_str(), "tmpfs", 0, kTmpfsSize) != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs at " << data_dir() << " (" << std::strerror(errno)
                   << "): this disk-full test needs root with CAP_SYS_ADMIN (mount); the fault-FileSystem variant "
                      "(store_disk_full_test) covers the same behaviour without it";
    }
    mounted_ = true;
  }
  void TearDown() override {
    store_.Kill();
    if (mounted_) ::umount2(data_dir().c_str(), MNT_DETACH);
  }

  fs::path data_dir() const { return store_.dir() / "data"; }
  fs::path ballast() const { return data_dir() / "ballast"; }

  // Grows the ballast file until no more than `leave` bytes are free (0: until ENOSPC).
  void Fill(uint64_t leave) {
    std::ofstream out(ballast(), std::ios::binary | std::ios::app);
    const std::string chunk(64 * 1024, 'x');
    while (FreeBytes(data_dir()) > leave + chunk.size() && out.write(chunk.data(), chunk.size()) && out.flush()) {
    }
    if (leave == 0) {
      const std::string small(4096, 'x');
      while (out.write(small.data(), small.size()) && out.flush()) {
      }
    }
  }
  void FreeTheBallast() { fs::remove(ballast()); }

  Result<wire::v1::Reply> Ingest(uint64_t first, int n) {
    std::vector<event::v1::Event> events;
    for (int i = 0; i < n; ++i) events.push_back(protocol::SampleStaffRecord("BTHFT", first + static_cast<uint64_t>(i)));
    client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
    return bthft.Call(IngestOf(events), kCallTimeout);
  }
  size_t StoredEvents() {
    client::StoreClient admin(ctx_, store_.AdminEndpoint());
    return ReadAllEvents(admin).size();
  }
  std::string HealthStatus() {
    client::StoreClient admin(ctx_, store_.AdminEndpoint());
    wire::v1::Request request;
    request.mutable_health();
    auto reply = admin.Call(request, kCallTimeout);
    return reply.ok() ? reply->health().status() : "no answer: " + reply.status().ToString();
  }

  // Ingests batches of 200 until one is refused; returns the number acknowledged before.
  uint64_t IngestUntilRefused(uint64_t* next) {
    uint64_t acknowledged = 0;
    for (int attempt = 0; attempt < 400; ++attempt) {
      auto reply = Ingest(*next, 200);
      if (!reply.ok()) {
        ADD_FAILURE() << "no answer after " << acknowledged << " events: " << reply.status().ToString() << "\n"
                      << ReadFileText(store_.log_path());
        return acknowledged;
      }
      if (reply->has_error()) {
        EXPECT_EQ(reply->error().code(), ERROR_CODE_UNAVAILABLE) << reply->DebugString();
        EXPECT_NE(reply->error().message().find("disk full"), std::string::npos) << reply->error().message();
        EXPECT_NE(reply->error().message().find(data_dir().string()), std::string::npos) << reply->error().message();
        EXPECT_FALSE(reply->has_ingest());
        return acknowledged;
      }
      for (const auto& ack : reply->ingest().acks()) acknowledged += ack.status() == ACK_STATUS_ACCEPTED ? 1 : 0;
      *next += 200;
    }
    ADD_FAILURE() << "the tmpfs never filled";
    return acknowledged;
  }

  StoreProcess store_;
  bool mounted_ = false;
  zmq::context_t ctx_{1};
};

TEST_F(StoreDiskFullTmpfs, F1_FullDiskIsAnsweredUnavailableAndTheStoreResumesWhenSpaceReturns) {
  store_.Start();
  Fill(/*leave=*/512 * 1024);
  uint64_t next = 1;
  const uint64_t acknowledged = IngestUntilRefused(&next);
  EXPECT_TRUE(store_.running()) << ReadFileText(store_.log_path());
  EXPECT_EQ(StoredEvents(), acknowledged);  // everything acknowledged, nothing else

  FreeTheBallast();
  auto resent = Ingest(next, 200);
  ASSERT_TRUE(resent.ok()) << resent.status().ToString();
  ASSERT_TRUE(resent->has_ingest()) << resent->DebugString() << ReadFileText(store_.log_path());
  EXPECT_EQ(resent->ingest().acks(0).seq(), acknowledged + 1);  // gap-free
  EXPECT_EQ(StoredEvents(), acknowledged + 200);
  EXPECT_TRUE(store_.running());
  EXPECT_EQ(ReadFileText(store_.log_path()).find("Assertion"), std::string::npos) << ReadFileText(store_.log_path());
}

TEST_F(StoreDiskFullTmpfs, F1_RestartOnAFullDiskDoesNotCrashLoop) {
  store_.Start();
  ASSERT_TRUE(Ingest(1, 200)->has_ingest());
  ASSERT_EQ(store_.Terminate(), 0);
  Fill(/*leave=*/0);
  ASSERT_LT(FreeBytes(data_dir()), 64u * 1024);
  for (int restart = 0; restart < 2; ++restart) {  // as a supervisor would
    store_.Start();
    ASSERT_FALSE(HasFatalFailure()) << "the store did not start on a full disk";
    EXPECT_EQ(HealthStatus().rfind("DEGRADED: disk full", 0), 0u) << HealthStatus();
    EXPECT_EQ(StoredEvents(), 200u);  // reads are served
    auto refused = Ingest(201, 10);
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->error().code(), ERROR_CODE_UNAVAILABLE) << refused->DebugString();
    EXPECT_TRUE(store_.running());
    if (restart == 0) {
      ASSERT_EQ(store_.Terminate(), 0);
    }
  }
  FreeTheBallast();
  auto accepted = Ingest(201, 10);
  ASSERT_TRUE(accepted.ok());
  ASSERT_TRUE(accepted->has_ingest()) << accepted->DebugString() << ReadFileText(store_.log_path());
  EXPECT_EQ(accepted->ingest().acks(0).seq(), 201u);
  EXPECT_EQ(HealthStatus(), "SERVING");
}

class StoreDiskFullTmpfsThreshold : public StoreDiskFullTmpfs {
 protected:
  StoreDiskFullTmpfsThreshold() : StoreDiskFullTmpfs(/*min_free_bytes=*/4 << 20) {}
};

TEST_F(StoreDiskFullTmpfsThreshold, F1_BatchesAreRefusedBelowTheMinimumFreeSpace) {
  store_.Start();
  ASSERT_TRUE(Ingest(1, 10)->has_ingest());
  Fill(/*leave=*/3 << 20);
  auto refused = Ingest(11, 10);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->error().code(), ERROR_CODE_UNAVAILABLE) << refused->DebugString();
  EXPECT_NE(refused->error().message().find("limits.min_free_bytes"), std::string::npos) << refused->error().message();
  EXPECT_EQ(HealthStatus().rfind("DEGRADED: disk full", 0), 0u);
  FreeTheBallast();
  auto accepted = Ingest(11, 10);
  ASSERT_TRUE(accepted.ok() && accepted->has_ingest()) << accepted->DebugString();
  EXPECT_EQ(StoredEvents(), 20u);
}

}  // namespace
}  // namespace dxhub::testing
