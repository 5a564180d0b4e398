// Random pairing of the people seeking an injection partner in a step, arranged so that
// one more or one fewer seeker changes few pairs: seekers are ordered by a random key
// and paired with their neighbours within fixed cells of the key's range, and only the
// odd one left in each cell is paired across cells. Plain neighbour pairing over the
// whole order would shift every pair after a change; this keeps the partnerships of
// two arms that differ in a few seekers the same elsewhere (common random numbers).
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "core/population.hpp"

namespace harmsim {

// `seekers` holds (key in [0, 1), id); `cells` is fixed for a run, so it is the same in
// every arm. Returns the pairs formed.
inline std::vector<std::pair<AgentId, AgentId>> pair_seekers(std::vector<std::pair<double, AgentId>> seekers,
                                                             int cells) {
  std::sort(seekers.begin(), seekers.end());
  std::vector<std::pair<AgentId, AgentId>> pairs;
  std::vector<AgentId> odd_ones;
  std::size_t i = 0;
  while (i < seekers.size()) {
    const int cell = static_cast<int>(seekers[i].first * cells);
    std::size_t end = i;
    while (end < seekers.size() && static_cast<int>(seekers[end].first * cells) == cell) ++end;
    for (; i + 1 < end; i += 2) pairs.emplace_back(seekers[i].second, seekers[i + 1].second);
    if (i < end) odd_ones.push_back(seekers[i++].second);
  }
  for (std::size_t k = 0; k + 1 < odd_ones.size(); k += 2) pairs.emplace_back(odd_ones[k], odd_ones[k + 1]);
  return pairs;
}

}  // namespace harmsim
