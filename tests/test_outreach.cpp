// Peer outreach, the worked example of adding a service (README, "Adding a service"):
// it refers the people it reaches at its probability, and with the SSP's reach by uptake
// its referrals bring the SSP more clients.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("outreach refers the people who start with it to the SSP at p_refer") {
  const ArmResult r = run_arm(small_community(
      20000, 2, 2,
      {{"outreach.enabled", "true"}, {"outreach.p_refer", "0.4"}, {"opioid_use.share_injecting_initial", "0.03"}}));
  const double starts = sum_of(r, "outreach_starts");
  REQUIRE(starts > 500);
  check_binomial(sum_of(r, "outreach_referrals"), starts, 0.4);
  // The SSP, which acts before outreach, serves the referred the next week from its list
  // (it has no capacity limit), if they still inject and are alive.
  CHECK(sum_of(r, "ssp_served_from_waiting") > 0);
  CHECK(sum_of(r, "ssp_served_from_waiting") <= sum_of(r, "outreach_referrals"));
}

TEST_CASE("more outreach never lowers the SSP's clients when the SSP's reach is by uptake") {
  std::vector<std::vector<double>> by_level;
  for (const char* coverage : {"0", "0.2", "0.5"}) {
    // 8 replicates: the 4-standard-error bounds of the paired comparison hold with 7
    // degrees of freedom.
    const ArmResult r = run_arm(small_community(12000, 2, 8,
                                                {{"outreach.enabled", "true"},
                                                 {"outreach.coverage", coverage},
                                                 {"outreach.p_refer", "0.5"},
                                                 {"ssp.rate_uptake", "0.3"},
                                                 {"opioid_use.share_injecting_initial", "0.03"}}));
    // Fewer client-years is the direction that must not appear as outreach grows.
    std::vector<double> negative;
    for (double v : totals(r, "person_years_ssp_client")) negative.push_back(-v);
    by_level.push_back(negative);
  }
  check_never_raised_and_lowered(by_level);
}
