// Writes the binary seeds of the request and event targets from the
// contract's test vectors (docs/test-vectors.json, compiled in): one file per
// valid and invalid event in corpus/event/, and in corpus/request/ each event
// as a one-event ingest request, all the valid ones as one batch, a batch
// sent twice, a read, a stats request and malformed framings. Run after the
// vectors change:  build/fuzz/fuzz_make_seeds fuzz/corpus
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "dxhub/protocol/rpc.h"
#include "dxhub/protocol/test_vectors.h"

namespace {

namespace fs = std::filesystem;

constexpr char kFrameSeparator[] = "|FRAME|";  // fuzz_request.cc

// "valid-staff_record: a join" -> "valid-staff_record-a-join": file names without spaces or punctuation.
std::string FileName(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    if (plain) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

void Write(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Framed(const dxhub::wire::v1::Request& request) {
  const auto frames = dxhub::protocol::EncodeRequest(request);
  std::string out;
  for (size_t i = 0; i < frames.size(); ++i) out += (i == 0 ? "" : kFrameSeparator) + frames[i].to_string();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_seeds <corpus dir>\n");
    return 2;
  }
  const fs::path corpus = argv[1];
  auto vectors = dxhub::protocol::ParseTestVectors(dxhub::protocol::BuiltInTestVectors());
  if (!vectors.ok()) {
    std::fprintf(stderr, "fuzz_make_seeds: %s\n", vectors.status().message().c_str());
    return 1;
  }
  fs::create_directories(corpus / "event");
  fs::create_directories(corpus / "request");
  uint64_t request_id = 0;
  dxhub::wire::v1::Request all;
  all.set_request_id(3);  // an admin key: hub-only payloads too
  for (const auto* list : {&vectors->events, &vectors->invalid_events}) {
    for (const auto& v : *list) {
      const std::string name = FileName((v.reason_code.empty() ? "valid-" : "invalid-") + v.name);
      Write(corpus / "event" / name, v.event.SerializeAsString());
      dxhub::wire::v1::Request one;
      one.set_request_id(++request_id);
      one.mutable_ingest()->set_batch_id("seed-" + v.name);
      *one.mutable_ingest()->add_events() = v.event;
      Write(corpus / "request" / name, Framed(one));
      if (v.reason_code.empty()) *all.mutable_ingest()->add_events() = v.event;
    }
  }
  all.mutable_ingest()->set_batch_id("seed-all-valid");
  Write(corpus / "request" / "batch-all-valid", Framed(all));
  *all.mutable_ingest()->add_events() = all.ingest().events(0);
  Write(corpus / "request" / "batch-with-a-repeat", Framed(all));

  dxhub::wire::v1::Request read;
  read.set_request_id(1);
  read.mutable_read()->set_from_seq(1);
  Write(corpus / "request" / "read", Framed(read));
  dxhub::wire::v1::Request stats;
  stats.set_request_id(2);
  stats.mutable_stats();
  Write(corpus / "request" / "stats", Framed(stats));
  const std::string framed = Framed(read);
  Write(corpus / "request" / "wrong-signature", "DXHUB02" + framed.substr(framed.find(kFrameSeparator)));
  Write(corpus / "request" / "extra-frame", framed + kFrameSeparator + "extra");
  Write(corpus / "request" / "one-frame", read.SerializeAsString());
  std::printf("fuzz_make_seeds: %zu events written to %s\n", vectors->events.size() + vectors->invalid_events.size(),
              corpus.c_str());
  return 0;
}
