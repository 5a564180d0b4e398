// Oracle O1 inside the model: HIV and HCV infections over the week's shared injections.
#include <catch2/catch.hpp>
#include <cmath>

#include "model/model.hpp"
#include "modules/infection_status.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("infections per exposure event match the per-act probability inside the model") {
  // With acute HIV no more infectious than chronic, each receptive sharing event with an
  // infectious partner infects with probability p. Summed over a run, infections are a
  // sum of Bernoullis whose mean is p * events less the overlap of several events in one
  // person-week, 1 - (1 - p)^n < p n: a relative shortfall of at most about p n / 2,
  // under 1% with p = 0.005 and rarely more than 4 events a week. The variance is below
  // the mean, so 4 sqrt(mean) bounds the noise.
  const int R = 6;
  const double p = 0.005;
  for (const char* virus : {"hiv", "hcv"}) {
    Settings s = {
        {"hiv.rel_acute", "1"}, {"opioid_use.share_injecting_initial", "0.08"}, {"injection_network.p_sharer", "0.6"}};
    s.emplace_back(std::string(virus) + ".p_per_act", std::to_string(p));
    const ArmResult r = run_arm(small_community(20000, 2, R, s));
    double infections = 0, events = 0;
    for (double x : totals(r, std::string(virus) + "_infections")) infections += x;
    for (double x : totals(r, std::string(virus) + "_exposure_events")) events += x;
    const double expected = p * events;
    INFO(virus << ": " << infections << " infections over " << events << " exposure events; expected " << expected);
    REQUIRE(expected > 100);
    CHECK(std::abs(infections - expected) < 4 * std::sqrt(expected) + 0.01 * expected);
  }
}

TEST_CASE("a partnership infects with 1 - (1 - p)^n over its n events, not p n, inside the model") {
  // One partner each, everyone sharing, Poisson(lambda) events a week per partnership:
  // given at least one event from an infectious partner, a person is infected with
  // E[1 - (1 - p)^n | n >= 1] = (1 - e^(-lambda p)) / (1 - e^(-lambda)) (the Poisson
  // generating function): 0.625 for p = 0.3, lambda = 3, where p n would give 0.77.
  const double p = 0.3, lambda = 3;
  const double expected = -std::expm1(-lambda * p) / -std::expm1(-lambda);
  for (const char* virus : {"hiv", "hcv"}) {
    Settings s = {{"opioid_use.share_injecting_initial", "0.08"},
                  {"injection_network.n_partners_max", "1"},
                  {"injection_network.p_sharer", "1"},
                  {"injection_network.rate_sharing_acts", "3"},
                  {"ssp.coverage", "0"},
                  {"hiv.rel_acute", "1"},
                  {"hiv.prevalence_initial", "0.5"},
                  {"hcv.antibody_prevalence_initial", "0.6"}};
    s.emplace_back(std::string(virus) + ".p_per_act", "0.3");
    const ArmResult r = run_arm(small_community(60000, 1, 4, s));
    const double exposed = sum_of(r, std::string(virus) + "_exposed_partnership_weeks");
    const double infected = sum_of(r, std::string(virus) + "_infections");
    INFO(virus << ": " << infected << " infections in " << exposed << " exposed partnership-weeks; expected share "
               << expected);
    REQUIRE(exposed > 2000);
    // With one partner, each exposed partnership-week is one person-week: Binomial, 4 SE.
    check_binomial(infected, exposed, expected);
  }
}

TEST_CASE("initial HIV and HCV prevalence among people who ever injected take their declared shares") {
  // HIV: prevalence_initial of current and former injectors; HCV: antibody prevalence,
  // of whom p_clearance have cleared and the rest are chronic. Binomial, 4 SE each.
  const Scenario s = small_community(60000, 1, 1,
                                     {{"opioid_use.share_injecting_initial", "0.05"},
                                      {"opioid_use.share_former_injecting_initial", "0.05"},
                                      {"hiv.prevalence_initial", "0.2"},
                                      {"hcv.antibody_prevalence_initial", "0.5"},
                                      {"hcv.p_clearance", "0.3"}});
  Model model(&s, {14, 0});
  model.initialise();
  const World& w = model.world();
  double ever = 0, hiv = 0, antibody = 0, cleared = 0;
  for (std::size_t a = 0; a < w.pop.size(); ++a) {
    const bool injected = use_of(w)[a] == Use::injecting || use_of(w)[a] == Use::former_injecting;
    const auto hcv = infection::hcv(infection_of(w)[a]);
    if (!injected) {
      REQUIRE(infection_of(w)[a] == 0);  // only people who injected start infected
      continue;
    }
    ever += 1;
    hiv += infection::hiv(infection_of(w)[a]) != infection::HivStage::negative;
    antibody += hcv != infection::HcvState::never;
    cleared += hcv == infection::HcvState::cleared;
  }
  REQUIRE(ever > 3000);
  check_binomial(hiv, ever, 0.2);
  check_binomial(antibody, ever, 0.5);
  check_binomial(cleared, antibody, 0.3);
}
