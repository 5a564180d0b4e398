#include "core/runner.hpp"

#include <chrono>
#include <stdexcept>

#include "core/model.hpp"
#include "core/time.hpp"

namespace harmsim {

std::size_t ArmResult::outcome_index(const std::string& name) const {
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].name == name) return i;
  throw std::out_of_range("no outcome named " + name);
}

double ArmResult::total(std::size_t r, std::size_t o) const {
  const auto& s = series[r][o];
  if (s.empty()) return 0;
  switch (outcomes[o].measure) {
    case Measure::stock:
      return static_cast<double>(s.back());
    case Measure::person_time: {
      std::int64_t weeks = 0;
      for (auto v : s) weeks += v;
      return static_cast<double>(weeks) / kStepsPerYear;
    }
    case Measure::flow:
      break;
  }
  std::int64_t sum = 0;
  for (auto v : s) sum += v;
  return static_cast<double>(sum);
}

double ArmResult::rate(std::size_t r, std::size_t k) const {
  const double person_years = total(r, outcome_index(rates[k].denominator));
  return person_years > 0 ? 100.0 * total(r, outcome_index(rates[k].numerator)) / person_years : 0.0;
}

ArmResult run_arm(const Scenario& scenario, std::size_t grain, const StepObserver& observer) {
  ArmResult result;
  result.name = scenario.name();
  result.ini = scenario.resolved_text(false);
  result.run = run_settings(scenario);
  for (std::int64_t r = 0; r < result.run.replicates; ++r) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    Model model(&scenario, rng::Key{result.run.seed, static_cast<std::uint64_t>(r)}, grain);
    model.initialise();
    const auto initialised = Clock::now();
    const std::int64_t steps = result.run.burn_in_steps() + result.run.steps();
    const Population& pop = model.world().pop;
    for (std::int64_t t = 0; t < steps; ++t) {
      result.agent_steps += static_cast<std::int64_t>(pop.size()) - pop.deaths();
      model.step();
      if (observer) observer();
    }
    result.seconds_initialising += std::chrono::duration<double>(initialised - start).count();
    result.seconds_stepping += std::chrono::duration<double>(Clock::now() - initialised).count();
    const Outcomes& out = model.world().outcomes;
    if (r == 0) {
      result.outcomes = out.specs();
      result.rates = out.rates();
    }
    std::vector<std::vector<std::int64_t>> series;
    for (std::size_t o = 0; o < out.specs().size(); ++o) series.push_back(out.series(o));
    result.series.push_back(std::move(series));
  }
  return result;
}

}  // namespace harmsim
