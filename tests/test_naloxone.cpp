// Behaviour: more naloxone never raises overdose deaths, all else equal.
#include <catch2/catch.hpp>

#include <cmath>

#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("more naloxone kits never raise expected overdose deaths") {
  const int R = 12;
  std::vector<std::vector<double>> deaths;
  for (const char* kits : {"0", "280", "1500", "6000"})
    deaths.push_back(totals(run_arm(small_community(15000, 3, R,
                                                    {{"opioid_use.share_injecting_initial", "0.05"},
                                                     {"naloxone.kits_per_100k_per_year", kits}})),
                            "overdose_deaths"));
  for (std::size_t k = 1; k < deaths.size(); ++k) {
    std::vector<double> more_minus_fewer;
    for (int r = 0; r < R; ++r) more_minus_fewer.push_back(deaths[k][r] - deaths[k - 1][r]);
    const double se = standard_deviation(more_minus_fewer) / std::sqrt(R);
    INFO("level " << k << ": mean change " << mean(more_minus_fewer) << " (se " << se << ")");
    // Paired (common random numbers): an increase beyond 4 standard errors would be a
    // real increase, not noise.
    CHECK(mean(more_minus_fewer) <= 4 * se);
  }
  // And the effect is real: many kits avert deaths, far beyond noise.
  std::vector<double> averted;
  for (int r = 0; r < R; ++r) averted.push_back(deaths[0][r] - deaths[3][r]);
  CHECK(mean(averted) > 4 * standard_deviation(averted) / std::sqrt(R));
}

TEST_CASE("kits handed out track the scheduled distribution rate") {
  // Kits reach people only while someone lacks one; at a modest rate nearly all are
  // handed out, and the SSP channel needs clients.
  const ArmResult with_ssp = run_arm(small_community(20000, 2, 1, {{"naloxone.kits_per_100k_per_year", "500"}}));
  const double expected = 500.0 * 20000 / 1e5 * 2;
  CHECK(totals(with_ssp, "naloxone_kits_distributed")[0] == Approx(expected).epsilon(0.05));
  const ArmResult no_ssp = run_arm(small_community(
      20000, 2, 1, {{"naloxone.kits_per_100k_per_year", "500"}, {"ssp.coverage", "0"}}));
  // Without SSP clients the SSP's 40% share finds no one.
  CHECK(totals(no_ssp, "naloxone_kits_distributed")[0] == Approx(0.6 * expected).epsilon(0.05));
}
