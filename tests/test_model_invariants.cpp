// Invariants of a run: every agent accounted for at every step, provenance, and
// outcomes consistent with one another.
#include <catch2/catch.hpp>

#include "core/parallel.hpp"
#include "model/model.hpp"
#include "modules/infection_status.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("population accounting: alive + dead = everyone ever created, at every step") {
  // Every check is tallied rather than required, so the balance of the reported series
  // at the end runs even when a step's check fails.
  const Scenario s = small_community(8000, 3, 1, {{"opioid_use.share_injecting_initial", "0.05"}});
  std::int64_t created = 0, recorded_deaths = 0, recorded_entries = 0, steps = 0;
  std::int64_t bad_deaths = 0, bad_total = 0, bad_alive = 0, bad_death_causes = 0;
  std::vector<std::int64_t> alive_series, deaths, entered, person_weeks;
  step_through(s, {1, 0}, [&](const Model& model) {
    const World& w = model.world();
    const auto counts = parallel_count<6>(w, w.pop.size(), [&](std::size_t a, auto& c) {
      if (!w.pop.alive[a]) {
        ++c[0];
        return;
      }
      ++c[1 + static_cast<int>(use_of(w)[a])];  // one cell per use state
    });
    std::int64_t alive = 0;
    for (int k = 1; k < 6; ++k) alive += counts[k];
    bad_deaths += counts[0] != w.pop.deaths();
    bad_total += alive + counts[0] != static_cast<std::int64_t>(w.pop.size());
    created = static_cast<std::int64_t>(w.pop.size());
    ++steps;
    const bool recorded = w.step - 1 >= w.burn_in_steps;  // the step just run was reported
    if (recorded) {
      const Outcomes& o = w.outcomes;
      const auto last = [&](const char* name) { return o.series(o.id(name)).back(); };
      recorded_deaths += last("deaths_all_cause");
      recorded_entries += last("adults_entered");
      bad_alive += last("population_alive") != alive;
      bad_death_causes += last("overdose_deaths") + last("deaths_other_causes") != last("deaths_all_cause");
      alive_series = o.series(o.id("population_alive"));
      deaths = o.series(o.id("deaths_all_cause"));
      entered = o.series(o.id("adults_entered"));
      person_weeks = o.series(o.id("person_years_alive"));  // held in person-weeks
    }
  });
  INFO("over " << steps << " steps");
  CHECK(bad_deaths == 0);        // steps whose dead differ from the deaths the population counted
  CHECK(bad_total == 0);         // steps where alive + dead differ from everyone created
  CHECK(bad_alive == 0);         // steps whose reported population differs from the living
  CHECK(bad_death_causes == 0);  // steps whose deaths differ from other causes + overdose
  // Reported deaths and entries reconcile the reported population.
  std::int64_t unbalanced = 0;
  for (std::size_t t = 1; t < alive_series.size(); ++t)
    unbalanced += alive_series[t] != alive_series[t - 1] - deaths[t] + entered[t];
  CHECK(unbalanced == 0);
  // Each step's person-time is one week for everyone alive at its start: the living
  // at the end of the step before, not everyone ever created.
  std::int64_t misdated = 0;
  for (std::size_t t = 1; t < person_weeks.size(); ++t) misdated += person_weeks[t] != alive_series[t - 1];
  CHECK(misdated == 0);
  CHECK(person_weeks.size() == 156);
  CHECK(alive_series.size() == 156);
  CHECK(recorded_deaths > 0);
  CHECK(recorded_entries > 0);
  CHECK(created > 8000);
}

TEST_CASE("provenance: running the resolved scenario text stored with a result reproduces it exactly") {
  TempDir dir;
  const Scenario s =
      small_community(5000, 1, 2, {{"ssp.coverage", "0.3 @ 0y, 0.7 @ 26w"}, {"overdose.p_fatal", "0.0812345678901"}});
  const Recorded first = run_recorded(s);
  const auto file = dir.write("stored.ini", first.arm.ini);
  const Recorded again = run_recorded(Scenario::load(file, table()));
  CHECK(again.series == first.series);
  CHECK(again.arm.ini == first.arm.ini);
}

TEST_CASE("outcomes agree with one another") {
  const ArmResult r = run_arm(small_community(10000, 2, 2, {{"opioid_use.share_injecting_initial", "0.05"}}));
  for (std::size_t rep = 0; rep < 2; ++rep) {
    const auto total = [&](const char* name) { return r.total(rep, r.outcome_index(name)); };
    CHECK(total("naloxone_reversals") <= total("naloxone_administered"));
    CHECK(total("naloxone_administered") <= total("overdoses_witnessed"));
    CHECK(total("deaths_all_cause") == total("deaths_other_causes") + total("overdose_deaths"));
    CHECK(total("overdose_deaths_injecting") <= total("overdose_deaths"));
    CHECK(total("hcv_primary_infections") <= total("hcv_infections"));
    CHECK(total("person_years_injecting") <= total("person_years_using"));
    CHECK(total("person_years_using") < total("person_years_alive"));
    CHECK(total("people_injecting") <= total("people_using_opioids"));
    CHECK(total("ssp_clients") <= total("people_injecting"));
  }
}
