#include "modules/injection_network.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/calendar.hpp"
#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "modules/matching.hpp"
#include "units/time.hpp"

namespace harmsim {

InjectionNetwork::InjectionNetwork(Setup& setup, double adults, double share_injecting)
    : use_(setup.state_of<Use>(use_names::kState)),
      injectors_(setup.group(use_names::kInjecting)),
      rel_sharing_("injection_network.rel_sharing"),
      // About 3 seekers a cell each week at the defaults: one cell per 10,000 adults.
      matching_cells_(std::max(1, static_cast<int>(adults / 10000))),
      share_injecting_(share_injecting),
      n_partners_max_(static_cast<int>(setup.value(
          {"injection_network.n_partners_max", 3, "partners", 0, kMaxPartners,
           "Most injection partners a person has at once.",
           "[ASSUMPTION] past-6-month receptive-sharing partners: 0 for 52%, 1 for 18%, 2-3 for 14%, 4+ for "
           "17% (Subst Use Misuse 2016;51:230, Table 3) [V].",
           false, true}))),
      rate_formation_(
          setup.value({"injection_network.rate_partner_formation", 1.5, "per year", 0, 52,
                       "Rate at which a person injecting with room for a partner starts a new injection partnership.",
                       "[ASSUMPTION, calibrate] no US source for formation; gives a mean of about 1-1.5 current "
                       "partners with the duration below."})),
      dur_partnership_(setup.value(
          {"injection_network.dur_partnership", 1, "years", 0.02, 50, "Mean duration of an injection partnership.",
           "[ASSUMPTION, calibrate] no published duration found (Smith 2018, Boodram 2021 report none)."})),
      end_hazard_(-std::log1p(-step_probability(1.0 / dur_partnership_))),
      p_sharer_(setup.value({"injection_network.p_sharer", 0.26, "probability", 0, 1,
                             "Chance that a person injecting shares syringes receptively during a spell "
                             "(the share of people injecting who share at any time).",
                             "NHBS 2018: 26% of HIV-negative US PWID shared syringes receptively in the "
                             "past 12 months (2015: 27%, 2012: 30%) [V]; 19.8% at last injection (NSDUH "
                             "2010-19) [V]."})),
      dur_sharing_spell_(static_cast<std::int64_t>(
          setup.value({"injection_network.dur_sharing_spell", 26, "weeks", 1, 5200,
                       "Length of the spells over which a person's sharing behaviour holds; a new spell draws anew.",
                       "[ASSUMPTION, calibrate] behaviour changes over months (past-6-month and past-12-month sharing "
                       "differ); with permanent traits, sharers would all be infected and incidence among the "
                       "uninfected would fall far below the observed 15-30/100 PY.",
                       false, true}))),
      rate_sharing_acts_(
          setup.value({"injection_network.rate_sharing_acts", 1.0, "events per week", 0, 50,
                       "Receptive sharing events per week with each partner, for a person who shares (before "
                       "services' modifiers, e.g. the SSP's).",
                       "[ASSUMPTION, calibrate to HCV incidence] injection partners inject together about 5+ times a "
                       "month and share receptively at 11-19% of them (Morris MD et al. 2014, PLoS One) [V]."})),
      seat_(setup.state<std::uint32_t>("injection_network.seat", kNoSeat)),
      spell_offset_(setup.stream("injection_network.spell_offset")),
      spell_sharing_(setup.stream("injection_network.spell_sharing")),
      seek_(setup.stream("injection_network.seek")),
      match_(setup.stream("injection_network.match")),
      dissolution_(setup.stream("injection_network.dissolution")),
      sharing_(setup.stream("injection_network.sharing")),
      sharing_events_(setup.outcome({"sharing_events", Measure::flow, "events",
                                     "Receptive syringe-sharing events between partners.", true, true})),
      partnerships_(setup.outcome({"injection_partnerships", Measure::stock, "partnerships",
                                   "Injection partnerships at the end of the step."})) {}

void InjectionNetwork::initialise(World& w) {
  // Rounds of matching that reach about the equilibrium number of partners (formation
  // rate x duration), so the burn-in starts near the network's steady state. They can
  // end from this step's dissolution on (the first step has not run yet).
  const double p_seek = std::min(1.0, rate_formation_ * dur_partnership_ / std::max(1, n_partners_max_));
  for (int round = 1; round <= n_partners_max_; ++round) form(w, static_cast<std::uint32_t>(round), p_seek, w.step);
}

void InjectionNetwork::networks(World& w) {
  dissolve(w);
  form(w, 0, step_probability(rate_formation_), w.step + 1);
  share(w);
}

void InjectionNetwork::dissolve(World& w) {
  const Population& pop = w.pop;
  const auto injecting = [&](AgentId a) { return pop.alive[a] && use_[a] == Use::injecting; };
  // A partnership ends when either partner stopped injecting or died, or in the week
  // drawn when it formed (held by both partners). Each member decides from its own seat
  // only, without reading its partners' state (a partner who stopped is a member too,
  // and ends all of theirs). Who has one ending is found in parallel; the few endings
  // are then applied to both partners in slot order.
  const auto ends = [&](const Seat& s, int k) {
    return s.partners[k] != kNone && (s.ends[k] == w.step || !injecting(s.who));
  };
  const std::vector<AgentId> ending = parallel_collect(seats_.size(), [&](std::size_t i) {
    for (int k = 0; k < kMaxPartners; ++k)
      if (ends(seats_[i], k)) return true;
    return false;
  });
  for (AgentId i : ending) {
    Seat& s = seats_[i];
    for (int k = 0; k < kMaxPartners; ++k)
      if (ends(s, k)) {
        Partners& theirs = seats_[seat_[s.partners[k]]].partners;
        const auto me = std::find(theirs.begin(), theirs.end(), s.who);
        assert(me != theirs.end());  // partnerships are mutual
        *me = kNone;
        s.partners[k] = kNone;
        --pairs_;
        alone_ += (count(theirs) == 0) + (count(s.partners) == 0);
      }
  }
  unseat_alone();
}

std::int32_t InjectionNetwork::end_of(const World& w, rng::Person a, rng::Person b, std::uint32_t round,
                                      std::int64_t first_end) const {
  // Weeks survived K = floor(E / h), E ~ Exp(1), h = -ln(1 - p): P(K >= k) = (1 - p)^k,
  // the geometric number of weekly draws a partnership survives at probability p.
  const double weeks = exponential_threshold(dissolution_.pair(w.step, a, b, round)[0]) / end_hazard_;
  return static_cast<std::int32_t>(std::min(static_cast<double>(first_end) + std::floor(weeks),
                                            static_cast<double>(w.last_step)));  // last_step: never within the run
}

void InjectionNetwork::form(World& w, std::uint32_t round, double p_seek, std::int64_t first_end) {
  std::vector<std::pair<double, AgentId>> seekers;
  for (AgentId a : parallel_select(w, injectors_, [&](AgentId a) {
         return w.pop.alive[a] && degree(a) < n_partners_max_ && seek_.below(w.step, w.pop.id[a], p_seek, round);
       }))
    seekers.emplace_back(match_.uniform(w.step, w.pop.id[a], round), a);
  const auto pairs = pair_seekers(std::move(seekers), matching_cells_);
  std::vector<AgentId> newcomers;
  for (const auto& [a, b] : pairs)
    for (AgentId x : {a, b})
      if (seat_[x] == kNoSeat) newcomers.push_back(x);
  seat(w, std::move(newcomers));
  for (const auto& [a, b] : pairs) {
    Seat& sa = seats_[seat_[a]];
    Seat& sb = seats_[seat_[b]];
    if (std::find(sa.partners.begin(), sa.partners.end(), b) != sa.partners.end()) continue;  // already partners
    const std::int32_t end = end_of(w, sa.person, sb.person, round, first_end);
    for (auto [mine, other] : {std::pair{&sa, &sb}, std::pair{&sb, &sa}}) {
      alone_ -= count(mine->partners) == 0;
      const auto k = static_cast<std::size_t>(std::find(mine->partners.begin(), mine->partners.end(), kNone) -
                                              mine->partners.begin());
      mine->partners[k] = other->who;
      mine->ids[k] = other->person;
      mine->ends[k] = end;
    }
    ++pairs_;
  }
}

void InjectionNetwork::seat(const World& w, std::vector<AgentId> newcomers) {
  if (newcomers.empty()) return;
  std::sort(newcomers.begin(), newcomers.end());
  // Merged in place from the back: only the seats after the first newcomer move (the
  // newest people, entrants, take the last seats).
  auto seated = seats_.size();
  seats_.resize(seated + newcomers.size());
  auto place = seats_.size();
  for (auto n = newcomers.size(); n > 0;) {
    if (seated > 0 && seats_[seated - 1].who > newcomers[n - 1]) {
      seats_[--place] = seats_[--seated];
    } else {
      const AgentId a = newcomers[--n];
      seats_[--place] = {a, w.pop.id[a], kNobody, {}, {}, kNoActs};
    }
  }
  alone_ += newcomers.size();  // until form gives them their partner
  reindex(place);
}

void InjectionNetwork::unseat_alone() {
  if (alone_ * 8 <= seats_.size()) return;
  alone_ = 0;
  const auto alone = [](const Seat& s) { return count(s.partners) == 0; };
  const auto first = std::find_if(seats_.begin(), seats_.end(), alone);
  if (first == seats_.end()) return;
  for (auto it = first; it != seats_.end(); ++it)
    if (alone(*it)) seat_[it->who] = kNoSeat;
  const auto from = static_cast<std::size_t>(first - seats_.begin());
  seats_.erase(std::remove_if(first, seats_.end(), alone), seats_.end());
  reindex(from);
}

void InjectionNetwork::reindex(std::size_t from) {
  for (std::size_t i = from; i < seats_.size(); ++i) seat_[seats_[i].who] = static_cast<std::uint32_t>(i);
}

void InjectionNetwork::share(World& w) {
  std::vector<AgentId> receiving = parallel_collect(seats_.size(), [&](std::size_t i) {
    Seat& s = seats_[i];
    const AgentId a = s.who;
    s.acts = kNoActs;
    if (count(s.partners) == 0 || !sharer(w, s.person)) return false;
    const double mean = rate_sharing_acts_ * rel_sharing_.at(a);
    std::int64_t events = 0;
    for (int k = 0; k < kMaxPartners; ++k) {
      if (s.partners[k] == kNone) continue;
      // Lane 0 holds the lower id's receptive events, lane 1 the higher id's.
      const double u = sharing_.pair(w.step, s.person, s.ids[k])[s.person < s.ids[k] ? 0 : 1];
      s.acts[k] = static_cast<std::uint8_t>(std::min(poisson(mean, u), 255));
      events += s.acts[k];
    }
    if (events > 0) w.outcomes.add_event(sharing_events_, a, events);
    return events > 0;
  });
  for (AgentId& i : receiving) i = seats_[i].who;  // seats are in slot order, so these ascend
  receivers_ = std::move(receiving);
}

void InjectionNetwork::relocate(World&, const Relocation& r) {
  // Partners' slots move with them; a partnership with a partner released ends here (as
  // the next dissolution would have ended it), counted once even if both died. Seats are
  // renumbered while the seat index still sits at the old slots (it moves with them).
  std::vector<Seat> kept;
  kept.reserve(seats_.size());
  for (Seat& s : seats_) {
    const bool gone = r.gone(s.who);
    for (AgentId& b : s.partners)
      if (b != kNone) {
        pairs_ -= r.gone(b) && (!gone || s.who < b);
        b = r[b];  // kNone if released
      }
    if (gone) continue;
    if (count(s.partners) == 0) {
      seat_[s.who] = kNoSeat;
      continue;
    }
    seat_[s.who] = static_cast<std::uint32_t>(kept.size());
    s.who = r[s.who];
    kept.push_back(s);
  }
  seats_ = std::move(kept);
  alone_ = 0;
  r.apply(receivers_);
}

void InjectionNetwork::accounting(World& w) {
  // The partnerships standing after this week's network phase, less those of partners
  // who died since (those who died before it left theirs there): a pair of two dead
  // partners is counted once, by its lower id.
  std::int64_t lost = 0;
  for (AgentId a : w.pop.died())
    for (AgentId b : partners(a)) lost += b != kNone && (w.pop.alive[b] || a < b);
  w.outcomes.set(partnerships_, pairs_ - lost);
}

}  // namespace harmsim
