// A count of the living in some state (people living with HIV, say), kept up to date at
// each transition instead of recounted by a pass over everyone: the module that owns
// the state adds people as they enter it and removes them as they leave, and once a
// step, after its last death, the step's dead who were in the state leave it
// (Population::died).
#pragma once

#include <cstdint>

#include "core/world.hpp"

namespace harmsim {

class Stock {
 public:
  void add(std::int64_t n) { n_ += n; }
  // Removes the step's dead for whom `in_state(a)` holds; once a step, after every death.
  template <class InState>
  void lose_dead(const World& w, InState&& in_state) {
    for (AgentId a : w.pop.died()) n_ -= in_state(a) ? 1 : 0;
  }
  std::int64_t count() const { return n_; }

 private:
  std::int64_t n_ = 0;
};

}  // namespace harmsim
