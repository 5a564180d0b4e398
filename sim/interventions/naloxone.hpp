// Naloxone distribution (overdose education and naloxone distribution, OEND).
//
// Delivery: kits per 100,000 adults per year reach the community through channels:
// the SSP (to clients without a kit), pharmacies (only part of which reach settings
// where opioids are used: most pharmacy naloxone is co-prescribed with analgesics)
// and community programs. Kits in a use setting are held either by a person who uses
// opioids or by someone close to them (family, friends: a "circle" kit). Kits are lost,
// expire or are confiscated at a constant rate, and a kit given at an overdose is used up.
// Product: at a witnessed overdose, naloxone is at hand if the person overdosing has a
// kit, if the witness is a peer holding one, or if the witness is from their circle and
// the circle holds one; the overdose module decides whether it is given and works.
#pragma once

#include <cstdint>

#include "core/accrual.hpp"
#include "core/module.hpp"
#include "core/setup.hpp"
#include "interventions/syringe_services.hpp"

namespace harmsim {

class Naloxone final : public Module {
 public:
  // `adults`: the community size that kits per 100,000 adults are scaled to.
  Naloxone(Setup& setup, double adults, const SyringeServices& ssp);

  void initialise(World& w) override;
  void services(World& w) override;
  void accounting(World& w) override;

  // The kit at hand at a witnessed overdose of `victim`: the victim's own, else the
  // peer witness's (if the witness is a peer; `peer` may be kNoPeer), else the
  // victim's circle's (if the witness is from the circle). Null if none.
  std::uint8_t* kit_at_hand(AgentId victim, bool witness_is_peer, AgentId peer);
  static constexpr AgentId kNoPeer = ~AgentId{0};

 private:
  // Hands about `kits` kits to the people in `group` whose `holders` entry lacks one,
  // each with the same chance; returns the number handed out.
  std::int64_t hand_out(World& w, const std::vector<AgentId>& group, State<std::uint8_t>& holders,
                        std::int64_t kits, const rng::Stream& stream);

  const SyringeServices& ssp_;
  double adults_;
  Schedule kits_per_100k_per_year_;
  double share_ssp_, share_pharmacy_;
  double p_pharmacy_in_use_setting_;
  double p_to_person_who_uses_;
  double p_loss_;
  double share_with_kit_initial_;

  State<std::uint8_t>& own_;     // the person who uses holds a kit
  State<std::uint8_t>& circle_;  // someone close to them holds a kit
  Accrual ssp_kits_, pharmacy_kits_, user_kits_, circle_kits_;

  rng::Stream initial_, loss_, via_ssp_, to_users_, to_circles_;
  OutcomeId distributed_, holding_own_, holding_circle_;
};

}  // namespace harmsim
