// The model: the modules of a community, assembled in a fixed order, and the weekly
// step that runs the phases listed in the README ("The model") in turn.
#pragma once

#include <memory>
#include <vector>

#include "core/module.hpp"
#include "core/run_settings.hpp"
#include "core/world.hpp"
#include "params/parameter.hpp"
#include "params/scenario.hpp"

namespace harmsim {

class Model {
 public:
  // With `scenario` null every parameter takes its default.
  Model(const Scenario* scenario, rng::Key key, std::size_t grain = 0);
  ~Model();

  // Every parameter any module declares (built once, on first use).
  static const ParameterTable& parameters();

  void initialise();
  void step();

  // Agents the run creates in all, and the memory one replicate needs at its peak:
  // every agent's variables and the recorded series (the dominant terms).
  std::size_t planned_agents() const;
  std::uint64_t replicate_memory() const;

  const RunSettings& run() const { return run_; }
  World& world() { return world_; }
  const World& world() const { return world_; }

 private:
  void each(void (Module::*phase)(World&));

  ParameterTable table_;
  World world_;
  RunSettings run_;
  std::vector<std::unique_ptr<Module>> modules_;  // in the order they act within a phase
};

// The [run] settings of a scenario.
RunSettings run_settings(const Scenario& scenario);

}  // namespace harmsim
