// Named groups of agents that modules publish (people using opioids, people injecting,
// SSP clients, ...), so that other modules and services find them by name and core
// knows none of them. A group lists its members in ascending id order as its publisher
// last refreshed it; members who died since are still listed, so readers check `alive`.
//
// Every group, and every condition a module publishes without a list (people who ever
// injected, a non-fatal overdose within some weeks), is also a term of the eligibility
// vocabulary (core/eligibility.hpp): a name, a description and a test of one agent.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/lookup.hpp"
#include "core/population.hpp"

namespace harmsim {

struct World;

using Group = std::vector<AgentId>;

// Whether agent `a` belongs, now; `argument` is the term's number for terms that take
// one (the weeks of "overdose_within(12)"), else 0. Called concurrently for different
// agents, so it only reads.
using Membership = std::function<bool(const World& w, AgentId a, double argument)>;
// Makes agent `a`, who has just entered the population, a member of the group (e.g. an
// open cohort of people injecting replaces those it loses with people starting to
// inject). Called serially, for entrants in ascending id order.
using Recruit = std::function<void(World& w, AgentId a)>;

struct Term {
  std::string name;
  std::string description;  // for `harmsim params` and error messages
  std::string argument;     // the unit of its one argument, e.g. "weeks"; empty: it takes none
  Membership test;
  const Group* members = nullptr;  // its published list, if it has one (every agent who passes is listed)
};

class Groups {
 public:
  // The group `name`, which the caller alone keeps up to date, and which `test` tells
  // membership of; with `recruit`, entrants can be made members.
  Group& publish(const std::string& name, const std::string& description, Membership test, Recruit recruit = {}) {
    auto [it, fresh] = groups_.emplace(name, std::make_unique<Group>());
    if (!fresh) throw std::logic_error("group published twice: " + name);
    define({name, description, "", std::move(test), it->second.get()});
    if (recruit) recruits_.emplace(name, std::move(recruit));
    return *it->second;
  }
  // A term with no list of members.
  void define(Term term) {
    const std::string name = term.name;
    if (!terms_.emplace(name, std::move(term)).second) throw std::logic_error("term defined twice: " + name);
  }

  // A published group, or null if no module publishes it (e.g. a service switched off).
  const Group* find(const std::string& name) const {
    const auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : it->second.get();
  }
  const Group& get(const std::string& name) const {
    const Group* g = find(name);
    if (!g) throw std::logic_error("no module publishes the group " + name);
    return *g;
  }

  // How many groups publish a list of members.
  std::size_t lists() const { return groups_.size(); }
  // Follows the members to their new slots and drops the dead (Population::release).
  void relocate(const Relocation& r) {
    for (auto& [name, group] : groups_) r.apply(*group);
  }

  // How entrants are made members of the group `name`, or null if they cannot be.
  const Recruit* recruit(const std::string& name) const { return find_or_null(recruits_, name); }
  std::vector<std::string> recruiting() const { return keys_of(recruits_); }

  // A term only a service switched off publishes, so an expression naming it is refused
  // with that reason.
  void close(const std::string& term, const std::string& service) { closed_.emplace(term, service); }
  // The service switched off that publishes `term`, or null.
  const std::string* closed(const std::string& term) const { return find_or_null(closed_, term); }

  const Term* term(const std::string& name) const { return find_or_null(terms_, name); }
  const std::map<std::string, Term>& terms() const { return terms_; }

 private:
  std::map<std::string, std::unique_ptr<Group>> groups_;  // stable addresses
  std::map<std::string, Term> terms_;
  std::map<std::string, Recruit> recruits_;
  std::map<std::string, std::string> closed_;  // term -> the service switched off that publishes it
};

}  // namespace harmsim
