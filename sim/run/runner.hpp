// Runs the replicates of one scenario (an arm). Each replicate's series go to a sink as
// soon as it finishes (the result file), so memory does not grow with replicates; the
// arm keeps only whole-run totals, for the summary table.
// Replicate r draws from key (seed, r) in every arm, so arms share random numbers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/arm_result.hpp"
#include "core/outcomes.hpp"
#include "params/scenario.hpp"

namespace harmsim {

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
