// HCV's natural history inside the model: an acute infection lasts dur_acute weeks,
// then clears with p_clearance, and those who cleared are infected again like anyone.
#include <catch2/catch.hpp>
#include <cmath>

#include "modules/infection_status.hpp"
#include "support.hpp"
#include "units/time.hpp"

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
  // Each acute infection ends once, clearing with probability 0.4.
  check_binomial(cleared, n, 0.4);
}

TEST_CASE("acute HCV lasts dur_acute weeks on average before it clears or becomes chronic") {
  const Scenario s = small_community(20000, 3, 1,
                                     {{"opioid_use.share_injecting_initial", "0.08"},
                                      {"injection_network.p_sharer", "0.8"},
                                      {"hcv.p_per_act", "0.2"},
                                      {"hcv.dur_acute", "10"}});
  check_exit_probability(observe_exits(s, {9, 0},
                                       [](const World& w, AgentId a) {
                                         return infection::hcv(infection_of(w)[a]) == infection::HcvState::acute;
                                       }),
                         step_probability(kStepsPerYear / 10.0));
}

TEST_CASE("people who cleared HCV are infected again at the per-act probability") {
  // Everyone who injects has been infected (antibody prevalence 1) and nobody starts
  // injecting, so the only people who can be infected are those who cleared: every
  // infection is a reinfection, and per exposure event it strikes with p. As in the O1
  // test (test_blood_borne.cpp): infections are p events less the overlap of several
  // events in a person-week (under 1% with p = 0.005), a sum of Bernoullis with
  // variance below the mean: 4 sqrt(mean) plus 1%.
  const double p = 0.005;
  Settings s = closed_use(Use::injecting, 0.08);
  s.insert(s.end(), {{"injection_network.p_sharer", "0.8"},
                     {"hcv.antibody_prevalence_initial", "1"},
                     {"hcv.p_clearance", "0.5"},
                     {"hcv.p_per_act", std::to_string(p)},
                     {"overdose.rate_injecting", "0"}});
  const ArmResult r = run_arm(small_community(30000, 3, 2, s));
  const double infections = sum_of(r, "hcv_infections"), events = sum_of(r, "hcv_exposure_events");
  INFO(infections << " infections over " << events << " exposure events; expected " << p * events);
  REQUIRE(p * events > 200);
  CHECK(sum_of(r, "hcv_primary_infections") == 0);
  CHECK(std::abs(infections - p * events) < 4 * std::sqrt(p * events) + 0.01 * p * events);
}

TEST_CASE("partners in acute HCV infection expose and infect like chronic ones") {
  // Acute and chronic infection are equally infectious (viraemic), so infections are p
  // times all exposure events (as in the O1 test: under 1% overlap with p = 0.005, plus
  // 4 sqrt(mean)), and events with acute partners are a good part of them: new
  // infections are acute for dur_acute weeks.
  const double p = 0.005;
  const ArmResult r = run_arm(small_community(30000, 3, 2,
                                              {{"opioid_use.share_injecting_initial", "0.08"},
                                               {"injection_network.p_sharer", "0.8"},
                                               {"hcv.p_per_act", std::to_string(p)},
                                               {"hcv.dur_acute", "52"}}));
  const double events = sum_of(r, "hcv_exposure_events"), acute = sum_of(r, "hcv_exposure_events_acute");
  const double infections = sum_of(r, "hcv_infections");
  INFO(infections << " infections; " << acute << " of " << events << " exposure events from acute partners");
  REQUIRE(p * events > 200);
  CHECK(acute > 0.02 * events);
  CHECK(std::abs(infections - p * events) < 4 * std::sqrt(p * events) + 0.01 * p * events);
}
