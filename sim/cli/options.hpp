// Options shared by the subcommands that run scenarios, and strict parsing of numeric
// option values: every number is read as text and range-checked, so "-3" is an error
// rather than a huge unsigned value.
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "params/scenario.hpp"

namespace harmsim::cli {

namespace po = boost::program_options;

struct ScenarioOptions {
  std::vector<std::string> sets;  // --set section.key=value
  std::string seed, replicates, years;
  bool no_resource_check = false;  // run even if the estimated memory or disk exceeds what is there
};

struct RunOptions {
  ScenarioOptions scenario;
  std::string threads, grain;
  std::string output, csv;
  bool quiet = false;
  bool profile = false;  // print the time each module spent in each phase
};

void add_scenario_options(po::options_description& d, ScenarioOptions& o);
void add_run_options(po::options_description& d, RunOptions& o);

// Where results go without -o: results/<scenario file stem><suffix>.h5.
std::filesystem::path default_output(const std::string& scenario_file, const std::string& suffix = "");

// The command-line values as overrides of scenario keys, in precedence order.
std::vector<Override> overrides(const ScenarioOptions& o);

// A whole number within [min, max] from option text; UsageError otherwise.
long long whole_option(const std::string& option, const std::string& text, long long min, long long max);

// Parses argv for a subcommand; `positional` collects the scenario files. Prints help
// and returns false when --help was given. Options are matched by their full names
// only (no abbreviations, so a script's --th cannot silently mean --threads), and an
// empty value is an error: an unset shell variable must not change a run silently.
bool parse(int argc, const char* const argv[], const std::string& usage, po::options_description& options,
           std::vector<std::string>& positional);

}  // namespace harmsim::cli
