// The model's clock: weekly steps, and the conversion of yearly rates to per-step
// probabilities (docs/oracles.md O1). Using p = r * dt instead of 1 - exp(-r * dt) is
// the classic bug: it is exact only as r * dt -> 0.
#pragma once

#include <cmath>

namespace harmsim {

inline constexpr int kStepsPerYear = 52;
inline constexpr double kYearsPerStep = 1.0 / kStepsPerYear;

// P(at least one event in a step) for events at `rate_per_year`.
inline double step_probability(double rate_per_year) {
  return -std::expm1(-rate_per_year * kYearsPerStep);
}

}  // namespace harmsim
