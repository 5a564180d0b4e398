// Syringe services program (SSP): sterile injecting equipment and contact with staff.
//
// Delivery: clients leave at 1 / dur_client (and when they stop injecting or die), and
// each week people injecting who are not clients join with the one probability that
// brings the expected number of clients back to the scheduled coverage, so the share
// holds at the target whatever else moves people in and out of injecting (in a closed
// population this is the two-state chain of docs/oracles.md O4). The program never holds
// more clients than its capacity: when more would join, those with the lowest draws do.
// Effects on clients, written into the modifiers of the modules they change: less
// receptive syringe sharing (the injection network's rel_sharing; Hagan & Thiede 2000)
// and more cessation of injecting (opioid use's rel_cessation; Hagan et al. 2000).
// Clients form the published group "ssp_clients", through which naloxone kits reach
// them (the naloxone service's SSP channel).
#pragma once

#include <vector>

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/community.hpp"

namespace harmsim {

class SyringeServices final : public Module {
 public:
  static constexpr const char* kClients = "ssp_clients";  // the group of clients

  SyringeServices(Setup& setup, Community& community);

  void initialise(World& w) override;
  void services(World& w) override;
  void accounting(World& w) override;

 private:
  // Makes `a` a client or not, with the effects on their sharing and cessation.
  void set_client(AgentId a, bool client);
  // Places left for `clients` clients (effectively unlimited without a capacity).
  double room(std::size_t clients) const;
  // Enrols the people injecting (not yet clients) whose draw falls below p, at most
  // `room` of them (lowest draws first); returns them in ascending id order.
  std::vector<AgentId> enrol(World& w, const rng::Stream& stream, double p, double room);

  Schedule coverage_;
  double capacity_;
  double p_leave_;
  double rel_sharing_;
  double rel_cessation_;

  const State<Use>& use_;
  const Group& injectors_;
  State<std::uint8_t>& client_;
  ModifierLane& sharing_lane_;
  ModifierLane& cessation_lane_;
  ModifierLane::Level client_sharing_, client_cessation_;  // the clients' levels in each lane
  Group& clients_;                                         // at the end of the services phase, ascending ids
  rng::Stream initial_, join_, leave_;
  OutcomeId clients_stock_, turnover_, client_weeks_;
};

}  // namespace harmsim
