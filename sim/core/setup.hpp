// What a module declares while it is constructed: its parameters (read back from the
// scenario in the same call), agent variables, outcomes and random streams. Declaring
// every module once with no scenario yields the table of all parameters, which
// validates scenario files and prints `harmsim params`.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/modifier.hpp"
#include "core/world.hpp"
#include "params/errors.hpp"
#include "params/parameter.hpp"
#include "params/scenario.hpp"
#include "params/text.hpp"
#include "rng/stream.hpp"

namespace harmsim {

class Setup {
 public:
  // With `scenario` null, every parameter reads as its default.
  Setup(ParameterTable& table, const Scenario* scenario, World& world, rng::Key key)
      : table_(table), scenario_(scenario), world_(world), outcomes_(world.outcomes), key_(key) {}

  // A parameter that may change over time.
  Schedule schedule(ParamSpec spec) {
    spec.schedulable = true;
    table_.declare(spec);
    return scenario_ ? scenario_->schedule(spec.key) : Schedule(spec.default_value);
  }
  // A parameter fixed for the run.
  double value(const ParamSpec& spec) {
    table_.declare(spec);
    return scenario_ ? scenario_->value(spec.key) : spec.default_value;
  }
  // A switch (true or false) fixed for the run.
  bool flag(ParamSpec spec) {
    spec.boolean = true;
    return value(spec) != 0;
  }
  // Words fixed for the run, e.g. an eligibility expression, which the caller checks
  // (reporting a problem through quote()).
  std::string text(ParamSpec spec) {
    spec.text = true;
    table_.declare(spec);
    return scenario_ ? scenario_->text(spec.key) : spec.default_text;
  }

  // Where `key` was set, as a prefix for a message: "file:line: ", "--set key=value: ",
  // or nothing for a default.
  std::string where(const std::string& key) const {
    const std::string origin = scenario_ ? scenario_->origin(key) : "default";
    if (origin == "default") return {};
    return (origin.rfind("--", 0) == 0 ? origin + " " + key + "=" + scenario_->written(key) : origin) + ": ";
  }
  // Where `key` was set, with its value: "file:line: key = value", "--set key=value",
  // or "key = value" for a default; quote() as a prefix for a message.
  std::string said(const std::string& key) const {
    const std::string place = where(key);
    if (place.rfind("--", 0) == 0) return place.substr(0, place.size() - 2);
    return place + key + " = " + text::excerpt(scenario_ ? scenario_->written(key) : table_.find(key)->default_shown());
  }
  std::string quote(const std::string& key) const { return said(key) + ": "; }
  // Takes the people other services refer to `service` (interventions/delivery.hpp).
  void take_referrals(const std::string& service, Referrals::Desk desk) {
    world_.referrals.open(service, std::move(desk));
  }

  // A combination of values that is invalid although each value is valid alone. The
  // message is prefixed with where each of `keys` was set (file and line, or the option
  // with its value), so the user finds what to change.
  UsageError invalid(const std::vector<std::string>& keys, const std::string& message) const {
    std::vector<std::string> places;
    for (const auto& key : keys) {
      const std::string place = where(key);
      if (!place.empty() && std::find(places.begin(), places.end(), place) == places.end()) places.push_back(place);
    }
    std::string prefix;
    for (const auto& p : places) prefix += (prefix.empty() ? "" : ", ") + p.substr(0, p.size() - 2);
    return UsageError((prefix.empty() ? "" : prefix + ": ") + message);
  }

  // An agent variable this module owns; one it shares with other modules (declared by
  // the first); one another module owns (declared before this module is).
  template <class T>
  State<T>& state(const std::string& name, T initial) {
    return world_.pop.declare<T>(name, initial);
  }
  template <class T>
  State<T>& shared_state(const std::string& name, T initial) {
    return world_.pop.shared<T>(name, initial);
  }
  template <class T>
  const State<T>& state_of(const std::string& name) const {
    return world_.pop.get<T>(name);
  }

  // A group this module publishes and keeps up to date, with the test of membership
  // that eligibility expressions use (and, optionally, how entrants join it); a group another module published
  // (declared before this module is).
  Group& publish(const std::string& group, const std::string& description, Membership test, Recruit recruit = {}) {
    return world_.groups.publish(group, description, std::move(test), std::move(recruit));
  }
  const Group& group(const std::string& name) const { return world_.groups.get(name); }
  // A term of the eligibility vocabulary that has no list of members.
  void define(Term term) { world_.groups.define(std::move(term)); }
  // A service the scenario switches off (with the key of its switch), and the terms it
  // would publish: referrals to it, and expressions naming its terms, are refused with
  // that reason.
  void switched_off(const std::string& service, const std::string& key, const std::vector<std::string>& terms) {
    world_.referrals.close(service, said(key));
    for (const auto& t : terms) world_.groups.close(t, service);
  }

  // This service's lane of another module's modifier.
  ModifierLane& lane(Modifier& modifier, const std::string& writer) { return modifier.add_lane(world_.pop, writer); }

  OutcomeId outcome(OutcomeSpec spec) { return outcomes_.get().declare(std::move(spec)); }
  // A status (one flag per agent) by which stratified outcomes are split, e.g.
  // "ssp_client" with the description "SSP clients".
  void status(const std::string& name, const std::string& description, const State<std::uint8_t>& flag) {
    outcomes_.get().stratify_by(name, description, runs_here_ ? &flag : nullptr);
  }
  void rate(RateSpec spec) { outcomes_.get().declare_rate(std::move(spec)); }

  // The same declarations against another world, whose modules nothing runs: the
  // parameters still go to this table and read this scenario. With `ours` (a service
  // switched off, as opposed to scratch copies of modules already declared here) its
  // outcomes and streams are declared here too: the outcomes stay zero, so every arm
  // has the same outcomes, and its stream names are checked against the others.
  Setup elsewhere(World& world, bool ours) {
    Setup s(table_, scenario_, world, key_);
    if (ours) {
      s.outcomes_ = outcomes_;
      s.streams_ = streams_;
    }
    s.runs_here_ = false;
    return s;
  }

  // A named random stream; each name may be taken once, and no two names may hash to
  // the same stream id, so no two decisions share draws.
  rng::Stream stream(const std::string& name) {
    const auto [it, fresh] = streams_->emplace(rng::stream_id(name), name);
    if (!fresh && it->second == name) throw std::logic_error("random stream declared twice: " + name);
    if (!fresh)
      throw std::logic_error("random streams " + it->second + " and " + name +
                             " share a stream id (FNV-1a collision): rename one");
    return rng::Stream(key_, name);
  }

 private:
  ParameterTable& table_;
  const Scenario* scenario_;
  World& world_;
  std::reference_wrapper<Outcomes> outcomes_;
  bool runs_here_ = true;  // false for a world nothing runs (a service switched off)
  rng::Key key_;
  // Stream id -> name, shared with the setups of services switched off.
  std::shared_ptr<std::map<std::uint32_t, std::string>> streams_ =
      std::make_shared<std::map<std::uint32_t, std::string>>();
};

}  // namespace harmsim
