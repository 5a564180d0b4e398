// Oracle O4 on the use states: injecting <-> former injecting as a two-state chain.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/time.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("injecting and former injecting settle at the stationary share q_relapse / (q_cessation + q_relapse)") {
  const int R = 8;
  const double cessation = 0.8, relapse = 0.4;  // per year
  // No other way in or out of the two states, and background deaths strike both alike.
  const ArmResult r = run_arm(small_community(20000, 5, R,
                                              {{"opioid_use.share_injecting_initial", "0.05"},
                                               {"opioid_use.share_former_injecting_initial", "0.05"},
                                               {"opioid_use.share_noninjecting_initial", "0"},
                                               {"opioid_use.share_former_noninjecting_initial", "0"},
                                               {"opioid_use.rate_initiation", "0"},
                                               {"opioid_use.rate_cessation_injecting", std::to_string(cessation)},
                                               {"opioid_use.rate_relapse", std::to_string(relapse)},
                                               {"ssp.coverage", "0"},
                                               {"overdose.rate_injecting", "0"},
                                               {"demography.rate_excess_death_injecting", "0"}}));
  const double qc = step_probability(cessation), qr = step_probability(relapse);
  const double stationary = qr / (qc + qr);
  const auto injecting = totals(r, "people_injecting"), former = totals(r, "people_formerly_injecting");
  double inj = 0, ever = 0;
  for (int i = 0; i < R; ++i) {
    inj += injecting[i];
    ever += injecting[i] + former[i];
  }
  INFO("injecting share " << inj / ever << " of " << ever << ", stationary " << stationary);
  // After 6 years (burn-in included) at total rate 1.2/year the start is forgotten to
  // e^-7.2 < 0.001; each ever-injector is injecting with probability pi independently:
  // Binomial(ever, pi), 4 standard errors.
  CHECK(std::abs(inj / ever - stationary) < 4 * std::sqrt(stationary * (1 - stationary) / ever));
}
