// Demography: the community's adults, their ageing, background mortality by age and
// sex (US life table 2019), the excess mortality of people who use opioids from causes
// other than overdose, and new adults entering at 18.
//
// New adults enter at a rate that depends only on the declared population size, never
// on the model's state, so the same people enter (with the same ids) in every arm.
#pragma once

#include <array>
#include <vector>

#include "core/accrual.hpp"
#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/life_table.hpp"
#include "modules/use_state.hpp"

namespace harmsim {

class Demography final : public Module {
 public:
  explicit Demography(Setup& setup);

  std::size_t agents_created(std::int64_t steps) const override;
  void initialise(World& w) override;
  void demography(World& w) override;
  void accounting(World& w) override;
  void cleanup(World& w) override;

  // Adults at the start of the burn-in: the community size services are scaled to.
  double adults() const { return adults_; }
  // Expected share of adults at the start who are younger than `age`.
  double share_younger_than(int age) const { return life_table::stationary_share_younger_than(age, p_male_at_entry_); }

 private:
  void enter(World& w, std::size_t n);

  double adults_;
  double p_male_at_entry_;
  double rel_entry_;
  double rate_excess_death_injecting_;
  double rate_excess_death_noninjecting_;

  // Weekly death probability by [use group][sex][age - 18]: group 0 no current use,
  // 1 non-injecting use, 2 injecting.
  std::array<std::array<std::array<double, life_table::kAges>, 2>, 3> p_death_{};
  double entries_per_step_ = 0;
  Accrual entries_;

  rng::Stream initial_age_, entry_sex_, death_;
  const State<Use>* use_ = nullptr;  // opioid use, declared after this module (found at initialise)
  OutcomeId deaths_all_cause_, deaths_other_causes_, deaths_background_, deaths_drug_related_, entered_, alive_,
      py_alive_;
  std::int64_t deaths_before_ = 0;  // the population's deaths at the start of the step
};

}  // namespace harmsim
