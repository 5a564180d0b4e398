#include "run/study.hpp"

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <optional>

#include "model/model.hpp"
#include "output/atomic_file.hpp"
#include "output/hdf5_writer.hpp"
#include "output/summary_table.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"
#include "run/resources.hpp"
#include "run/runner.hpp"

namespace harmsim {

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

}  // namespace

std::vector<Scenario> load_arms(const std::vector<std::string>& files, const std::vector<Override>& overrides) {
  const ParameterTable& table = Model::parameters();
  std::vector<Scenario> scenarios;
  for (const auto& f : files) scenarios.push_back(Scenario::load(f, table, overrides));
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

StudyResult run_study(const std::vector<Scenario>& scenarios, const StudyOptions& options, const StudyEvents& events) {
  StudyResult result;
  std::vector<ArmResult>& arms = result.arms;
  for (const auto& s : scenarios) arms.push_back(describe_arm(s));

  // Every destination is checked, and the run's needs set against the room there,
  // before anything is created; then the temporary files are.
  const std::filesystem::path destination = AtomicFile::resolve(options.output, "--output");
  if (!options.csv.empty()) AtomicFile::resolve(options.csv, "--csv");
  if (options.check_resources) require_fit(estimate_need(arms, options.threads), room_for(destination));
  AtomicFile output(options.output, "--output");
  std::optional<AtomicFile> csv;
  if (!options.csv.empty()) csv.emplace(options.csv, "--csv");

  const RunSettings& run = arms.front().run;
  if (events.started)
    events.started((run.burn_in_steps() + run.steps()) * run.replicates * static_cast<std::int64_t>(arms.size()));
  // A file that cannot be written during the run stops its writing, not the run: the
  // arms still finish (for the summary), and the old file stays as it was.
  bool running = true;
  const auto attempt = [&](auto&& write) {
    try {
      write();
      return true;
    } catch (const OutputError& e) {
      result.failures.push_back(e.what());
      if (running && events.write_failed) events.write_failed(e.what());
      return false;
    }
  };
  std::optional<Hdf5Writer> writer(std::in_place, output, arms, FileProvenance{options.command_line});
  const auto store = [&](auto&& write) {
    if (writer && !attempt(write)) writer.reset();
  };

  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(options.threads));
  tbb::task_arena arena(options.threads);
  arena.execute([&] {
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      if (events.arm_started) events.arm_started(scenarios[i].name());
      arms[i] = run_arm(scenarios[i], options.grain, events.stepped, [&](std::size_t r, const Outcomes& outcomes) {
        store([&] { writer->write_replicate(i, r, outcomes); });
      });
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
  if (output.committed()) result.output_shown = output.shown();
  return result;
}

}  // namespace harmsim
