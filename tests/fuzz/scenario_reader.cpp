// Fuzz target for the scenario reader and the schedule parser (libFuzzer; replayed by
// ctest through replay_main.cpp). Every `base =` resolves among files held in memory,
// so fuzzing never opens the real filesystem.
//
// Input: the root scenario's text, then optionally more files, each after a line
// "@@@ NAME" (a base the others can name), and command-line overrides after a line
// "@@@ --set", one section.key=value per line.
//
// Beyond crashes, sanitizer reports and timeouts, an input fails when:
//   - a usage error names neither file and line nor the option that caused it, holds a
//     control byte, or runs past 4000 bytes;
//   - a scenario that loads does not read back, from its resolved text, as itself;
//   - a schedule that parses does not read back, from its text, as itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "params/errors.hpp"
#include "params/scenario.hpp"
#include "params/scenario_files.hpp"
#include "params/schedule.hpp"
#include "params/text.hpp"
#include "run/runner.hpp"

using namespace harmsim;

namespace {

[[noreturn]] void fail(const std::string& why, std::string_view detail) {
  std::fprintf(stderr, "fuzz property violated: %s\n%s\n", why.c_str(), text::excerpt(detail, 2000).c_str());
  std::abort();
}

// "file:12: " somewhere, or a command-line option ("--set key=value: ...") as the origin.
bool names_its_place(std::string_view message) {
  if (message.rfind("--", 0) == 0) return true;
  for (std::size_t colon = message.find(':'); colon != std::string_view::npos; colon = message.find(':', colon + 1)) {
    std::size_t end = colon + 1;
    while (end < message.size() && message[end] >= '0' && message[end] <= '9') ++end;
    if (end > colon + 1 && end < message.size() && message[end] == ':') return true;
  }
  return false;
}

void check_message(std::string_view message) {
  if (!names_its_place(message)) fail("usage error without file and line", message);
  if (text::first_forbidden_byte(message)) fail("usage error with a raw control byte", message);
  if (message.size() > 4000) fail("usage error longer than 4000 bytes", message);
}

struct Input {
  MemoryFiles files;
  std::vector<Override> overrides;
};

Input split(std::string_view data) {
  Input input;
  std::string name = "root.ini";
  std::string text;
  const auto flush = [&] {
    if (name == "--set") {
      for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string line = text.substr(start, end - start);
        const auto eq = line.find('=');
        if (eq != std::string::npos) input.overrides.push_back({line.substr(0, eq), line.substr(eq + 1), "--set"});
        start = end + 1;
      }
    } else {
      input.files.add("/fuzz/" + name, text);
    }
    text.clear();
  };
  for (std::size_t start = 0; start < data.size();) {
    const std::size_t end = std::min(data.find('\n', start), data.size());
    const std::string_view line = data.substr(start, end - start);
    if (line.rfind("@@@ ", 0) == 0) {
      flush();
      name = std::string(line.substr(4));
    } else {
      text.append(line).append("\n");
    }
    start = end + 1;
  }
  flush();
  return input;
}

void schedule_round_trip(std::string_view text) {
  try {
    const Schedule s = Schedule::parse(text);
    if (!(Schedule::parse(s.to_text()) == s)) fail("schedule text does not read back as itself", text);
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  schedule_round_trip(data.substr(0, data.find('\n')));

  const Input input = split(data);
  try {
    const Scenario scenario = Scenario::load("/fuzz/root.ini", Model::parameters(), input.overrides, input.files);
    const ArmResult arm = describe_arm(scenario);  // builds the model: cross-parameter checks
    MemoryFiles stored;
    stored.add("/fuzz/stored.ini", arm.ini);
    const Scenario again = Scenario::load("/fuzz/stored.ini", Model::parameters(), {}, stored);
    if (again.resolved_text(false) != arm.ini || again.name() != scenario.name())
      fail("the resolved scenario does not read back as itself", arm.ini);
  } catch (const UsageError& e) {
    check_message(e.what());
  }
  return 0;
}
