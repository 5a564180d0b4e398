// HIV: transmission over shared injections, an acute stage of raised infectiousness,
// then chronic infection. Diagnosis, ART and viral suppression arrive with the testing
// and treatment services.
#pragma once

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/blood_borne.hpp"
#include "modules/infection_status.hpp"
#include "modules/injection_network.hpp"

namespace harmsim {

class Hiv final : public Module {
 public:
  Hiv(Setup& setup, const InjectionNetwork& network);

  void initialise(World& w) override;
  void transmission(World& w) override;
  void progression(World& w) override;
  void accounting(World& w) override;

 private:
  const InjectionNetwork& network_;
  double p_per_act_;
  double rel_acute_;
  double p_acute_ends_;
  double prevalence_initial_;

  AcuteCohort acute_;
  rng::Stream initial_, transmission_, progression_;
  OutcomeId infections_, prevalent_, py_susceptible_;
};

}  // namespace harmsim
