// How source labels (grades, ethnicity labels, yes/no) are compared across
// dxhub: lower-cased, trimmed, inner white space folded to one space. Grade
// rules in GradeMappingChange events are written folded. Pure; thread-safe.
#pragma once

#include <string>

namespace dxhub::protocol {

std::string FoldLabel(const std::string& raw);

}  // namespace dxhub::protocol
