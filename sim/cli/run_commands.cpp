// `harmsim run` and `harmsim compare`: one scenario, or several arms with common random
// numbers, then the summary, the HDF5 file and optionally a CSV table.
#include <tbb/info.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "output/summary_table.hpp"
#include "params/errors.hpp"
#include "run/study.hpp"

namespace harmsim::cli {

namespace fs = std::filesystem;

namespace {

void print_performance(const std::vector<ArmResult>& arms) {
  std::int64_t agent_steps = 0;
  double stepping = 0, initialising = 0;
  for (const auto& a : arms) {
    agent_steps += a.agent_steps;
    stepping += a.seconds_stepping;
    initialising += a.seconds_initialising;
  }
  std::printf(
      "Performance: %lld agent-steps in %.3f s of stepping (%.1f million agent-steps/s); "
      "initialisation %.3f s.\n",
      static_cast<long long>(agent_steps), stepping, stepping > 0 ? agent_steps / stepping / 1e6 : 0.0, initialising);
}

// The time each module spent in each phase, over every arm, largest first; those under
// 0.5% each are summed into one line.
void print_profile(const std::vector<ArmResult>& arms) {
  std::map<std::pair<std::string, std::string>, double> seconds;
  double total = 0;
  for (const auto& a : arms)
    for (const auto& p : a.phase_seconds) {
      seconds[{p.module, p.phase}] += p.seconds;
      total += p.seconds;
    }
  std::vector<std::pair<double, std::string>> rows;
  for (const auto& [where, s] : seconds) rows.emplace_back(s, where.first + " / " + where.second);
  std::sort(rows.rbegin(), rows.rend());
  std::printf("Time by module and phase (%.3f s of stepping):\n", total);
  double rest = 0;
  for (const auto& [s, where] : rows) {
    if (s < 0.005 * total) {
      rest += s;
      continue;
    }
    std::printf("  %-40s %9.3f s %6.1f%%\n", where.c_str(), s, total > 0 ? 100 * s / total : 0.0);
  }
  std::printf("  %-40s %9.3f s %6.1f%%\n", "(all others)", rest, total > 0 ? 100 * rest / total : 0.0);
}

int simulate(const std::vector<std::string>& files, const RunOptions& options, const std::string& command_line,
             const fs::path& default_path) {
  const std::vector<Scenario> scenarios = load_arms(files, overrides(options.scenario));
  StudyOptions study;
  // An arena of exactly the requested size: --threads 4 runs 4 threads even on 2 cores.
  study.threads = options.threads.empty() ? tbb::info::default_concurrency()
                                          : static_cast<int>(whole_option("--threads", options.threads, 1, 1024));
  study.grain =
      options.grain.empty() ? 0 : static_cast<std::size_t>(whole_option("--grain-size", options.grain, 1, 100000000));
  study.output = options.output.empty() ? default_path : fs::path(options.output);
  study.csv = options.csv;
  study.check_resources = !options.scenario.no_resource_check;
  study.command_line = command_line;

  std::optional<ProgressBar> progress;
  StudyEvents events;
  events.started = [&](std::int64_t steps) { progress.emplace(steps, !options.quiet); };
  events.arm_started = [&](const std::string& arm) { progress->set_label(arm); };
  events.stepped = [&] { progress->advance(); };
  events.write_failed = [&](const std::string& message) {
    progress->clear();
    std::cerr << "harmsim: " << message << "; the run goes on to print its summary.\n";
  };
  const StudyResult result = run_study(scenarios, study, events);
  progress.reset();

  print_summary(std::cout, result.arms);
  if (!result.output_shown.empty()) std::cout << "\nResults: " << result.output_shown << "\n";
  std::cout.flush();
  print_performance(result.arms);
  if (options.profile) print_profile(result.arms);
  if (!result.failures.empty()) {
    std::string message;
    for (const auto& f : result.failures) message += (message.empty() ? "" : "; ") + f;
    throw std::runtime_error(message);
  }
  return 0;
}

}  // namespace

int run_command(int argc, const char* const argv[], const std::string& command_line) {
  RunOptions options;
  po::options_description d("Options");
  add_run_options(d, options);
  std::vector<std::string> files;
  if (!parse(argc, argv, "harmsim run SCENARIO.ini [options]", d, files)) return 0;
  if (files.size() != 1)
    throw UsageError("harmsim run takes exactly one scenario file (given " + std::to_string(files.size()) +
                     "); to run several arms use harmsim compare BASE.ini ARM.ini ...");
  return simulate(files, options, command_line, default_output(files.front()));
}

int compare_command(int argc, const char* const argv[], const std::string& command_line) {
  RunOptions options;
  po::options_description d("Options (--set applies to every arm)");
  add_run_options(d, options);
  std::vector<std::string> files;
  if (!parse(argc, argv, "harmsim compare BASE.ini ARM.ini [ARM.ini ...] [options]", d, files)) return 0;
  if (files.size() < 2)
    throw UsageError("harmsim compare needs a base scenario and at least one arm (given " +
                     std::to_string(files.size()) + ").");
  return simulate(files, options, command_line, default_output(files.front(), "-compare"));
}

}  // namespace harmsim::cli
