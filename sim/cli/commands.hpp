// The subcommands. Each takes the arguments after its name (argv[0] is the subcommand)
// and returns the exit status; a UsageError escaping one means status 2.
#pragma once

#include <string>

namespace harmsim::cli {

int run_command(int argc, const char* const argv[], const std::string& command_line);
int compare_command(int argc, const char* const argv[], const std::string& command_line);
int check_command(int argc, const char* const argv[]);
int params_command(int argc, const char* const argv[]);

}  // namespace harmsim::cli
