#include "params/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim {

namespace fs = std::filesystem;

Scenario::Scenario(const ParameterTable& table) : table_(&table), name_("defaults") {
  for (const auto& spec : table.all()) values_[spec.key] = {Schedule(spec.default_value), "default", spec.default_text};
}

const Schedule& Scenario::schedule(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error("undeclared parameter read: " + key);
  return it->second.value;
}

double Scenario::value(const std::string& key) const {
  return schedule(key).at(0);
}

const std::string& Scenario::text(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end() || !table_->find(key)->text) throw std::logic_error("not a text parameter: " + key);
  return it->second.text;
}

const std::string& Scenario::origin(const std::string& key) const {
  return values_.at(key).origin;
}

std::string Scenario::written(const std::string& key) const {
  const ParamSpec& spec = *table_->find(key);
  const Entry& e = values_.at(key);
  return spec.text ? e.text : spec.text_of(e.value);
}

namespace {

// Says what is wrong with the first forbidden byte of `line`, or nothing if it is clean.
std::string forbidden_byte_message(std::string_view line) {
  const auto at = text::first_forbidden_byte(line);
  if (!at) return {};
  const bool control = text::is_control_at(line, *at);
  return "column " + std::to_string(*at + 1) + ": " + (control ? "control character " : "malformed UTF-8 byte ") +
         text::excerpt(line.substr(*at, control ? 1 + (line[*at] == '\xC2') : 1)) +
         " is not allowed; scenario text is printable UTF-8 and tabs, with LF or CRLF line endings, so the "
         "scenario stored in a result file reads back the same.";
}

// A whole number given for an integer parameter, checked exactly against its range.
double whole_value(const ParamSpec& spec, const std::string& text, const std::string& where) {
  const std::string shown = text::excerpt(text::trim(text));
  const auto whole = text::parse_whole(text);
  const auto number = text::parse_number(text);
  if (!whole && !number)
    throw UsageError(where + spec.key + ": '" + shown + "' is not a number. Expected a whole number of " + spec.unit +
                     ", range " + spec.range_text() + ".");
  if (!whole && *number != std::floor(*number))
    throw UsageError(where + spec.key + " = " + shown + " is not a whole number: allowed " + spec.range_text() + " (" +
                     spec.unit + ").");
  if (!whole || *whole < static_cast<long long>(spec.min) || *whole > static_cast<long long>(spec.max))
    throw UsageError(where + spec.key + " = " + shown + " is out of range: allowed " + spec.range_text() + " (" +
                     spec.unit + ").");
  return static_cast<double>(*whole);
}

}  // namespace

void Scenario::set(const std::string& key, const std::string& text, const std::string& origin,
                   const std::string& where) {
  const ParamSpec* spec = table_->find(key);
  if (!spec) throw std::logic_error("set of undeclared parameter " + key);
  if (const std::string problem = forbidden_byte_message(text); !problem.empty())
    throw UsageError(where + key + ": " + problem);
  if (spec->text) {
    // '#' starts a comment in a scenario file, so a value holding one would not read
    // back from the scenario text stored in the result file.
    if (text.find('#') != std::string::npos)
      throw UsageError(where + key + " = " + text::excerpt(text::trim(text)) +
                       ": '#' cannot appear in a value (it starts a comment in scenario files).");
    values_[key] = {Schedule(0.0), origin, std::string(text::trim(text))};
    return;
  }
  if (spec->integer) {
    values_[key] = {Schedule(whole_value(*spec, text, where)), origin};
    return;
  }
  if (spec->boolean) {
    const auto on = text::parse_switch(text);
    if (!on)
      throw UsageError(where + key + " = " + text::excerpt(text::trim(text)) +
                       " is not a switch: write true or false.");
    values_[key] = {Schedule(*on ? 1.0 : 0.0), origin};
    return;
  }
  Schedule value;
  try {
    value = Schedule::parse(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(where + key + " = " + text::excerpt(text) + ": " + e.what() + ". Expected " +
                     (spec->schedulable ? "a number or a schedule such as '0.1 @ 0y, 0.6 @ 3y'" : "a number") + " in " +
                     spec->unit + ", range " + spec->range_text() + ".");
  }
  if (!value.is_constant() && !spec->schedulable)
    throw UsageError(where + key + " does not change over time: give one number (" + spec->unit + ", range " +
                     spec->range_text() + "), not a schedule.");
  for (const auto& p : value.points())
    if (p.value < spec->min || p.value > spec->max)
      throw UsageError(where + key + " = " + text::format_exact(p.value) + " is out of range: allowed " +
                       spec->range_text() + " (" + spec->unit + ").");
  values_[key] = {std::move(value), origin};
}

namespace {

struct Assignment {
  int line;
  std::string key;  // section.name
  std::string value;
};

// One file of a base chain, read but not yet applied.
struct ParsedFile {
  std::string path;  // as the chain names it, for messages and origins
  std::string name;  // empty if the file gives none
  std::string base;
  int base_line = 0;
  std::vector<Assignment> assignments;

  std::string where(int line) const { return path + ":" + std::to_string(line) + ": "; }
};

std::string unknown_key_message(const ParameterTable& table, const std::string& where, const std::string& section,
                                const std::string& key) {
  const auto names = table.names_in(section);
  std::string msg = where + "unknown key '" + text::excerpt(key) + "' in section [" + section +
                    "]; nearest valid keys: " + text::join_or(text::nearest(key, names)) + ".";
  // The key may belong to another section.
  for (const auto& other : table.sections())
    if (other != section && table.find(other + "." + key))
      msg += " ('" + key + "' is a key of section [" + other + "].)";
  return msg + " 'harmsim params' lists every key.";
}

ParsedFile parse(const std::string& path, std::string_view text, const ParameterTable& table) {
  ParsedFile file{text::excerpt(path, 200), {}, {}, 0, {}};
  const auto sections = table.sections();
  std::string section;
  std::map<std::string, int> first_line;
  int number = 0;
  // A byte order mark, which some editors write, is not part of the first line.
  const std::size_t first = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  for (std::size_t start = first; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);  // CRLF line ending
    const std::string where = file.where(number);
    if (const std::string problem = forbidden_byte_message(raw); !problem.empty()) throw UsageError(where + problem);
    const std::string_view line = text::trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3 || line.find_first_of("[]", 1) != line.size() - 1)
        throw UsageError(where + "malformed section header '" + text::excerpt(line) + "'; expected [name], one of " +
                         text::join_or(sections) + ".");
      section = std::string(text::trim(line.substr(1, line.size() - 2)));
      if (std::find(sections.begin(), sections.end(), section) == sections.end())
        throw UsageError(where + "unknown section [" + text::excerpt(section) +
                         "]; nearest valid sections: " + text::join_or(text::nearest(section, sections)) + ".");
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos)
      throw UsageError(where + "expected 'key = value' or '[section]', found '" + text::excerpt(line) + "'.");
    const std::string key(text::trim(line.substr(0, eq)));
    const std::string value(text::trim(line.substr(eq + 1)));
    if (key.empty()) throw UsageError(where + "missing key before '='.");
    if (value.empty()) throw UsageError(where + "key '" + text::excerpt(key) + "' has no value.");
    const std::string full = section.empty() ? key : section + "." + key;
    if (const auto [it, fresh] = first_line.emplace(full, number); !fresh)
      throw UsageError(where + "key '" + text::excerpt(key) + "' is given twice in this file (first at line " +
                       std::to_string(it->second) + ").");
    if (section.empty()) {
      if (key == "base") {
        file.base = value;
        file.base_line = number;
      } else if (key == "name") {
        file.name = value;
      } else {
        throw UsageError(where + "key '" + text::excerpt(key) + "' must be inside a section; only 'name' and " +
                         "'base' stand before the first [section]. Sections: " + text::join_or(sections) + ".");
      }
      continue;
    }
    if (!table.find(full)) throw UsageError(unknown_key_message(table, where, section, key));
    file.assignments.push_back({number, full, value});
  }
  return file;
}

// "a.ini -> b.ini -> a.ini", the middle of a long chain elided.
std::string chain_text(const std::vector<ParsedFile>& chain, const std::string& last) {
  std::vector<std::string> names;
  for (const auto& f : chain) names.push_back(fs::path(f.path).filename().string());
  names.push_back(fs::path(last).filename().string());
  if (names.size() > 8) names.erase(names.begin() + 3, names.end() - 3), names.insert(names.begin() + 3, "...");
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " -> ") + text::excerpt(n, 40);
  return out;
}

// A file name as a scenario name: the name is stored in the scenario text, where '#'
// starts a comment and surrounding blanks are trimmed, so those characters (and bytes
// scenario text may not hold) become '_'.
std::string name_from_stem(const fs::path& path) {
  std::string name = path.stem().string();
  std::replace(name.begin(), name.end(), '#', '_');
  while (const auto at = text::first_forbidden_byte(name)) name[*at] = '_';
  const std::string trimmed(text::trim(name));
  return trimmed.empty() ? "scenario" : trimmed;
}

}  // namespace

Scenario Scenario::load(const fs::path& path, const ParameterTable& table, const std::vector<Override>& overrides,
                        const ScenarioFiles& files) {
  // Read the whole chain first, iteratively, root file first; then apply it deepest first.
  std::vector<ParsedFile> chain;
  std::unordered_set<std::string> seen;
  fs::path next = path;
  std::string referrer;  // "file:line: base = X: " of the file naming `next`
  for (;;) {
    ScenarioFile file;
    try {
      file = files.read(next);
    } catch (const FileProblem& e) {
      if (referrer.empty())
        throw UsageError(text::excerpt(next.string(), 200) + ": cannot read this scenario file: " + e.what() + ".");
      throw UsageError(referrer + "cannot read " + text::excerpt(next.string(), 200) + ": " + e.what() + ".");
    }
    if (!seen.insert(file.identity).second)
      throw UsageError(referrer + "inheritance loop " + chain_text(chain, next.string()) +
                       ": a scenario cannot inherit from itself.");
    chain.push_back(parse(next.string(), file.text, table));
    const ParsedFile& parsed = chain.back();
    if (parsed.base.empty()) break;
    referrer = parsed.where(parsed.base_line) + "base = " + text::excerpt(parsed.base) + ": ";
    if (chain.size() == kMaxBaseDepth)
      throw UsageError(referrer + "the base chain is deeper than " + std::to_string(kMaxBaseDepth) +
                       " files; harmsim reads at most " + std::to_string(kMaxBaseDepth) + " files in a chain.");
    next = next.parent_path() / parsed.base;
  }

  Scenario s(table);
  for (auto f = chain.rbegin(); f != chain.rend(); ++f)
    for (const auto& a : f->assignments)
      s.set(a.key, a.value, f->path + ":" + std::to_string(a.line), f->where(a.line));
  // The name is not inherited.
  s.name_ = chain.front().name.empty() ? name_from_stem(path) : chain.front().name;

  for (const auto& o : overrides) {
    if (!table.find(o.key)) {
      std::vector<std::string> keys;
      for (const auto& spec : table.all()) keys.push_back(spec.key);
      throw UsageError(o.origin + " " + text::excerpt(o.key) + "=" + text::excerpt(o.value) + ": unknown key '" +
                       text::excerpt(o.key) + "'; nearest valid keys: " + text::join_or(text::nearest(o.key, keys)) +
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
    out << spec.name() << " = " << written(spec.key);
    if (origins) out << "    # " << values_.at(spec.key).origin;
    out << "\n";
  }
  return out.str();
}

}  // namespace harmsim
