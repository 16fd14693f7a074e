// Text in other character encodings converted to UTF-8 with glibc's iconv:
// any encoding name iconv knows ("windows-1252", "ISO-8859-1", "UTF-16"...;
// `iconv -l` lists them). Pure functions; thread-safe (each call opens its
// own converter).
#pragma once

#include <string>
#include <string_view>

#include "dxhub/common/status.h"

namespace dxhub {

// Whether `name` means UTF-8 ("utf-8", "UTF8", "utf_8"): nothing to convert.
bool IsUtf8Name(const std::string& name);

// OK when iconv converts from `name` to UTF-8; InvalidArgument naming it otherwise.
Status CheckEncodingName(const std::string& name);

// `bytes` (the contents of `source`, in `encoding`) as UTF-8. A byte that is
// not valid in `encoding` is InvalidArgument
// "<source>:<line>: byte 0x81 at offset 1234 is not valid windows-1252".
Result<std::string> ToUtf8(std::string_view bytes, const std::string& encoding, const std::string& source);

}  // namespace dxhub
