#include "core/model.hpp"

#include "core/setup.hpp"
#include "interventions/naloxone.hpp"
#include "interventions/syringe_services.hpp"
#include "modules/demography.hpp"
#include "modules/hcv.hpp"
#include "modules/hiv.hpp"
#include "modules/injection_network.hpp"
#include "modules/opioid_use.hpp"
#include "modules/overdose.hpp"

namespace harmsim {

Model::Model(const Scenario* scenario, rng::Key key, std::size_t grain) {
  world_.grain = grain;
  Setup setup(table_, scenario, world_, key);
  run_ = RunSettings::declare(setup);
  world_.burn_in_steps = run_.burn_in_steps();

  // Constructed so that each module exists before those that read it; listed in the
  // order in which they act within each phase.
  auto demography = std::make_unique<Demography>(setup);
  auto ssp = std::make_unique<SyringeServices>(setup);
  auto use = std::make_unique<OpioidUse>(setup, *demography, *ssp);
  auto network = std::make_unique<InjectionNetwork>(setup, demography->adults(), *ssp);
  auto naloxone = std::make_unique<Naloxone>(setup, demography->adults(), *ssp);
  auto hiv = std::make_unique<Hiv>(setup, *network);
  auto hcv = std::make_unique<Hcv>(setup, *network);
  auto overdose = std::make_unique<Overdose>(setup, *use, *network, *naloxone);

  modules_.push_back(std::move(demography));
  modules_.push_back(std::move(use));
  modules_.push_back(std::move(network));
  modules_.push_back(std::move(ssp));
  modules_.push_back(std::move(naloxone));
  modules_.push_back(std::move(hiv));
  modules_.push_back(std::move(hcv));
  modules_.push_back(std::move(overdose));
}

Model::~Model() = default;

const ParameterTable& Model::parameters() {
  static const ParameterTable table = Model(nullptr, rng::Key{}).table_;
  return table;
}

void Model::initialise() {
  world_.pop.reserve(planned_agents());
  for (auto& m : modules_) m->initialise(world_);
}

std::size_t Model::planned_agents() const {
  std::size_t n = 0;
  for (const auto& m : modules_) n += m->agents_created(run_.burn_in_steps() + run_.steps());
  return n;
}

std::uint64_t Model::replicate_memory() const {
  const std::uint64_t series = world_.outcomes.specs().size() * static_cast<std::uint64_t>(run_.steps());
  return planned_agents() * world_.pop.bytes_per_agent() + series * sizeof(std::int64_t);
}

void Model::step() {
  each(&Module::demography);     // 1. background and excess mortality (ageing is implicit in birth step)
  each(&Module::substance_use);  // 2. initiation, injecting, cessation, relapse
  each(&Module::networks);       // 3. injection partnerships; who shares with whom this week
  each(&Module::services);       // 4. who the services reach
  each(&Module::transmission);   // 5. HIV and HCV over shared injections
  each(&Module::overdose);       // 6. overdoses and the rescue cascade
  each(&Module::progression);    // 7. natural history of infections
  each(&Module::accounting);     // 8. end-of-step stocks
  each(&Module::cleanup);        // 9. new adults enter
  world_.outcomes.end_step(world_.reporting());
  ++world_.step;
}

void Model::each(void (Module::*phase)(World&)) {
  for (auto& m : modules_) ((*m).*phase)(world_);
}

RunSettings run_settings(const Scenario& scenario) {
  return Model(&scenario, rng::Key{}).run();
}

}  // namespace harmsim
