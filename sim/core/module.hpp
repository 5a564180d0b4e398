// The module interface. A module declares, in its constructor and through Setup, its
// parameters, the agent variables it owns, its outcomes and its random streams; then it
// acts in any of the fixed phases of a step (README, "The model"). A phase it does not
// override does nothing.
#pragma once

#include <cstdint>

#include "core/world.hpp"

namespace harmsim {

class Module {
 public:
  virtual ~Module() = default;

  // Agents this module creates over a run of `steps` steps (initial and entering), so
  // the population can reserve room for all of them at the start.
  virtual std::size_t agents_created(std::int64_t /*steps*/) const { return 0; }
  // Memory the module holds outside the population's variables at most, with `agents`
  // agents (e.g. a table of the people in a network, were everyone in it).
  virtual std::size_t memory(std::size_t /*agents*/) const { return 0; }

  // Once every module is built, before any agent exists: finds what other modules
  // published (groups, referral desks) and checks what could not be checked alone.
  virtual void connect(World&) {}

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

  // After a step, when the population releases the slots of the dead: maps every slot
  // the module holds outside the population's variables and published groups (which
  // move by themselves), e.g. calendars, private lists and partners' slots, and forgets
  // the dead. Called before the arrays move, so the old slots can still be read.
  virtual void relocate(World&, const Relocation&) {}
};

}  // namespace harmsim
