#include "dxhub/protocol/labels.h"

#include <cctype>

namespace dxhub::protocol {

std::string FoldLabel(const std::string& raw) {
  std::string out;
  bool space = false;
  for (unsigned char c : raw) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

}  // namespace dxhub::protocol
