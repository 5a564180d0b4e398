// A study: the arms of a run or a comparison, run with common random numbers on a
// fixed number of threads into one result file (and optionally the summary as CSV).
// Shared by `harmsim run` and `harmsim compare`, and by the commands to come.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/arm_result.hpp"
#include "params/scenario.hpp"

namespace harmsim {

// The scenarios of the arms, which must share their [run] settings so that replicate r
// of every arm draws the same random numbers; UsageError naming the difference if not.
std::vector<Scenario> load_arms(const std::vector<std::string>& files, const std::vector<Override>& overrides);

struct StudyOptions {
  int threads = 1;               // exactly this many, even beyond the cores
  std::size_t grain = 0;         // TBB grain size for agent loops; 0 = automatic
  std::filesystem::path output;  // the result file, replaced only by a complete new one
  std::filesystem::path csv;     // the summary as CSV; empty = none
  bool check_resources = true;   // refuse up front a run that cannot fit (UsageError)
  std::string command_line;      // stored in the result file
};

// What the study tells its caller as it goes, all from the calling thread or a task.
struct StudyEvents {
  std::function<void(std::int64_t steps)> started;          // steps in all (every arm and replicate)
  std::function<void(const std::string& arm)> arm_started;  // before each arm's replicates
  std::function<void()> stepped;                            // after every simulated step
  // A file could not be written: the study goes on to finish the arms, and reports it.
  std::function<void(const std::string& message)> write_failed;
};

struct StudyResult {
  std::vector<ArmResult> arms;
  std::string output_shown;           // the result file as named to the user, if it was written
  std::vector<std::string> failures;  // writing failures (the run itself finished)
};

// Runs every arm; throws UsageError before anything is created if a destination is
// unusable or the run does not fit the machine.
StudyResult run_study(const std::vector<Scenario>& arms, const StudyOptions& options, const StudyEvents& events = {});

}  // namespace harmsim
