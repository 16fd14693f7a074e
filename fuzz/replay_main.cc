// A main() for the fuzz targets in the ordinary (GCC) build, where there is no
// libFuzzer: replays every file of the corpus directories given, then feeds
// -runs=N inputs made by simple seeded mutations of them (bytes flipped,
// inserted, erased, duplicated, spliced). It finds less than libFuzzer but
// runs each target's code on every default test run. Usage:
//   fuzz_<name>_replay [-runs=N] [-seed=S] DIR...
// Exit 0 when every input returned; a crash is a crash.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_target.h"

namespace {

std::vector<std::string> ReadCorpus(const std::vector<std::string>& dirs) {
  std::vector<std::string> inputs;
  for (const auto& dir : dirs) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      inputs.push_back(bytes.str());
    }
  }
  return inputs;
}

std::string Mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string s = corpus[rng() % corpus.size()];
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits; ++e) {
    const size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:  // flip a bit
        if (!s.empty()) s[at % s.size()] = static_cast<char>(s[at % s.size()] ^ (1 << (rng() % 8)));
        break;
      case 1:  // insert a random byte
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(rng() & 0xff));
        break;
      case 2:  // erase a run
        if (!s.empty()) s.erase(at % s.size(), 1 + rng() % 16);
        break;
      case 3:  // set an interesting byte
        if (!s.empty()) {
          static const char kBytes[] = {'\0', '\xff', '\x7f', '\x80', '"', ',', '\n', '\r', '*', '/', '-', ':'};
          s[at % s.size()] = kBytes[rng() % sizeof(kBytes)];
        }
        break;
      case 4: {  // duplicate a run
        const size_t from = s.empty() ? 0 : rng() % s.size();
        s.insert(at, s.substr(from, 1 + rng() % 32));
        break;
      }
      default: {  // splice in part of another input
        const std::string& other = corpus[rng() % corpus.size()];
        const size_t from = other.empty() ? 0 : rng() % other.size();
        s.insert(at, other.substr(from, 1 + rng() % 64));
        break;
      }
    }
  }
  return s;
}

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 0;
  unsigned long seed = 1;
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-runs=", 0) == 0) {
      runs = std::strtol(arg.c_str() + 6, nullptr, 10);
    } else if (arg.rfind("-seed=", 0) == 0) {
      seed = std::strtoul(arg.c_str() + 6, nullptr, 10);
    } else {
      dirs.push_back(arg);
    }
  }
  const std::vector<std::string> corpus = ReadCorpus(dirs);
  if (corpus.empty()) {
    std::fprintf(stderr, "replay: no inputs in the corpus directories given\n");
    return 2;
  }
  for (const auto& input : corpus) Run(input);
  std::mt19937_64 rng(seed);
  for (long n = 0; n < runs; ++n) Run(Mutate(corpus, rng));
  std::printf("replay: %zu corpus inputs and %ld mutations ran (seed %lu)\n", corpus.size(), runs, seed);
  return 0;
}
