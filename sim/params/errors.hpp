// Errors a user can fix: a bad scenario file or command line. Each carries a complete,
// one-paragraph message naming what was wrong, where, and what would be accepted.
// The command line maps them to exit status 2; anything else that fails is status 1.
#pragma once

#include <stdexcept>
#include <string>

namespace harmsim {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace harmsim
