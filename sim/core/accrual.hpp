// Whole units due from a rate that is fractional per step (adults entering, kits handed
// out): the fractions carry over, so over many steps the count matches the rate exactly
// and involves no randomness.
#pragma once

#include <cmath>
#include <cstdint>

namespace harmsim {

class Accrual {
 public:
  // Adds `amount` (may be fractional) and returns the whole units now due.
  std::int64_t take(double amount) {
    carry_ += amount;
    const double whole = std::floor(carry_);
    carry_ -= whole;
    return static_cast<std::int64_t>(whole);
  }

 private:
  double carry_ = 0;
};

}  // namespace harmsim
