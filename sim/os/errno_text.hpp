// The operating system's description of an error number, as a message fragment:
// "no space left on device", "too many levels of symbolic links".
#pragma once

#include <cctype>
#include <cstring>
#include <string>

namespace harmsim::os {

inline std::string errno_text(int error) {
  std::string s = std::strerror(error);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace harmsim::os
