#include "run/runner.hpp"

#include <chrono>
#include <stdexcept>

#include "model/model.hpp"

namespace harmsim {

ArmResult describe_arm(const Scenario& scenario) {
  const Model model(&scenario, rng::Key{});
  ArmResult arm;
  arm.name = scenario.name();
  arm.ini = scenario.resolved_text(false);
  arm.run = model.run();
  arm.outcomes = model.world().outcomes.specs();
  arm.rates = model.world().outcomes.rates();
  arm.replicate_memory = model.replicate_memory();
  return arm;
}

namespace {

// Adds one replicate's times to the arm's (the same modules and phases in every replicate).
void add_phase_seconds(std::vector<PhaseSeconds>& sum, const std::vector<PhaseSeconds>& replicate) {
  if (sum.empty()) {
    sum = replicate;
    return;
  }
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i].seconds += replicate[i].seconds;
}

}  // namespace

ArmResult run_arm(const Scenario& scenario, std::size_t grain, const StepObserver& observer,
                  const ReplicateSink& sink) {
  ArmResult result = describe_arm(scenario);
  for (std::int64_t r = 0; r < result.run.replicates; ++r) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    Model model(&scenario, rng::Key{result.run.seed, static_cast<std::uint64_t>(r)}, grain);
    model.initialise();
    const auto initialised = Clock::now();
    const std::int64_t steps = result.run.burn_in_steps() + result.run.steps();
    const Population& pop = model.world().pop;
    for (std::int64_t t = 0; t < steps; ++t) {
      result.agent_steps += pop.living();
      model.step();
      if (observer) observer();
    }
    result.seconds_initialising += std::chrono::duration<double>(initialised - start).count();
    result.seconds_stepping += std::chrono::duration<double>(Clock::now() - initialised).count();
    add_phase_seconds(result.phase_seconds, model.phase_seconds());
    const Outcomes& out = model.world().outcomes;
    std::vector<double> totals;
    for (std::size_t o = 0; o < out.specs().size(); ++o) totals.push_back(out.total(o));
    result.totals.push_back(std::move(totals));
    if (sink) sink(static_cast<std::size_t>(r), out);
  }
  return result;
}

}  // namespace harmsim
