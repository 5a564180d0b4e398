// Syringe services program (SSP): sterile injecting equipment and contact with staff.
//
// Delivery: clients leave at 1 / dur_client (and when they stop injecting or die), and
// each week people injecting who are not clients join with the one probability that
// brings the expected number of clients back to the scheduled coverage, so the share
// holds at the target whatever else moves people in and out of injecting (in a closed
// population this is the two-state chain of docs/oracles.md O4). The program never holds
// more clients than its capacity: when more would join, those with the lowest draws do.
// Effects on clients: less receptive syringe sharing (Hagan & Thiede 2000) and more
// cessation of injecting (Hagan et al. 2000). Naloxone kits reach clients through the
// SSP channel of the naloxone module.
#pragma once

#include <vector>

#include "core/module.hpp"
#include "core/setup.hpp"

namespace harmsim {

class SyringeServices final : public Module {
 public:
  explicit SyringeServices(Setup& setup);

  void initialise(World& w) override;
  void services(World& w) override;
  void accounting(World& w) override;

  bool client(AgentId a) const { return client_[a] != 0; }
  // Clients at the end of the services phase, ascending ids.
  const std::vector<AgentId>& clients() const { return clients_; }
  double rel_sharing(AgentId a) const { return client(a) ? rel_sharing_ : 1.0; }
  double rel_cessation(AgentId a) const { return client(a) ? rel_cessation_ : 1.0; }

 private:
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

  State<std::uint8_t>& client_;
  std::vector<AgentId> clients_;
  rng::Stream initial_, join_, leave_;
  OutcomeId clients_stock_, turnover_, client_weeks_;
};

}  // namespace harmsim
