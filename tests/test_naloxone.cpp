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
    deaths.push_back(totals(
        run_arm(small_community(
            15000, 3, R, {{"opioid_use.share_injecting_initial", "0.05"}, {"naloxone.kits_per_100k_per_year", kits}})),
        "overdose_deaths"));
  check_never_raised_and_lowered(deaths);
}

TEST_CASE("kits handed out track the scheduled distribution rate") {
  // At a modest rate someone always lacks a kit, so every kit due is offered; each
  // offer succeeds with the chance that makes the expected number handed out equal the
  // kits due. The SSP channel (40%) needs clients: without them its kits find no one.
  const int R = 10;
  const double due = 500.0 * 20000 / 1e5 * 2;  // kits per 100k a year x adults x years
  for (const auto& [coverage, share] : {std::pair{"0.55", 1.0}, std::pair{"0", 0.6}}) {
    const auto handed = totals(
        run_arm(small_community(20000, 2, R, {{"naloxone.kits_per_100k_per_year", "500"}, {"ssp.coverage", coverage}})),
        "naloxone_kits_distributed");
    INFO("SSP coverage " << coverage << ": mean " << mean(handed) << " of " << share * due << " due");
    // Mean of R replicates within 4 standard errors of the kits due.
    CHECK(std::abs(mean(handed) - share * due) < 4 * standard_deviation(handed) / std::sqrt(R));
  }
}
