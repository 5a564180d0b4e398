// Background (non-drug) mortality by single year of age and sex, and the stationary
// population it implies: with a constant stream of 18-year-olds entering, the share of
// adults at age x is proportional to the person-years lived at x (L_x).
#pragma once

#include <array>

#include "core/population.hpp"

namespace harmsim::life_table {

inline constexpr int kFirstAge = 18;
inline constexpr int kLastAge = 100;  // open interval "100 and over"
inline constexpr int kAges = kLastAge - kFirstAge + 1;

extern const std::array<double, kAges> kQxMale;
extern const std::array<double, kAges> kQxFemale;

// Yearly death hazard at `age` (clamped to 18..100): mu = -ln(1 - q). The open interval
// 100+ has q = 1 in the table, so it takes the hazard of age 99.
double hazard(Sex s, int age);

// Person-years lived at each age per person entering at 18 (L_x, deaths at mid-year;
// the open interval lives 1/mu years).
std::array<double, kAges> person_years_by_age(Sex s);

// Life expectancy at 18: the sum of L_x.
double life_expectancy_at_entry(Sex s);

// In the stationary population of adults entering at 18 with `p_male` males: the share
// of males, and the share of adults younger than `age`.
double stationary_share_male(double p_male);
double stationary_share_younger_than(int age, double p_male);

}  // namespace harmsim::life_table
