// harmsim: an agent-based simulator of community harm-reduction policy.
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <new>
#include <string>

#include "cli/commands.hpp"
#include "os/errno_text.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"
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

// One line on standard error. Messages quote user input through text::excerpt already;
// escaping the whole message again guarantees that no raw control byte reaches the
// terminal and no message runs to megabytes, whatever the input.
int report(const char* kind, const std::string& message, int status) {
  std::cerr << "harmsim: " << kind << ": " << harmsim::text::excerpt(message, 4000) << "\n";
  return status;
}

std::string join(int argc, const char* const argv[]) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) out += ' ';
    out += argv[i];
  }
  return out;
}

// Runs the command argv[1]; a UsageError or other exception escapes to main.
int dispatch(int argc, char* argv[]) {
  using namespace harmsim;
  const std::string command = argv[1];
  const char* const* args = argv + 1;
  const int n = argc - 1;
  if (command == "--version" || command == "--help" || command == "-h") {
    if (argc > 2)
      throw UsageError(command + " takes no arguments; 'harmsim COMMAND --help' shows a command's options.");
    std::cout << (command == "--version" ? "harmsim " + std::string(kVersion) + " (" + kGitCommit + ")\n" : kUsage);
    return 0;
  }
  // Stored in result files, which hold UTF-8 text: odd bytes are escaped, not cut.
  const std::string command_line = text::excerpt(join(argc, argv), std::string::npos);
  if (command == "run") return cli::run_command(n, args, command_line);
  if (command == "compare") return cli::compare_command(n, args, command_line);
  if (command == "check") return cli::check_command(n, args);
  if (command == "params") return cli::params_command(n, args);
  throw UsageError("unknown command '" + text::excerpt(command) +
                   "'; commands: run, compare, check, params (harmsim --help).");
}

}  // namespace

int main(int argc, char* argv[]) {
  using namespace harmsim;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  int status = 0;
  try {
    status = dispatch(argc, argv);
  } catch (const UsageError& e) {
    return report("error", e.what(), 2);
  } catch (const std::bad_alloc&) {
    return report("failed",
                  "out of memory while running. Reduce population.adults, run.years or the number of arms, "
                  "or free memory; 'harmsim check' shows the estimated need.",
                  1);
  } catch (const std::exception& e) {
    return report("failed", e.what(), 1);
  }
  // Output lost (a full disk, a closed file) is a failure, never a silent success.
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout))
    return report("failed", "cannot write standard output: " + os::errno_text(errno), 1);
  return status;
}
