#include "params/parameter.hpp"

#include <algorithm>
#include <stdexcept>

#include "params/text.hpp"

namespace harmsim {

std::string ParamSpec::range_text() const {
  if (boolean) return "true or false";
  if (text) return "text";
  return text::format_exact(min) + " to " + text::format_exact(max) + (integer ? ", whole numbers" : "");
}

std::string ParamSpec::text_of(const Schedule& value) const {
  if (boolean) return value.at(0) != 0 ? "true" : "false";
  return value.to_text();
}

void ParameterTable::declare(const ParamSpec& spec) {
  if (spec.key.find('.') == std::string::npos) throw std::logic_error("parameter key without section: " + spec.key);
  // Whole numbers are read exactly (text::parse_whole) and stored as doubles, exact up to 2^53.
  constexpr double kExact = 9007199254740992.0;
  if (spec.integer && (spec.schedulable || spec.min < -kExact || spec.max > kExact))
    throw std::logic_error("whole-number parameter " + spec.key + " must be fixed and within 2^53");
  if (spec.boolean && (spec.schedulable || spec.integer || spec.min != 0 || spec.max != 1 ||
                       (spec.default_value != 0 && spec.default_value != 1)))
    throw std::logic_error("switch " + spec.key + " must be fixed, 0 or 1");
  if (spec.text && (spec.schedulable || spec.integer || spec.boolean || spec.default_value != 0))
    throw std::logic_error("text parameter " + spec.key + " must be fixed and have only a text default");
  if (spec.default_value < spec.min || spec.default_value > spec.max)
    throw std::logic_error("default of " + spec.key + " lies outside its range");
  if (const auto it = index_.find(spec.key); it != index_.end()) {
    const ParamSpec& old = specs_[it->second];
    if (old.default_value != spec.default_value || old.default_text != spec.default_text || old.unit != spec.unit ||
        old.min != spec.min || old.max != spec.max)
      throw std::logic_error("parameter declared twice with different specs: " + spec.key);
    return;
  }
  index_.emplace(spec.key, specs_.size());
  specs_.push_back(spec);
}

const ParamSpec* ParameterTable::find(const std::string& key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? nullptr : &specs_[it->second];
}

std::vector<std::string> ParameterTable::sections() const {
  std::vector<std::string> out;
  for (const auto& s : specs_)
    if (std::find(out.begin(), out.end(), s.section()) == out.end()) out.push_back(s.section());
  return out;
}

std::vector<std::string> ParameterTable::names_in(const std::string& section) const {
  std::vector<std::string> out;
  for (const auto& s : specs_)
    if (s.section() == section) out.push_back(s.name());
  return out;
}

}  // namespace harmsim
