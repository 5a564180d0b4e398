// Invariants of a run: every agent accounted for at every step, provenance, and
// outcomes consistent with one another.
#include <array>
#include <catch2/catch.hpp>

#include "core/parallel.hpp"
#include "model/model.hpp"
#include "modules/infection_status.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("population accounting: alive + dead = everyone ever created, at every step") {
  // Every check is tallied rather than required, so the balance of the reported series
  // at the end runs even when a step's check fails. The slots of the dead are released
  // after every step with a death (small_community): the dead still in slots and those
  // released make up the deaths.
  const Scenario s = small_community(8000, 3, 1, {{"opioid_use.share_injecting_initial", "0.05"}});
  std::int64_t created = 0, recorded_deaths = 0, recorded_entries = 0, steps = 0;
  std::int64_t bad_deaths = 0, bad_total = 0, bad_slots = 0, bad_alive = 0, bad_death_causes = 0, released_ever = 0;
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
    const std::int64_t released = w.pop.entered() - static_cast<std::int64_t>(w.pop.size());
    bad_deaths += counts[0] + released != w.pop.deaths();
    bad_total += alive + w.pop.deaths() != w.pop.entered();
    bad_slots += alive != w.pop.living();
    released_ever = std::max(released_ever, released);
    created = w.pop.entered();
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
  CHECK(bad_slots == 0);         // steps where the living differ from the population's count of them
  CHECK(released_ever > 0);      // slots were released
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

TEST_CASE("the cascade, deaths by cause, kits by channel and prevalence strata add up at every step") {
  // Busy enough that every branch occurs: many people injecting, kits and overdoses.
  const Recorded rec = run_recorded(small_community(
      10000, 2, 2, {{"opioid_use.share_injecting_initial", "0.05"}, {"naloxone.kits_per_100k_per_year", "3000"}}));
  const ArmResult& arm = rec.arm;
  std::int64_t steps = 0, broken = 0;
  for (std::size_t rep = 0; rep < rec.series.size(); ++rep) {
    const auto at = [&](const char* name, std::size_t t) { return rec.series[rep][arm.outcome_index(name)][t]; };
    for (std::size_t t = 0; t < rec.series[rep].front().size(); ++t) {
      ++steps;
      const auto sum = [&](std::initializer_list<const char*> parts) {
        std::int64_t n = 0;
        for (const char* p : parts) n += at(p, t);
        return n;
      };
      const std::int64_t overdoses = sum({"overdoses_nonfatal", "overdose_deaths"});
      const bool ok =
          // Deaths by cause.
          sum({"deaths_background", "deaths_drug_related_other"}) == at("deaths_other_causes", t) &&
          sum({"deaths_other_causes", "overdose_deaths"}) == at("deaths_all_cause", t) &&
          // The cascade step by step, and whose naloxone was at hand.
          sum({"overdoses_witnessed", "overdoses_unwitnessed"}) == overdoses &&
          sum({"naloxone_at_hand_own_kit", "naloxone_at_hand_peer_kit", "naloxone_at_hand_circle_kit"}) ==
              at("naloxone_at_hand", t) &&
          at("naloxone_at_hand", t) <= at("overdoses_witnessed", t) &&
          at("naloxone_administered", t) <= at("naloxone_at_hand", t) &&
          at("naloxone_reversals", t) <= at("naloxone_administered", t) &&
          at("overdoses_ems_called", t) <= at("overdoses_witnessed", t) &&
          at("overdoses_ems_rescued", t) <= at("overdoses_ems_called", t) &&
          // Kits by channel.
          sum({"naloxone_kits_via_ssp", "naloxone_kits_pharmacy_elsewhere", "naloxone_kits_to_people_using",
               "naloxone_kits_to_circles"}) == at("naloxone_kits_distributed", t) &&
          at("naloxone_kits_undeliverable", t) >= 0 && at("naloxone_kits_lost", t) >= 0 &&
          // Prevalence strata: people injecting are among those who ever injected.
          at("hiv_prevalent_injecting", t) <= at("hiv_prevalent_ever_injected", t) &&
          at("hiv_prevalent_ever_injected", t) <= at("hiv_prevalent", t) &&
          at("hiv_prevalent_injecting", t) <= at("people_injecting", t) &&
          at("hcv_chronic_injecting", t) <= at("hcv_chronic_ever_injected", t) &&
          at("hcv_chronic_ever_injected", t) <= at("hcv_chronic", t);
      broken += !ok;
    }
  }
  INFO(broken << " of " << steps << " steps break an identity");
  CHECK(broken == 0);
  // Every branch occurred, so the identities were tested, not vacuous.
  for (const char* name :
       {"deaths_background", "deaths_drug_related_other", "overdoses_unwitnessed", "naloxone_at_hand_own_kit",
        "naloxone_at_hand_peer_kit", "naloxone_at_hand_circle_kit", "overdoses_ems_rescued", "naloxone_kits_via_ssp",
        "naloxone_kits_pharmacy_elsewhere", "naloxone_kits_to_people_using", "naloxone_kits_to_circles",
        "naloxone_kits_lost", "hiv_prevalent_injecting", "hcv_chronic_injecting"}) {
    INFO(name);
    CHECK(sum_of(arm, name) > 0);
  }
}

TEST_CASE("prevalence in all, among people injecting and among people who ever injected counts exactly those people") {
  // The stocks in all are kept up to date at each transition (core/stock.hpp), the strata
  // counted over their groups: each must equal a recount over everyone at every step.
  // Enough people injecting that people living with HIV or chronic HCV die in the run.
  const Scenario s = small_community(20000, 1, 1, {{"opioid_use.share_injecting_initial", "0.1"}});
  std::int64_t wrong = 0, steps = 0;
  step_through(s, {3, 0}, [&](const Model& model) {
    const World& w = model.world();
    if (w.step - 1 < w.burn_in_steps) return;  // the step just run was not reported
    const auto& use = use_of(w);
    const auto& status = infection_of(w);
    // HIV injecting, HIV ever injected, HCV chronic injecting, ever injected; HIV and HCV chronic in all
    std::array<std::int64_t, 6> n{};
    for (AgentId a = 0; a < w.pop.size(); ++a) {
      if (!w.pop.alive[a]) continue;
      const bool hiv = infection::hiv(status[a]) != infection::HivStage::negative;
      const bool hcv = infection::hcv(status[a]) == infection::HcvState::chronic;
      const bool now = use[a] == Use::injecting, ever = ever_injected(use[a]);
      n[0] += hiv && now, n[1] += hiv && ever, n[2] += hcv && now, n[3] += hcv && ever, n[4] += hiv, n[5] += hcv;
    }
    const auto last = [&](const char* name) { return w.outcomes.series(w.outcomes.id(name)).back(); };
    ++steps;
    wrong += n[0] != last("hiv_prevalent_injecting") || n[1] != last("hiv_prevalent_ever_injected") ||
             n[2] != last("hcv_chronic_injecting") || n[3] != last("hcv_chronic_ever_injected") ||
             n[4] != last("hiv_prevalent") || n[5] != last("hcv_chronic");
  });
  CHECK(steps > 40);
  CHECK(wrong == 0);
}

TEST_CASE("kits held by people who keep using fall by exactly the kits lost, with none handed out or used") {
  // Everyone injecting holds both kits at the start, nobody stops, dies of an overdose or
  // receives a kit, so each step's held kits are the last step's less those lost and
  // those of people who died of other causes.
  Settings settings = closed_use(Use::injecting, 0.1);
  settings.insert(settings.end(), {{"naloxone.share_with_kit_initial", "1"},
                                   {"naloxone.kits_per_100k_per_year", "0"},
                                   {"overdose.rate_injecting", "0"},
                                   {"run.burn_in_years", "0"}});
  const Recorded rec = run_recorded(small_community(8000, 1, 1, settings));
  const auto& series = rec.series[0];
  const auto s = [&](const char* name) { return series[rec.arm.outcome_index(name)]; };
  const auto own = s("people_using_with_naloxone"), circle = s("circles_with_naloxone"), lost = s("naloxone_kits_lost"),
             deaths = s("deaths_injecting");
  std::int64_t unexplained = 0, total_lost = 0;
  for (std::size_t t = 1; t < own.size(); ++t) {
    // Kits lost in step t-1 are no longer held in step t; each person who died in step t
    // took at most two kits (own and circle) with them.
    const std::int64_t fall = own[t - 1] + circle[t - 1] - own[t] - circle[t];
    unexplained += fall < lost[t - 1] || fall > lost[t - 1] + 2 * deaths[t];
    total_lost += lost[t - 1];
  }
  CHECK(unexplained == 0);
  CHECK(total_lost > 100);
}

TEST_CASE("deaths while injecting count exactly the people who died injecting") {
  // A dead person's use never changes again, so after each step the people alive before
  // it and dead after it, whose use is injecting, are those who died injecting. The dead
  // keep their slots, so their use can be read after the step.
  const Scenario s =
      small_community(20000, 2, 1, {{"opioid_use.share_injecting_initial", "0.05"}, {"run.compact_dead_share", "1"}});
  std::vector<std::uint8_t> alive;
  std::int64_t wrong = 0, counted = 0;
  step_through(
      s, {8, 0},
      [&](const Model& model) {
        alive.assign(&model.world().pop.alive[0], &model.world().pop.alive[0] + model.world().pop.size());
      },
      [&](const Model& model) {
        const World& w = model.world();
        if (w.step - 1 < w.burn_in_steps) return;  // the step just run was not reported
        std::int64_t died = 0;
        for (AgentId a = 0; a < alive.size(); ++a)
          died += alive[a] && !w.pop.alive[a] && use_of(w)[a] == Use::injecting;
        wrong += died != w.outcomes.series(w.outcomes.id("deaths_injecting")).back();
        counted += died;
      });
  CHECK(wrong == 0);
  CHECK(counted > 20);
}
