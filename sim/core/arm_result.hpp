// The result of an arm (one scenario over its replicates) as the summary, the CSV
// table and the result file need it: what was run, the outcomes declared, whole-run
// totals per replicate, and the work done.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/outcomes.hpp"
#include "core/run_settings.hpp"

namespace harmsim {

// Time a module spent in a phase.
struct PhaseSeconds {
  std::string module;
  std::string phase;
  double seconds = 0;
};

struct ArmResult {
  std::string name;
  std::string ini;  // the resolved scenario text; running it reproduces this result
  RunSettings run;
  std::vector<OutcomeSpec> outcomes;
  std::vector<RateSpec> rates;
  // totals[r][o]: whole-run total of outcome o in replicate r (Outcomes::total).
  std::vector<std::vector<double>> totals;

  // Memory one replicate needs at its peak (Model::replicate_memory).
  std::uint64_t replicate_memory = 0;

  // Work done and wall time spent, over all replicates (burn-in included).
  std::int64_t agent_steps = 0;  // agents alive at the start of each step, summed over steps
  double seconds_initialising = 0;
  double seconds_stepping = 0;
  std::vector<PhaseSeconds> phase_seconds;  // summed over replicates, modules in acting order

  std::size_t replicates() const { return totals.size(); }
  std::size_t outcome_index(const std::string& name) const;
  double total(std::size_t r, std::size_t o) const { return totals[r][o]; }
  // Rate k per 100 person-years over the whole run, in replicate r.
  double rate(std::size_t r, std::size_t k) const;
};

}  // namespace harmsim
