// HCV: transmission over shared injections, acute infection, spontaneous clearance or
// chronic infection, and reinfection of those who cleared. DAA cure arrives with the
// testing and treatment services.
#pragma once

#include "modules/blood_borne.hpp"

namespace harmsim {

class Hcv final : public BloodBorneInfection {
 public:
  Hcv(Setup& setup, const InjectionNetwork& network);

  void initialise(World& w) override;
  void transmission(World& w) override;
  void progression(World& w) override;
  void accounting(World& w) override;

 private:
  double p_per_act_;
  double p_acute_ends_;
  double p_clearance_;
  double antibody_prevalence_initial_;

  OutcomeId exposure_events_, exposure_events_acute_, exposed_partnerships_, clearances_, chronic_onsets_, infections_,
      primary_infections_;
  PrevalenceOutcomes chronic_;
  OutcomeId py_antibody_negative_;
  Stock living_chronic_;
  auto chronic() const {
    return [&status = status_](AgentId a) { return infection::hcv(status[a]) == infection::HcvState::chronic; };
  }
};

}  // namespace harmsim
