// A simulation: the world, the modules that act on it, and the weekly step that runs
// the phases listed in the README ("The model") in turn. Core knows no module: an
// assembly (sim/model/) declares them on the simulation's setup.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/arm_result.hpp"
#include "core/module.hpp"
#include "core/run_settings.hpp"
#include "core/setup.hpp"
#include "core/world.hpp"
#include "params/parameter.hpp"
#include "params/scenario.hpp"

namespace harmsim {

// A module as assembled: its name, and the modules it acts after within each phase
// (names absent from the simulation, such as services switched off, are ignored).
struct Component {
  std::string name;
  std::unique_ptr<Module> module;
  std::vector<std::string> after;
};

class Simulation {
 public:
  // Declares the modules on the setup and returns them in the order they were built.
  using Assembly = std::function<std::vector<Component>(Setup&)>;

  // With `scenario` null every parameter takes its default.
  Simulation(const Assembly& assemble, const Scenario* scenario, rng::Key key, std::size_t grain = 0);
  virtual ~Simulation();

  void initialise();
  void step();

  // Agents the run creates in all, and the memory one replicate needs at its peak:
  // every agent's variables, the groups' lists and the recorded series (the dominant terms).
  std::size_t planned_agents() const;
  std::uint64_t replicate_memory() const;

  const RunSettings& run() const { return run_; }
  World& world() { return world_; }
  const World& world() const { return world_; }
  const ParameterTable& table() const { return table_; }
  // The modules' names in the order they act within each phase.
  std::vector<std::string> acting_order() const;
  // The module built under `name`, or null.
  const Module* module(const std::string& name) const;
  // Wall-clock seconds each module has spent in each phase over the steps so far (one
  // clock read per module and phase a step: a few microseconds a step), and last the
  // releases of the slots of the dead ("population", "release of the dead").
  std::vector<PhaseSeconds> phase_seconds() const;

 private:
  // Runs phase `phase` (an index into the table of phases in simulation.cpp) of every
  // module, timing each.
  void each(std::size_t phase);
  // Releases the slots of the dead once they hold more than run.compact_dead_share of
  // them: every module maps what it holds, then the population moves.
  void release_the_dead();

  ParameterTable table_;
  World world_;
  RunSettings run_;
  std::vector<Component> modules_;  // in the order they act within a phase
  static constexpr std::size_t kPhases = 9;
  std::vector<std::array<double, kPhases>> seconds_;  // [module][phase]
  double seconds_releasing_ = 0;
};

}  // namespace harmsim
