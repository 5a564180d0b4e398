// Small text helpers shared by the scenario reader and the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harmsim::text {

std::string_view trim(std::string_view s);

// A whole-string decimal number ("1e5", "-3", "0.25"); nullopt for anything else,
// including trailing junk and non-finite values.
std::optional<double> parse_number(std::string_view s);

// The candidates closest to `word` by edit distance, best first (at most `n`).
std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates, std::size_t n = 3);

// "a, b or c"
std::string join_or(const std::vector<std::string>& words);

// Shortest text that reads back as exactly the same double.
std::string format_exact(double v);

}  // namespace harmsim::text
