// The population as a structure of arrays: one array per agent variable, indexed by an
// agent's slot (AgentId). A death clears `alive`; new adults are appended. Once the dead
// hold a set share of the slots (run.compact_dead_share), their slots are released: the
// living close up in the same order (core/relocation.hpp), so memory follows the living
// population, and every module maps the slots it holds. A person's persistent id
// (`id`, given in order of entry: the same person in every arm where entry does not
// depend on the model's state) keys their random draws;
// the slot keys nothing that outlives a release. As the living keep their order, slots
// ascend as ids do.
//
// Modules declare the variables they own (Population::declare) and look up variables
// other modules own (Population::get); the core variables below (alive, sex, birth) are
// read by nearly every module and declared here. Core knows no other variable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/relocation.hpp"
#include "rng/stream.hpp"

namespace harmsim {

class StateBase {
 public:
  virtual ~StateBase() = default;
  virtual void resize(std::size_t n) = 0;
  virtual void reserve(std::size_t n) = 0;
  // Moves every kept value to its new slot and drops the released.
  virtual void relocate(const Relocation& r) = 0;
  virtual std::size_t bytes_per_agent() const = 0;
};

template <class T>
class State final : public StateBase {
 public:
  explicit State(T initial) : initial_(initial) {}
  T& operator[](std::size_t i) { return values_[i]; }
  const T& operator[](std::size_t i) const { return values_[i]; }
  std::size_t size() const { return values_.size(); }
  void resize(std::size_t n) override { values_.resize(n, initial_); }
  void reserve(std::size_t n) override { values_.reserve(n); }
  void relocate(const Relocation& r) override {
    for (AgentId a = 0; a < r.slots(); ++a)
      if (!r.gone(a)) values_[r[a]] = values_[a];  // r[a] <= a: in place, in slot order
    values_.resize(r.kept());
  }
  std::size_t bytes_per_agent() const override { return sizeof(T); }

 private:
  std::vector<T> values_;
  T initial_;
};

enum class Sex : std::uint8_t { female, male };

class Population {
 public:
  Population();
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  template <class T>
  State<T>& declare(const std::string& name, T initial) {
    auto state = std::make_unique<State<T>>(initial);
    State<T>& ref = *state;
    ref.resize(size_);
    if (!states_.emplace(name, std::move(state)).second) throw std::logic_error("agent state declared twice: " + name);
    return ref;
  }

  // A variable another module declared (a bug if there is none of this type).
  template <class T>
  State<T>& get(const std::string& name) {
    State<T>* state = find<T>(name);
    if (!state) throw std::logic_error("no agent state '" + name + "' of the requested type");
    return *state;
  }
  template <class T>
  const State<T>& get(const std::string& name) const {
    return const_cast<Population*>(this)->get<T>(name);
  }
  // A variable several modules share (e.g. one byte for all blood-borne infections):
  // declared by the first to ask, found by the others.
  template <class T>
  State<T>& shared(const std::string& name, T initial) {
    State<T>* state = find<T>(name);
    return state ? *state : declare<T>(name, initial);
  }

  // Slots in use: the living, and the dead not yet released.
  std::size_t size() const { return size_; }
  std::int64_t living() const { return static_cast<std::int64_t>(size_) - (deaths_ - released_); }
  // People who ever entered (the next persistent id).
  std::int64_t entered() const { return next_id_; }

  // Appends n agents with every state at its initial value and the next persistent ids;
  // returns the first new slot. Never called inside a parallel loop.
  AgentId add(std::size_t n);
  // Makes room for n agents in all, so that adding them never moves the arrays (nor
  // briefly needs them twice over).
  void reserve(std::size_t n);
  // Memory per agent of all declared variables.
  std::size_t bytes_per_agent() const;

  // Marks a death. Never called inside a parallel loop: the dead of a step are listed.
  void die(AgentId a) {
    alive[a] = 0;
    ++deaths_;
    died_.push_back(a);
  }
  // Starts a step: its list of the dead starts empty.
  void begin_step() { died_.clear(); }
  // Those who died in the current step, in the order they died: stocks kept up to date
  // at each transition lose their dead from this list, without a pass over everyone.
  const std::vector<AgentId>& died() const { return died_; }
  std::int64_t deaths() const { return deaths_; }

  // The moves that release the slots of the dead, for modules to map what they hold
  // while the arrays are still in the old order; then release() applies them here.
  Relocation relocation() const {
    return Relocation(size_, [&](std::size_t a) { return alive[a] != 0; });
  }
  void release(const Relocation& r);

 private:
  template <class T>
  State<T>* find(const std::string& name) {
    const auto it = states_.find(name);
    return it == states_.end() ? nullptr : dynamic_cast<State<T>*>(it->second.get());
  }

  std::map<std::string, std::unique_ptr<StateBase>> states_;
  std::size_t size_ = 0;
  std::int64_t deaths_ = 0;
  std::int64_t released_ = 0;  // slots of the dead released so far
  std::uint32_t next_id_ = 0;
  std::vector<AgentId> died_;

 public:
  State<rng::Person>& id;  // the persistent id, the key of the person's draws
  State<std::uint8_t>& alive;
  State<Sex>& sex;
  State<std::int32_t>& birth_step;  // internal step at which the agent was born (age = now - birth)
};

}  // namespace harmsim
