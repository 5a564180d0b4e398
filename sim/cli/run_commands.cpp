// `harmsim run` and `harmsim compare`: one scenario, or several arms with common random
// numbers, then the summary, the HDF5 file and optionally a CSV table.
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/resources.hpp"
#include "model/model.hpp"
#include "output/atomic_file.hpp"
#include "output/hdf5_writer.hpp"
#include "output/summary_table.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"
#include "run/runner.hpp"

namespace harmsim::cli {

namespace fs = std::filesystem;

namespace {

std::string differences(const RunSettings& a, const RunSettings& b) {
  std::string out;
  const auto note = [&](const char* key, double x, double y) {
    if (x != y)
      out += std::string(out.empty() ? "" : ", ") + key + " " + text::format_exact(x) + " vs " + text::format_exact(y);
  };
  note("years", a.years, b.years);
  note("replicates", static_cast<double>(a.replicates), static_cast<double>(b.replicates));
  note("seed", static_cast<double>(a.seed), static_cast<double>(b.seed));
  note("start_year", a.start_year, b.start_year);
  note("burn_in_years", a.burn_in_years, b.burn_in_years);
  return out;
}

// The scenarios of the arms, which must share their [run] settings.
std::vector<Scenario> load_arms(const std::vector<std::string>& files, const ScenarioOptions& options) {
  const ParameterTable& table = Model::parameters();
  const auto from_command_line = overrides(options);
  std::vector<Scenario> scenarios;
  for (const auto& f : files) scenarios.push_back(Scenario::load(f, table, from_command_line));
  const RunSettings run = run_settings(scenarios.front());
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    const RunSettings other = run_settings(scenarios[i]);
    if (!(other == run))
      throw UsageError("arms must share their [run] settings so they share random numbers, but " +
                       text::excerpt(files[i]) + " differs from " + text::excerpt(files.front()) + ": " +
                       differences(run, other) +
                       ". Set them in a common base file or with --years/--replicates/--seed.");
  }
  return scenarios;
}

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

int simulate(const std::vector<std::string>& files, const RunOptions& options, const std::string& command_line,
             const fs::path& default_path) {
  const std::vector<Scenario> scenarios = load_arms(files, options.scenario);
  std::vector<ArmResult> arms;
  for (const auto& s : scenarios) arms.push_back(describe_arm(s));

  // An arena of exactly the requested size: --threads 4 runs 4 threads even on 2 cores.
  const int threads = options.threads.empty() ? tbb::info::default_concurrency()
                                              : static_cast<int>(whole_option("--threads", options.threads, 1, 1024));
  const std::size_t grain =
      options.grain.empty() ? 0 : static_cast<std::size_t>(whole_option("--grain-size", options.grain, 1, 100000000));

  // Every destination is checked, and the run's needs set against the room there,
  // before anything is created; then the temporary files are.
  const fs::path output_path = options.output.empty() ? default_path : fs::path(options.output);
  const fs::path destination = AtomicFile::resolve(output_path, "--output");
  if (!options.csv.empty()) AtomicFile::resolve(options.csv, "--csv");
  if (!options.scenario.no_resource_check) require_fit(estimate_need(arms, threads), room_for(destination));
  AtomicFile output(output_path, "--output");
  std::optional<AtomicFile> csv;
  if (!options.csv.empty()) csv.emplace(options.csv, "--csv");

  const RunSettings& run = arms.front().run;
  ProgressBar progress((run.burn_in_steps() + run.steps()) * run.replicates * static_cast<std::int64_t>(arms.size()),
                       !options.quiet);
  // A file that cannot be written during the run stops its writing, not the run: the
  // summary still prints, the old file stays as it was, and the exit status is 1.
  std::vector<std::string> failures;
  bool running = true;
  const auto attempt = [&](auto&& write) {
    try {
      write();
      return true;
    } catch (const OutputError& e) {
      failures.push_back(e.what());
      progress.clear();
      if (running) std::cerr << "harmsim: " << e.what() << "; the run goes on to print its summary.\n";
      return false;
    }
  };
  std::optional<Hdf5Writer> writer(std::in_place, output, arms, FileProvenance{command_line});
  const auto store = [&](auto&& write) {
    if (writer && !attempt(write)) writer.reset();
  };

  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      progress.set_label(scenarios[i].name());
      arms[i] = run_arm(
          scenarios[i], grain, [&] { progress.advance(); },
          [&](std::size_t r, const Outcomes& outcomes) { store([&] { writer->write_replicate(i, r, outcomes); }); });
    }
  });
  running = false;
  store([&] {
    writer->finish(arms);
    output.commit();
  });
  if (csv)
    attempt([&] {
      csv->write(summary_csv(arms));
      csv->commit();
    });

  print_summary(std::cout, arms);
  if (output.committed()) std::cout << "\nResults: " << output.shown() << "\n";
  std::cout.flush();
  print_performance(arms);
  if (!failures.empty()) {
    std::string message;
    for (const auto& f : failures) message += (message.empty() ? "" : "; ") + f;
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
