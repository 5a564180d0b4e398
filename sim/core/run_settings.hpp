// The [run] section: how long, how many replicates, which seed, the burn-in, and when
// the slots of the dead are released.
#pragma once

#include <cstdint>

#include "core/setup.hpp"

namespace harmsim {

struct RunSettings {
  double years = 0;
  std::int64_t replicates = 0;
  std::uint64_t seed = 0;
  double start_year = 0;
  double burn_in_years = 0;
  double compact_dead_share = 0;

  static RunSettings declare(Setup& setup);

  std::int64_t steps() const;          // reported steps
  std::int64_t burn_in_steps() const;  // steps before time 0
  bool operator==(const RunSettings&) const = default;
};

// The [run] settings of a scenario, read without building any module.
RunSettings run_settings(const Scenario& scenario);

}  // namespace harmsim
