// Naloxone distribution (overdose education and naloxone distribution, OEND).
//
// Delivery (interventions/delivery.hpp): kits per 100,000 adults per year reach the
// eligible people (people using opioids, by default) through channels: the SSP (to
// clients without a kit), pharmacies (only part of which reach settings
// where opioids are used: most pharmacy naloxone is co-prescribed with analgesics)
// and community programs. Kits in a use setting are held either by a person who uses
// opioids or by someone close to them (family, friends: a "circle" kit). Kits are lost,
// expire or are confiscated at a constant rate, and a kit given at an overdose is used up.
// Product: a naloxone source for the overdose module. At a witnessed overdose, naloxone
// is at hand if the person overdosing has a kit, if the witness is a peer holding one,
// or if the witness is from their circle and the circle holds one; the overdose module
// decides whether it is given and works.
#pragma once

#include <cstdint>
#include <optional>

#include "core/accrual.hpp"
#include "core/module.hpp"
#include "core/setup.hpp"
#include "interventions/delivery.hpp"
#include "interventions/syringe_services.hpp"
#include "modules/community.hpp"
#include "modules/naloxone_source.hpp"

namespace harmsim {

class Naloxone final : public Module, public NaloxoneSource {
 public:
  Naloxone(Setup& setup, Community& community);

  void connect(World& w) override;
  void initialise(World& w) override;
  void services(World& w) override;
  void accounting(World& w) override;
  void relocate(World&, const Relocation& r) override { delivery_.relocate(r); }

  // The kit at hand at a witnessed overdose of `victim`: the victim's own, else the
  // peer witness's (if the witness is a peer), else the victim's circle's (if the
  // witness is from the circle). Its kind says whose: kOwn or kCircle.
  std::optional<NaloxoneAtHand> at_hand(const World& w, AgentId victim, const Witness& witness) const override;
  // Counts whose kit was at hand: the person's own, a peer's or the circle's.
  void found(World& w, AgentId victim, const NaloxoneAtHand& kit) override;
  // A kit given at an overdose is used up.
  void given(const World& w, const NaloxoneAtHand& kit) override;

 private:
  static constexpr std::uint8_t kOwn = 0, kCircle = 1;

  // Hands about `kits` kits to the `people` (living, eligible, ascending ids) who lack
  // one in `held_until`, through the delivery (people referred first, if
  // `from_waiting_list`; then each with the same chance, so the number handed out is
  // random around `kits`), and draws how long each new kit lasts. Kits beyond the number
  // of people lacking one find no one: they are undeliverable.
  struct Handed {
    std::int64_t kits = 0, undeliverable = 0;
    std::vector<AgentId> received;  // ascending ids
  };
  Handed hand_out(World& w, const std::vector<AgentId>& people, State<std::int32_t>& held_until, std::int64_t kits,
                  const rng::Stream& stream, int lane, bool from_waiting_list);
  // Weeks a kit handed out now lasts before it is lost (geometric at rate_kit_loss).
  std::int32_t lifetime(double u) const;
  static bool holds(const World& w, const State<std::int32_t>& held_until, AgentId a) { return held_until[a] > w.step; }

  const Group& users_;
  const Group* ssp_clients_ = nullptr;  // found at connect; null when the SSP is switched off
  double adults_;                       // the community size that kits per 100,000 adults are scaled to
  Schedule kits_per_100k_per_year_;
  double share_ssp_, share_pharmacy_;
  double p_pharmacy_in_use_setting_;
  double p_to_person_who_uses_;
  double p_loss_;
  double share_with_kit_initial_;

  // The step until which (exclusive) a kit is held: by the person, and by their circle.
  State<std::int32_t>& own_until_;
  State<std::int32_t>& circle_until_;
  Accrual ssp_kits_, pharmacy_kits_, user_kits_, circle_kits_;
  Delivery delivery_;

  rng::Stream initial_, kit_lifetime_, via_ssp_, to_users_, to_circles_;
  OutcomeId distributed_, holding_own_, holding_circle_;
  // Kits by channel and by fate, and whose kit was at hand at an overdose.
  OutcomeId via_ssp_kits_, pharmacy_elsewhere_kits_, to_users_kits_, to_circles_kits_, undeliverable_, lost_;
  OutcomeId at_hand_own_, at_hand_peer_, at_hand_circle_;
};

}  // namespace harmsim
