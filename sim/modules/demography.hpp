// Demography: the community's adults, their ageing, background mortality by age and
// sex (US life table 2019), the excess mortality of people who use opioids from causes
// other than overdose, and new adults entering at 18.
//
// Background death is scheduled, not polled: when a person enters (or the run starts),
// one Exp(1) threshold E from their own stream is set against the life table's
// cumulative hazard from their age on; they die of background causes in the week the
// cumulative hazard first exceeds E, which has exactly the table's weekly
// probabilities (P(alive after k weeks) = exp(-H_k) = prod (1 - p)). Each week only the
// people due then die, so the cost follows deaths, not the population. The excess
// mortality of people using opioids is a weekly draw over them alone, q = (p_use - p) /
// (1 - p) among those not dying of background causes that week, so the total weekly
// probability is p_use as before. A service that changes a person's background hazard
// (none yet) would keep E and the hazard integrated so far, and recompute the week from
// the remainder against the new hazard.
//
// New adults enter at a rate that depends only on the declared population size, never
// on the model's state, so the same people enter (with the same ids) in every arm.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/accrual.hpp"
#include "core/calendar.hpp"
#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/life_table.hpp"
#include "modules/use_state.hpp"

namespace harmsim {

class Demography final : public Module {
 public:
  explicit Demography(Setup& setup);

  std::size_t agents_created(std::int64_t steps) const override;
  void connect(World& w) override;
  void initialise(World& w) override;
  void demography(World& w) override;
  void accounting(World& w) override;
  void cleanup(World& w) override;
  void relocate(World&, const Relocation& r) override { due_.relocate(r); }

  // Adults at the start of the burn-in: the community size services are scaled to.
  double adults() const { return adults_; }
  // Expected share of adults at the start who are younger than `age`.
  double share_younger_than(int age) const;

 private:
  // Adds n adults of age `age` at the next step (recruited into the replaced group, if any).
  void enter(World& w, std::size_t n, int age);
  // The step at which `a`, alive at step `now`, dies of background causes (last_step if
  // not within the run).
  std::int64_t background_death(const World& w, AgentId a, std::int64_t now) const;

  double adults_;
  int age_max_;
  double p_male_at_entry_;
  double rel_entry_;
  // An open cohort: the group whose losses entrants replace, and at what age.
  std::string replace_;
  std::string replace_where_;
  int age_replacement_;
  const Group* replaced_ = nullptr;
  const Recruit* recruit_ = nullptr;
  std::int64_t cohort_size_ = 0;  // the group's living members at the start of the run
  double rate_excess_death_injecting_;
  double rate_excess_death_noninjecting_;

  // Weekly death probability by [use group][sex][age - 18]: group 0 no current use,
  // 1 non-injecting use, 2 injecting; and each use group's excess as the chance of
  // dying among those who do not die of background causes that week.
  std::array<std::array<std::array<double, life_table::kAges>, 2>, 3> p_death_{};
  std::array<std::array<std::array<double, life_table::kAges>, 2>, 3> p_excess_{};
  // Background cumulative hazard by [sex][weeks since birth]: H[v] = sum over u < v of
  // -ln(1 - p(age at u)), ages clamped to the table's, up to kHorizonYears.
  static constexpr int kHorizonYears = 130;
  std::array<std::vector<double>, 2> cumulative_hazard_;
  // The people due to die of background causes at each step of the run.
  Calendar due_;
  const Group* users_ = nullptr;  // people using opioids (published after this module is built)
  double entries_per_step_ = 0;
  Accrual entries_;

  rng::Stream initial_age_, entry_sex_, death_, death_time_;
  const State<Use>* use_ = nullptr;  // opioid use, declared after this module (found at initialise)
  OutcomeId deaths_all_cause_, deaths_other_causes_, deaths_background_, deaths_drug_related_, entered_, alive_,
      py_alive_;
  std::int64_t deaths_before_ = 0;  // the population's deaths at the start of the step
};

}  // namespace harmsim
