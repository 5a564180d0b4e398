// Reproducibility: bit-identical results whatever the thread count or partitioning, and
// common random numbers across arms.
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

namespace {
Scenario busy_community() {
  // Busy enough that every module acts every step: many users, partnerships and kits;
  // and every part of the delivery: a waiting list, referrals in both kinds of service,
  // an expression no group confines (so everyone is tested, in parallel blocks) and one
  // over recent overdoses.
  return small_community(6000, 1, 2,
                         {{"opioid_use.share_injecting_initial", "0.08"},
                          {"opioid_use.share_noninjecting_initial", "0.05"},
                          {"naloxone.kits_per_100k_per_year", "5000"},
                          {"naloxone.eligible", "using_opioids or (age < 25 and female)"},
                          {"ssp.capacity_clients", "150"},
                          {"ssp.refer_to", "naloxone"},
                          {"ssp.p_refer", "0.5"},
                          {"outreach.enabled", "true"},
                          {"outreach.eligible", "using_opioids and (overdose_within(8) or age < 40)"}});
}
}  // namespace

namespace {
// Runs in an arena of exactly `threads` threads (more than the cores, if asked).
Recorded run_with_threads(const Scenario& s, int threads, std::size_t grain) {
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  Recorded result;
  arena.execute([&] {
    REQUIRE(tbb::this_task_arena::max_concurrency() == threads);
    result = run_recorded(s, grain);
  });
  return result;
}
}  // namespace

TEST_CASE("results are bit-identical with 1, 2 and 4 threads and any TBB grain size") {
  const Scenario s = busy_community();
  const Recorded reference = run_with_threads(s, 1, 0);
  REQUIRE(totals(reference.arm, "overdoses_nonfatal")[0] > 0);
  REQUIRE(totals(reference.arm, "hcv_infections")[0] > 0);
  REQUIRE(totals(reference.arm, "ssp_waiting")[0] > 0);
  REQUIRE(sum_of(reference.arm, "naloxone_served_from_waiting") > 0);
  REQUIRE(sum_of(reference.arm, "outreach_referrals") > 0);
  for (int threads : {2, 4})
    for (std::size_t grain : {std::size_t{0}, std::size_t{1}, std::size_t{37}, std::size_t{100000}}) {
      const Recorded other = run_with_threads(s, threads, grain);
      INFO("threads " << threads << ", grain " << grain);
      CHECK(other.series == reference.series);
    }
}

TEST_CASE("an arm compared with itself differs by exactly zero") {
  const Scenario s = busy_community();
  CHECK(run_recorded(s).series == run_recorded(s).series);
}

TEST_CASE("common random numbers: paired differences of a naloxone-only change vary far less than unpaired ones") {
  // The change starts at time 0, so every arm shares the burn-in draw for draw; it is
  // modest (double the kits), so few overdoses turn out differently.
  const int R = 16;
  const Settings base = {{"naloxone.kits_per_100k_per_year", "280"}};
  const Settings more = {{"naloxone.kits_per_100k_per_year", "280 @ 0w, 560 @ 0w"}};
  Settings more_other_seed = more;
  more_other_seed.emplace_back("run.seed", "999");
  const auto b = totals(run_arm(small_community(20000, 3, R, base)), "overdose_deaths");
  const auto a = totals(run_arm(small_community(20000, 3, R, more)), "overdose_deaths");
  const auto u = totals(run_arm(small_community(20000, 3, R, more_other_seed)), "overdose_deaths");
  std::vector<double> paired, unpaired;
  for (int r = 0; r < R; ++r) {
    paired.push_back(b[r] - a[r]);
    unpaired.push_back(b[r] - u[r]);
  }
  INFO("paired sd " << standard_deviation(paired) << ", unpaired sd " << standard_deviation(unpaired));
  // Unpaired differences carry the whole between-replicate variance of both arms; paired
  // ones only that of the few overdoses the extra kits change: measured, 0.5 against 8.5
  // (ratio 0.06). With pairing broken the two would have the same variance, and the
  // ratio of two sample variances of 15 degrees of freedom falls below 0.25 (an SD ratio
  // of 0.5) with probability F(15, 15) < 0.25, about 0.5%.
  CHECK(standard_deviation(paired) < 0.5 * standard_deviation(unpaired));
}

TEST_CASE("burn-in and arms share draws: a change that starts at time 0 leaves the burn-in identical") {
  // Same burn-in values, different policy after time 0: the first reported week can
  // differ only through the policy, which acts from the services phase on.
  const Scenario base = small_community(5000, 0.5, 1, {{"run.burn_in_years", "1"}});
  const Scenario arm =
      small_community(5000, 0.5, 1, {{"run.burn_in_years", "1"}, {"ssp.coverage", "0.55 @ 0y, 0.55 @ 20w, 0.9 @ 20w"}});
  const Recorded a = run_recorded(base), b = run_recorded(arm);
  const std::size_t alive = a.arm.outcome_index("population_alive");
  const std::size_t clients = a.arm.outcome_index("ssp_clients");
  for (std::size_t t = 0; t < 20; ++t) {
    CHECK(a.series[0][alive][t] == b.series[0][alive][t]);
    CHECK(a.series[0][clients][t] == b.series[0][clients][t]);
  }
  CHECK(a.series[0][clients].back() < b.series[0][clients].back());
}
