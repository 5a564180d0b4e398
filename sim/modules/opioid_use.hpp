// Opioid use: no use, non-injecting use, injecting, and former use (remembering the
// route). Transitions each week: initiation, starting to inject, cessation, relapse.
// Publishes the use variable and the groups of people using and injecting
// (modules/use_state.hpp); services change cessation of injecting through its modifier.
// Also holds the illicit supply's fentanyl share, which drives overdose risk.
#pragma once

#include <array>

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/demography.hpp"
#include "modules/use_state.hpp"

namespace harmsim {

class OpioidUse final : public Module {
 public:
  OpioidUse(Setup& setup, const Demography& demography);

  void initialise(World& w) override;
  void substance_use(World& w) override;
  void accounting(World& w) override;

  // Share of the illicit opioid supply containing fentanyl in the current step.
  double fentanyl_share(const World& w) const { return fentanyl_share_.at(w.week()); }

  // Cessation of injecting relative to the declared rate.
  Modifier& rel_cessation() { return rel_cessation_; }

 private:
  void transition(World& w, AgentId a);
  void refresh_groups(World& w);
  std::int64_t injectors_alive(const World& w) const;

  State<Use>& use_;
  Group& users_group_;
  Group& injectors_group_;
  Modifier rel_cessation_;
  // Initial chances of each use state for an adult younger than age_max_initial:
  // injecting, non-injecting, former injecting, former non-injecting.
  std::array<double, 4> initial_chance_{};
  int age_max_initial_, age_max_initiation_;
  double p_initiation_;
  double rate_injection_initiation_, rate_cessation_noninjecting_, rate_cessation_injecting_;
  double p_relapse_;
  Schedule fentanyl_share_;

  rng::Stream initial_, initiation_, noninjecting_exit_, cessation_injecting_, relapse_;
  OutcomeId users_, injectors_, py_using_, py_injecting_;
  OutcomeId initiations_, injection_initiations_, cessations_injecting_, relapses_, formerly_injecting_stock_;
  OutcomeId deaths_injecting_;
  std::int64_t formerly_injecting_ = 0;
  // People injecting who died this step before the substance-use phase, and those alive
  // among the group at the end of the last step: deaths while injecting are counted from
  // the group alone, without a pass over everyone.
  std::int64_t deaths_injecting_early_ = 0;
  std::int64_t injectors_alive_ = 0;
};

}  // namespace harmsim
