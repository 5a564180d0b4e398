// Behaviour: more naloxone never raises overdose deaths, all else equal.
#include <catch2/catch.hpp>
#include <cmath>

#include "model/model.hpp"
#include "support.hpp"
#include "units/time.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("more naloxone kits never raise expected overdose deaths") {
  const int R = 12;
  std::vector<std::vector<double>> deaths;
  for (const char* kits : {"0", "280", "1500", "6000"})
    deaths.push_back(totals(
        run_arm(small_community(
            15000, 3, R, {{"opioid_use.share_injecting_initial", "0.05"}, {"naloxone.kits_per_100k_per_year", kits}})),
        "overdose_deaths"));
  check_never_raised_and_lowered(deaths);
}

TEST_CASE("kits handed out track the scheduled distribution rate") {
  // At a modest rate someone always lacks a kit, so every kit due is offered; each
  // offer succeeds with the chance that makes the expected number handed out equal the
  // kits due. The SSP channel (40%) needs clients: without them its kits find no one.
  const int R = 10;
  const double due = 500.0 * 20000 / 1e5 * 2;  // kits per 100k a year x adults x years
  for (const auto& [coverage, share] : {std::pair{"0.55", 1.0}, std::pair{"0", 0.6}}) {
    const ArmResult run =
        run_arm(small_community(20000, 2, R, {{"naloxone.kits_per_100k_per_year", "500"}, {"ssp.coverage", coverage}}));
    const auto handed = totals(run, "naloxone_kits_distributed");
    INFO("SSP coverage " << coverage << ": mean " << mean(handed) << " of " << share * due << " due");
    // Mean of R replicates within 4 standard errors of the kits due.
    CHECK(std::abs(mean(handed) - share * due) < 4 * standard_deviation(handed) / std::sqrt(R));
    // Kits with no one to go to are undeliverable: exactly the SSP's share when it has no
    // clients (the week's kits are whole numbers, so within one kit over the run), none
    // otherwise (far more people lack a kit than a week brings).
    for (double undeliverable : totals(run, "naloxone_kits_undeliverable"))
      CHECK(std::abs(undeliverable - (1 - share) * due) <= 1);
  }
}

namespace {
// People injecting neither start, stop nor die of drug causes: the only change in who
// uses is background death, which does not depend on kits.
Settings closed_use_with_kits(const Settings& extra) {
  Settings s = closed_use(Use::injecting);
  s.insert(s.end(), {{"naloxone.share_with_kit_initial", "1"}, {"run.burn_in_years", "0"}});
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}
}  // namespace

TEST_CASE("held kits are lost at rate_kit_loss: a kit handed out at step 0 survives t weeks with (1 - p)^t") {
  const int R = 4;
  const double rate = 0.5;
  const ArmResult r = run_arm(small_community(
      20000, 2, R, closed_use_with_kits({{"overdose.rate_injecting", "0"}, {"naloxone.rate_kit_loss", "0.5"}})));
  const auto users = totals(r, "people_using_opioids");
  const double weeks = 2 * 52 - 1;  // the last step's stocks: kits whose loss falls later
  const double survive = std::pow(1 - step_probability(rate), weeks);
  for (const char* stock : {"people_using_with_naloxone", "circles_with_naloxone"}) {
    const auto held = totals(r, stock);
    double h = 0, n = 0;
    for (int i = 0; i < R; ++i) {
      h += held[i];
      n += users[i];
    }
    INFO(stock << ": " << h << " of " << n << " hold a kit; expected share " << survive);
    // Each kit's survival is independent: Binomial(n, survive), 4 standard errors.
    CHECK(std::abs(h / n - survive) < 4 * std::sqrt(survive * (1 - survive) / n));
  }
}

TEST_CASE("a kit given at an overdose is used up") {
  // Every overdose is witnessed by someone close and naloxone at hand is always given;
  // no overdose is fatal. Each person starts with two kits (own and circle) and none
  // arrive later, so kits still held plus kits given cannot exceed two per person,
  // allowing for the kits of the people who died of other causes.
  const ArmResult r = run_arm(small_community(20000, 1, 2,
                                              closed_use_with_kits({{"overdose.rate_injecting", "2"},
                                                                    {"naloxone.rate_kit_loss", "0"},
                                                                    {"overdose.p_witnessed", "1"},
                                                                    {"overdose.p_witness_is_peer", "0"},
                                                                    {"overdose.p_administered", "1"},
                                                                    {"overdose.p_fatal", "0"}})));
  const auto users = totals(r, "people_using_opioids"), own = totals(r, "people_using_with_naloxone"),
             circle = totals(r, "circles_with_naloxone"), given = totals(r, "naloxone_administered"),
             deaths = totals(r, "deaths_all_cause");
  for (std::size_t i = 0; i < users.size(); ++i) {
    INFO(own[i] << " own + " << circle[i] << " circle kits held, " << given[i] << " given, " << users[i] << " users");
    CHECK(given[i] > users[i]);  // most people overdosed at least once: kits were used
    CHECK(own[i] + circle[i] + given[i] >= 2 * users[i]);
    CHECK(own[i] + circle[i] + given[i] <= 2 * (users[i] + deaths[i]));
  }
}

TEST_CASE("holding an own kit and a circle kit are independent: the joint share is the product") {
  // Kits flow to people who use and to their circles through separate draws (and kits
  // last separately). In a closed population, long after the start, each person's two
  // holdings are independent, so P(both) = P(own) P(circle). Estimated over n people,
  // the covariance has a standard error of sqrt(p_o (1 - p_o) p_c (1 - p_c) / n): 4 of them.
  // Two decisions drawn from one stream would make the holdings move together.
  Settings s = closed_use(Use::injecting, 0.1);
  s.insert(s.end(), {{"naloxone.kits_per_100k_per_year", "10000"},
                     {"naloxone.share_ssp", "0"},
                     {"naloxone.share_pharmacy", "0"},
                     {"naloxone.p_to_person_who_uses", "0.5"},
                     {"naloxone.rate_kit_loss", "1"},
                     {"overdose.rate_injecting", "0"},
                     {"run.burn_in_years", "3"}});
  double n = 0, own = 0, circle = 0, both = 0;
  for (std::uint64_t replicate = 0; replicate < 3; ++replicate) {
    const Scenario scenario = small_community(30000, 1.0 / 52, 1, s);
    Model model(&scenario, {11, replicate});
    model.initialise();
    const std::int64_t steps = model.run().burn_in_steps() + model.run().steps();
    for (std::int64_t t = 0; t < steps; ++t) model.step();
    World& w = model.world();
    auto& own_until = w.pop.get<std::int32_t>("naloxone.own_kit_until");
    auto& circle_until = w.pop.get<std::int32_t>("naloxone.circle_kit_until");
    for (AgentId a : group(w, use_names::kUsing)) {
      if (!w.pop.alive[a]) continue;
      const bool o = own_until[a] > w.step, c = circle_until[a] > w.step;
      n += 1;
      own += o;
      circle += c;
      both += o && c;
    }
  }
  const double po = own / n, pc = circle / n;
  INFO(both << " of " << n << " hold both; own " << po << ", circle " << pc);
  REQUIRE(po > 0.2);
  REQUIRE(pc > 0.2);
  CHECK(std::abs(both / n - po * pc) < 4 * std::sqrt(po * (1 - po) * pc * (1 - pc) / n));
}
