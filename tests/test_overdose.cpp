// Overdose inside the model: the hazard that goes in comes back out of simulated
// overdoses per person-week, by route and with fentanyl in the supply, and naloxone
// once given reverses at its probability.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/eligibility.hpp"
#include "support.hpp"
#include "units/time.hpp"

using namespace harmsim;
using namespace harmsim::test;

namespace {

struct Onsets {
  double overdoses = 0, person_weeks = 0;
};

// Overdoses and person-weeks at risk of each route, summed over replicates. Everyone
// using at the overdose phase is at risk once (person-time is counted after the
// week's use transitions, and nobody dies between those phases but of overdose).
Onsets injecting(const ArmResult& r) {
  return {sum_of(r, "overdoses_nonfatal_injecting") + sum_of(r, "overdose_deaths_injecting"),
          sum_of(r, "person_years_injecting") * kStepsPerYear};
}
// Each person-week at risk is one Bernoulli trial with probability p.
void check_onsets(const Onsets& o, double p) {
  REQUIRE(o.person_weeks > 10000);
  check_binomial(o.overdoses, o.person_weeks, p);
}

Onsets noninjecting(const ArmResult& r) {
  const Onsets inj = injecting(r);
  return {sum_of(r, "overdoses_nonfatal") + sum_of(r, "overdose_deaths") - inj.overdoses,
          sum_of(r, "person_years_using") * kStepsPerYear - inj.person_weeks};
}

}  // namespace

TEST_CASE("overdoses start at 1 - exp(-rate dt) per person-week, for each route, inside the model") {
  // A high rate, 20 a year, makes the weekly probability 0.319: with about 100,000
  // person-weeks at risk, p = rate dt (0.385) would be some 45 standard errors away.
  // Few die of an overdose (none among those injecting), so the people at risk stay;
  // the deaths among those not injecting must be counted on their route.
  const double rate = 20, rel_noninjecting = 0.4;
  const Settings hazard = {{"overdose.rate_injecting", std::to_string(rate)},
                           {"overdose.rel_noninjecting", std::to_string(rel_noninjecting)},
                           {"opioid_use.fentanyl_share", "0"},
                           {"overdose.p_fatal", "0"},
                           {"run.burn_in_years", "0"}};
  Settings inj = closed_use(Use::injecting), non = closed_use(Use::noninjecting);
  inj.insert(inj.end(), hazard.begin(), hazard.end());
  non.insert(non.end(), hazard.begin(), hazard.end());
  non.emplace_back("overdose.p_fatal", "0.05");
  check_onsets(injecting(run_arm(small_community(10000, 1, 2, inj))), step_probability(rate));
  check_onsets(noninjecting(run_arm(small_community(10000, 1, 2, non))), step_probability(rate * rel_noninjecting));
}

TEST_CASE("fentanyl in the supply scales the overdose hazard by 1 + share (rel_fentanyl - 1)") {
  const double rate = 4, rel_fentanyl = 3;
  for (double share : {0.0, 0.5, 1.0}) {
    Settings s = closed_use(Use::injecting);
    s.insert(s.end(), {{"overdose.rate_injecting", std::to_string(rate)},
                       {"overdose.rel_fentanyl", std::to_string(rel_fentanyl)},
                       {"opioid_use.fentanyl_share", std::to_string(share)},
                       {"overdose.p_fatal", "0"},
                       {"run.burn_in_years", "0"}});
    INFO("fentanyl share " << share);
    check_onsets(injecting(run_arm(small_community(10000, 1, 2, s))),
                 step_probability(rate * (1 + share * (rel_fentanyl - 1))));
  }
}

TEST_CASE("naloxone, once given, reverses an overdose with probability p_reversal inside the model") {
  // Everyone holds a kit that is replaced as soon as it is used, every overdose is
  // witnessed and naloxone at hand is always given.
  Settings s = closed_use(Use::injecting);
  s.insert(s.end(), {{"overdose.rate_injecting", "4"},
                     {"overdose.p_witnessed", "1"},
                     {"overdose.p_administered", "1"},
                     {"overdose.p_reversal", "0.6"},
                     {"naloxone.share_with_kit_initial", "1"},
                     {"naloxone.rate_kit_loss", "0"},
                     {"naloxone.kits_per_100k_per_year", "100000"},
                     {"naloxone.share_ssp", "0"},
                     {"naloxone.share_pharmacy", "0"},
                     {"naloxone.p_to_person_who_uses", "1"}});
  const ArmResult r = run_arm(small_community(10000, 1, 2, s));
  const double given = sum_of(r, "naloxone_administered"), reversed = sum_of(r, "naloxone_reversals");
  INFO(reversed << " reversals of " << given << " overdoses given naloxone");
  REQUIRE(given > 2000);
  // p_reversal squared, 0.36, would be 30 standard errors away.
  check_binomial(reversed, given, 0.6);
}

TEST_CASE("a witness is another person who uses with probability p_witness_is_peer, else someone close") {
  // Nobody holds a kit of their own and peers hold none, while every person's circle
  // holds one from the first week on (1% inject, and the weekly kits for circles, 960,
  // outnumber them): naloxone is at hand, and always given, exactly when the witness is
  // from the circle.
  Settings s = closed_use(Use::injecting, 0.01);
  s.insert(s.end(), {{"overdose.rate_injecting", "4"},
                     {"overdose.p_fatal", "0"},
                     {"overdose.p_witnessed", "1"},
                     {"overdose.p_administered", "1"},
                     {"overdose.p_witness_is_peer", "0.3"},
                     {"naloxone.kits_per_100k_per_year", "100000"},
                     {"naloxone.share_ssp", "0"},
                     {"naloxone.share_pharmacy", "0"},
                     {"naloxone.p_to_person_who_uses", "0"},
                     {"run.burn_in_years", "0"}});
  const ArmResult r = run_arm(small_community(50000, 1, 2, s));
  const double overdoses = sum_of(r, "overdoses_witnessed"), given = sum_of(r, "naloxone_administered");
  REQUIRE(overdoses > 3000);
  check_binomial(given, overdoses, 1 - 0.3);
}

TEST_CASE("overdose_within(n) names exactly the living people who survived an overdose in the last n weeks") {
  // Overdoses of week t are seen from week t + 1: within(1) is the survivors of the last
  // week, each counted once (one overdose a person a week; no one dies after the
  // overdose phase within a step: deaths come only in the demography and overdose
  // phases); within(4) holds them and at most the survivors of the three weeks before.
  const Scenario s =
      small_community(20000, 1, 1, {{"opioid_use.share_injecting_initial", "0.05"}, {"run.burn_in_years", "0"}});
  Eligibility last_week("overdose_within(1)"), last_month("overdose_within(4)");
  std::vector<std::int64_t> survived;
  std::int64_t checked = 0;
  step_through(s, rng::Key{1, 0}, [&](const Model& model) {
    const World& w = model.world();
    if (survived.empty()) {
      last_week.bind(w.groups);
      last_month.bind(w.groups);
    }
    survived.push_back(w.outcomes.series(w.outcomes.id("overdoses_nonfatal")).back());
    const std::vector<AgentId> week = last_week.members(w), month = last_month.members(w);
    CHECK(static_cast<std::int64_t>(week.size()) == survived.back());
    CHECK(std::includes(month.begin(), month.end(), week.begin(), week.end()));
    std::int64_t four = 0;
    for (std::size_t k = survived.size() >= 4 ? survived.size() - 4 : 0; k < survived.size(); ++k) four += survived[k];
    CHECK(static_cast<std::int64_t>(month.size()) <= four);
    checked += survived.back();
  });
  CHECK(checked > 100);
}
