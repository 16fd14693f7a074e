// UTF-8 validation, safe truncation and iconv conversion (issue 15, defect 1:
// one non-UTF-8 byte made the connector unusable).
#include "dxhub/common/utf8.h"

#include <gtest/gtest.h>

#include "dxhub/common/text_encoding.h"

namespace dxhub {
namespace {

TEST(PartnerFiles, D1_Utf8ValidationFindsTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8("plain ASCII"), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8("caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80"), std::nullopt);  // é, en dash, emoji
  EXPECT_EQ(FirstInvalidUtf8("Asian \x96 Pakistani"), 6u);      // a Windows-1252 en dash
  EXPECT_EQ(FirstInvalidUtf8("Ren\xE9"), 3u);                   // a Windows-1252 é at the end
  EXPECT_EQ(FirstInvalidUtf8("Ren\xE9" "e"), 3u);               // a lead byte followed by ASCII
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);                  // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\xAF"), 0u);              // overlong, three bytes
  EXPECT_EQ(FirstInvalidUtf8("ok\xED\xA0\x80"), 2u);            // a UTF-16 surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);          // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("\xE2\x80"), 0u);                  // cut short
  EXPECT_TRUE(IsValidUtf8("\xEF\xBB\xBF" "BOM"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(PartnerFiles, D1_TruncationNeverCutsACharacter) {
  const std::string dash = "ab\xE2\x80\x93";  // "ab–": 5 bytes
  EXPECT_EQ(Utf8Prefix(dash, 5), dash);
  EXPECT_EQ(Utf8Prefix(dash, 4), "ab");
  EXPECT_EQ(Utf8Prefix(dash, 3), "ab");
  EXPECT_EQ(Utf8Prefix(dash, 2), "ab");
  EXPECT_EQ(Utf8Prefix(dash, 0), "");
  EXPECT_EQ(Utf8Prefix("short", 100), "short");
  // The old substr(0, 100) of 99 ASCII bytes then an é gave invalid UTF-8.
  const std::string long_label = std::string(99, 'x') + "\xC3\xA9";
  EXPECT_FALSE(IsValidUtf8(long_label.substr(0, 100)));
  EXPECT_EQ(Utf8Prefix(long_label, 100), std::string(99, 'x'));
  EXPECT_TRUE(IsValidUtf8(Utf8Prefix(long_label, 100)));
}

TEST(PartnerFiles, D1_EscapedTextIsAlwaysValidUtf8) {
  EXPECT_EQ(Utf8Escaped("Asian \x96 Pakistani"), "Asian \\x96 Pakistani");
  EXPECT_EQ(Utf8Escaped("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_TRUE(IsValidUtf8(Utf8Escaped("\xFF\xFE\xC3")));
  EXPECT_EQ(ByteName(0x96), "0x96");
  EXPECT_EQ(EscapedPreview(std::string("ab\n\0\xFF\\cd", 7), 6), "ab\\x0A\\x00\\xFF\\x5C...");
}

TEST(PartnerFiles, D1_Windows1252IsConvertedToUtf8) {
  auto text = ToUtf8("M Black \x96 Caribbean, Ren\xE9", "windows-1252", "f.csv");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "M Black \xE2\x80\x93 Caribbean, Ren\xC3\xA9");  // U+2013, U+00E9
  auto latin1 = ToUtf8("Ren\xE9", "ISO-8859-1", "f.csv");
  ASSERT_TRUE(latin1.ok());
  EXPECT_EQ(*latin1, "Ren\xC3\xA9");
  auto utf16 = ToUtf8(std::string("\xFF\xFE" "a\0\xE9\0", 6), "UTF-16", "f.csv");
  ASSERT_TRUE(utf16.ok()) << utf16.status().ToString();
  EXPECT_EQ(*utf16, "a\xC3\xA9");
  EXPECT_EQ(*ToUtf8("as is \x96", "utf-8", "f.csv"), "as is \x96");  // UTF-8 is validated by the reader
}

TEST(PartnerFiles, D1_AByteTheEncodingLacksIsNamedWithLineAndOffset) {
  // 0x81 has no character in Windows-1252.
  auto text = ToUtf8("a,b\n1,2\n3,\x81\n", "windows-1252", "staff.csv");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), "staff.csv:3: byte 0x81 at offset 10 is not valid windows-1252");
}

TEST(PartnerFiles, D1_EncodingNamesAreCheckedWithIconv) {
  for (const char* name : {"utf-8", "UTF8", "windows-1252", "CP1252", "iso-8859-1", "latin1", "UTF-16"}) {
    EXPECT_TRUE(CheckEncodingName(name).ok()) << name;
  }
  const Status bad = CheckEncodingName("windows-1255x");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("'windows-1255x' is not known"), std::string::npos) << bad.message();
  EXPECT_TRUE(IsUtf8Name("utf_8"));
  EXPECT_FALSE(IsUtf8Name("utf-16"));
}

// Issue 19, failure 8: C1 controls and bidi overrides were accepted in strings.
TEST(HostileInput, F8_C1ControlsAndBidiOverridesAreForbiddenCharacters) {
  EXPECT_EQ(FirstForbiddenCharacter("Band 5"), std::nullopt);
  EXPECT_EQ(FirstForbiddenCharacter("caf\xC3\xA9 \xE2\x80\x93 \xC2\xA0"), std::nullopt);  // é, en dash, NBSP
  EXPECT_EQ(FirstForbiddenCharacter("\xE2\x80\xA9\xE2\x81\xA5\xE2\x81\xAA"), std::nullopt);  // U+2029, U+2065, U+206A
  auto c1 = FirstForbiddenCharacter("ab\xC2\x9B" "31m");  // U+009B, the 8-bit CSI
  ASSERT_TRUE(c1);
  EXPECT_EQ(c1->offset, 2u);
  EXPECT_EQ(c1->code, 0x9Bu);
  EXPECT_EQ(c1->Describe(), "control character U+009B at byte offset 2");
  auto rlo = FirstForbiddenCharacter("x\xE2\x80\xAEgpj.exe");  // U+202E RIGHT-TO-LEFT OVERRIDE
  ASSERT_TRUE(rlo);
  EXPECT_EQ(rlo->Describe(), "bidirectional control U+202E at byte offset 1");
  for (const char* s : {"\xC2\x80", "\xC2\x9F", "\xE2\x80\xAA", "\xE2\x81\xA6", "\xE2\x81\xA9", "\x7F", "\x1B"}) {
    EXPECT_TRUE(FirstForbiddenCharacter(s)) << EscapedPreview(s, 8);
  }
}

}  // namespace
}  // namespace dxhub
