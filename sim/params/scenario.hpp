// A scenario: every declared parameter resolved to a value, with where the value came
// from. Precedence, lowest to highest: declared defaults, the `base =` chain (deepest
// first), the file itself, then command-line overrides (--set, --years, --seed, ...).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "params/parameter.hpp"
#include "params/scenario_files.hpp"
#include "params/schedule.hpp"

namespace harmsim {

// A value given on the command line; `origin` names the option ("--set", "--years").
struct Override {
  std::string key;
  std::string value;
  std::string origin;
};

class Scenario {
 public:
  // Every parameter at its declared default.
  explicit Scenario(const ParameterTable& table);

  // Reads `path` and its base chain from `files`, checks every section, key and value
  // against `table`, then applies `overrides`. Throws UsageError naming file, line and
  // key. A chain holds at most kMaxBaseDepth files.
  static Scenario load(const std::filesystem::path& path, const ParameterTable& table,
                       const std::vector<Override>& overrides = {}, const ScenarioFiles& files = disk_files());
  static constexpr std::size_t kMaxBaseDepth = 64;

  const std::string& name() const { return name_; }
  const Schedule& schedule(const std::string& key) const;
  double value(const std::string& key) const;  // a parameter that does not change over time
  const std::string& text(const std::string& key) const;  // a text parameter
  const std::string& origin(const std::string& key) const;
  // The value of `key` as a scenario file would write it.
  std::string written(const std::string& key) const;

  // The scenario as INI text with every parameter explicit. Loading this text gives
  // the same scenario; with `origins`, each line carries a comment saying where its
  // value came from.
  std::string resolved_text(bool origins) const;

  // Sets one value from text, range-checked; `where` prefixes any error message.
  void set(const std::string& key, const std::string& text, const std::string& origin, const std::string& where);

 private:
  struct Entry {
    Schedule value;
    std::string origin;
    std::string text = {};  // of a text parameter
  };
  const ParameterTable* table_;
  std::string name_;
  std::map<std::string, Entry> values_;
};

}  // namespace harmsim
