// Parameter declarations: each parameter is declared once, in the module that uses it,
// with its default, unit, allowed range, description and source. The table of all
// declarations validates scenario files and prints `harmsim params`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "params/schedule.hpp"

namespace harmsim {

struct ParamSpec {
  std::string key;  // "section.name", e.g. "naloxone.kits_per_100k_per_year"
  double default_value = 0;
  std::string unit;
  double min = 0;
  double max = 0;
  std::string description;
  std::string source;
  bool schedulable = false;  // may change over time ("0.1 @ 0y, 0.6 @ 3y")
  bool integer = false;      // whole numbers only
  bool boolean = false;      // a switch, written true or false (stored as 1 or 0)
  bool text = false;         // words, e.g. an eligibility expression; read by the module that declares it
  std::string default_text = {};  // the default of a text parameter

  std::string section() const { return key.substr(0, key.find('.')); }
  std::string name() const { return key.substr(key.find('.') + 1); }
  std::string range_text() const;
  // A value as a scenario file writes it (not for text parameters, which are their text).
  std::string text_of(const Schedule& value) const;
  std::string default_shown() const { return text ? default_text : text_of(Schedule(default_value)); }
};

class ParameterTable {
 public:
  // Declares a parameter; declaring one key twice with different specs is a bug.
  void declare(const ParamSpec& spec);

  const ParamSpec* find(const std::string& key) const;
  const std::vector<ParamSpec>& all() const { return specs_; }
  std::vector<std::string> sections() const;
  std::vector<std::string> names_in(const std::string& section) const;

 private:
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace harmsim
