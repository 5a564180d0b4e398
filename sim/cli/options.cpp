#include "cli/options.hpp"

#include <algorithm>
#include <iostream>

#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim::cli {

// One option per line reads best.
// clang-format off
void add_scenario_options(po::options_description& d, ScenarioOptions& o) {
  d.add_options()
      ("set", po::value(&o.sets)->composing(), "override a scenario value: --set section.key=value (repeatable)")
      ("seed", po::value(&o.seed), "base seed (overrides [run] seed)")
      ("replicates", po::value(&o.replicates), "number of replicates (overrides [run] replicates)")
      ("years", po::value(&o.years), "years to simulate after the burn-in (overrides [run] years)")
      ("no-resource-check", po::bool_switch(&o.no_resource_check),
       "run even if the estimated memory or result-file size exceeds what this machine has");
}

void add_run_options(po::options_description& d, RunOptions& o) {
  add_scenario_options(d, o.scenario);
  d.add_options()
      ("threads", po::value(&o.threads), "worker threads (default: all cores); results do not depend on it")
      ("output,o", po::value(&o.output), "HDF5 result file (default results/<scenario>.h5), replaced atomically")
      ("csv", po::value(&o.csv), "also write the summary table as CSV to this file")
      ("quiet", po::bool_switch(&o.quiet), "no progress bar (the summary still prints)")
      ("profile", po::bool_switch(&o.profile), "also print the time each module spent in each phase of the step")
      ("grain-size", po::value(&o.grain), "TBB grain size of agent loops (for testing; default automatic)");
}
// clang-format on

std::filesystem::path default_output(const std::string& scenario_file, const std::string& suffix) {
  return std::filesystem::path("results") / (std::filesystem::path(scenario_file).stem().string() + suffix + ".h5");
}

std::vector<Override> overrides(const ScenarioOptions& o) {
  std::vector<Override> out;
  for (const auto& s : o.sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--set " + s + ": expected section.key=value, e.g. --set naloxone.kits_per_100k_per_year=500.");
    out.push_back({std::string(text::trim(s.substr(0, eq))), std::string(text::trim(s.substr(eq + 1))), "--set"});
  }
  if (!o.seed.empty()) out.push_back({"run.seed", o.seed, "--seed"});
  if (!o.replicates.empty()) out.push_back({"run.replicates", o.replicates, "--replicates"});
  if (!o.years.empty()) out.push_back({"run.years", o.years, "--years"});
  return out;
}

long long whole_option(const std::string& option, const std::string& text, long long min, long long max) {
  const auto v = text::parse_whole(text);
  if (!v || *v < min || *v > max)
    throw UsageError(option + " " + text::excerpt(text) + ": expected a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max) + ".");
  return *v;
}

namespace {

// The first option given an empty value, if any.
std::optional<std::string> option_with_empty_value(const po::variables_map& vm) {
  for (const auto& [name, variable] : vm) {
    if (variable.defaulted()) continue;
    const auto* text = boost::any_cast<std::string>(&variable.value());
    const auto* texts = boost::any_cast<std::vector<std::string>>(&variable.value());
    const bool empty = (text && text->empty()) ||
                       (texts && std::any_of(texts->begin(), texts->end(), [](auto& t) { return t.empty(); }));
    if (empty) return name;
  }
  return std::nullopt;
}

}  // namespace

bool parse(int argc, const char* const argv[], const std::string& usage, po::options_description& options,
           std::vector<std::string>& positional) {
  bool help = false;
  options.add_options()("help,h", po::bool_switch(&help), "show this help");
  po::options_description all;
  all.add(options).add_options()("scenario", po::value(&positional));
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  try {
    const auto style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + ". Usage: " + usage + " (see --help).");
  }
  if (const auto name = option_with_empty_value(vm))
    throw UsageError((*name == "scenario" ? std::string("a scenario file name") : "--" + *name) +
                     " is empty; give a value (an unset shell variable expands to nothing). Usage: " + usage + ".");
  if (help) {
    std::cout << "Usage: " << usage << "\n\n" << options << "\n";
    return false;
  }
  return true;
}

}  // namespace harmsim::cli
