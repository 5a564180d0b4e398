// Summary statistics against published values.
#include <catch2/catch.hpp>
#include <cmath>

#include "output/statistics.hpp"

using namespace harmsim;

TEST_CASE("Student t quantiles match the published table") {
  CHECK(student_t_quantile(0.975, 1) == Approx(12.7062).epsilon(1e-4));
  CHECK(student_t_quantile(0.975, 9) == Approx(2.2622).epsilon(1e-4));
  CHECK(student_t_quantile(0.975, 39) == Approx(2.0227).epsilon(1e-4));
  CHECK(student_t_quantile(0.975, 1000) == Approx(1.9623).epsilon(1e-4));
  CHECK(student_t_quantile(0.5, 5) == Approx(0).margin(1e-6));
}

TEST_CASE("summaries give the mean, its t-interval and the 2.5-97.5% range") {
  const Summary s = summarise({1, 2, 3, 4, 5});
  CHECK(s.mean == 3);
  // sd = sqrt(2.5), se = sd / sqrt(5), t(0.975, 4) = 2.7764.
  CHECK(s.ci_high - s.mean == Approx(2.7764 * std::sqrt(2.5 / 5)).epsilon(1e-4));
  CHECK(s.range_low == Approx(1.1));
  CHECK(s.range_high == Approx(4.9));
  CHECK(std::isnan(summarise({7}).ci_low));
}
