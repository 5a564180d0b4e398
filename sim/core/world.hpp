// What every phase of a step sees: the population, the outcome counters, the clock,
// the groups of agents that modules publish, and where services send referrals.
#pragma once

#include <cstdint>
#include <vector>

#include "core/groups.hpp"
#include "core/outcomes.hpp"
#include "core/population.hpp"
#include "core/referrals.hpp"
#include "units/time.hpp"

namespace harmsim {

struct World {
  Population pop;
  Outcomes outcomes;
  std::int64_t step = 0;           // internal step; 0 is the start of the burn-in
  std::int64_t burn_in_steps = 0;  // steps simulated before time 0 and not reported
  std::int64_t last_step = 0;      // the run's steps are 0 .. last_step - 1, burn-in included
  std::size_t grain = 0;           // TBB grain size for agent loops; 0 = automatic

  Groups groups;
  Referrals referrals;

  // Weeks since time 0 at the start of this step (negative during the burn-in).
  double week() const { return static_cast<double>(step - burn_in_steps); }
  bool reporting() const { return step >= burn_in_steps; }
  // Age in whole years at the start of this step.
  int age(AgentId a) const { return static_cast<int>((step - pop.birth_step[a]) / kStepsPerYear); }
};

// The members of a group still alive (a group lists the dead until its publisher next
// refreshes it).
inline std::int64_t living(const World& w, const Group& group) {
  std::int64_t n = 0;
  for (AgentId a : group) n += w.pop.alive[a];
  return n;
}

}  // namespace harmsim
