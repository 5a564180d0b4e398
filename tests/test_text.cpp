// Text helpers: exact whole numbers, the bytes scenario text may hold, and user input
// made safe to echo.
#include <catch2/catch.hpp>

#include "params/text.hpp"

using namespace harmsim;

TEST_CASE("whole numbers are read exactly, never through a double") {
  CHECK(text::parse_whole("20250101") == 20250101);
  CHECK(text::parse_whole(" +7 ") == 7);
  CHECK(text::parse_whole("-3") == -3);
  CHECK(text::parse_whole("1e5") == 100000);
  CHECK(text::parse_whole("2.5e3") == 2500);
  CHECK(text::parse_whole("1000.000") == 1000);
  CHECK(text::parse_whole("0.0e99999") == 0);
  // 2^53 + 1 rounds to 2^53 as a double; read exactly it stays itself.
  CHECK(text::parse_whole("9007199254740993") == 9007199254740993LL);
  CHECK(text::parse_whole("9223372036854775807") == 9223372036854775807LL);
  CHECK(text::parse_whole("-9223372036854775808") == std::numeric_limits<long long>::min());
  CHECK_FALSE(text::parse_number("+-0.5"));
  CHECK(text::parse_number("+0.5") == 0.5);
  CHECK(text::parse_whole("1" + std::string(2000000, '0') + "e-1999999") == 10);
  for (const char* bad : {"", "abc", "1.5", "2.5e0", "1e-1", "9223372036854775808", "1e19", "1e999999999999", "0x10",
                          "1,000", "1 000", "--1", "1e", ".", "inf", "nan"}) {
    INFO(bad);
    CHECK_FALSE(text::parse_whole(bad));
  }
}

TEST_CASE("scenario text is printable UTF-8 and tabs: control bytes, DEL and malformed UTF-8 are found") {
  CHECK_FALSE(text::first_forbidden_byte("name = Caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x92\x8A\tok"));
  CHECK(text::first_forbidden_byte(std::string("name = a\0b", 10)) == 8u);
  CHECK(text::first_forbidden_byte("a\rb") == 1u);
  CHECK(text::first_forbidden_byte("a\x1b[31m") == 1u);
  CHECK(text::first_forbidden_byte("a\x7f") == 1u);
  CHECK(text::first_forbidden_byte("a\xC2\x9B") == 1u);         // C1 control U+009B, a terminal's CSI
  CHECK_FALSE(text::first_forbidden_byte("\xC2\xA0"));          // U+00A0, a printable no-break space
  CHECK(text::first_forbidden_byte("ab\xC3") == 2u);            // truncated sequence
  CHECK(text::first_forbidden_byte("\xC0\xAF") == 0u);          // overlong '/'
  CHECK(text::first_forbidden_byte("\xED\xA0\x80") == 0u);      // a UTF-16 surrogate
  CHECK(text::first_forbidden_byte("\xF4\x90\x80\x80") == 0u);  // beyond U+10FFFF
}

TEST_CASE("echoed input is escaped and cut to a readable length") {
  CHECK(text::excerpt(std::string("a\0b\x1b\r", 5)) == "a\\x00b\\x1B\\x0D");
  CHECK(text::excerpt("\xFF ok") == "\\xFF ok");
  CHECK(text::excerpt("\xC2\x9B") == "\\xC2\\x9B");
  CHECK(text::excerpt("caf\xC3\xA9") == "caf\xC3\xA9");
  const std::string megabyte(1 << 20, 'x');
  const std::string cut = text::excerpt(megabyte);
  CHECK(cut == std::string(80, 'x') + "... (1048576 bytes in all)");
  CHECK(text::excerpt("short", 80) == "short");
}

TEST_CASE("the nearest names are found for a typo, and a megabyte of junk costs no more than a typo") {
  const std::vector<std::string> keys = {"coverage", "capacity_clients", "dur_client"};
  CHECK(text::nearest("coverag", keys).front() == "coverage");
  CHECK(text::nearest(std::string(1 << 20, 'q'), keys).size() == 3);
}
