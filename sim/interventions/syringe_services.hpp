// Syringe services program (SSP): sterile injecting equipment and contact with staff.
//
// Delivery: people injecting become clients and leave as a two-state chain whose
// stationary share of clients is the scheduled coverage (PARAMETERS.md O4: with
// per-step leaving probability b, joining probability a = b C / (1 - C) gives
// a / (a + b) = C), capped by the program's client capacity.
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
  Schedule coverage_;
  double capacity_;
  double p_leave_;
  double rel_sharing_;
  double rel_cessation_;

  State<std::uint8_t>& client_;
  std::vector<AgentId> clients_;
  rng::Stream initial_, join_, leave_;
  OutcomeId clients_stock_, client_weeks_;
};

}  // namespace harmsim
