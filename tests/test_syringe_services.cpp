// SSP delivery (oracle O4: stationary share of a two-state chain) and behaviour (more
// reach never raises sharing per injecting person-week).
#include <catch2/catch.hpp>

#include <cmath>

#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

namespace {
// People injecting neither start, stop nor die of drug causes, so the only movement is
// in and out of the program (and background deaths, which do not depend on it).
const Settings kClosedInjectingPopulation = {{"opioid_use.share_injecting_initial", "0.1"},
                                             {"opioid_use.share_noninjecting_initial", "0"},
                                             {"opioid_use.share_former_injecting_initial", "0"},
                                             {"opioid_use.share_former_noninjecting_initial", "0"},
                                             {"opioid_use.rate_initiation", "0"},
                                             {"opioid_use.rate_cessation_injecting", "0"},
                                             {"overdose.rate_injecting", "0"},
                                             {"demography.rate_excess_death_injecting", "0"}};
}  // namespace

TEST_CASE("SSP clients settle at the stationary share a / (a + b) = coverage") {
  const int R = 10;
  Settings s = kClosedInjectingPopulation;
  s.insert(s.end(), {{"ssp.coverage", "0.4"}, {"ssp.dur_client", "0.25"}});
  const ArmResult r = run_arm(small_community(10000, 2, R, s));
  const auto clients = totals(r, "ssp_clients"), injecting = totals(r, "people_injecting");
  double c = 0, n = 0;
  for (int i = 0; i < R; ++i) {
    c += clients[i];
    n += injecting[i];
  }
  // At the end each person is a client with probability 0.4 independently of others:
  // Binomial(n, 0.4), 4 standard errors.
  INFO(c << " clients of " << n);
  CHECK(std::abs(c / n - 0.4) < 4 * std::sqrt(0.4 * 0.6 / n));
}

TEST_CASE("SSP capacity caps the number of clients") {
  Settings s = kClosedInjectingPopulation;
  s.insert(s.end(), {{"ssp.coverage", "0.9"}, {"ssp.capacity_clients", "150"}});
  const ArmResult r = run_arm(small_community(10000, 1, 2, s));
  for (double clients : totals(r, "ssp_clients")) {
    CHECK(clients <= 150);
    CHECK(clients > 120);
  }
}

TEST_CASE("more SSP reach never raises sharing events per injecting person-week") {
  const int R = 10;
  std::vector<std::vector<double>> per_week;
  for (const char* coverage : {"0", "0.3", "0.6", "0.9"}) {
    const ArmResult r = run_arm(small_community(15000, 2, R, {{"ssp.coverage", coverage}}));
    const auto events = totals(r, "sharing_events"), years = totals(r, "person_years_injecting");
    std::vector<double> rate;
    for (int i = 0; i < R; ++i) rate.push_back(events[i] / (years[i] * 52));
    per_week.push_back(rate);
  }
  for (std::size_t k = 1; k < per_week.size(); ++k) {
    std::vector<double> change;
    for (int r = 0; r < R; ++r) change.push_back(per_week[k][r] - per_week[k - 1][r]);
    const double se = standard_deviation(change) / std::sqrt(R);
    INFO("coverage step " << k << ": mean change " << mean(change) << " (se " << se << ")");
    CHECK(mean(change) <= 4 * se);
  }
  std::vector<double> reduction;
  for (int r = 0; r < R; ++r) reduction.push_back(per_week[0][r] - per_week[3][r]);
  CHECK(mean(reduction) > 4 * standard_deviation(reduction) / std::sqrt(R));
}
