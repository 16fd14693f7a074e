#include "dxhub/common/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>

#include "dxhub/common/utf8.h"

namespace dxhub {
namespace {

const iconv_t kNoConverter = reinterpret_cast<iconv_t>(-1);

struct CloseConverter {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};
using Converter = std::unique_ptr<void, CloseConverter>;

Converter OpenToUtf8(const std::string& encoding) {
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  return Converter(cd == kNoConverter ? nullptr : cd);
}

}  // namespace

bool IsUtf8Name(const std::string& name) {
  std::string folded;
  for (char c : name) {
    if (c != '-' && c != '_') folded.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return folded == "UTF8";
}

Status CheckEncodingName(const std::string& name) {
  if (IsUtf8Name(name) || OpenToUtf8(name)) return Status::Ok();
  return Status::InvalidArgument("encoding '" + name +
                                 "' is not known to this system's iconv (e.g. utf-8, windows-1252, iso-8859-1; "
                                 "'iconv -l' lists them all)");
}

Result<std::string> ToUtf8(std::string_view bytes, const std::string& encoding, const std::string& source) {
  if (IsUtf8Name(encoding)) return std::string(bytes);
  Converter cd = OpenToUtf8(encoding);
  if (!cd) return CheckEncodingName(encoding);
  std::string out(bytes.size() + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write the input
  size_t in_left = bytes.size();
  size_t used = 0;
  while (true) {
    char* to = out.data() + used;
    size_t to_left = out.size() - used;
    // With all input consumed, one more call flushes any shift state.
    const size_t r = in_left > 0 ? iconv(static_cast<iconv_t>(cd.get()), &in, &in_left, &to, &to_left)
                                 : iconv(static_cast<iconv_t>(cd.get()), nullptr, nullptr, &to, &to_left);
    used = out.size() - to_left;
    if (r != static_cast<size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const size_t offset = bytes.size() - in_left;
    const std::string line = std::to_string(1 + std::count(out.begin(), out.begin() + used, '\n'));
    if (errno == EINVAL) {
      return Status::InvalidArgument(source + ":" + line + ": the file ends in the middle of a " + encoding +
                                     " character (offset " + std::to_string(offset) + ")");
    }
    return Status::InvalidArgument(source + ":" + line + ": byte " +
                                   ByteName(static_cast<unsigned char>(bytes[offset])) + " at offset " +
                                   std::to_string(offset) + " is not valid " + encoding);
  }
  out.resize(used);
  return out;
}

}  // namespace dxhub
