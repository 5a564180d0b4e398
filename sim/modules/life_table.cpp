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

double stationary_share_male(double p_male) {
  const double male = p_male * life_expectancy_at_entry(Sex::male);
  return male / (male + (1 - p_male) * life_expectancy_at_entry(Sex::female));
}

double stationary_share_younger_than(int age, double p_male) {
  const double male_share = stationary_share_male(p_male);
  double share = 0;
  for (Sex s : {Sex::female, Sex::male}) {
    const auto lived = person_years_by_age(s);
    double younger = 0;
    for (int i = 0; i < kAges && kFirstAge + i < age; ++i) younger += lived[i];
    share += (s == Sex::male ? male_share : 1 - male_share) * younger / life_expectancy_at_entry(s);
  }
  return share;
}

}  // namespace harmsim::life_table
