// Oracle O3: the naloxone and bystander cascade, P(death) = f [1 - w c a e] (with
// emergency care: f [1 - w (c a e + (1 - c a e) h m)]).
#include <catch2/catch.hpp>
#include <cmath>

#include "modules/overdose_cascade.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("the cascade's simulated fatality matches the closed form for each chance of naloxone at hand") {
  const CascadeProbabilities p{0.6, 0.8, 0.95, 0.68, 0.7, 0.08};
  const rng::Stream stream({17, 0}, "test.cascade");
  const int n = 400000;
  for (double at_hand : {0.0, 0.3, 1.0}) {
    int deaths = 0;
    for (int i = 0; i < n; ++i) {
      const rng::Uniforms u = stream.agent(0, rng::Person(i), 0), v = stream.agent(0, rng::Person(i), 1);
      const bool witnessed = v[0] < p.witnessed;
      const bool kit = witnessed && v[1] < at_hand;
      deaths += resolve_overdose(p, witnessed, kit, u, v[2]).fatal;
    }
    const double expected = expected_fatality(p, at_hand);
    INFO("at hand " << at_hand);
    CHECK(std::abs(static_cast<double>(deaths) / n - expected) < 4 * std::sqrt(expected * (1 - expected) / n));
  }
  // The O3 reduction from coverage c0 to c1 with no emergency care is f w a e (c1 - c0).
  const CascadeProbabilities q{0.6, 0.8, 0.95, 0, 0, 0.08};
  CHECK(expected_fatality(q, 0.2) - expected_fatality(q, 0.7) == Approx(0.08 * 0.6 * 0.8 * 0.95 * 0.5));
}

namespace {
// A community with many overdoses, to test the cascade inside the model.
Settings overdose_heavy(Settings extra) {
  Settings s = {{"opioid_use.share_injecting_initial", "0.1"}, {"overdose.rate_injecting", "2"}};
  s.insert(s.end(), extra.begin(), extra.end());
  return s;
}
}  // namespace

TEST_CASE("with witnessing, naloxone at hand, administration and reversal all certain, no overdose is fatal") {
  const Scenario s = small_community(5000, 2, 2,
                                     overdose_heavy({{"overdose.p_witnessed", "1"},
                                                     {"overdose.p_administered", "1"},
                                                     {"overdose.p_reversal", "1"},
                                                     // everyone who uses holds a kit from the start, never loses one,
                                                     // and a used kit is replaced before the next week's overdoses
                                                     {"naloxone.share_with_kit_initial", "1"},
                                                     {"naloxone.rate_kit_loss", "0"},
                                                     {"naloxone.kits_per_100k_per_year", "100000"},
                                                     {"naloxone.share_ssp", "0"},
                                                     {"naloxone.share_pharmacy", "0"},
                                                     {"naloxone.p_to_person_who_uses", "1"}}));
  const ArmResult r = run_arm(s);
  for (double overdoses : totals(r, "overdoses_nonfatal")) CHECK(overdoses > 500);
  for (double deaths : totals(r, "overdose_deaths")) CHECK(deaths == 0);
  CHECK(totals(r, "naloxone_reversals") == totals(r, "overdoses_nonfatal"));
}

TEST_CASE("with no naloxone, overdose deaths equal the no-naloxone baseline") {
  const Settings none =
      overdose_heavy({{"naloxone.kits_per_100k_per_year", "0"}, {"naloxone.share_with_kit_initial", "0"}});
  const ArmResult r = run_arm(small_community(5000, 2, 4, none));
  // No kits at all is the same as kits that are never given: draw for draw (common
  // random numbers), so the counts are equal exactly, not just in expectation.
  Settings never_given = overdose_heavy({{"overdose.p_administered", "0"}});
  const ArmResult g = run_arm(small_community(5000, 2, 4, never_given));
  CHECK(totals(r, "overdose_deaths") == totals(g, "overdose_deaths"));
  CHECK(totals(g, "naloxone_administered") == std::vector<double>(4, 0.0));

  // And the count matches the closed form with c = 0: given n overdoses, deaths are
  // Binomial(n, f (1 - w h m)); 4 standard errors.
  const CascadeProbabilities p{0.6, 0.8, 0.95, 0.68, 0.7, 0.08};
  const double f = expected_fatality(p, 0);
  const auto deaths = totals(r, "overdose_deaths"), nonfatal = totals(r, "overdoses_nonfatal");
  double d = 0, n = 0;
  for (std::size_t i = 0; i < deaths.size(); ++i) {
    d += deaths[i];
    n += deaths[i] + nonfatal[i];
  }
  INFO(d << " deaths in " << n << " overdoses; expected fatality " << f);
  CHECK(std::abs(d - n * f) < 4 * std::sqrt(n * f * (1 - f)));
}
