// Overdose: a weekly hazard for people using opioids, higher for injecting and raised
// by fentanyl in the supply; each overdose then runs the rescue cascade (witnessed,
// naloxone at hand and given, reversal, emergency care), which decides whether it is
// fatal.
#pragma once

#include "core/module.hpp"
#include "core/setup.hpp"
#include "interventions/naloxone.hpp"
#include "modules/injection_network.hpp"
#include "modules/opioid_use.hpp"
#include "modules/overdose_cascade.hpp"

namespace harmsim {

class Overdose final : public Module {
 public:
  Overdose(Setup& setup, const OpioidUse& use, const InjectionNetwork& network, Naloxone& naloxone);

  void overdose(World& w) override;

 private:
  void resolve(World& w, AgentId a);
  AgentId peer_witness(const World& w, AgentId a, double u) const;

  const OpioidUse& use_;
  const InjectionNetwork& network_;
  Naloxone& naloxone_;
  double rate_injecting_;
  double rel_noninjecting_;
  double rel_fentanyl_;
  double p_witness_is_peer_;
  CascadeProbabilities cascade_;

  rng::Stream onset_, rescue_, fatal_;
  OutcomeId nonfatal_, deaths_, nonfatal_injecting_, deaths_injecting_, witnessed_, given_, reversals_;
};

}  // namespace harmsim
