// The module interface. A module declares, in its constructor and through Setup, its
// parameters, the agent variables it owns, its outcomes and its random streams; then it
// acts in any of the fixed phases of a step (DESIGN.md section 3). A phase it does not
// override does nothing.
#pragma once

#include "core/world.hpp"

namespace harmsim {

class Module {
 public:
  virtual ~Module() = default;

  virtual void initialise(World&) {}

  virtual void demography(World&) {}
  virtual void substance_use(World&) {}
  virtual void networks(World&) {}
  virtual void services(World&) {}
  virtual void transmission(World&) {}
  virtual void overdose(World&) {}
  virtual void progression(World&) {}
  virtual void accounting(World&) {}
  virtual void cleanup(World&) {}
};

}  // namespace harmsim
