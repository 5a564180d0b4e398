// HIV inside the model: acute infection is rel_acute times as infectious per act and
// lasts dur_acute weeks.
#include <catch2/catch.hpp>
#include <cmath>

#include "modules/infection_status.hpp"
#include "support.hpp"
#include "units/time.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("a partner in acute HIV infection transmits rel_acute times as often per sharing event") {
  // With p small, infections are nearly p (chronic events + rel acute events): the
  // overlap of several events in one person-week, 1 - prod(1 - p rel_b)^n_b against
  // sum p rel_b n_b, falls short by about half the week's exposure, under 3% here (p rel
  // = 0.04 per acute event, rarely over 2 events a week). Infections are a sum of
  // Bernoullis, variance below the mean: 4 sqrt(mean), plus that 3%. Dropping the
  // multiplier would take away about a fifth of the expected infections.
  const double p = 0.004, rel = 10;
  const ArmResult r = run_arm(small_community(40000, 3, 4,
                                              {{"opioid_use.share_injecting_initial", "0.08"},
                                               {"injection_network.p_sharer", "0.8"},
                                               {"hiv.p_per_act", "0.004"},
                                               {"hiv.rel_acute", "10"},
                                               {"hiv.dur_acute", "52"},
                                               {"hiv.prevalence_initial", "0.3"}}));
  const double events = sum_of(r, "hiv_exposure_events"), acute = sum_of(r, "hiv_exposure_events_acute");
  const double infections = sum_of(r, "hiv_infections");
  const double expected = p * ((events - acute) + rel * acute);
  INFO(infections << " infections; " << acute << " of " << events << " exposure events from acute partners; expected "
                  << expected << " (" << p * events << " if acute were no more infectious)");
  // The test can tell: dropping the multiplier would move the expectation by more than
  // twice the tolerance.
  const double tolerance = 4 * std::sqrt(expected) + 0.03 * expected;
  REQUIRE(p * (rel - 1) * acute > 2 * tolerance);
  CHECK(std::abs(infections - expected) < tolerance);
}

TEST_CASE("acute HIV infection lasts dur_acute weeks on average before it becomes chronic") {
  // The acute stage ends each week with p = 1 - exp(-1 / dur), so it lasts dur on average.
  const Scenario s = small_community(20000, 3, 1,
                                     {{"opioid_use.share_injecting_initial", "0.08"},
                                      {"injection_network.p_sharer", "0.8"},
                                      {"hiv.p_per_act", "0.02"},
                                      {"hiv.dur_acute", "8"}});
  check_exit_probability(observe_exits(s, {9, 0},
                                       [](const World& w, AgentId a) {
                                         return infection::hiv(infection_of(w)[a]) == infection::HivStage::acute;
                                       }),
                         step_probability(kStepsPerYear / 8.0));
}
