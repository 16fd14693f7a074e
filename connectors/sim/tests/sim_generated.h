// One full scale-1 generation shared by the tests of a binary (about half a
// second), written once on first use into a temporary directory that is
// removed at exit.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "dxhub/sim/file_sink.h"
#include "dxhub/sim/generator.h"
#include "sim_test_support.h"

namespace dxhub::sim::testing {

inline const std::filesystem::path& GeneratedScaleOne() {
  static TempDir dir;
  static const bool written = [] {
    FileSink sink(dir.path(), kDefaultSeed);
    const std::string error = Generate(GeneratorOptions{}, sink);
    return error.empty() && sink.Close();
  }();
  if (!written) throw std::runtime_error("scale-1 generation failed");
  return dir.path();
}

}  // namespace dxhub::sim::testing
