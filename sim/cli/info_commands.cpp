// `harmsim check` and `harmsim params`: validate and show, run nothing.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/resources.hpp"
#include "core/model.hpp"
#include "core/runner.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim::cli {

int check_command(int argc, const char* const argv[]) {
  ScenarioOptions options;
  po::options_description d("Options");
  add_scenario_options(d, options);
  std::vector<std::string> files;
  if (!parse(argc, argv, "harmsim check SCENARIO.ini [options]", d, files)) return 0;
  if (files.size() != 1) throw UsageError("harmsim check takes exactly one scenario file.");
  const ParameterTable table = Model::parameters();
  const Scenario scenario = Scenario::load(files.front(), table, overrides(options));
  // Describing the arm builds the model, so each module's own consistency checks run too.
  const ResourceNeed need = estimate_need({describe_arm(scenario)});
  const std::filesystem::path output = default_output(files.front());
  if (!options.no_resource_check) require_fit(need, output);
  std::cout << "# " << text::excerpt(files.front(), 200) << " is valid. Run needs: " << describe(need, output)
            << ".\n# Resolved scenario, with where each value came from:\n"
            << scenario.resolved_text(true);
  return 0;
}

namespace {
std::string markdown_cell(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}
}  // namespace

int params_command(int argc, const char* const argv[]) {
  bool markdown = false;
  po::options_description d("Options");
  d.add_options()("markdown", po::bool_switch(&markdown), "print a Markdown table");
  std::vector<std::string> none;
  if (!parse(argc, argv, "harmsim params [--markdown]", d, none)) return 0;
  if (!none.empty()) throw UsageError("harmsim params takes no scenario file.");
  const ParameterTable table = Model::parameters();
  if (markdown) {
    std::cout << "| key | default | unit | range | changes over time | description | source |\n"
              << "|---|---|---|---|---|---|---|\n";
    for (const auto& p : table.all())
      std::cout << "| `" << p.key << "` | " << text::format_exact(p.default_value) << " | " << p.unit << " | "
                << p.range_text() << " | " << (p.schedulable ? "yes" : "no") << " | " << markdown_cell(p.description)
                << " | " << markdown_cell(p.source) << " |\n";
    return 0;
  }
  for (const auto& p : table.all()) {
    std::cout << p.key << " = " << text::format_exact(p.default_value) << "  [" << p.unit << "; " << p.range_text()
              << (p.schedulable ? "; may follow a schedule" : "") << "]\n"
              << "    " << p.description << "\n    Source: " << p.source << "\n";
  }
  return 0;
}

}  // namespace harmsim::cli
