// What a run will need, set against what this machine allows. Checked before anything
// runs, so a run that cannot fit is refused at once (exit 2, with the estimate) rather
// than failing hours later; --no-resource-check runs it anyway.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/runner.hpp"

namespace harmsim::cli {

struct ResourceNeed {
  std::uint64_t memory = 0;  // peak resident memory, bytes
  std::uint64_t disk = 0;    // size of the result file, bytes
};

// For `arms` as described before they run (describe_arm).
ResourceNeed estimate_need(const std::vector<ArmResult>& arms);

// One line each for memory and disk: the need and what is available for a result file
// at `output`.
std::string describe(const ResourceNeed& need, const std::filesystem::path& output);

// Throws UsageError naming the need, the limit and what to lower, if the run does not fit.
void require_fit(const ResourceNeed& need, const std::filesystem::path& output);

}  // namespace harmsim::cli
