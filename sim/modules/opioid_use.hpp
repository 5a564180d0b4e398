// Opioid use: no use, non-injecting use, injecting, and former use (remembering the
// route). Transitions each week: initiation, starting to inject, cessation, relapse.
// Publishes the use variable and the groups of people using and injecting
// (modules/use_state.hpp); services change cessation of injecting through its modifier.
// Also holds the illicit supply's fentanyl share, which drives overdose risk.
//
// The week's work follows the people whose use can change: those using and former users
// are drawn for each week, from lists kept up to date at each transition; starting to
// use is scheduled (core/calendar.hpp), once per person on entry, against the hazard
// integrated over calendar time (the rate's schedule) up to the age limit, so adults who
// never used cost nothing week by week. Entrants can be recruited into the group of
// people injecting (an open cohort, demography.replace).
#pragma once

#include <array>
#include <vector>

#include "core/calendar.hpp"
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
  void cleanup(World& w) override;
  void relocate(World& w, const Relocation& r) override;

  // Share of the illicit opioid supply containing fentanyl in the current step.
  double fentanyl_share(const World& w) const { return fentanyl_share_.at(w.week()); }

  // Cessation of injecting relative to the declared rate.
  Modifier& rel_cessation() { return rel_cessation_; }
  // The share of adults injecting at the start of the burn-in.
  double share_injecting_initial() const { return share_injecting_initial_; }

 private:
  void transition(World& w, AgentId a);
  // Schedules the start of use of the agents who entered since the last call, from step
  // `from` on.
  void admit(World& w, std::int64_t from);
  // The step at which never-user `a` starts to use, counting the hazard from step `from`;
  // -1 if not within the run or before the age limit.
  std::int64_t initiation_step(const World& w, AgentId a, std::int64_t from) const;
  // The people injecting and who ever injected, from the lists of people using and former users.
  void refresh_injecting();
  // Makes entrant `a` a person injecting (a recruit to the group).
  void recruit(AgentId a);

  State<Use>& use_;
  Group& users_group_;
  Group& injectors_group_;
  Group& ever_injected_group_;
  Modifier rel_cessation_;
  // Initial chances of each use state for an adult younger than age_max_initial:
  // injecting, non-injecting, former injecting, former non-injecting.
  std::array<double, 4> initial_chance_{};
  double share_injecting_initial_ = 0;
  int age_max_initial_, age_max_initiation_;
  Schedule rate_initiation_;
  // Cumulative hazard of starting to use, by step of the run (from the rate's schedule).
  std::vector<double> initiation_hazard_;
  Calendar initiations_due_;
  // Former users, ascending ids, the dead dropped each step (with users_group_, the
  // people whose use can change in a week).
  std::vector<AgentId> former_;
  AgentId admitted_ = 0;  // agents below this slot have had their start of use scheduled
  double rate_injection_initiation_, rate_cessation_noninjecting_, rate_cessation_injecting_;
  double p_exit_noninjecting_;            // weekly chance of either exit from non-injecting use
  ModifiedChance p_cessation_injecting_;  // weekly, by rel_cessation
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
