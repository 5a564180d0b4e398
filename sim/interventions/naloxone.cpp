#include "interventions/naloxone.hpp"

#include <algorithm>

#include "core/parallel.hpp"
#include "core/time.hpp"
#include "params/errors.hpp"

namespace harmsim {

Naloxone::Naloxone(Setup& setup, double adults, const SyringeServices& ssp)
    : ssp_(ssp),
      adults_(adults),
      kits_per_100k_per_year_(setup.schedule(
          {"naloxone.kits_per_100k_per_year", 280, "kits per 100,000 adults per year", 0, 100000,
           "Naloxone kits distributed in the community, all channels.",
           "Derived: US pharmacies dispensed 556,847 naloxone prescriptions in 2018, about 170 per 100,000 "
           "(Guy GP et al. 2019, MMWR 68:679) [V2]; US SSPs distributed 702,232 doses in 2018-19, about 107 "
           "two-dose kits per 100,000 (Lambdin BH et al. 2020, MMWR 69:1117) [V2]."})),
      share_ssp_(setup.value({"naloxone.share_ssp", 0.4, "share of kits", 0, 1,
                              "Share of kits handed out by the SSP, to clients without a kit (needs SSP "
                              "clients; kits find no one otherwise).",
                              "Derived from the two sources of kits_per_100k_per_year (107 of 280)."})),
      share_pharmacy_(setup.value({"naloxone.share_pharmacy", 0.6, "share of kits", 0, 1,
                                   "Share of kits dispensed by pharmacies; the rest of the kits, after the "
                                   "SSP's share, go through community programs.",
                                   "Derived from the two sources of kits_per_100k_per_year (170 of 280)."})),
      p_pharmacy_in_use_setting_(setup.value(
          {"naloxone.p_pharmacy_in_use_setting", 0.3, "probability", 0, 1,
           "Share of pharmacy kits that reach a person who uses illicit opioids or their circle.",
           "[ASSUMPTION, calibrate] pharmacy naloxone is mostly co-prescribed with high-dose opioid "
           "analgesics: 1 naloxone per 69 high-dose prescriptions (Guy 2019) [V]."})),
      p_to_person_who_uses_(setup.value(
          {"naloxone.p_to_person_who_uses", 0.6, "probability", 0, 1,
           "Share of kits outside the SSP that go to a person who uses (the rest to family or friends).",
           "[ASSUMPTION] most lay kits go to people who use: Wheeler E et al. 2015, MMWR 64:631 [V2]."})),
      p_loss_(step_probability(setup.value(
          {"naloxone.rate_kit_loss", 0.3, "per year", 0, 52,
           "Rate at which a held kit is lost, stolen, confiscated or expires.",
           "[ASSUMPTION, calibrate] of replaced kits in British Columbia, 47% were used, 14% lost, 12% "
           "stolen, 6% confiscated, 2% expired (Banjo O et al. 2014, CMAJ Open) [V]; no yearly rate found."}))),
      share_with_kit_initial_(setup.value(
          {"naloxone.share_with_kit_initial", 0, "share of people using", 0, 1,
           "Share of people using opioids (and of their circles) holding a kit at the start of the "
           "burn-in; the burn-in brings kit holding to its equilibrium.",
           "[ASSUMPTION] 0: the burn-in builds the stock of kits."})),
      own_(setup.state<std::uint8_t>("naloxone.own_kit", 0)),
      circle_(setup.state<std::uint8_t>("naloxone.circle_kit", 0)),
      initial_(setup.stream("naloxone.initial")),
      loss_(setup.stream("naloxone.loss")),
      via_ssp_(setup.stream("naloxone.via_ssp")),
      to_users_(setup.stream("naloxone.to_users")),
      to_circles_(setup.stream("naloxone.to_circles")),
      distributed_(setup.outcome({"naloxone_kits_distributed", Measure::flow, "kits",
                                  "Naloxone kits handed out, all channels.", true})),
      holding_own_(setup.outcome({"people_using_with_naloxone", Measure::stock, "people",
                                  "People using opioids who hold a naloxone kit."})),
      holding_circle_(setup.outcome({"circles_with_naloxone", Measure::stock, "people",
                                     "People using opioids someone close to whom holds a kit."})) {
  if (share_ssp_ + share_pharmacy_ > 1 + 1e-12)
    throw UsageError("naloxone.share_ssp + naloxone.share_pharmacy = " + std::to_string(share_ssp_ + share_pharmacy_) +
                     " exceeds 1: the channel shares must sum to at most 1 (the rest goes to community programs).");
}

void Naloxone::initialise(World& w) {
  for (AgentId a : w.users) {
    const rng::Uniforms u = initial_.agent(w.step, a);
    own_[a] = u[0] < share_with_kit_initial_;
    circle_[a] = u[1] < share_with_kit_initial_;
  }
}

std::int64_t Naloxone::hand_out(World& w, const std::vector<AgentId>& group, State<std::uint8_t>& holders,
                                std::int64_t kits, const rng::Stream& stream) {
  if (kits <= 0) return 0;
  const auto lacking = [&](AgentId a) { return w.pop.alive[a] && !holders[a]; };
  std::int64_t n = 0;
  for (AgentId a : group) n += lacking(a);
  if (n == 0) return 0;
  // Each eligible person receives with the same chance, so the expected number handed
  // out equals the kits available (or everyone eligible, if fewer).
  const double p = std::min(1.0, static_cast<double>(kits) / static_cast<double>(n));
  std::int64_t handed = 0;
  for (AgentId a : group)
    if (lacking(a) && stream.uniform(w.step, a) < p) {
      holders[a] = 1;
      ++handed;
    }
  return handed;
}

void Naloxone::services(World& w) {
  for (AgentId a : w.users) {
    if (!w.pop.alive[a]) continue;
    const rng::Uniforms u = loss_.agent(w.step, a);
    if (own_[a] && u[0] < p_loss_) own_[a] = 0;
    if (circle_[a] && u[1] < p_loss_) circle_[a] = 0;
  }

  const double kits = kits_per_100k_per_year_.at(w.week()) * adults_ / 1e5 / kStepsPerYear;
  // Kits reaching use settings (pharmacy kits that do, and community programs' kits),
  // split between people who use and their circles.
  const double to_setting = kits * (share_pharmacy_ * p_pharmacy_in_use_setting_ + (1 - share_ssp_ - share_pharmacy_));
  const std::int64_t ssp = ssp_kits_.take(kits * share_ssp_);
  const std::int64_t pharmacy_elsewhere = pharmacy_kits_.take(kits * share_pharmacy_ * (1 - p_pharmacy_in_use_setting_));
  const std::int64_t to_users = user_kits_.take(to_setting * p_to_person_who_uses_);
  const std::int64_t to_circles = circle_kits_.take(to_setting * (1 - p_to_person_who_uses_));

  // Pharmacy kits outside use settings count as distributed but reach no one modelled.
  std::int64_t handed = pharmacy_elsewhere;
  handed += hand_out(w, ssp_.clients(), own_, ssp, via_ssp_);
  handed += hand_out(w, w.users, own_, to_users, to_users_);
  handed += hand_out(w, w.users, circle_, to_circles, to_circles_);
  w.outcomes.add(distributed_, handed);
}

std::uint8_t* Naloxone::kit_at_hand(AgentId victim, bool witness_is_peer, AgentId peer) {
  if (own_[victim]) return &own_[victim];
  if (witness_is_peer) return peer != kNoPeer && own_[peer] ? &own_[peer] : nullptr;
  return circle_[victim] ? &circle_[victim] : nullptr;
}

void Naloxone::accounting(World& w) {
  std::int64_t own = 0, circle = 0;
  for (AgentId a : w.users) {
    own += w.pop.alive[a] && own_[a];
    circle += w.pop.alive[a] && circle_[a];
  }
  w.outcomes.set(holding_own_, own);
  w.outcomes.set(holding_circle_, circle);
}

}  // namespace harmsim
