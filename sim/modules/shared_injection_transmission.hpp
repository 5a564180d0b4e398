// Transmission of a blood-borne virus over this week's receptive sharing events, used
// by both HIV and HCV. A susceptible person injecting is infected by partner b with
// probability 1 - (1 - p * rel(b))^n over the n events received from b (PARAMETERS.md
// O1), with one draw per partnership from a stream keyed by the pair. Statuses are read
// as they stood before the phase: the new infections are returned, not applied, so no
// infection can pass on within the week in which it was acquired.
#pragma once

#include <vector>

#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "modules/injection_network.hpp"

namespace harmsim {

// `susceptible(a)` says whether a can be infected; `infectiousness(b)` is b's relative
// infectiousness (0 when b is not infectious).
template <class Susceptible, class Infectiousness>
std::vector<AgentId> infections_over_shared_injections(const World& w, const InjectionNetwork& network,
                                                       const rng::Stream& stream, double p_per_act,
                                                       Susceptible&& susceptible,
                                                       Infectiousness&& infectiousness) {
  const std::vector<AgentId>& injectors = w.injectors;
  std::vector<AgentId> infected = parallel_collect(injectors.size(), [&](std::size_t i) {
    const AgentId a = injectors[i];
    if (!w.pop.alive[a] || !susceptible(a)) return false;
    const auto& partners = network.partners(a);
    const auto& acts = network.receptive_acts(a);
    for (int k = 0; k < InjectionNetwork::kMaxPartners; ++k) {
      const AgentId b = partners[k];
      if (b == InjectionNetwork::kNone || acts[k] == 0) continue;
      const double rel = infectiousness(b);
      if (rel <= 0) continue;
      const double p = infection_over_acts(std::min(1.0, p_per_act * rel), acts[k]);
      if (stream.pair(w.step, a, b)[a < b ? 0 : 1] < p) return true;
    }
    return false;
  });
  for (AgentId& i : infected) i = injectors[i];  // positions in the list -> agent ids
  return infected;
}

}  // namespace harmsim
