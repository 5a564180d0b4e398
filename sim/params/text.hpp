// Small text helpers shared by the scenario reader and the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harmsim::text {

// The value of a text parameter that names nothing (no referral, no cohort).
inline constexpr const char* kNone = "none";

std::string_view trim(std::string_view s);

// A whole-string decimal number ("1e5", "-3", "0.25"); nullopt for anything else,
// including trailing junk and non-finite values.
std::optional<double> parse_number(std::string_view s);

// A whole number written in decimal ("20250101", "+7", "1e5", "2.5e3"), read exactly,
// never through a double: nullopt unless the text is a number, its value is whole and
// it fits in a long long. So 9007199254740993 stays itself instead of rounding to 2^53.
std::optional<long long> parse_whole(std::string_view s);

// A switch: "true" or "false" (any case, surrounding blanks ignored); nullopt otherwise.
std::optional<bool> parse_switch(std::string_view s);

// The byte offset of the first byte that may not appear in a line of scenario text,
// or nullopt if the line is clean. Allowed: TAB and printable UTF-8. Refused: every
// other control character (C0 such as NUL, CR and ESC; DEL; C1 such as U+009B) and
// malformed UTF-8, so text stored in a result file always reads back as the same
// scenario, and echoing it never drives a terminal.
std::optional<std::size_t> first_forbidden_byte(std::string_view line);

// Whether s[i] starts a control character: C0 (below 0x20), DEL, or C1 (U+0080-U+009F,
// the UTF-8 pairs C2 80 to C2 9F).
bool is_control_at(std::string_view s, std::size_t i);

// User input made safe to echo in a one-line message: control characters and
// malformed UTF-8 are escaped byte by byte as \xNN, and text longer than `max_chars` characters is cut, with
// the full length in bytes said.
std::string excerpt(std::string_view s, std::size_t max_chars = 80);

// The candidates closest to `word` by edit distance, best first (at most `n`).
std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates, std::size_t n = 3);

// "a, b or c"
std::string join_or(const std::vector<std::string>& words);

// Shortest text that reads back as exactly the same double.
std::string format_exact(double v);

}  // namespace harmsim::text
