#include "core/run_settings.hpp"

#include <cmath>

#include "units/time.hpp"

namespace harmsim {

RunSettings RunSettings::declare(Setup& setup) {
  RunSettings r;
  r.years = setup.value({"run.years", 10, "years", 1.0 / kStepsPerYear, 200,
                         "Years simulated and reported after the burn-in (rounded to whole weeks).",
                         "Choice of the analyst."});
  r.replicates = static_cast<std::int64_t>(setup.value(
      {"run.replicates", 10, "replicates", 1, 100000,
       "Independent replicates (stochastic realisations) of the scenario; replicate r of every arm uses the "
       "same random numbers.",
       "Choice of the analyst.", false, true}));
  r.seed = static_cast<std::uint64_t>(
      setup.value({"run.seed", 1, "seed", 0, 9007199254740992.0, "Base seed: every draw is keyed by (seed, replicate).",
                   "Choice of the analyst.", false, true}));
  r.start_year = setup.value({"run.start_year", 2025, "calendar year", 1900, 2200,
                              "Calendar year of time 0, for labels.", "Choice of the analyst.", false, true});
  r.burn_in_years = setup.value({"run.burn_in_years", 5, "years", 0, 200,
                                 "Years simulated before time 0 and not reported, so the mix of states settles "
                                 "before policies change. Schedules hold their first value during the burn-in.",
                                 "Choice of the analyst; 5 years settles the use mix and kit holding."});
  r.compact_dead_share = setup.value(
      {"run.compact_dead_share", 0.125, "share of slots", 0, 1,
       "After a step in which the dead hold more than this share of the population's slots, their slots are "
       "released and the living close up, so memory follows the living population (1: never). Results do not "
       "depend on it: draws are keyed by persistent ids, never by slots.",
       "[ASSUMPTION] a trade of memory against the cost of moving everyone: at 1/8, a stationary community "
       "releases about every 8.5 years (measured at 50,000 adults), at about the cost of one step."});
  return r;
}

RunSettings run_settings(const Scenario& scenario) {
  ParameterTable table;
  World world;
  Setup setup(table, &scenario, world, rng::Key{});
  return RunSettings::declare(setup);
}

std::int64_t RunSettings::steps() const {
  return std::llround(years * kStepsPerYear);
}
std::int64_t RunSettings::burn_in_steps() const {
  return std::llround(burn_in_years * kStepsPerYear);
}

}  // namespace harmsim
