// Oracles O1 and O2 (docs/oracles.md): rates to per-step probabilities, per-act
// infection over n acts, and competing risks resolved by one categorical draw.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/draws.hpp"
#include "rng/stream.hpp"

using namespace harmsim;

TEST_CASE("a yearly rate compounds over 52 weekly steps to exactly the annual probability 1 - exp(-rate)") {
  for (double rate : {0.001, 0.046, 0.6, 2.0, 20.0}) {
    const double weekly = step_probability(rate);
    const double annual = 1 - std::pow(1 - weekly, kStepsPerYear);
    // Relative error 1e-9 covers rounding in 1 - (1 - p)^52 when p is tiny (cancellation).
    CHECK(annual == Approx(-std::expm1(-rate)).epsilon(1e-9));
  }
}

TEST_CASE("the classic bug p = rate * dt would change annual outcomes at high rates") {
  const double rate = 2.0;
  const double naive = 1 - std::pow(1 - rate / kStepsPerYear, kStepsPerYear);
  const double exact = 1 - std::pow(1 - step_probability(rate), kStepsPerYear);
  CHECK(std::abs(naive - exact) > 1e-3);  // 0.8699 vs 0.8647
  CHECK(exact == Approx(-std::expm1(-rate)).epsilon(1e-12));
}

TEST_CASE("simulated weekly Bernoulli draws reproduce the annual probability within Monte Carlo error") {
  const rng::Stream stream({7, 0}, "test.o1");
  const double rate = 0.5, p = step_probability(rate);
  const int n = 200000;
  int events = 0;
  for (int a = 0; a < n; ++a)
    for (int t = 0; t < kStepsPerYear; ++t)
      if (stream.uniform(t, rng::Person(a)) < p) {
        ++events;
        break;
      }
  const double expected = -std::expm1(-rate);
  // Binomial(n, P): 4 standard errors fail well under 1 in 10^4 correct runs.
  const double se = std::sqrt(expected * (1 - expected) / n);
  CHECK(std::abs(static_cast<double>(events) / n - expected) < 4 * se);
}

TEST_CASE("per-act infection over n acts is 1 - (1 - p)^n, matching the worked example of docs/oracles.md") {
  CHECK(infection_over_acts(0.0063 * 0.07, 50) == Approx(0.0218).epsilon(0.01));
  CHECK(infection_over_acts(0.03, 1) == Approx(0.03).epsilon(1e-12));
  CHECK(infection_over_acts(0.03, 0) == 0);
  // Monte Carlo: n independent acts per agent.
  const rng::Stream stream({11, 0}, "test.acts");
  const double p = 0.02;
  const int acts = 7, agents = 200000;
  int infected = 0;
  for (int a = 0; a < agents; ++a) {
    bool hit = false;
    for (std::uint32_t k = 0; k < acts; k += 4) {
      const auto u = stream.agent(0, rng::Person(a), k / 4);
      for (int j = 0; j < 4 && k + j < acts; ++j) hit = hit || u[j] < p;
    }
    infected += hit;
  }
  const double expected = infection_over_acts(p, acts);
  CHECK(std::abs(static_cast<double>(infected) / agents - expected) <
        4 * std::sqrt(expected * (1 - expected) / agents));
}

TEST_CASE("competing risks: P(event i first) = h_i / H (1 - exp(-H dt)) in each step") {
  const std::array<double, 3> rates = {0.8, 2.4, 4.8};  // per year
  const double H = 8.0;
  const rng::Stream stream({3, 0}, "test.o2");
  const int n = 400000;
  std::array<int, 3> counts{};
  int none = 0;
  for (int a = 0; a < n; ++a) {
    const int e = competing_event(rates, stream.uniform(0, rng::Person(a)));
    (e < 0 ? none : counts[e])++;
  }
  const double p_any = step_probability(H);
  for (int i = 0; i < 3; ++i) {
    const double p = rates[i] / H * p_any;
    // Multinomial cell: SE = sqrt(p (1 - p) / n).
    CHECK(std::abs(static_cast<double>(counts[i]) / n - p) < 4 * std::sqrt(p * (1 - p) / n));
  }
  CHECK(std::abs(static_cast<double>(none) / n - (1 - p_any)) < 4 * std::sqrt(p_any * (1 - p_any) / n));
  // Given an event, its type is independent of the step: shares are exactly h_i / H.
  const int events = counts[0] + counts[1] + counts[2];
  const double share0 = static_cast<double>(counts[0]) / events;
  CHECK(std::abs(share0 - 0.1) < 4 * std::sqrt(0.1 * 0.9 / events));
}

TEST_CASE("competing events are monotone in the draw: a lower rate never turns a non-event into an event") {
  const std::array<double, 2> high = {1.0, 2.0}, low = {0.5, 2.0};
  for (int i = 0; i < 10000; ++i) {
    const double u = i / 10000.0;
    if (competing_event(low, u) >= 0) CHECK(competing_event(high, u) >= 0);
  }
}

TEST_CASE("Poisson counts by inversion have mean and variance equal to the mean (dispersion index 1)") {
  const rng::Stream stream({5, 0}, "test.poisson");
  const double lambda = 1.7;
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int a = 0; a < n; ++a) {
    const int k = poisson(lambda, stream.uniform(0, rng::Person(a)));
    sum += k;
    sum2 += static_cast<double>(k) * k;
  }
  const double m = sum / n, var = sum2 / n - m * m;
  // SE of the mean is sqrt(lambda / n); of the sample variance about sqrt((lambda + 2 lambda^2) / n).
  CHECK(std::abs(m - lambda) < 4 * std::sqrt(lambda / n));
  CHECK(std::abs(var - lambda) < 4 * std::sqrt((lambda + 2 * lambda * lambda) / n));
  CHECK(poisson(0.0, 0.99) == 0);
}
