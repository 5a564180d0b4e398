// A per-agent multiplier through which services change a module's rate or probability
// (the plug-in rule, README "Adding a service"). The module that owns the mechanism
// declares the modifier and multiplies it in; a service never reaches into the module.
// Each service that changes a modifier writes its own lane (one float per agent, 1
// where it does not act), so services never overwrite one another, and the modifier is
// the product of its lanes in the order the services were added. A modifier no service
// writes holds no memory and reads as exactly 1.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/population.hpp"

namespace harmsim {

class Modifier {
 public:
  explicit Modifier(std::string name) : name_(std::move(name)) {}
  Modifier(const Modifier&) = delete;
  Modifier& operator=(const Modifier&) = delete;

  const std::string& name() const { return name_; }
  bool active() const { return !lanes_.empty(); }
  double at(AgentId a) const {
    double m = 1;
    for (const State<float>* lane : lanes_) m *= (*lane)[a];
    return m;
  }

  // A new lane for the service `writer`, declared in the population, 1 for everyone.
  State<float>& add_lane(Population& pop, const std::string& writer) {
    State<float>& lane = pop.declare<float>(name_ + "[" + writer + "]", 1.0f);
    lanes_.push_back(&lane);
    return lane;
  }

 private:
  std::string name_;
  std::vector<const State<float>*> lanes_;
};

}  // namespace harmsim
