// The publisher's back-off on the clock seam (issue 19, "Fault injection
// seams": it slept real time): behind a scripted hub that answers at once,
// every retry sleeps on a FakeClock, so the schedule (growth, cap, the hub's
// retry_after, reset after a success, giving up) is checked without waiting.
#include <gtest/gtest.h>

#include <deque>

#include "dxhub/connector/publisher.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::connector {
namespace {

using std::chrono::milliseconds;

enum class Answer { kAccept, kUnavailable, kBusyFor3s, kSilence };

// The hub behind the Transport seam: answers each request from a script,
// at once. kSilence is a timeout that takes no time.
class ScriptedHub final : public client::Transport {
 public:
  explicit ScriptedHub(std::deque<Answer> script) : script_(std::move(script)) {}

  Status Open() override {
    pending_.clear();
    return Status::Ok();
  }
  Status Send(std::vector<zmq::message_t>& frames) override {
    wire::v1::Request request;
    if (auto error = protocol::DecodeRequest(frames, 0, &request)) return Status::Internal(error->message());
    pending_.push_back(std::move(request));
    return Status::Ok();
  }
  Result<std::vector<zmq::message_t>> Receive(milliseconds) override {
    if (pending_.empty()) return Status::NotFound("nothing sent");
    const Answer answer = script_.empty() ? Answer::kAccept : script_.front();
    if (!script_.empty()) script_.pop_front();
    const wire::v1::Request request = std::move(pending_.front());
    pending_.pop_front();
    switch (answer) {
      case Answer::kSilence:
        return Status::NotFound("silence");
      case Answer::kUnavailable:
        return protocol::EncodeReply(
            protocol::ErrorReply(request.request_id(), wire::v1::ERROR_CODE_UNAVAILABLE, "busy"));
      case Answer::kBusyFor3s:
        return protocol::EncodeReply(
            protocol::ErrorReply(request.request_id(), wire::v1::ERROR_CODE_RATE_LIMITED, "slow down", 3000));
      case Answer::kAccept:
        break;
    }
    wire::v1::Reply reply;
    reply.set_request_id(request.request_id());
    for (const auto& event : request.ingest().events()) {
      auto* ack = reply.mutable_ingest()->add_acks();
      ack->set_event_id(event.event_id());
      ack->set_status(ingest::v1::ACK_STATUS_ACCEPTED);
      ack->set_seq(++seq_);
    }
    return protocol::EncodeReply(reply);
  }
  const std::string& address() const override { return address_; }

 private:
  std::deque<Answer> script_;
  std::deque<wire::v1::Request> pending_;
  uint64_t seq_ = 0;
  std::string address_ = "scripted://hub";
};

class PublisherBackoff : public ::testing::Test {
 protected:
  void SetUp() override {
    auto state = ConnectorState::Open(dir_);
    ASSERT_TRUE(state.ok()) << state.status().ToString();
    state_ = std::move(*state);
    EnqueueBatch batch;
    for (uint64_t n = 1; n <= 3; ++n) batch.events.push_back(protocol::SampleStaffRecord("BTHFT", n));
    ASSERT_TRUE(state_->Enqueue(batch).ok());
    clock_.OnSleep([this](milliseconds slept) { sleeps_.push_back(slept); });
  }
  void TearDown() override {
    state_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<PublishSummary> Drain(std::deque<Answer> script, PublishOptions options) {
    options.batch_events = 1;  // one event per batch, one batch at a time: one answer per request
    options.window = 1;
    Publisher publisher(std::make_unique<ScriptedHub>(std::move(script)), options, *state_, clock_);
    const auto started = std::chrono::steady_clock::now();
    auto summary = publisher.Drain();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "the publisher slept real time";
    return summary;
  }
  // Each sleep is its step of the schedule plus up to half of it in jitter.
  void ExpectSchedule(const std::vector<int>& steps_ms) {
    ASSERT_EQ(sleeps_.size(), steps_ms.size());
    for (size_t i = 0; i < steps_ms.size(); ++i) {
      EXPECT_GE(sleeps_[i].count(), steps_ms[i]) << "sleep " << i;
      EXPECT_LE(sleeps_[i].count(), steps_ms[i] + steps_ms[i] / 2) << "sleep " << i;
    }
  }

  std::filesystem::path dir_ = dxhub::testing::FreshTestDir("publisher-backoff");
  std::unique_ptr<ConnectorState> state_;
  FakeClock clock_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(PublisherBackoff, I19_BackOffDoublesUpToTheCapAndStartsAgainAfterASuccess) {
  PublishOptions options;
  options.max_backoff_ms = 1000;
  const auto U = Answer::kUnavailable, A = Answer::kAccept, S = Answer::kSilence;
  auto summary = Drain({U, U, U, U, U, A, S, U, A, A}, options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->drained);
  EXPECT_EQ(summary->accepted, 3u);
  EXPECT_EQ(summary->retries, 7u);
  EXPECT_EQ(state_->outbox_size(), 0u);
  // 200, 400, 800, capped at 1000 twice; a success; silence (a timeout) and a refusal: 200, 400 again.
  ExpectSchedule({200, 400, 800, 1000, 1000, 200, 400});
}

TEST_F(PublisherBackoff, I19_TheHubsRetryAfterIsWaitedOutEvenWhenTheScheduleIsShorter) {
  PublishOptions options;
  auto summary = Drain({Answer::kBusyFor3s, Answer::kUnavailable}, options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->drained);
  ASSERT_EQ(sleeps_.size(), 2u);
  EXPECT_GE(sleeps_[0].count(), 3000) << "retry_after_ms 3000 was not waited out";
  EXPECT_LE(sleeps_[0].count(), 3000 + 100);
  EXPECT_GE(sleeps_[1].count(), 400) << "the schedule went on growing underneath";
  EXPECT_LE(sleeps_[1].count(), 600);
}

TEST_F(PublisherBackoff, I19_GivingUpCountsTheTimeSleptOnTheClock) {
  PublishOptions options;
  options.max_backoff_ms = 4000;
  options.give_up_after_s = 30;
  auto summary = Drain(std::deque<Answer>(100, Answer::kSilence), options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->gave_up);
  EXPECT_FALSE(summary->drained);
  EXPECT_EQ(state_->outbox_size(), 3u) << "nothing was acknowledged, so nothing may leave the outbox";
  EXPECT_GT(clock_.slept(), std::chrono::seconds(30));
  EXPECT_LT(clock_.slept(), std::chrono::seconds(30) + milliseconds(6000)) << "slept on after the give-up time";
}

// Found by the hub-away fault test: the give-up timer ran from the start of
// the drain, so a long drain to a hub that kept answering "retry later" ended
// with "hub not reachable" and exit 1. It counts from the last answer now.
TEST_F(PublisherBackoff, I19_GiveUpCountsFromTheHubsLastAnswerNotFromTheStart) {
  PublishOptions options;
  options.give_up_after_s = 5;
  // Three busy answers of 3 s each: 9 s in all, more than the give-up time,
  // but never more than 3.1 s without an answer.
  auto summary = Drain({Answer::kBusyFor3s, Answer::kBusyFor3s, Answer::kBusyFor3s}, options);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_FALSE(summary->gave_up) << "the hub answered every time; it was reachable";
  EXPECT_TRUE(summary->drained);
  EXPECT_EQ(state_->outbox_size(), 0u);
  EXPECT_GT(clock_.slept(), std::chrono::seconds(9));
}

}  // namespace
}  // namespace dxhub::connector
