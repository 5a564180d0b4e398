// harmsim: an agent-based simulator of community harm-reduction policy.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "params/errors.hpp"
#include "version.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: harmsim COMMAND [options]\n\n"
    "Commands:\n"
    "  run SCENARIO.ini             run one scenario; HDF5 results and a summary table\n"
    "  compare BASE.ini ARM.ini...  run arms with common random numbers; differences from the first arm\n"
    "  check SCENARIO.ini           validate a scenario and print it fully resolved\n"
    "  params                       list every parameter with default, unit, range and source\n\n"
    "Options: --version, --help; 'harmsim COMMAND --help' for a command's options.\n";

std::string join(int argc, const char* const argv[]) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) out += ' ';
    out += argv[i];
  }
  return out;
}

}  // namespace

int main(int argc, char* argv[]) {
  using namespace harmsim;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  const char* const* args = argv + 1;
  const int n = argc - 1;
  try {
    if (command == "--version") {
      std::cout << "harmsim " << kVersion << " (" << kGitCommit << ")\n";
      return 0;
    }
    if (command == "--help" || command == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (command == "run") return cli::run_command(n, args, join(argc, argv));
    if (command == "compare") return cli::compare_command(n, args, join(argc, argv));
    if (command == "check") return cli::check_command(n, args);
    if (command == "params") return cli::params_command(n, args);
    throw UsageError("unknown command '" + command + "'; commands: run, compare, check, params (harmsim --help).");
  } catch (const UsageError& e) {
    std::cerr << "harmsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "harmsim: failed: " << e.what() << "\n";
    return 1;
  }
}
