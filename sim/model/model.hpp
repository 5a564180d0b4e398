// The model of a community: its behaviour and disease modules, built in the order in
// which each reads those before it, then the services its scenario switches on.
#pragma once

#include "core/simulation.hpp"

namespace harmsim {

class Model final : public Simulation {
 public:
  // With `scenario` null every parameter takes its default.
  Model(const Scenario* scenario, rng::Key key, std::size_t grain = 0);

  // Every parameter any module or service declares (built once, on first use).
  static const ParameterTable& parameters();
  // The terms eligibility expressions may use: the built-in ones and every group or
  // condition a module or any service publishes, by name, for their names and
  // descriptions (built once, on first use; their tests are not kept).
  static const std::vector<Term>& vocabulary();
};

}  // namespace harmsim
