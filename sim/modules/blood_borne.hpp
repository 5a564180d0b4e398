// Pieces shared by the blood-borne infections passed over shared injections (HIV, HCV):
// transmission over the week's receptive sharing events, the cohort in an acute phase,
// and the counts behind prevalence and person-time at risk.
#pragma once

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "core/setup.hpp"
#include "modules/injection_network.hpp"

namespace harmsim {

// A susceptible person injecting is infected by partner b with probability
// 1 - (1 - p * rel(b))^n over the n events received from b (docs/oracles.md O1), with one
// draw per partnership from a stream keyed by the pair. Statuses are read as they stood
// before the phase: the new infections are returned, not applied, so no infection
// passes on within the week in which it was acquired.
// `susceptible(a)` says whether a can be infected; `infectiousness(b)` is b's relative
// infectiousness (0 when b is not infectious).
struct Exposures {
  std::vector<AgentId> infected;  // ascending ids
  std::int64_t events = 0;        // receptive sharing events of susceptibles with infectious partners
};

template <class Susceptible, class Infectiousness>
Exposures infections_over_shared_injections(const World& w, const InjectionNetwork& network, const rng::Stream& stream,
                                            double p_per_act, Susceptible&& susceptible,
                                            Infectiousness&& infectiousness) {
  const std::vector<AgentId>& injectors = w.injectors;
  std::atomic<std::int64_t> events{0};
  Exposures out;
  out.infected = parallel_collect(injectors.size(), [&](std::size_t i) {
    const AgentId a = injectors[i];
    if (!w.pop.alive[a] || !susceptible(a)) return false;
    const auto& partners = network.partners(a);
    const auto& acts = network.receptive_acts(a);
    bool infected = false;
    std::int64_t exposed = 0;
    for (int k = 0; k < InjectionNetwork::kMaxPartners; ++k) {
      const AgentId b = partners[k];
      if (b == InjectionNetwork::kNone || acts[k] == 0) continue;
      const double rel = infectiousness(b);
      if (rel <= 0) continue;
      exposed += acts[k];
      const double p = infection_over_acts(std::min(1.0, p_per_act * rel), acts[k]);
      infected = (stream.pair(w.step, a, b)[a < b ? 0 : 1] < p) || infected;
    }
    if (exposed > 0) events.fetch_add(exposed, std::memory_order_relaxed);
    return infected;
  });
  for (AgentId& i : out.infected) i = injectors[i];  // positions in the list -> agent ids
  out.events = events.load();
  return out;
}

// People injecting, alive, for whom `counts(a)` holds: person-weeks at risk this step.
template <class Counts>
std::int64_t count_injectors(const World& w, Counts&& counts) {
  std::int64_t n = 0;
  for (AgentId a : w.injectors) n += w.pop.alive[a] && counts(a);
  return n;
}

// Everyone alive for whom `counts(a)` holds (e.g. living with HIV, former injectors too).
template <class Counts>
std::int64_t count_alive(const World& w, Counts&& counts) {
  return parallel_count<1>(
      w, w.pop.size(), [&](std::size_t a, auto& c) { c[0] += w.pop.alive[a] && counts(static_cast<AgentId>(a)); })[0];
}

// The people in an acute phase of infection, kept in ascending id order so that
// progression visits them in the same order in every run.
class AcuteCohort {
 public:
  void add(const std::vector<AgentId>& infected) {
    std::vector<AgentId> merged;
    std::set_union(ids_.begin(), ids_.end(), infected.begin(), infected.end(), std::back_inserter(merged));
    ids_ = std::move(merged);
  }
  // Drops the dead, and those for whom `ends(a)` says the acute phase is over.
  template <class Ends>
  void progress(const World& w, Ends&& ends) {
    std::erase_if(ids_, [&](AgentId a) { return !w.pop.alive[a] || ends(a); });
  }

 private:
  std::vector<AgentId> ids_;
};

// What every infection passed over shared injections holds: the network it spreads
// over, the cohort in its acute phase, and its random streams, named after it.
class BloodBorneInfection : public Module {
 protected:
  BloodBorneInfection(Setup& setup, const InjectionNetwork& network, const std::string& name)
      : network_(network),
        initial_(setup.stream(name + ".initial")),
        transmission_(setup.stream(name + ".transmission")),
        progression_(setup.stream(name + ".progression")) {}

  const InjectionNetwork& network_;
  AcuteCohort acute_;
  rng::Stream initial_, transmission_, progression_;
};

}  // namespace harmsim
