// Named groups of agents that modules publish (people using opioids, people injecting,
// SSP clients, ...), so that other modules and services find them by name and core
// knows none of them. A group lists its members in ascending id order as its publisher
// last refreshed it; members who died since are still listed, so readers check `alive`.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/population.hpp"

namespace harmsim {

using Group = std::vector<AgentId>;

class Groups {
 public:
  // The group `name`, which the caller alone keeps up to date.
  Group& publish(const std::string& name) {
    auto [it, fresh] = groups_.emplace(name, std::make_unique<Group>());
    if (!fresh) throw std::logic_error("group published twice: " + name);
    return *it->second;
  }
  // A published group, or null if no module publishes it (e.g. a service switched off).
  const Group* find(const std::string& name) const {
    const auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : it->second.get();
  }
  const Group& get(const std::string& name) const {
    const Group* g = find(name);
    if (!g) throw std::logic_error("no module publishes the group " + name);
    return *g;
  }

 private:
  std::map<std::string, std::unique_ptr<Group>> groups_;  // stable addresses
};

}  // namespace harmsim
