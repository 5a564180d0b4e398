// Opioid use inside the model: initial shares, the transitions' rates (oracles O2 and
// O4), and relapse by the route last used.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "model/model.hpp"
#include "params/schedule.hpp"
#include "support.hpp"
#include "units/time.hpp"

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

namespace {
// Counts, over a run, each week's transitions from one use state to another
// (from[s][t]), and the person-weeks spent in each state before the week's transitions.
struct Transitions {
  std::array<std::array<double, 5>, 5> moved{};
  std::array<double, 5> at_risk{};
};

Transitions count_transitions(const Scenario& s) {
  Transitions out;
  std::vector<Use> before;  // by person
  std::vector<std::uint8_t> alive;
  step_through(
      s, {6, 0},
      [&](const Model& model) {
        const World& w = model.world();
        before.assign(static_cast<std::size_t>(w.pop.entered()), Use::never);
        alive.assign(before.size(), 0);
        for (std::size_t a = 0; a < w.pop.size(); ++a) {
          before[person(w, a)] = use_of(w)[a];
          alive[person(w, a)] = w.pop.alive[a];
        }
      },
      [&](const Model& model) {
        const World& w = model.world();
        for (std::size_t a = 0; a < w.pop.size(); ++a) {
          const std::size_t i = person(w, a);
          if (i >= before.size() || !alive[i] || !w.pop.alive[a]) continue;  // deaths are not use transitions
          const auto from = static_cast<std::size_t>(before[i]), to = static_cast<std::size_t>(use_of(w)[a]);
          out.at_risk[from] += 1;
          if (from != to) out.moved[from][to] += 1;
        }
      });
  return out;
}
}  // namespace

TEST_CASE("initial use states take the declared shares of all adults") {
  // The shares are given to adults younger than age_max_initial, scaled up by their
  // share of the population, so that they come out as shares of all adults. Each state
  // is Binomial(N, share): 4 standard errors.
  const Scenario s = small_community(50000, 1, 1,
                                     {{"opioid_use.share_injecting_initial", "0.04"},
                                      {"opioid_use.share_noninjecting_initial", "0.03"},
                                      {"opioid_use.share_former_injecting_initial", "0.02"},
                                      {"opioid_use.share_former_noninjecting_initial", "0.01"}});
  Model model(&s, {7, 0});
  model.initialise();
  const World& w = model.world();
  std::array<double, 5> n{};
  for (std::size_t a = 0; a < w.pop.size(); ++a) ++n[static_cast<std::size_t>(use_of(w)[a])];
  const double N = static_cast<double>(w.pop.size());
  for (const auto& [state, share] :
       {std::pair{Use::injecting, 0.04}, std::pair{Use::noninjecting, 0.03}, std::pair{Use::former_injecting, 0.02},
        std::pair{Use::former_noninjecting, 0.01}}) {
    const double k = n[static_cast<std::size_t>(state)];
    INFO("state " << static_cast<int>(state) << ": " << k << " of " << N);
    check_binomial(k, N, share);
  }
}

TEST_CASE("people using without injecting start to inject or stop at their rates, as competing risks") {
  // From non-injecting use, injecting starts at a and use stops at b (per year): each
  // person-week something happens with 1 - exp(-(a + b) dt), and it is starting to inject
  // with share a / (a + b) (O2). Both counts are binomial: 4 standard errors.
  const double a = 2, b = 1;
  Settings s = closed_use(Use::noninjecting);
  s.insert(s.end(), {{"opioid_use.rate_injection_initiation", "2"},
                     {"opioid_use.rate_cessation_noninjecting", "1"},
                     {"opioid_use.rate_relapse", "0"},
                     {"overdose.rate_injecting", "0"}});
  const Transitions t = count_transitions(small_community(30000, 1, 1, s));
  const auto non = static_cast<std::size_t>(Use::noninjecting);
  const double n = t.at_risk[non];
  const double injected = t.moved[non][static_cast<std::size_t>(Use::injecting)];
  const double stopped = t.moved[non][static_cast<std::size_t>(Use::former_noninjecting)];
  const double p_any = step_probability(a + b), p_inject = p_any * a / (a + b), p_stop = p_any * b / (a + b);
  INFO(injected << " started injecting and " << stopped << " stopped in " << n << " person-weeks");
  REQUIRE(n > 50000);
  check_binomial(injected, n, p_inject);
  check_binomial(stopped, n, p_stop);
}

TEST_CASE("former users relapse at rate_relapse, each to the route they last used") {
  Settings s = closed_use(Use::injecting, 0);
  s.insert(s.end(), {{"opioid_use.share_former_injecting_initial", "0.05"},
                     {"opioid_use.share_former_noninjecting_initial", "0.05"},
                     {"opioid_use.rate_relapse", "1"},
                     {"overdose.rate_injecting", "0"}});
  const Transitions t = count_transitions(small_community(30000, 1, 1, s));
  const double p = step_probability(1);
  for (const auto& [former, route] :
       {std::pair{Use::former_injecting, Use::injecting}, std::pair{Use::former_noninjecting, Use::noninjecting}}) {
    const auto f = static_cast<std::size_t>(former);
    const double n = t.at_risk[f], relapsed = t.moved[f][static_cast<std::size_t>(route)];
    double elsewhere = 0;
    for (std::size_t to = 0; to < 5; ++to) elsewhere += to == static_cast<std::size_t>(route) ? 0 : t.moved[f][to];
    INFO("from state " << static_cast<int>(former) << ": " << relapsed << " relapses in " << n << " person-weeks, "
                       << elsewhere << " to another state");
    REQUIRE(n > 20000);
    CHECK(elsewhere == 0);  // only back to the route last used
    check_binomial(relapsed, n, p);
  }
}

namespace {
// The never-users alive at the start of a week, by whether they are below the age limit
// of initiation (and so at risk of starting that week), by person.
struct NeverUsers {
  std::vector<std::uint8_t> below, above;
  void mark(const World& w, int age_max) {
    below.assign(static_cast<std::size_t>(w.pop.entered()), 0);
    above.assign(below.size(), 0);
    for (std::size_t a = 0; a < w.pop.size(); ++a) {
      if (!w.pop.alive[a] || use_of(w)[a] != Use::never) continue;
      (w.age(static_cast<AgentId>(a)) < age_max ? below : above)[person(w, a)] = 1;
    }
  }
  // Whether the person in slot `a` was a never-user below (above) the limit.
  bool was_below(const World& w, std::size_t a) const { return person(w, a) < below.size() && below[person(w, a)]; }
  bool was_above(const World& w, std::size_t a) const { return person(w, a) < above.size() && above[person(w, a)]; }
};
}  // namespace

TEST_CASE("adults who never used start at rate_initiation, and only below age_max_initiation") {
  // Each week a never-user younger than the limit starts with p = 1 - exp(-rate dt):
  // Binomial over those person-weeks, 4 standard errors; older ones never start.
  const double rate = 0.05;
  const Scenario s = small_community(30000, 2, 1,
                                     {{"opioid_use.rate_initiation", "0.05"},
                                      {"opioid_use.age_max_initiation", "40"},
                                      {"overdose.rate_injecting", "0"}});
  double young = 0, started_young = 0, started_old = 0;
  NeverUsers never;
  step_through(
      s, {13, 0}, [&](const Model& model) { never.mark(model.world(), 40); },
      [&](const Model& model) {
        const World& w = model.world();
        for (std::size_t a = 0; a < w.pop.size(); ++a) {
          if (!w.pop.alive[a]) continue;  // died this week: no longer at risk
          const bool started = use_of(w)[a] != Use::never;
          if (never.was_below(w, a)) young += 1, started_young += started;
          if (never.was_above(w, a)) started_old += started;
        }
      });
  const double p = step_probability(rate);
  INFO(started_young << " started in " << young << " person-weeks under 40; " << started_old << " over 40");
  REQUIRE(young > 100000);
  check_binomial(started_young, young, p);
  CHECK(started_old == 0);
}

TEST_CASE("scheduled starts of use follow the rate's schedule across a change, for entrants too") {
  // Starts are scheduled once per person against the hazard integrated over calendar
  // time (core/calendar.hpp); week by week they must still come at 1 - exp(-rate(t) dt)
  // per person-week at risk. The rate rises fivefold half a year in: each period's
  // starts are Binomial over its person-weeks (4 standard errors). Entrants join the
  // person-weeks from their first week; nobody past the age limit starts.
  const std::string written = "0.04 @ 0.5y, 0.2 @ 0.5y";
  const Schedule rate = Schedule::parse(written);
  const Scenario s = small_community(30000, 1.5, 1,
                                     {{"opioid_use.rate_initiation", written},
                                      {"opioid_use.age_max_initiation", "45"},
                                      {"demography.rel_entry", "4"},
                                      {"overdose.rate_injecting", "0"}});
  // Person-weeks at risk and starts, before and after the change, of everyone and of
  // the adults who entered during the run.
  std::array<double, 2> weeks{}, started{}, entrant_weeks{}, entrant_started{};
  double started_old = 0;
  NeverUsers never;
  std::size_t known = 0;  // people who existed at the start of the run's first step
  int period = 0;
  step_through(
      s, {17, 0},
      [&](const Model& model) {
        const World& w = model.world();
        if (known == 0) known = static_cast<std::size_t>(w.pop.entered());
        period = rate.at(w.week()) > 0.1;
        never.mark(w, 45);
      },
      [&](const Model& model) {
        const World& w = model.world();
        for (std::size_t a = 0; a < w.pop.size(); ++a) {
          if (!w.pop.alive[a]) continue;
          const bool began = use_of(w)[a] != Use::never;
          if (never.was_below(w, a)) {
            weeks[period] += 1;
            started[period] += began;
            if (person(w, a) >= known) entrant_weeks[period] += 1, entrant_started[period] += began;
          }
          if (never.was_above(w, a)) started_old += began;
        }
      });
  const std::array<double, 2> p = {step_probability(0.04), step_probability(0.2)};
  for (int k = 0; k < 2; ++k) {
    INFO("period " << k << ": " << started[k] << " started in " << weeks[k] << " person-weeks");
    REQUIRE(weeks[k] > 200000);
    check_binomial(started[k], weeks[k], p[k]);
  }
  // Entrants alone: a sum of the two periods' binomials, 4 standard errors.
  double expected = 0, variance = 0;
  for (int k = 0; k < 2; ++k) {
    expected += entrant_weeks[k] * p[k];
    variance += entrant_weeks[k] * p[k] * (1 - p[k]);
  }
  const double entrants_started = entrant_started[0] + entrant_started[1];
  INFO("entrants: " << entrants_started << " started, " << expected << " expected");
  REQUIRE(expected > 100);
  CHECK(std::abs(entrants_started - expected) < 4 * std::sqrt(variance));
  CHECK(started_old == 0);
}
