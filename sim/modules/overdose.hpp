// Overdose: a weekly hazard for people using opioids, higher for injecting and raised
// by fentanyl in the supply; each overdose then runs the rescue cascade (witnessed,
// naloxone at hand and given, reversal, emergency care), which decides whether it is
// fatal. Services put naloxone at hand as naloxone sources, and may serve people who
// survived an overdose recently (the eligibility term overdose_within).
#pragma once

#include <limits>
#include <vector>

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/injection_network.hpp"
#include "modules/naloxone_source.hpp"
#include "modules/opioid_use.hpp"
#include "modules/overdose_cascade.hpp"

namespace harmsim {

class Overdose final : public Module {
 public:
  Overdose(Setup& setup, const OpioidUse& use, const InjectionNetwork& network);

  void overdose(World& w) override;

  void add_naloxone_source(NaloxoneSource& source) { naloxone_sources_.push_back(&source); }

 private:
  void resolve(World& w, AgentId a);
  AgentId peer_witness(const World& w, AgentId a, double u) const;

  const OpioidUse& use_module_;
  const InjectionNetwork& network_;
  const State<Use>& use_;
  const Group& users_;
  std::vector<NaloxoneSource*> naloxone_sources_;
  // The step of each person's latest non-fatal overdose (kNever if none), for the
  // eligibility term overdose_within(weeks). One per agent rather than a sparse map: in a
  // cohort of people who inject nearly everyone has one, and a map costs ten times more.
  static constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::min();
  State<std::int32_t>& last_nonfatal_;
  double rate_injecting_;
  double rel_noninjecting_;
  double rel_fentanyl_;
  double p_witness_is_peer_;
  CascadeProbabilities cascade_;

  rng::Stream onset_, rescue_, fatal_;
  OutcomeId nonfatal_, deaths_, nonfatal_injecting_, deaths_injecting_;
  // The cascade step by step.
  OutcomeId witnessed_, unwitnessed_, at_hand_, given_, reversals_, ems_called_, ems_rescued_;
};

}  // namespace harmsim
