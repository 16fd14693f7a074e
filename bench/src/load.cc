#include "dxhub/bench/load.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "dxhub/bench/figures.h"
#include "dxhub/client/store_client.h"
#include "dxhub/testing/child_process.h"

namespace dxhub::bench {
namespace fs = std::filesystem;
using event::v1::Event;

namespace {

constexpr std::chrono::seconds kAckTimeout{60};

struct WorkerTally {
  uint64_t events = 0;
  uint64_t rejected = 0;
  int64_t first_send_ns = 0;
  int64_t last_ack_ns = 0;
  std::vector<double> latencies_ms;
};

// "events N rejected R first_send_ns A last_ack_ns B", then one latency (ms) a line.
bool WriteTally(const fs::path& path, const WorkerTally& t) {
  std::ofstream out(path, std::ios::trunc);
  out << "events " << t.events << " rejected " << t.rejected << " first_send_ns " << t.first_send_ns
      << " last_ack_ns " << t.last_ack_ns << "\n";
  for (double ms : t.latencies_ms) out << ms << "\n";
  return static_cast<bool>(out);
}

bool ReadTally(const fs::path& path, WorkerTally* t) {
  std::ifstream in(path);
  std::string w1, w2, w3, w4;
  if (!(in >> w1 >> t->events >> w2 >> t->rejected >> w3 >> t->first_send_ns >> w4 >> t->last_ack_ns)) return false;
  for (double ms; in >> ms;) t->latencies_ms.push_back(ms);
  return true;
}

}  // namespace

bool WriteEnvelopes(const fs::path& path, const std::vector<Event>& events) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string bytes;
  for (const auto& e : events) {
    bytes.clear();
    e.SerializeToString(&bytes);
    const auto n = static_cast<uint32_t>(bytes.size());
    const char size[4] = {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                          static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 24) & 0xff)};
    out.write(size, 4);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  return static_cast<bool>(out);
}

bool ReadEnvelopes(const fs::path& path, std::vector<Event>* events) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  unsigned char size[4];
  std::string bytes;
  while (in.read(reinterpret_cast<char*>(size), 4)) {
    const uint32_t n = size[0] | (size[1] << 8) | (size[2] << 16) | (static_cast<uint32_t>(size[3]) << 24);
    bytes.resize(n);
    if (!in.read(bytes.data(), n)) return false;
    if (!events->emplace_back().ParseFromString(bytes)) return false;
  }
  return in.eof();
}

int RunLoadWorker(const LoadWorkerArgs& args) {
  std::vector<Event> events;
  if (!ReadEnvelopes(args.envelopes, &events)) {
    std::cerr << args.envelopes.string() << ": cannot read the envelopes\n";
    return 1;
  }
  client::Endpoint endpoint;
  std::ifstream keys(args.keys);
  std::getline(keys, endpoint.address);
  std::getline(keys, endpoint.server_public_key);
  std::getline(keys, endpoint.public_key);
  std::getline(keys, endpoint.secret_key);
  zmq::context_t context(1);
  client::StoreClient client(context, endpoint);
  if (!client.setup().ok()) {
    std::cerr << "cannot connect to " << endpoint.address << ": " << client.setup().ToString() << "\n";
    return 1;
  }
  while (SteadyNanos() < args.start_at_ns) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const int64_t start = SteadyNanos();
  const size_t per_batch = static_cast<size_t>(std::max(1, args.batch_events));
  auto due_ns = [&](uint64_t batch) {
    return args.events_per_second > 0
               ? start + static_cast<int64_t>(static_cast<double>(batch * per_batch) * 1e9 / args.events_per_second)
               : start;
  };
  WorkerTally tally;
  std::map<uint64_t, std::pair<int64_t, size_t>> in_flight;  // request id -> (sent ns, events)
  size_t next = 0;
  uint64_t batches = 0;
  while (next < events.size() || !in_flight.empty()) {
    while (next < events.size() && in_flight.size() < static_cast<size_t>(args.window) &&
           SteadyNanos() >= due_ns(batches)) {
      wire::v1::Request request;
      auto* ingest = request.mutable_ingest();
      ingest->set_batch_id("bench-" + std::to_string(::getpid()) + "-" + std::to_string(batches));
      const size_t end = std::min(events.size(), next + per_batch);
      for (size_t i = next; i < end; ++i) *ingest->add_events() = events[i];
      const int64_t sent = SteadyNanos();
      if (auto s = client.Send(request); !s.ok()) {
        std::cerr << "send failed: " << s.ToString() << "\n";
        return 1;
      }
      if (tally.first_send_ns == 0) tally.first_send_ns = sent;
      in_flight[request.request_id()] = {sent, end - next};
      next = end;
      ++batches;
    }
    std::chrono::milliseconds wait = kAckTimeout;
    if (next < events.size() && in_flight.size() < static_cast<size_t>(args.window)) {
      wait = std::chrono::milliseconds(std::max<int64_t>(1, (due_ns(batches) - SteadyNanos()) / 1000000));
    }
    if (in_flight.empty()) {
      std::this_thread::sleep_for(wait);
      continue;
    }
    auto reply = client.Receive(wait);
    if (!reply.ok()) {
      if (reply.status().code() == StatusCode::kTimeout && wait < kAckTimeout) continue;
      std::cerr << "no acknowledgement: " << reply.status().ToString() << "\n";
      return 1;
    }
    const int64_t acked = SteadyNanos();
    auto it = in_flight.find(reply->request_id());
    if (it == in_flight.end()) continue;
    if (reply->has_error()) {
      std::cerr << "batch refused: " << reply->error().message() << "\n";
      return 1;
    }
    for (const auto& ack : reply->ingest().acks()) {
      if (ack.status() == ingest::v1::ACK_STATUS_REJECTED) ++tally.rejected;
    }
    tally.events += it->second.second;
    tally.latencies_ms.push_back(static_cast<double>(acked - it->second.first) / 1e6);
    tally.last_ack_ns = acked;
    in_flight.erase(it);
  }
  if (!WriteTally(args.result, tally)) {
    std::cerr << args.result.string() << ": cannot write the result\n";
    return 1;
  }
  return 0;
}

LoadResult RunLoad(const testing::StoreProcess& store, const std::vector<Event>& events, const LoadOptions& options,
                   const fs::path& work) {
  LoadResult result;
  std::map<std::string, std::vector<Event>> by_org;
  for (const auto& e : events) by_org[e.org_id()].push_back(e);
  fs::create_directories(work);
  const int64_t start_at = SteadyNanos() + 2'000'000'000;  // time for every worker to read and connect
  std::vector<std::pair<std::string, std::unique_ptr<testing::ChildProcess>>> workers;
  for (const auto& [org, mine] : by_org) {
    const fs::path stem = work / ("load-" + org);
    if (!WriteEnvelopes(stem.string() + ".envelopes", mine)) return result;
    const auto endpoint = store.ConnectorEndpoint(org);
    std::ofstream(stem.string() + ".keys", std::ios::trunc)
        << endpoint.address << "\n" << endpoint.server_public_key << "\n" << endpoint.public_key << "\n"
        << endpoint.secret_key << "\n";
    const double rate = options.events_per_second * static_cast<double>(mine.size()) / static_cast<double>(events.size());
    workers.emplace_back(
        org, std::make_unique<testing::ChildProcess>(
                 testing::BinaryPath("dxbench-load"),
                 std::vector<std::string>{"--envelopes", stem.string() + ".envelopes", "--keys", stem.string() + ".keys",
                                          "--result", stem.string() + ".result", "--rate", std::to_string(rate),
                                          "--batch", std::to_string(options.batch_events), "--window",
                                          std::to_string(options.window), "--start-at-ns", std::to_string(start_at)},
                 stem));
  }
  int64_t first = 0, last = 0;
  bool ok = true;
  for (auto& [org, worker] : workers) {
    const auto code = worker->Wait(std::chrono::minutes(30));
    WorkerTally tally;
    if (code != 0 || !ReadTally(work / ("load-" + org + ".result"), &tally)) {
      std::cerr << "load worker for " << org << " failed (exit " << code.value_or(-1) << "): " << worker->err() << "\n";
      ok = false;
      continue;
    }
    result.events += tally.events;
    result.rejected += tally.rejected;
    result.latencies_ms.insert(result.latencies_ms.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
    if (tally.events > 0) {
      first = first == 0 ? tally.first_send_ns : std::min(first, tally.first_send_ns);
      last = std::max(last, tally.last_ack_ns);
    }
  }
  result.seconds = static_cast<double>(last - first) / 1e9;
  result.ok = ok && result.events == events.size();
  return result;
}

}  // namespace dxhub::bench
