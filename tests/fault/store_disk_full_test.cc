// Issue 19 failure 1, "the store aborts when its disk fills": the real store
// server (in this process, on loopback with CurveZMQ) writing through a
// kv::FaultFileSystem that fails with ENOSPC on demand. The same on a real
// full filesystem: store_disk_full_tmpfs_test.cc (label fault).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "../store/helpers.h"
#include "dxhub/kv/fault_file_system.h"
#include "dxhub/store/server.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/info_log_files.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {
namespace {

using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;
using dxhub::wire::v1::ERROR_CODE_UNAVAILABLE;

class StoreDiskFull : public ::testing::Test {
 protected:
  ~StoreDiskFull() override {
    if (server_) StopServer();
  }

  // Starts the store on the config StoreProcess wrote (keys, clients), with
  // RocksDB writing through faults_. Fails the test when it does not start.
  void StartServer(uint64_t min_free_bytes) {
    auto config = store::LoadStoreConfig(process_.config_path());
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    config->limits.min_free_bytes = min_free_bytes;
    config->file_system = faults_;
    server_ = std::make_unique<store::StoreServer>(std::move(*config));
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    stop_ = false;
    thread_ = std::thread([this] { (void)server_->Run(stop_); });
  }
  void StopServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  Result<wire::v1::Reply> Ingest(const std::vector<event::v1::Event>& events) {
    auto endpoint = process_.ConnectorEndpoint("BTHFT");
    endpoint.address = server_->endpoints().ingest;
    client::StoreClient bthft(ctx_, endpoint);
    return bthft.Call(IngestOf(events), kCallTimeout);
  }
  wire::v1::Reply Health() {
    client::StoreClient admin(ctx_, process_.AdminEndpoint());
    wire::v1::Request request;
    request.mutable_health();
    auto reply = admin.Call(request, kCallTimeout);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : wire::v1::Reply();
  }
  size_t StoredEvents() {
    client::StoreClient admin(ctx_, process_.AdminEndpoint());
    return ReadAllEvents(admin).size();
  }
  std::filesystem::path data_dir() const { return process_.dir() / "data"; }

  // An UNAVAILABLE reply saying "disk full", naming the data directory, and no acknowledgement in it.
  void ExpectDiskFullRefusal(const Result<wire::v1::Reply>& reply) {
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    EXPECT_EQ(reply->error().code(), ERROR_CODE_UNAVAILABLE) << reply->DebugString();
    EXPECT_NE(reply->error().message().find("disk full"), std::string::npos) << reply->error().message();
    EXPECT_NE(reply->error().message().find(data_dir().string()), std::string::npos) << reply->error().message();
    EXPECT_FALSE(reply->has_ingest()) << "an acknowledgement was sent for a batch that is not durable";
  }

  StoreProcess process_;  // keys and config only: the store runs in this process
  std::shared_ptr<kv::FaultFileSystem> faults_ = std::make_shared<kv::FaultFileSystem>();
  std::unique_ptr<store::StoreServer> server_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  zmq::context_t ctx_{1};
};

TEST_F(StoreDiskFull, F1_FullDiskIsAnsweredUnavailableAndNothingIsAcknowledged) {
  StartServer(/*min_free_bytes=*/0);  // no threshold: RocksDB's own write fails
  ASSERT_EQ(Ingest({protocol::SampleStaffRecord("BTHFT", 1)})->ingest().acks(0).status(), ACK_STATUS_ACCEPTED);

  faults_->Inject(kv::Fault::kNoSpace);
  faults_->ReportFreeBytes(12345);
  const auto refused = Ingest({protocol::SampleStaffRecord("BTHFT", 2), protocol::SampleStaffRecord("BTHFT", 3)});
  ExpectDiskFullRefusal(refused);
  EXPECT_NE(refused->error().message().find("12345 bytes free"), std::string::npos) << refused->error().message();
  EXPECT_GT(faults_->injected(), 0u);
  // Still serving: reads and health answer, and hold only what was acknowledged.
  EXPECT_EQ(StoredEvents(), 1u);
  EXPECT_EQ(Health().health().data_free_bytes(), 12345u);
}

TEST_F(StoreDiskFull, F1_StoreResumesWhenSpaceReturns) {
  StartServer(/*min_free_bytes=*/0);
  faults_->Inject(kv::Fault::kNoSpace);
  faults_->ReportFreeBytes(0);  // as a full disk does
  const std::vector<event::v1::Event> batch = {protocol::SampleStaffRecord("BTHFT", 1),
                                               protocol::SampleStaffRecord("BTHFT", 2)};
  ExpectDiskFullRefusal(Ingest(batch));
  ExpectDiskFullRefusal(Ingest(batch));  // RocksDB has stopped writing by now

  faults_->Clear();  // space is back; no restart
  faults_->ReportFreeBytes(std::nullopt);
  auto resent = Ingest(batch);
  ASSERT_TRUE(resent.ok()) << resent.status().ToString();
  ASSERT_EQ(resent->ingest().acks_size(), 2) << resent->DebugString();
  EXPECT_EQ(resent->ingest().acks(0).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(resent->ingest().acks(0).seq(), 1u);  // gap-free: the refused attempts took no numbers
  EXPECT_EQ(resent->ingest().acks(1).seq(), 2u);
  EXPECT_EQ(StoredEvents(), 2u);
}

TEST_F(StoreDiskFull, F1_RestartOnAFullDiskDoesNotCrashLoop) {
  StartServer(/*min_free_bytes=*/0);
  ASSERT_EQ(Ingest({protocol::SampleStaffRecord("BTHFT", 1)})->ingest().acks(0).status(), ACK_STATUS_ACCEPTED);
  StopServer();

  faults_->Inject(kv::Fault::kNoSpace);
  faults_->ReportFreeBytes(0);
  StartServer(/*min_free_bytes=*/0);  // starts, read-only
  ASSERT_FALSE(HasFatalFailure());
  const auto health = Health().health();
  EXPECT_EQ(health.status().rfind("DEGRADED: disk full", 0), 0u) << health.status();
  EXPECT_EQ(health.data_free_bytes(), 0u);
  EXPECT_EQ(StoredEvents(), 1u);  // reads are served
  ExpectDiskFullRefusal(Ingest({protocol::SampleStaffRecord("BTHFT", 2)}));

  faults_->Clear();
  faults_->ReportFreeBytes(std::nullopt);
  auto accepted = Ingest({protocol::SampleStaffRecord("BTHFT", 2)});
  ASSERT_TRUE(accepted.ok());
  ASSERT_TRUE(accepted->has_ingest()) << accepted->DebugString();
  EXPECT_EQ(accepted->ingest().acks(0).seq(), 2u);
  EXPECT_EQ(Health().health().status(), "SERVING");
  EXPECT_EQ(StoredEvents(), 2u);
}

TEST_F(StoreDiskFull, F1_BatchesAreRefusedBelowTheMinimumFreeSpaceBeforeRocksDbFails) {
  StartServer(/*min_free_bytes=*/64 << 20);
  faults_->ReportFreeBytes(1 << 20);
  const auto refused = Ingest({protocol::SampleStaffRecord("BTHFT", 1)});
  ExpectDiskFullRefusal(refused);
  EXPECT_NE(refused->error().message().find("limits.min_free_bytes"), std::string::npos)
      << refused->error().message();
  EXPECT_EQ(faults_->injected(), 0u);
  const auto health = Health().health();
  EXPECT_EQ(health.status().rfind("DEGRADED: disk full", 0), 0u) << health.status();
  EXPECT_EQ(health.data_min_free_bytes(), 64u << 20);

  faults_->ReportFreeBytes(std::nullopt);
  auto accepted = Ingest({protocol::SampleStaffRecord("BTHFT", 1)});
  ASSERT_TRUE(accepted.ok() && accepted->has_ingest()) << accepted->DebugString();
  EXPECT_EQ(StoredEvents(), 1u);
}

TEST_F(StoreDiskFull, F1_RocksDbInfoLogIsNotWrittenToTheDataDirectory) {
  StartServer(/*min_free_bytes=*/0);
  ASSERT_TRUE(Ingest({protocol::SampleStaffRecord("BTHFT", 1)}).ok());
  StopServer();
  EXPECT_EQ(InfoLogFilesIn(data_dir()), std::vector<std::string>{}) << "RocksDB wrote its own log into " << data_dir();
}

// The real binaries: free space in `dxctl status` (from the store's health).
TEST(StoreDiskSpace, F1_DxctlStatusShowsTheFreeSpaceOfTheDataDirectory) {
  StoreProcess store;
  store.Start();
  const auto status = RunCommandFor(BinaryPath("dxctl"), {"status", "--endpoint", store.admin_endpoint()},
                                    store.dir() / "dxctl-status");
  ASSERT_EQ(status.code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("disk free     "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("ingest refused below 67108864"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace dxhub::testing
