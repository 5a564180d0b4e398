// HCV's natural history inside the model: an acute infection clears with p_clearance.
#include <catch2/catch.hpp>
#include <cmath>

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
