// SSP delivery (oracle O4: stationary share of a two-state chain) and behaviour (more
// reach never raises sharing per injecting person-week).
#include <catch2/catch.hpp>
#include <cmath>

#include "core/modifier.hpp"
#include "model/model.hpp"
#include "support.hpp"
#include "units/time.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("SSP clients hold at the scheduled coverage while people start, stop and die") {
  const int R = 10;
  const ArmResult r = run_arm(small_community(20000, 3, R, {{"ssp.coverage", "0.4"}}));
  const auto clients = totals(r, "ssp_clients"), injecting = totals(r, "people_injecting");
  double c = 0, n = 0;
  for (int i = 0; i < R; ++i) {
    c += clients[i];
    n += injecting[i];
  }
  // Joining restores the expected number of clients to 40% each week; the realised
  // count varies no more than Binomial(n, 0.4), so 4 binomial standard errors.
  INFO(c << " clients of " << n);
  CHECK(std::abs(c / n - 0.4) < 4 * std::sqrt(0.4 * 0.6 / n));
}

TEST_CASE("SSP capacity caps the number of clients at every step") {
  const Recorded r =
      run_recorded(small_community(20000, 2, 4, {{"ssp.coverage", "0.9"}, {"ssp.capacity_clients", "150"}}));
  const std::size_t o = r.arm.outcome_index("ssp_clients");
  for (const auto& replicate : r.series) {
    for (auto clients : replicate[o]) REQUIRE(clients <= 150);
    CHECK(replicate[o].back() >= 140);  // demand far exceeds capacity, so the program stays nearly full
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
  check_never_raised_and_lowered(per_week);
}

TEST_CASE("SSP clients stop injecting at rel_cessation times the rate of others (rate ratio recovered)") {
  // Cessations per person-year injecting at coverage c are r (1 - c + c rel); people
  // who stop do not come back (no relapse), so injecting person-time falls but the
  // rate per person-year stays. Counts are Poisson: 4 standard errors of sqrt(events).
  const int R = 8;
  const double r = 0.1, rel = 2.5;
  for (double c : {0.0, 0.9}) {
    const ArmResult run = run_arm(small_community(20000, 3, R,
                                                  {{"ssp.coverage", std::to_string(c)},
                                                   {"opioid_use.rate_cessation_injecting", std::to_string(r)},
                                                   {"opioid_use.rate_relapse", "0"},
                                                   {"ssp.rel_cessation", std::to_string(rel)}}));
    double events = 0, years = 0;
    for (double x : totals(run, "injecting_cessations")) events += x;
    for (double x : totals(run, "person_years_injecting")) years += x;
    const double expected = r * (1 - c + c * rel) * years;
    INFO("coverage " << c << ": " << events << " cessations over " << years << " person-years; expected " << expected);
    CHECK(std::abs(events - expected) < 4 * std::sqrt(expected));
  }
}

TEST_CASE("SSP clients share rel_sharing times as often, with cessation held fixed") {
  // Everyone injecting from the start is a client for good (or nobody is), nobody starts
  // or stops, and the SSP changes nothing else (no kits, no cessation multiplier): the
  // partnerships are the same in both arms, and each partnership-week's events are
  // Poisson(lambda rel) against Poisson(lambda) from the same draw.
  const double rel = 0.6;
  std::vector<double> events;
  for (const char* coverage : {"0", "1"}) {
    Settings s = closed_use(Use::injecting);
    s.insert(s.end(), {{"ssp.coverage", coverage},
                       {"ssp.dur_client", "50"},
                       {"ssp.rel_cessation", "1"},
                       {"ssp.rel_sharing", "0.6"},
                       {"overdose.rate_injecting", "0"}});
    events.push_back(sum_of(run_arm(small_community(20000, 1, 2, s)), "sharing_events"));
  }
  const double ratio = events[1] / events[0];
  // Each total is a sum of Poisson counts (variance = mean); treating the two as
  // independent overstates the ratio's error, which is ratio sqrt(1/a + 1/b).
  const double se = ratio * std::sqrt(1 / events[0] + 1 / events[1]);
  INFO(events[1] << " events with the SSP, " << events[0] << " without: ratio " << ratio << " (se " << se << ")");
  REQUIRE(events[0] > 10000);
  CHECK(std::abs(ratio - rel) < 4 * se);
}

TEST_CASE("SSP clients are people injecting: those who stop injecting leave the program") {
  // After each step's services phase every living client injects (the use transitions
  // come before it within the step); cessation is frequent here, so many clients stop.
  const Scenario s = small_community(20000, 2, 1,
                                     {{"ssp.coverage", "0.8"},
                                      {"ssp.dur_client", "50"},
                                      {"opioid_use.rate_cessation_injecting", "2"},
                                      {"ssp.rel_cessation", "1"}});
  double clients = 0, not_injecting = 0;
  step_through(s, {12, 0}, [&](Model& model) {
    World& w = model.world();
    const auto& client = w.pop.get<std::uint8_t>("ssp.client");
    for (std::size_t a = 0; a < w.pop.size(); ++a) {
      if (!client[a] || !w.pop.alive[a]) continue;
      clients += 1;
      not_injecting += use_of(w)[a] != Use::injecting;
    }
  });
  INFO(not_injecting << " of " << clients << " client-weeks were of people not injecting");
  REQUIRE(clients > 10000);
  CHECK(not_injecting == 0);
}

TEST_CASE("SSP clients leave the program at 1 - exp(-1 / dur_client) a week while they inject") {
  // Nobody starts or stops injecting; the program holds half of those injecting, so the
  // clients who leave are replaced by others. Each client-week is a trial of leaving
  // (those who die leave too, but are not counted: about 0.03% a week).
  const double dur = 0.25;  // years
  Settings s = closed_use(Use::injecting);
  s.insert(s.end(),
           {{"ssp.coverage", "0.5"}, {"ssp.dur_client", std::to_string(dur)}, {"overdose.rate_injecting", "0"}});
  const ArmResult r = run_arm(small_community(20000, 2, 2, s));
  const double left = sum_of(r, "ssp_client_turnover"), weeks = sum_of(r, "person_years_ssp_client") * kStepsPerYear;
  REQUIRE(weeks > 50000);
  check_binomial(left, weeks, step_probability(1 / dur));
}

TEST_CASE("the SSP's effects follow its clients: every client carries them, and nobody else does") {
  // The SSP's lanes of the two modifiers (one byte per agent: 0 is the factor 1) must
  // be set exactly for the current clients after every step, so a client who leaves,
  // stops injecting or dies loses the effects at once.
  const Scenario s = small_community(
      20000, 2, 1,
      {{"opioid_use.share_injecting_initial", "0.05"}, {"ssp.dur_client", "0.3"}, {"run.burn_in_years", "0"}});
  std::int64_t left = 0;
  std::size_t before = 0;
  step_through(s, rng::Key{2, 0}, [&](const Model& model) {
    const Population& pop = model.world().pop;
    const auto& client = pop.get<std::uint8_t>("ssp.client");
    const auto& cessation = pop.get<ModifierLane::Level>("opioid_use.rel_cessation[ssp]");
    const auto& sharing = pop.get<ModifierLane::Level>("injection_network.rel_sharing[ssp]");
    std::size_t clients = 0, wrong = 0;
    for (AgentId a = 0; a < pop.size(); ++a) {
      clients += client[a];
      wrong += (cessation[a] != ModifierLane::kOne) != (client[a] != 0);
      wrong += (sharing[a] != ModifierLane::kOne) != (client[a] != 0);
    }
    REQUIRE(wrong == 0);
    left += model.world().outcomes.series(model.world().outcomes.id("ssp_client_turnover")).back();
    before = clients;
  });
  CHECK(before > 0);
  CHECK(left > 100);  // clients did leave, so the check could fail
}
