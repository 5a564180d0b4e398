// Runs the replicates of one scenario (an arm). Each replicate's series go to a sink as
// soon as it finishes (the result file), so memory does not grow with replicates; the
// arm keeps only whole-run totals, for the summary table.
// Replicate r draws from key (seed, r) in every arm, so arms share random numbers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/outcomes.hpp"
#include "core/run_settings.hpp"
#include "params/scenario.hpp"

namespace harmsim {

struct ArmResult {
  std::string name;
  std::string ini;  // the resolved scenario text; running it reproduces this result
  RunSettings run;
  std::vector<OutcomeSpec> outcomes;
  std::vector<RateSpec> rates;
  // totals[r][o]: whole-run total of outcome o in replicate r (Outcomes::total).
  std::vector<std::vector<double>> totals;

  // Memory one replicate needs at its peak (Model::replicate_memory).
  std::uint64_t replicate_memory = 0;

  // Work done and wall time spent, over all replicates (burn-in included).
  std::int64_t agent_steps = 0;  // agents alive at the start of each step, summed over steps
  double seconds_initialising = 0;
  double seconds_stepping = 0;

  std::size_t replicates() const { return totals.size(); }
  std::size_t outcome_index(const std::string& name) const;
  double total(std::size_t r, std::size_t o) const { return totals[r][o]; }
  // Rate k per 100 person-years over the whole run, in replicate r.
  double rate(std::size_t r, std::size_t k) const;
};

// Called after every simulated step, from the thread that ran it.
using StepObserver = std::function<void()>;
// Called with each replicate's recorded outcomes as soon as it finishes.
using ReplicateSink = std::function<void(std::size_t replicate, const Outcomes& outcomes)>;

// The arm before it runs: name, scenario text, run settings, and the outcomes and rates
// its model declares; no totals yet.
ArmResult describe_arm(const Scenario& scenario);

// Runs every replicate of the arm.
ArmResult run_arm(const Scenario& scenario, std::size_t grain = 0, const StepObserver& observer = {},
                  const ReplicateSink& sink = {});

}  // namespace harmsim
