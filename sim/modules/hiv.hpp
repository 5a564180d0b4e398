// HIV: transmission over shared injections, an acute stage of raised infectiousness,
// then chronic infection. Diagnosis, ART and viral suppression arrive with the testing
// and treatment services.
#pragma once

#include "modules/blood_borne.hpp"

namespace harmsim {

class Hiv final : public BloodBorneInfection {
 public:
  Hiv(Setup& setup, const InjectionNetwork& network);

  void initialise(World& w) override;
  void transmission(World& w) override;
  void progression(World& w) override;
  void accounting(World& w) override;

 private:
  double p_per_act_;
  double rel_acute_;
  double p_acute_ends_;
  double prevalence_initial_;

  OutcomeId exposure_events_, exposure_events_acute_, exposed_partnerships_, infections_;
  PrevalenceOutcomes prevalent_;
  OutcomeId py_susceptible_;
  Stock living_with_hiv_;
  auto positive() const {
    return [&status = status_](AgentId a) { return infection::hiv(status[a]) != infection::HivStage::negative; };
  }
};

}  // namespace harmsim
