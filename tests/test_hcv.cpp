// HCV's natural history inside the model: an acute infection lasts dur_acute weeks,
// then clears with p_clearance, and those who cleared can be infected again.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/time.hpp"
#include "modules/infection_status.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("acute HCV clears spontaneously with probability p_clearance, else becomes chronic") {
  // Many infections: much sharing with many viraemic partners.
  const ArmResult r = run_arm(small_community(20000, 2, 2,
                                              {{"opioid_use.share_injecting_initial", "0.08"},
                                               {"injection_network.p_sharer", "0.8"},
                                               {"hcv.p_per_act", "0.2"},
                                               {"hcv.p_clearance", "0.4"}}));
  const double cleared = sum_of(r, "hcv_clearances"), chronic = sum_of(r, "hcv_chronic_onsets");
  const double n = cleared + chronic;
  INFO(cleared << " of " << n << " acute infections cleared");
  REQUIRE(n > 1000);
  // Each acute infection ends once, clearing with probability 0.4: Binomial, 4 SE.
  CHECK(std::abs(cleared - 0.4 * n) < 4 * std::sqrt(n * 0.4 * 0.6));
}

TEST_CASE("acute HCV lasts dur_acute weeks on average before it clears or becomes chronic") {
  const Scenario s = small_community(20000, 3, 1,
                                     {{"opioid_use.share_injecting_initial", "0.08"},
                                      {"injection_network.p_sharer", "0.8"},
                                      {"hcv.p_per_act", "0.2"},
                                      {"hcv.dur_acute", "10"}});
  check_exit_probability(observe_exits(s, {9, 0},
                                       [](const World& w, AgentId a) {
                                         return infection::hcv(w.pop.infection[a]) == infection::HcvState::acute;
                                       }),
                         step_probability(kStepsPerYear / 10.0));
}

TEST_CASE("people who cleared HCV can be infected again") {
  // Half of those ever infected have cleared (at the start and afterwards), and sharing
  // with viraemic partners goes on: reinfections (all infections less first infections)
  // must be many, since most people injecting are antibody-positive.
  const ArmResult r = run_arm(small_community(20000, 3, 2,
                                              {{"opioid_use.share_injecting_initial", "0.08"},
                                               {"injection_network.p_sharer", "0.8"},
                                               {"hcv.p_per_act", "0.2"},
                                               {"hcv.p_clearance", "0.5"},
                                               {"hcv.antibody_prevalence_initial", "0.8"}}));
  const double all = sum_of(r, "hcv_infections"), first = sum_of(r, "hcv_primary_infections");
  INFO(all - first << " reinfections of " << all << " infections");
  REQUIRE(all > 1000);
  CHECK(all - first > 0.3 * all);
}
