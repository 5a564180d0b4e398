// Turning uniforms into events. Each function is a pure map from one uniform, so the
// same draw gives the same decision in every arm (monotone in the rates, too: a lower
// rate never turns a non-event into an event).
#pragma once

#include <cmath>
#include <span>

#include "units/time.hpp"

namespace harmsim {

// Competing risks in one categorical draw per step (docs/oracles.md O2): with yearly
// hazards h_i and H = sum h_i, the chance that anything happens in a step is
// 1 - exp(-H dt), and given that, event i with probability h_i / H, exactly as in
// continuous time. Returns the index of the event, or -1 for none.
inline int competing_event(std::span<const double> rates, double u) {
  double total = 0;
  for (double r : rates) total += r;
  if (total <= 0) return -1;
  const double p_any = step_probability(total);
  if (u >= p_any) return -1;
  // u / p_any is uniform on [0, 1) given an event; pick the event by its share of H.
  double threshold = u / p_any * total;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    if (threshold < rates[i]) return static_cast<int>(i);
    threshold -= rates[i];
  }
  return static_cast<int>(rates.size()) - 1;  // rounding at the top edge
}

// Poisson(mean) by inversion of the CDF; intended for small means (acts per week).
inline int poisson(double mean, double u) {
  if (mean <= 0) return 0;
  double p = std::exp(-mean);
  double cdf = p;
  int k = 0;
  while (u >= cdf && k < 1000) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

// P(infection) over n independent acts of per-act probability p (docs/oracles.md O1).
inline double infection_over_acts(double p, int n) {
  return -std::expm1(n * std::log1p(-p));
}

}  // namespace harmsim
