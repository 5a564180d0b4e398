// A per-agent multiplier through which services change a module's rate or probability
// (the plug-in rule, README "Services are plug-ins"). The module that owns the
// mechanism declares the modifier and multiplies it in; a service never reaches into
// the module. Each service that changes a modifier writes its own lane, so services
// never overwrite one another, and the modifier is the product of its lanes in the
// order the services were added. A modifier no service writes holds no memory and
// reads as exactly 1.
//
// A lane holds one byte per agent, an index into the few distinct factors its service
// uses (declared while the service is built: one per effect, or one per week of a
// schedule of effects). A lane costs what a flag costs, and each factor is held exactly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/population.hpp"
#include "units/time.hpp"

namespace harmsim {

class ModifierLane {
 public:
  using Level = std::uint8_t;
  static constexpr Level kOne = 0;  // no effect: the factor 1

  explicit ModifierLane(State<Level>& levels) : levels_(levels), factors_{1.0} {}

  // The level of `factor`, declared while the service is built (not thread-safe).
  Level level(double factor) {
    for (std::size_t k = 0; k < factors_.size(); ++k)
      if (factors_[k] == factor) return static_cast<Level>(k);
    if (factors_.size() > 255) throw std::logic_error("a modifier lane holds at most 256 distinct factors");
    factors_.push_back(factor);
    return static_cast<Level>(factors_.size() - 1);
  }
  // Thread-safe for different agents.
  void set(AgentId a, Level level) { levels_[a] = level; }
  double operator[](AgentId a) const { return factors_[levels_[a]]; }
  const std::vector<double>& factors() const { return factors_; }

 private:
  State<Level>& levels_;
  std::vector<double> factors_;
};

class Modifier {
 public:
  explicit Modifier(std::string name) : name_(std::move(name)) {}
  Modifier(const Modifier&) = delete;
  Modifier& operator=(const Modifier&) = delete;

  const std::string& name() const { return name_; }
  double at(AgentId a) const {
    double m = 1;
    for (const auto& lane : lanes_) m *= (*lane)[a];
    return m;
  }

  // Every value at() can return, ascending and each once: the products, in lane order,
  // of one factor of each lane (so each equals at()'s bit for bit). A module computes
  // what it derives from the modifier once per value (e.g. a weekly chance) instead of
  // once per agent and week.
  std::vector<double> values() const {
    std::vector<double> out = {1.0};
    for (const auto& lane : lanes_) {
      std::vector<double> next;
      for (double m : out)
        for (double f : lane->factors()) next.push_back(m * f);
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      out = std::move(next);
    }
    return out;
  }

  // A new lane for the service `writer`, its levels declared in the population, every
  // agent at kOne.
  ModifierLane& add_lane(Population& pop, const std::string& writer) {
    auto& levels = pop.declare<ModifierLane::Level>(name_ + "[" + writer + "]", ModifierLane::kOne);
    lanes_.push_back(std::make_unique<ModifierLane>(levels));
    return *lanes_.back();
  }

 private:
  std::string name_;
  std::vector<std::unique_ptr<ModifierLane>> lanes_;
};

// The weekly chance 1 - exp(-rate m dt) of an event whose yearly rate a modifier m
// scales, computed once for every value m can take (prepare(), once the services have
// declared their factors) and looked up per person: no expm1 per person and week.
class ModifiedChance {
 public:
  explicit ModifiedChance(const Modifier& modifier) : modifier_(modifier) {}

  void prepare(double rate_per_year) {
    chances_.clear();
    for (double m : modifier_.values()) chances_.emplace_back(m, step_probability(rate_per_year * m));
  }
  double at(AgentId a) const {
    const double m = modifier_.at(a);
    for (const auto& [value, chance] : chances_)
      if (value == m) return chance;
    undeclared();
  }

 private:
  // Out of line, so the look-up stays small enough to inline into agent loops.
  [[noreturn, gnu::cold, gnu::noinline]] void undeclared() const {
    throw std::logic_error("a factor of " + modifier_.name() + " was declared after prepare()");
  }

  const Modifier& modifier_;
  std::vector<std::pair<double, double>> chances_;  // (modifier value, weekly chance)
};

}  // namespace harmsim
