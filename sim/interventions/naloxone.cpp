#include "interventions/naloxone.hpp"

#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"
#include "params/text.hpp"
#include "units/time.hpp"

namespace harmsim {

Naloxone::Naloxone(Setup& setup, Community& community)
    : users_(setup.group(use_names::kUsing)),
      adults_(community.demography.adults()),
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
      p_pharmacy_in_use_setting_(
          setup.value({"naloxone.p_pharmacy_in_use_setting", 0.3, "probability", 0, 1,
                       "Share of pharmacy kits that reach a person who uses illicit opioids or their circle.",
                       "[ASSUMPTION, calibrate] pharmacy naloxone is mostly co-prescribed with high-dose opioid "
                       "analgesics: 1 naloxone per 69 high-dose prescriptions (Guy 2019) [V]."})),
      p_to_person_who_uses_(
          setup.value({"naloxone.p_to_person_who_uses", 0.6, "probability", 0, 1,
                       "Share of kits outside the SSP that go to a person who uses (the rest to family or friends).",
                       "[ASSUMPTION] most lay kits go to people who use: Wheeler E et al. 2015, MMWR 64:631 [V2]."})),
      p_loss_(step_probability(setup.value(
          {"naloxone.rate_kit_loss", 0.3, "per year", 0, 52,
           "Rate at which a held kit is lost, stolen, confiscated or expires.",
           "[ASSUMPTION, calibrate] of replaced kits in British Columbia, 47% were used, 14% lost, 12% "
           "stolen, 6% confiscated, 2% expired (Banjo O et al. 2014, CMAJ Open) [V]; no yearly rate found."}))),
      share_with_kit_initial_(
          setup.value({"naloxone.share_with_kit_initial", 0, "share of people using", 0, 1,
                       "Share of people using opioids (and of their circles) holding a kit at the start of the "
                       "burn-in; the burn-in brings kit holding to its equilibrium.",
                       "[ASSUMPTION] 0: the burn-in builds the stock of kits."})),
      own_until_(setup.state<std::int32_t>("naloxone.own_kit_until", 0)),
      circle_until_(setup.state<std::int32_t>("naloxone.circle_kit_until", 0)),
      delivery_(setup, {"naloxone", "people given naloxone kits", use_names::kUsing,
                        "Overdose education and naloxone distribution serves people who use opioids and those close "
                        "to them (Wheeler E et al. 2015, MMWR 64:631) [V2].",
                        false}),
      initial_(setup.stream("naloxone.initial")),
      kit_lifetime_(setup.stream("naloxone.kit_lifetime")),
      via_ssp_(setup.stream("naloxone.via_ssp")),
      to_users_(setup.stream("naloxone.to_users")),
      to_circles_(setup.stream("naloxone.to_circles")),
      distributed_(setup.outcome(
          {"naloxone_kits_distributed", Measure::flow, "kits", "Naloxone kits handed out, all channels.", true})),
      holding_own_(setup.outcome(
          {"people_using_with_naloxone", Measure::stock, "people", "People using opioids who hold a naloxone kit."})),
      holding_circle_(setup.outcome({"circles_with_naloxone", Measure::stock, "people",
                                     "People using opioids someone close to whom holds a kit."})),
      via_ssp_kits_(setup.outcome({"naloxone_kits_via_ssp", Measure::flow, "kits",
                                   "Kits handed to SSP clients (a part of naloxone_kits_distributed)."})),
      pharmacy_elsewhere_kits_(setup.outcome(
          {"naloxone_kits_pharmacy_elsewhere", Measure::flow, "kits",
           "Pharmacy kits dispensed outside settings where illicit opioids are used, e.g. co-prescribed with "
           "analgesics; they reach no one modelled (a part of naloxone_kits_distributed)."})),
      to_users_kits_(setup.outcome({"naloxone_kits_to_people_using", Measure::flow, "kits",
                                    "Kits handed to people using opioids in use settings, by pharmacies and "
                                    "community programs (a part of naloxone_kits_distributed)."})),
      to_circles_kits_(setup.outcome({"naloxone_kits_to_circles", Measure::flow, "kits",
                                      "Kits handed to family and friends of people using opioids (a part of "
                                      "naloxone_kits_distributed)."})),
      undeliverable_(setup.outcome({"naloxone_kits_undeliverable", Measure::flow, "kits",
                                    "Kits of the week beyond the number of people lacking one in their channel "
                                    "(not counted as distributed; kits are handed out at random around the week's "
                                    "number, so distributed kits are not the budget less these)."})),
      lost_(setup.outcome({"naloxone_kits_lost", Measure::flow, "kits",
                           "Kits of people using opioids now (own and their circles') that are lost, stolen, "
                           "confiscated or expire in the step. Kits of people who stop using or die leave the "
                           "count unrecorded: the fates are not a closed ledger."})),
      at_hand_own_(setup.outcome({"naloxone_at_hand_own_kit", Measure::flow, "overdoses",
                                  "Witnessed overdoses at which the person's own kit was at hand."})),
      at_hand_peer_(setup.outcome({"naloxone_at_hand_peer_kit", Measure::flow, "overdoses",
                                   "Witnessed overdoses at which a peer witness's kit was at hand."})),
      at_hand_circle_(setup.outcome({"naloxone_at_hand_circle_kit", Measure::flow, "overdoses",
                                     "Witnessed overdoses at which the kit of the person's family or friends was "
                                     "at hand."})) {
  if (share_ssp_ + share_pharmacy_ > 1 + 1e-12)
    throw setup.invalid(
        {"naloxone.share_ssp", "naloxone.share_pharmacy"},
        "naloxone.share_ssp + naloxone.share_pharmacy = " + text::format_exact(share_ssp_ + share_pharmacy_) +
            " exceeds 1: the channel shares must sum to at most 1 (the rest goes to community programs).");
  community.overdose.add_naloxone_source(*this);
  setup.define({"holds_naloxone", "people who hold their own naloxone kit", "",
                [this](const World& w, AgentId a, double) { return holds(w, own_until_, a); }});
}

void Naloxone::connect(World& w) {
  // Found now, when every service has published its groups, whatever order they were built in.
  ssp_clients_ = w.groups.find(Delivery::clients_group(SyringeServices::kService));
  delivery_.connect(w);
}

void Naloxone::initialise(World& w) {
  // Only people the service may reach hold kits at the start, and none before it opens.
  const double share = share_with_kit_initial_ * delivery_.scale(w.week());
  for (AgentId a : delivery_.eligible(w)) {
    const rng::Uniforms u = initial_.agent(w.step, w.pop.id[a]);
    const rng::Uniforms life = kit_lifetime_.agent(w.step, w.pop.id[a]);
    if (u[0] < share) own_until_[a] = static_cast<std::int32_t>(w.step) + lifetime(life[0]);
    if (u[1] < share) circle_until_[a] = static_cast<std::int32_t>(w.step) + lifetime(life[1]);
  }
}

std::int32_t Naloxone::lifetime(double u) const {
  constexpr double kForever = 1 << 30;  // weeks; far beyond any run
  if (p_loss_ <= 0) return static_cast<std::int32_t>(kForever);
  // Geometric on 1, 2, ...: the first week in which the weekly loss chance strikes.
  const double weeks = 1 + std::floor(std::log1p(-u) / std::log1p(-p_loss_));
  return static_cast<std::int32_t>(std::min(weeks, kForever));
}

Naloxone::Handed Naloxone::hand_out(World& w, const std::vector<AgentId>& people, State<std::int32_t>& held_until,
                                    std::int64_t kits, const rng::Stream& stream, int lane, bool from_waiting_list) {
  if (kits <= 0) return {};
  const std::vector<AgentId> lacking = parallel_select(people, [&](AgentId a) { return !holds(w, held_until, a); });
  Handed out;
  out.undeliverable = std::max<std::int64_t>(0, kits - static_cast<std::int64_t>(lacking.size()));
  out.received = delivery_.hand_out(w, lacking, kits, stream, from_waiting_list);
  for (AgentId a : out.received)
    held_until[a] = static_cast<std::int32_t>(w.step) + lifetime(kit_lifetime_.agent(w.step, w.pop.id[a])[lane]);
  out.kits = static_cast<std::int64_t>(out.received.size());
  return out;
}

void Naloxone::services(World& w) {
  const double kits = kits_per_100k_per_year_.at(w.week()) * adults_ / 1e5 / kStepsPerYear * delivery_.scale(w.week());
  // Kits reaching use settings (pharmacy kits that do, and community programs' kits),
  // split between people who use and their circles.
  const double to_setting = kits * (share_pharmacy_ * p_pharmacy_in_use_setting_ + (1 - share_ssp_ - share_pharmacy_));
  const std::int64_t ssp = ssp_kits_.take(kits * share_ssp_);
  const std::int64_t pharmacy_elsewhere =
      pharmacy_kits_.take(kits * share_pharmacy_ * (1 - p_pharmacy_in_use_setting_));
  const std::int64_t to_users = user_kits_.take(to_setting * p_to_person_who_uses_);
  const std::int64_t to_circles = circle_kits_.take(to_setting * (1 - p_to_person_who_uses_));

  // Pharmacy kits outside use settings count as distributed but reach no one modelled.
  const std::vector<AgentId> eligible = delivery_.eligible(w);
  const std::vector<AgentId> clients =
      ssp_clients_
          ? parallel_select(*ssp_clients_, [&](AgentId a) { return w.pop.alive[a] && delivery_.is_eligible(w, a); })
          : std::vector<AgentId>{};
  // People referred to naloxone wait for a kit of their own from the channel that reaches
  // every eligible person (not the SSP's, which reaches its clients only).
  const Handed via_ssp = hand_out(w, clients, own_until_, ssp, via_ssp_, 0, false);
  const Handed users = hand_out(w, eligible, own_until_, to_users, to_users_, 0, true);
  const Handed circles = hand_out(w, eligible, circle_until_, to_circles, to_circles_, 1, false);
  w.outcomes.add(distributed_, pharmacy_elsewhere + via_ssp.kits + users.kits + circles.kits);
  w.outcomes.add(via_ssp_kits_, via_ssp.kits);
  w.outcomes.add(pharmacy_elsewhere_kits_, pharmacy_elsewhere);
  w.outcomes.add(to_users_kits_, users.kits);
  w.outcomes.add(to_circles_kits_, circles.kits);
  w.outcomes.add(undeliverable_, via_ssp.undeliverable + users.undeliverable + circles.undeliverable);
  // The people who started with the service: those handed a kit of their own (a circle
  // kit goes to someone close to them).
  std::vector<AgentId> started;
  std::merge(via_ssp.received.begin(), via_ssp.received.end(), users.received.begin(), users.received.end(),
             std::back_inserter(started));
  delivery_.started(w, started);
}

std::optional<NaloxoneAtHand> Naloxone::at_hand(const World& w, AgentId victim, const Witness& witness) const {
  if (holds(w, own_until_, victim)) return NaloxoneAtHand{victim, kOwn};
  if (witness.is_peer) {
    if (witness.peer != Witness::kNoPeer && holds(w, own_until_, witness.peer))
      return NaloxoneAtHand{witness.peer, kOwn};
    return std::nullopt;
  }
  if (holds(w, circle_until_, victim)) return NaloxoneAtHand{victim, kCircle};
  return std::nullopt;
}

void Naloxone::found(World& w, AgentId victim, const NaloxoneAtHand& kit) {
  w.outcomes.add(kit.kind == kCircle ? at_hand_circle_ : kit.holder == victim ? at_hand_own_ : at_hand_peer_);
}

void Naloxone::given(const World& w, const NaloxoneAtHand& kit) {
  (kit.kind == kCircle ? circle_until_ : own_until_)[kit.holder] = static_cast<std::int32_t>(w.step);
}

void Naloxone::accounting(World& w) {
  // A kit held now whose time runs out before the next step is lost this step (a kit
  // used at an overdose ends at this step instead).
  const auto ends_now = [&](const State<std::int32_t>& until, AgentId a) { return until[a] == w.step + 1; };
  const auto held = parallel_count<3>(w, users_.size(), [&](std::size_t i, auto& n) {
    const AgentId a = users_[i];
    if (!w.pop.alive[a]) return;
    n[0] += holds(w, own_until_, a);
    n[1] += holds(w, circle_until_, a);
    n[2] += ends_now(own_until_, a) + ends_now(circle_until_, a);
  });
  w.outcomes.set(holding_own_, held[0]);
  w.outcomes.set(holding_circle_, held[1]);
  w.outcomes.set(lost_, held[2]);
  delivery_.account(w);
}

}  // namespace harmsim
