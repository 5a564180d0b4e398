// Pieces shared by the blood-borne infections passed over shared injections (HIV, HCV):
// transmission over the week's receptive sharing events, the cohort in an acute phase,
// and the counts behind prevalence and person-time at risk.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <numeric>
#include <string>
#include <vector>

#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "core/setup.hpp"
#include "core/stock.hpp"
#include "modules/infection_status.hpp"
#include "modules/injection_network.hpp"
#include "modules/use_state.hpp"

namespace harmsim {

// A susceptible person injecting is infected by partner b with probability
// 1 - (1 - p * rel)^n over the n events received from b (docs/oracles.md O1), where rel
// is the infectiousness of b's stage, with one draw per partnership from a stream keyed
// by the pair. Only the network's receivers (people with a receptive event this week)
// are visited. Statuses are read as they stood before the phase: the new infections are
// returned, not applied, so no infection passes on within the week it was acquired.
// `susceptible(a)` says whether a can be infected; `stage(b)` is b's stage of infection,
// an index into `rel_by_stage` (relative infectiousness; 0 for stages not infectious).
inline constexpr std::size_t kMaxStages = 4;

struct Exposures {
  std::vector<AgentId> infected;  // ascending ids
  // Receptive sharing events of susceptibles with infectious partners, by the partner's stage.
  std::array<std::int64_t, kMaxStages> events_by_stage{};
  // Partnership-weeks in which a susceptible received at least one such event.
  std::int64_t partner_weeks = 0;

  std::int64_t events() const {
    return std::accumulate(events_by_stage.begin(), events_by_stage.end(), std::int64_t{0});
  }
};

template <class Susceptible, class Stage>
Exposures infections_over_shared_injections(const World& w, const InjectionNetwork& network, const rng::Stream& stream,
                                            double p_per_act, const std::array<double, kMaxStages>& rel_by_stage,
                                            Susceptible&& susceptible, Stage&& stage) {
  // Per-step tallies: events by stage, then exposed partner-weeks.
  using Tally = std::array<std::atomic<std::int64_t>, kMaxStages + 1>;
  Tally tally{};
  Exposures out;
  out.infected = parallel_select(w, network.receivers(), [&](AgentId a) {
    if (!w.pop.alive[a] || !susceptible(a)) return false;
    const auto& partners = network.partners(a);
    const auto& acts = network.receptive_acts(a);
    bool infected = false;
    std::array<std::int64_t, kMaxStages + 1> mine{};
    for (int k = 0; k < InjectionNetwork::kMaxPartners; ++k) {
      const AgentId b = partners[k];
      if (b == InjectionNetwork::kNone || acts[k] == 0) continue;
      const auto s = static_cast<std::size_t>(stage(b));
      const double rel = rel_by_stage[s];
      if (rel <= 0) continue;
      mine[s] += acts[k];
      ++mine[kMaxStages];
      const double p = infection_over_acts(std::min(1.0, p_per_act * rel), acts[k]);
      infected = (stream.pair(w.step, w.pop.id[a], w.pop.id[b])[a < b ? 0 : 1] < p) || infected;
    }
    for (std::size_t k = 0; k <= kMaxStages; ++k)
      if (mine[k] > 0) tally[k].fetch_add(mine[k], std::memory_order_relaxed);
    return infected;
  });
  for (std::size_t k = 0; k < kMaxStages; ++k) out.events_by_stage[k] = tally[k].load();
  out.partner_weeks = tally[kMaxStages].load();
  return out;
}

// A prevalence (a stock of people with some state of infection) among everyone, and
// among people injecting now and people who ever injected, the two groups prevalences
// among people who inject are published for. Their denominators are the stocks
// people_injecting and people_injecting + people_formerly_injecting.
struct PrevalenceOutcomes {
  OutcomeId all, injecting, ever_injected;
};

// The people in an acute phase of infection, kept in ascending id order so that
// progression visits them in the same order in every run.
class AcuteCohort {
 public:
  void add(const std::vector<AgentId>& infected) {
    std::vector<AgentId> merged;
    std::set_union(ids_.begin(), ids_.end(), infected.begin(), infected.end(), std::back_inserter(merged));
    ids_ = std::move(merged);
  }
  // Follows the living to their new slots and drops the dead (Population::release).
  void relocate(const Relocation& r) { r.apply(ids_); }
  // Drops the dead, and those for whom `ends(a)` says the acute phase is over.
  template <class Ends>
  void progress(const World& w, Ends&& ends) {
    std::erase_if(ids_, [&](AgentId a) { return !w.pop.alive[a] || ends(a); });
  }

 private:
  std::vector<AgentId> ids_;
};

// What every infection passed over shared injections holds: the network it spreads
// over, the people injecting and everyone's use history, the infection status byte all
// of them share (modules/infection_status.hpp), the cohort in its acute phase, and its
// random streams, named after it.
class BloodBorneInfection : public Module {
 public:
  void relocate(World&, const Relocation& r) override { acute_.relocate(r); }

 protected:
  BloodBorneInfection(Setup& setup, const InjectionNetwork& network, const std::string& name)
      : network_(network),
        use_(setup.state_of<Use>(use_names::kState)),
        injectors_(setup.group(use_names::kInjecting)),
        ever_injected_(setup.group(use_names::kEverInjected)),
        status_(setup.shared_state<std::uint8_t>(infection::kState, 0)),
        initial_(setup.stream(name + ".initial")),
        transmission_(setup.stream(name + ".transmission")),
        progression_(setup.stream(name + ".progression")) {}

  // Declares the two strata of the prevalence `all` ("hiv_prevalent": "hiv_prevalent_injecting"...).
  static PrevalenceOutcomes strata(Setup& setup, OutcomeId all, const std::string& name, const std::string& who) {
    return {all,
            setup.outcome({name + "_injecting", Measure::stock, "people",
                           who + " among people injecting at the end of the step (a part of " + name + ")."}),
            setup.outcome({name + "_ever_injected", Measure::stock, "people",
                           who +
                               " among people who ever injected (injecting or formerly), at the end of the step (a "
                               "part of " +
                               name + ")."})};
  }
  // The prevalence `stock` (kept up to date by the caller, who adds people as they enter
  // the state and remove those who leave it alive), less the step's dead in it, and its
  // strata, counted over their groups: people for whom `in_state(a)` holds.
  template <class InState>
  void record(World& w, const PrevalenceOutcomes& ids, Stock& stock, InState&& in_state) const {
    stock.lose_dead(w, in_state);
    const auto among = [&](const Group& group) {
      return parallel_count<1>(w, group.size(),
                               [&](std::size_t i, auto& n) { n[0] += w.pop.alive[group[i]] && in_state(group[i]); })[0];
    };
    w.outcomes.set(ids.all, stock.count());
    w.outcomes.set(ids.injecting, among(injectors_));
    w.outcomes.set(ids.ever_injected, among(ever_injected_));
  }
  // The living, among everyone, for whom `in_state(a)` holds (a stock's start).
  template <class InState>
  static std::int64_t count_living(const World& w, InState&& in_state) {
    return parallel_count<1>(w, w.pop.size(), [&](std::size_t a, auto& n) {
      n[0] += w.pop.alive[a] && in_state(static_cast<AgentId>(a));
    })[0];
  }

  const InjectionNetwork& network_;
  const State<Use>& use_;
  const Group& injectors_;
  const Group& ever_injected_;
  State<std::uint8_t>& status_;
  AcuteCohort acute_;
  rng::Stream initial_, transmission_, progression_;
};

}  // namespace harmsim
