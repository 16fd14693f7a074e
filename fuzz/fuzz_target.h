// What every fuzz target shares: the libFuzzer entry point each fuzz_<name>.cc
// defines (built with clang's -fsanitize=fuzzer, or with replay_main.cc into a
// plain program for the GCC build), and quiet logging (a target that logs every
// input it refuses runs a hundred times slower). See fuzz/README.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace dxhub::fuzz {

// Turns every logger off (spdlog's and protobuf's), once.
void QuietLogging();

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Stops the run as a crash: an invariant the code under test promised is broken.
[[noreturn]] void Broken(const char* what);

}  // namespace dxhub::fuzz
