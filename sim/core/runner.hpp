// Runs the replicates of one scenario (an arm) and keeps every outcome's series.
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
  // series[r][o][t]: replicate r, outcome o, reported step t (person-time in person-weeks).
  std::vector<std::vector<std::vector<std::int64_t>>> series;

  // Work done and wall time spent, over all replicates (burn-in included).
  std::int64_t agent_steps = 0;  // agents alive at the start of each step, summed over steps
  double seconds_initialising = 0;
  double seconds_stepping = 0;

  std::size_t outcome_index(const std::string& name) const;
  // Whole-run total of outcome o in replicate r: flows and person-time summed (person-time
  // in person-years), stocks at the last step.
  double total(std::size_t r, std::size_t o) const;
  // Rate k per 100 person-years over the whole run, in replicate r.
  double rate(std::size_t r, std::size_t k) const;
};

// Called after every simulated step, from the thread that ran it.
using StepObserver = std::function<void()>;

ArmResult run_arm(const Scenario& scenario, std::size_t grain = 0, const StepObserver& observer = {});

}  // namespace harmsim
