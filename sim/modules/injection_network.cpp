#include "modules/injection_network.hpp"

#include <algorithm>
#include <cassert>

#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "modules/matching.hpp"
#include "units/time.hpp"

namespace harmsim {

InjectionNetwork::InjectionNetwork(Setup& setup, double adults)
    : use_(setup.state_of<Use>(use_names::kState)),
      injectors_(setup.group(use_names::kInjecting)),
      rel_sharing_("injection_network.rel_sharing"),
      // About 3 seekers a cell each week at the defaults: one cell per 10,000 adults.
      matching_cells_(std::max(1, static_cast<int>(adults / 10000))),
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
      partners_(setup.state<Partners>("injection_network.partners", Partners{kNone, kNone, kNone, kNone})),
      acts_(setup.state<Acts>("injection_network.receptive_acts", Acts{})),
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

int InjectionNetwork::degree(AgentId a) const {
  int d = 0;
  for (AgentId b : partners_[a]) d += b != kNone;
  return d;
}

bool InjectionNetwork::sharer(const World& w, AgentId a) const {
  const rng::Person person = w.pop.id[a];
  const auto offset =
      static_cast<std::int64_t>(spell_offset_.index(0, person, static_cast<std::uint64_t>(dur_sharing_spell_)));
  const std::int64_t spell = (w.step + offset) / dur_sharing_spell_;
  return spell_sharing_.below(spell, person, p_sharer_);
}

void InjectionNetwork::initialise(World& w) {
  // Rounds of matching that reach about the equilibrium number of partners (formation
  // rate x duration), so the burn-in starts near the network's steady state.
  const double p_seek = std::min(1.0, rate_formation_ * dur_partnership_ / std::max(1, n_partners_max_));
  for (int round = 1; round <= n_partners_max_; ++round) form(w, static_cast<std::uint32_t>(round), p_seek);
}

void InjectionNetwork::networks(World& w) {
  dissolve(w);
  form(w, 0, step_probability(rate_formation_));
  share(w);
}

void InjectionNetwork::dissolve(World& w) {
  const Population& pop = w.pop;
  const auto injecting = [&](AgentId a) { return pop.alive[a] && use_[a] == Use::injecting; };
  const double p_dissolve = step_probability(1.0 / dur_partnership_);
  // A partnership ends when either partner stopped injecting or died, or by its draw,
  // which its lower id takes alone (one draw per pair). Each member decides from its own
  // state and draws only, without reading its partners' (a partner who stopped is a
  // member too, and ends all of theirs). Who has one ending is found in parallel; the few
  // endings are then applied to both partners in id order. (Slots ascend as persistent
  // ids do, so the lower slot holds the lower id.)
  const auto ends = [&](AgentId a, AgentId b) {
    return !injecting(a) || (a < b && dissolution_.pair(w.step, pop.id[a], pop.id[b])[0] < p_dissolve);
  };
  const std::vector<AgentId> ending = parallel_select(members_, [&](AgentId a) {
    return std::any_of(partners_[a].begin(), partners_[a].end(), [&](AgentId b) { return b != kNone && ends(a, b); });
  });
  for (AgentId a : ending)
    for (AgentId& b : partners_[a])
      if (b != kNone && ends(a, b)) {
        const auto theirs = std::find(partners_[b].begin(), partners_[b].end(), a);
        assert(theirs != partners_[b].end());  // partnerships are mutual
        *theirs = kNone;
        b = kNone;
        --pairs_;
      }
  members_.erase(std::remove_if(members_.begin(), members_.end(), [&](AgentId a) { return degree(a) == 0; }),
                 members_.end());
}

void InjectionNetwork::form(World& w, std::uint32_t round, double p_seek) {
  std::vector<std::pair<double, AgentId>> seekers;
  for (AgentId a : parallel_select(injectors_, [&](AgentId a) {
         return w.pop.alive[a] && degree(a) < n_partners_max_ && seek_.below(w.step, w.pop.id[a], p_seek, round);
       }))
    seekers.emplace_back(match_.uniform(w.step, w.pop.id[a], round), a);
  std::vector<AgentId> joined;
  for (const auto& [a, b] : pair_seekers(std::move(seekers), matching_cells_)) {
    Partners& pa = partners_[a];
    Partners& pb = partners_[b];
    if (std::find(pa.begin(), pa.end(), b) != pa.end()) continue;  // already partners
    *std::find(pa.begin(), pa.end(), kNone) = b;
    *std::find(pb.begin(), pb.end(), kNone) = a;
    ++pairs_;
    joined.push_back(a);
    joined.push_back(b);
  }
  std::sort(joined.begin(), joined.end());
  std::vector<AgentId> merged;
  std::set_union(members_.begin(), members_.end(), joined.begin(), joined.end(), std::back_inserter(merged));
  members_ = std::move(merged);
}

void InjectionNetwork::share(World& w) {
  receivers_ = parallel_select(members_, [&](AgentId a) {
    acts_[a] = Acts{};
    if (!sharer(w, a)) return false;
    const double mean = rate_sharing_acts_ * rel_sharing_.at(a);
    const Partners mine = partners_[a];
    const rng::Person me = w.pop.id[a];
    Acts acts{};  // filled here, stored once
    std::int64_t events = 0;
    for (int k = 0; k < kMaxPartners; ++k) {
      if (mine[k] == kNone) continue;
      // Lane 0 holds the lower id's receptive events, lane 1 the higher id's.
      const double u = sharing_.pair(w.step, me, w.pop.id[mine[k]])[a < mine[k] ? 0 : 1];
      acts[k] = static_cast<std::uint8_t>(std::min(poisson(mean, u), 255));
      events += acts[k];
    }
    acts_[a] = acts;
    if (events > 0) w.outcomes.add_event(sharing_events_, a, events);
    return events > 0;
  });
}

void InjectionNetwork::relocate(World&, const Relocation& r) {
  // Partners' slots move with them; a partnership with a partner released ends here (as
  // the next dissolution would have ended it), counted once even if both died.
  for (AgentId a : members_)
    for (AgentId& b : partners_[a])
      if (b != kNone) {
        pairs_ -= r.gone(b) && (!r.gone(a) || a < b);
        b = r[b];  // kNone if released
      }
  r.apply(members_);
  r.apply(receivers_);
}

void InjectionNetwork::accounting(World& w) {
  // The partnerships standing after this week's network phase, less those of partners
  // who died since (those who died before it left theirs there): a pair of two dead
  // partners is counted once, by its lower id.
  std::int64_t lost = 0;
  for (AgentId a : w.pop.died())
    for (AgentId b : partners_[a]) lost += b != kNone && (w.pop.alive[b] || a < b);
  w.outcomes.set(partnerships_, pairs_ - lost);
}

}  // namespace harmsim
