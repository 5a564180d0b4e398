#include "params/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim {

namespace fs = std::filesystem;

Scenario::Scenario(const ParameterTable& table) : table_(&table), name_("defaults") {
  for (const auto& spec : table.all()) values_[spec.key] = {Schedule(spec.default_value), "default"};
}

const Schedule& Scenario::schedule(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error("undeclared parameter read: " + key);
  return it->second.value;
}

double Scenario::value(const std::string& key) const {
  return schedule(key).at(0);
}

const std::string& Scenario::origin(const std::string& key) const {
  return values_.at(key).origin;
}

void Scenario::set(const std::string& key, const std::string& text, const std::string& origin,
                   const std::string& where) {
  const ParamSpec* spec = table_->find(key);
  if (!spec) throw std::logic_error("set of undeclared parameter " + key);
  Schedule value;
  try {
    value = Schedule::parse(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(where + key + " = " + text + ": " + e.what() + ". Expected " +
                     (spec->schedulable ? "a number or a schedule such as '0.1 @ 0y, 0.6 @ 3y'" : "a number") + " in " +
                     spec->unit + ", range " + spec->range_text() + ".");
  }
  if (!value.is_constant() && !spec->schedulable)
    throw UsageError(where + key + " does not change over time: give one number (" + spec->unit + ", range " +
                     spec->range_text() + "), not a schedule.");
  for (const auto& p : value.points()) {
    const bool whole = !spec->integer || std::floor(p.value) == p.value;
    if (p.value < spec->min || p.value > spec->max || !whole)
      throw UsageError(where + key + " = " + text::format_exact(p.value) + " is out of range: allowed " +
                       spec->range_text() + " (" + spec->unit + ").");
  }
  values_[key] = {std::move(value), origin};
}

namespace {

struct Line {
  int number;
  std::string section;  // empty before the first [section]
  std::string key;
  std::string value;
};

std::string unknown_key_message(const ParameterTable& table, const std::string& where, const std::string& section,
                                const std::string& key) {
  const auto names = table.names_in(section);
  std::string msg = where + "unknown key '" + key + "' in section [" + section +
                    "]; nearest valid keys: " + text::join_or(text::nearest(key, names)) + ".";
  // The key may belong to another section.
  for (const auto& other : table.sections())
    if (other != section && table.find(other + "." + key))
      msg += " ('" + key + "' is a key of section [" + other + "].)";
  return msg + " 'harmsim params' lists every key.";
}

}  // namespace

void Scenario::apply_file(const fs::path& path, std::vector<fs::path>& chain) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  for (const auto& seen : chain)
    if (seen == canonical) {
      std::string loop;
      for (const auto& p : chain) loop += p.filename().string() + " -> ";
      throw UsageError(path.string() + ": inheritance loop through base = : " + loop + path.filename().string() +
                       ". A scenario cannot inherit from itself.");
    }
  if (fs::exists(path) && !fs::is_regular_file(path))
    throw UsageError("'" + path.string() + "' is not a scenario file (it is a directory or special file).");
  std::ifstream in(path);
  if (!in)
    throw UsageError("cannot open scenario file '" + path.string() + "'" +
                     (fs::exists(path) ? ": permission denied." : ": no such file."));
  chain.push_back(canonical);

  std::vector<Line> lines;
  std::string section, base, raw;
  std::map<std::string, int> first_line;
  const std::string file = path.string();
  for (int number = 1; std::getline(in, raw); ++number) {
    const std::string where = file + ":" + std::to_string(number) + ": ";
    std::string_view line = text::trim(std::string_view(raw).substr(0, raw.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3 || line.find_first_of("[]", 1) != line.size() - 1)
        throw UsageError(where + "malformed section header '" + std::string(line) + "'; expected [name], one of " +
                         text::join_or(table_->sections()) + ".");
      section = std::string(text::trim(line.substr(1, line.size() - 2)));
      const auto sections = table_->sections();
      if (std::find(sections.begin(), sections.end(), section) == sections.end())
        throw UsageError(where + "unknown section [" + section +
                         "]; nearest valid sections: " + text::join_or(text::nearest(section, sections)) + ".");
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos)
      throw UsageError(where + "expected 'key = value' or '[section]', found '" + std::string(line) + "'.");
    const std::string key(text::trim(line.substr(0, eq)));
    const std::string value(text::trim(line.substr(eq + 1)));
    if (key.empty()) throw UsageError(where + "missing key before '='.");
    if (value.empty()) throw UsageError(where + "key '" + key + "' has no value.");
    const std::string full = section.empty() ? key : section + "." + key;
    if (const auto [it, fresh] = first_line.emplace(full, number); !fresh)
      throw UsageError(where + "key '" + key + "' is given twice in this file (first at line " +
                       std::to_string(it->second) + ").");
    if (section.empty()) {
      if (key == "base") {
        base = value;
      } else if (key == "name") {
        if (chain.size() == 1) name_ = value;  // the name is not inherited
      } else {
        throw UsageError(where + "key '" + key + "' must be inside a section; only 'name' and 'base' " +
                         "stand before the first [section]. Sections: " + text::join_or(table_->sections()) + ".");
      }
      continue;
    }
    if (!table_->find(full)) throw UsageError(unknown_key_message(*table_, where, section, key));
    lines.push_back({number, section, key, value});
  }

  if (!base.empty()) apply_file(path.parent_path() / base, chain);
  for (const auto& l : lines) {
    const std::string where = file + ":" + std::to_string(l.number) + ": ";
    set(l.section + "." + l.key, l.value, file + ":" + std::to_string(l.number), where);
  }
  chain.pop_back();
}

Scenario Scenario::load(const fs::path& path, const ParameterTable& table, const std::vector<Override>& overrides) {
  Scenario s(table);
  s.name_.clear();
  std::vector<fs::path> chain;
  s.apply_file(path, chain);
  if (s.name_.empty()) s.name_ = path.stem().string();
  for (const auto& o : overrides) {
    if (!table.find(o.key)) {
      std::vector<std::string> keys;
      for (const auto& spec : table.all()) keys.push_back(spec.key);
      throw UsageError(o.origin + " " + o.key + "=" + o.value + ": unknown key '" + o.key +
                       "'; nearest valid keys: " + text::join_or(text::nearest(o.key, keys)) +
                       ". Keys are section.name, as 'harmsim params' lists them.");
    }
    s.set(o.key, o.value, o.origin, o.origin + " ");
  }
  return s;
}

std::string Scenario::resolved_text(bool origins) const {
  std::ostringstream out;
  out << "# Resolved scenario: every parameter explicit. Running this file reproduces the run.\n";
  out << "name = " << name_ << "\n";
  std::string section;
  for (const auto& spec : table_->all()) {
    if (spec.section() != section) {
      section = spec.section();
      out << "\n[" << section << "]\n";
    }
    const Entry& e = values_.at(spec.key);
    out << spec.name() << " = " << e.value.to_text();
    if (origins) out << "    # " << e.origin;
    out << "\n";
  }
  return out.str();
}

}  // namespace harmsim
