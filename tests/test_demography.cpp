// Demography inside the model: deaths each week match the published life table at each
// person's age and sex, and the life expectancy at 18 that results is the report's.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/model.hpp"
#include "core/time.hpp"
#include "modules/life_table.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

namespace {
// Nobody uses opioids: background mortality alone.
Settings no_drug_use(const std::string& p_male) {
  return {{"opioid_use.share_injecting_initial", "0"},
          {"opioid_use.share_noninjecting_initial", "0"},
          {"opioid_use.share_former_injecting_initial", "0"},
          {"opioid_use.share_former_noninjecting_initial", "0"},
          {"opioid_use.rate_initiation", "0"},
          {"demography.p_male_at_entry", p_male}};
}
}  // namespace

TEST_CASE("each week's deaths match the US 2019 life table at every person's age, for each sex") {
  // The oracle is the published hazard at the age the model gives each person (World::
  // age), turned into a weekly probability: a table read a year off would add about 9%
  // to the deaths (mortality rises about 9% a year of age), 13 standard errors here.
  // Deaths are a sum of Bernoullis (variance below the mean): 4 sqrt(expected).
  const Scenario s = small_community(60000, 10, 1, no_drug_use("0.512"));
  Model model(&s, {5, 0});
  model.initialise();
  const World& w = model.world();
  std::array<double, 2> expected{}, died{};
  std::vector<std::uint8_t> alive;
  const std::int64_t steps = model.run().burn_in_steps() + model.run().steps();
  for (std::int64_t t = 0; t < steps; ++t) {
    alive.assign(&w.pop.alive[0], &w.pop.alive[0] + w.pop.size());
    for (std::size_t a = 0; a < alive.size(); ++a)
      if (alive[a]) {
        const int age = std::clamp(w.age(static_cast<AgentId>(a)), life_table::kFirstAge, life_table::kLastAge);
        expected[static_cast<int>(w.pop.sex[a])] += step_probability(life_table::hazard(w.pop.sex[a], age));
      }
    model.step();
    for (std::size_t a = 0; a < alive.size(); ++a)
      if (alive[a] && !w.pop.alive[a]) ++died[static_cast<int>(w.pop.sex[a])];
  }
  for (Sex sex : {Sex::female, Sex::male}) {
    const int k = static_cast<int>(sex);
    INFO((sex == Sex::male ? "males: " : "females: ") << died[k] << " deaths, expected " << expected[k]);
    REQUIRE(expected[k] > 5000);
    CHECK(std::abs(died[k] - expected[k]) < 4 * std::sqrt(expected[k]));
  }
}

TEST_CASE("life expectancy at 18 in the simulated population is the report's 59.1 (men) and 64.0 (women)") {
  // The population starts in the life table's stationary state and 18-year-olds enter at
  // adults / e18 a year, so it stays stationary: person-years lived over deaths
  // estimates e18. Deaths D are nearly Poisson, so the estimate's relative error is
  // 1/sqrt(D); 4 of those, plus 0.1 year for the table's own rounding (NVSR 70(19)).
  for (const auto& [p_male, e18] : {std::pair{"1", 59.1}, std::pair{"0", 64.0}}) {
    const ArmResult r = run_arm(small_community(100000, 30, 1, no_drug_use(p_male)));
    const double deaths = sum_of(r, "deaths_all_cause"), years = sum_of(r, "person_years_alive");
    INFO((std::string(p_male) == "1" ? "men: " : "women: ") << years / deaths << " years from " << deaths << " deaths");
    REQUIRE(deaths > 40000);
    CHECK(std::abs(years / deaths - e18) < 4 * e18 / std::sqrt(deaths) + 0.1);
  }
}
