// Every service harmsim offers, registered by name. A service is one file pair under
// sim/interventions/ and one line in services.cpp; a scenario switches it on with
// `[name] enabled = true` (README, "Adding a service").
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/community.hpp"

namespace harmsim {

struct ServiceEntry {
  std::string name;                // its scenario section, e.g. "ssp"
  bool enabled_by_default;         // part of the status quo the defaults describe
  std::vector<std::string> after;  // services it acts after within a phase
  std::function<std::unique_ptr<Module>(Setup&, Community&)> make;
};

// In the order they act within a phase, unless one names others to act after.
const std::vector<ServiceEntry>& services();

}  // namespace harmsim
