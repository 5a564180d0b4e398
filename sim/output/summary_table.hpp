// The summary printed after `run` and `compare`, and its CSV twin: for each headline
// outcome (whole-run totals of flows, end-of-run stocks) and each rate, the mean over
// replicates with its 95% t-interval and the 2.5-97.5% range; in a comparison, the
// paired difference from the first arm ("averted" = first arm minus this arm).
#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

#include "core/arm_result.hpp"

namespace harmsim {

void print_summary(std::ostream& out, const std::vector<ArmResult>& arms);
std::string summary_csv(const std::vector<ArmResult>& arms);

}  // namespace harmsim
