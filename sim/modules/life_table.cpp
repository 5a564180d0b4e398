#include "modules/life_table.hpp"

#include <algorithm>
#include <cmath>

namespace harmsim::life_table {

double hazard(Sex s, int age) {
  const auto& q = s == Sex::male ? kQxMale : kQxFemale;
  const int i = std::clamp(age, kFirstAge, kLastAge - 1) - kFirstAge;
  return -std::log1p(-q[i]);
}

std::array<double, kAges> person_years_by_age(Sex s) {
  const auto& q = s == Sex::male ? kQxMale : kQxFemale;
  std::array<double, kAges> lived{};
  double survivors = 1.0;
  for (int i = 0; i + 1 < kAges; ++i) {
    const double dying = survivors * q[i];
    lived[i] = survivors - 0.5 * dying;
    survivors -= dying;
  }
  lived[kAges - 1] = survivors / hazard(s, kLastAge);
  return lived;
}

double life_expectancy_at_entry(Sex s) {
  double total = 0;
  for (double l : person_years_by_age(s)) total += l;
  return total;
}

}  // namespace harmsim::life_table
