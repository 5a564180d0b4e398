// The population as a structure of arrays: one array per agent variable, indexed by a
// stable agent id. Agents are never removed: a death clears `alive`, and new adults are
// appended, so an id means the same person for the whole run and in every arm.
//
// Modules declare the variables they own (Population::declare) and look up variables
// other modules own (Population::get); the core variables below are read by nearly
// every module and declared here.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace harmsim {

using AgentId = std::uint32_t;

class StateBase {
 public:
  virtual ~StateBase() = default;
  virtual void resize(std::size_t n) = 0;
  virtual void reserve(std::size_t n) = 0;
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
  std::size_t bytes_per_agent() const override { return sizeof(T); }

 private:
  std::vector<T> values_;
  T initial_;
};

// Opioid use: route and history. Former users remember whether they injected, because
// relapse returns people to the route they used.
enum class Use : std::uint8_t { never, noninjecting, injecting, former_noninjecting, former_injecting };

inline bool using_opioids(Use u) {
  return u == Use::noninjecting || u == Use::injecting;
}

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

  template <class T>
  State<T>& get(const std::string& name) {
    const auto it = states_.find(name);
    auto* state = it == states_.end() ? nullptr : dynamic_cast<State<T>*>(it->second.get());
    if (!state) throw std::logic_error("no agent state '" + name + "' of the requested type");
    return *state;
  }

  std::size_t size() const { return size_; }

  // Appends n agents with every state at its initial value; returns the first new id.
  // Never called inside a parallel loop.
  AgentId add(std::size_t n);
  // Makes room for n agents in all, so that adding them never moves the arrays (nor
  // briefly needs them twice over).
  void reserve(std::size_t n);
  // Memory per agent of all declared variables.
  std::size_t bytes_per_agent() const;

  // Marks a death; safe to call for different agents concurrently.
  void die(AgentId a) {
    alive[a] = 0;
    deaths_.fetch_add(1, std::memory_order_relaxed);
    if (use[a] == Use::injecting) deaths_injecting_.fetch_add(1, std::memory_order_relaxed);
  }
  // Deaths so far, of everyone and of people injecting at the time.
  std::int64_t deaths() const { return deaths_.load(std::memory_order_relaxed); }
  std::int64_t deaths_injecting() const { return deaths_injecting_.load(std::memory_order_relaxed); }

 private:
  std::map<std::string, std::unique_ptr<StateBase>> states_;
  std::size_t size_ = 0;
  std::atomic<std::int64_t> deaths_{0};
  std::atomic<std::int64_t> deaths_injecting_{0};

 public:
  State<std::uint8_t>& alive;
  State<Sex>& sex;
  State<std::int32_t>& birth_step;  // internal step at which the agent was born (age = now - birth)
  State<Use>& use;
  // Blood-borne infection status in one byte, so partner look-ups read one array
  // (bit layout in modules/infection_status.hpp).
  State<std::uint8_t>& infection;
};

}  // namespace harmsim
