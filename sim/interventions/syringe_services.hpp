// Syringe services program (SSP): sterile injecting equipment and contact with staff.
//
// Delivery (interventions/delivery.hpp): people injecting, by default, become clients
// so that the scheduled share of them are clients, and stay for dur_client on average.
// Effects on clients, written into the modifiers of the modules they change: less
// receptive syringe sharing (the injection network's rel_sharing; Hagan & Thiede 2000)
// and more cessation of injecting (opioid use's rel_cessation; Hagan et al. 2000).
// Clients form the published group "ssp_clients", through which naloxone kits reach
// them (the naloxone service's SSP channel).
#pragma once

#include "core/setup.hpp"
#include "interventions/delivery.hpp"
#include "modules/community.hpp"

namespace harmsim {

class SyringeServices final : public DeliveredService {
 public:
  static constexpr const char* kService = "ssp";  // its name, and its delivery's

  SyringeServices(Setup& setup, Community& community);

 private:
  ModifierLane& sharing_lane_;
  ModifierLane& cessation_lane_;
  ModifierLane::Level client_sharing_, client_cessation_;  // the clients' levels in each lane
};

}  // namespace harmsim
