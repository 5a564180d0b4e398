// HCV: transmission over shared injections, acute infection, spontaneous clearance or
// chronic infection, and reinfection of those who cleared. DAA cure arrives with the
// testing and treatment services.
#pragma once

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/blood_borne.hpp"
#include "modules/infection_status.hpp"
#include "modules/injection_network.hpp"

namespace harmsim {

class Hcv final : public Module {
 public:
  Hcv(Setup& setup, const InjectionNetwork& network);

  void initialise(World& w) override;
  void transmission(World& w) override;
  void progression(World& w) override;
  void accounting(World& w) override;

 private:
  const InjectionNetwork& network_;
  double p_per_act_;
  double p_acute_ends_;
  double p_clearance_;
  double antibody_prevalence_initial_;

  AcuteCohort acute_;
  rng::Stream initial_, transmission_, progression_;
  OutcomeId infections_, primary_infections_, chronic_, py_antibody_negative_;
};

}  // namespace harmsim
