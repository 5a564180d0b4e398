#include "core/simulation.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

namespace harmsim {

namespace {

// The components in an order where each comes after those it names, otherwise in the
// order they were built (a stable topological sort).
std::vector<Component> in_acting_order(std::vector<Component> built) {
  std::vector<Component> ordered;
  const auto placed = [&](const std::string& name) {
    return std::any_of(ordered.begin(), ordered.end(), [&](const Component& c) { return c.name == name; });
  };
  const auto present = [&](const std::string& name) {
    return placed(name) || std::any_of(built.begin(), built.end(), [&](const Component& c) { return c.name == name; });
  };
  while (!built.empty()) {
    const auto ready = std::find_if(built.begin(), built.end(), [&](const Component& c) {
      return std::all_of(c.after.begin(), c.after.end(),
                         [&](const std::string& n) { return placed(n) || !present(n); });
    });
    if (ready == built.end()) throw std::logic_error("modules wait for each other: " + built.front().name);
    ordered.push_back(std::move(*ready));
    built.erase(ready);
  }
  return ordered;
}

// A step: its phases in the order they run (README, "The model"), each run by every
// module in acting order.
struct Phase {
  const char* name;
  void (Module::*act)(World&);
};
constexpr std::array<Phase, 9> kStep = {{
    {"demography", &Module::demography},        // 1. background mortality; ageing is implicit in the birth step
    {"substance_use", &Module::substance_use},  // 2. starting, changing and stopping use
    {"networks", &Module::networks},            // 3. partnerships; who shares with whom this week
    {"services", &Module::services},            // 4. who the services reach; their effects on the modifiers
    {"transmission", &Module::transmission},    // 5. infections passed on
    {"overdose", &Module::overdose},            // 6. overdoses and the rescue cascade
    {"progression", &Module::progression},      // 7. natural history of infections
    {"accounting", &Module::accounting},        // 8. end-of-step stocks
    {"cleanup", &Module::cleanup},              // 9. new adults enter
}};

}  // namespace

Simulation::Simulation(const Assembly& assemble, const Scenario* scenario, rng::Key key, std::size_t grain) {
  world_.grain = grain;
  Setup setup(table_, scenario, world_, key);
  run_ = RunSettings::declare(setup);
  world_.burn_in_steps = run_.burn_in_steps();
  world_.last_step = run_.burn_in_steps() + run_.steps();
  modules_ = in_acting_order(assemble(setup));
  for (auto& c : modules_) c.module->connect(world_);
  seconds_.assign(modules_.size(), {});
}

Simulation::~Simulation() = default;

void Simulation::initialise() {
  world_.pop.reserve(planned_agents());
  for (auto& c : modules_) c.module->initialise(world_);
}

std::size_t Simulation::planned_agents() const {
  std::size_t n = 0;
  for (const auto& c : modules_) n += c.module->agents_created(run_.burn_in_steps() + run_.steps());
  return n;
}

std::uint64_t Simulation::replicate_memory() const {
  const std::uint64_t series = world_.outcomes.specs().size() * static_cast<std::uint64_t>(run_.steps());
  // Each published group's list holds at most one id per agent, and modules' own
  // tables are at their largest (as in a cohort where everyone injects); in a community
  // most lists are short.
  const std::uint64_t per_agent = world_.pop.bytes_per_agent() + world_.groups.lists() * sizeof(AgentId);
  std::uint64_t held = 0;
  for (const auto& c : modules_) held += c.module->memory(planned_agents());
  return planned_agents() * per_agent + held + series * sizeof(std::int64_t);
}

std::vector<std::string> Simulation::acting_order() const {
  std::vector<std::string> names;
  for (const auto& c : modules_) names.push_back(c.name);
  return names;
}

const Module* Simulation::module(const std::string& name) const {
  const auto it = std::find_if(modules_.begin(), modules_.end(), [&](const Component& c) { return c.name == name; });
  return it == modules_.end() ? nullptr : it->module.get();
}

void Simulation::step() {
  static_assert(kStep.size() == kPhases);
  world_.pop.begin_step();
  for (std::size_t phase = 0; phase < kStep.size(); ++phase) each(phase);
  world_.outcomes.end_step(world_.reporting());
  release_the_dead();
  ++world_.step;
}

void Simulation::release_the_dead() {
  Population& pop = world_.pop;
  const auto dead = static_cast<double>(pop.size()) - static_cast<double>(pop.living());
  if (dead == 0 || dead <= run_.compact_dead_share * static_cast<double>(pop.size())) return;
  const auto start = std::chrono::steady_clock::now();
  const Relocation r = pop.relocation();
  for (auto& c : modules_) c.module->relocate(world_, r);
  world_.groups.relocate(r);
  pop.release(r);
  seconds_releasing_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::each(std::size_t phase) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  for (std::size_t m = 0; m < modules_.size(); ++m) {
    ((*modules_[m].module).*kStep[phase].act)(world_);
    const auto end = Clock::now();
    seconds_[m][phase] += std::chrono::duration<double>(end - start).count();
    start = end;
  }
}

std::vector<PhaseSeconds> Simulation::phase_seconds() const {
  std::vector<PhaseSeconds> out;
  for (std::size_t m = 0; m < modules_.size(); ++m)
    for (std::size_t p = 0; p < kStep.size(); ++p) out.push_back({modules_[m].name, kStep[p].name, seconds_[m][p]});
  out.push_back({"population", "release of the dead", seconds_releasing_});
  return out;
}

}  // namespace harmsim
