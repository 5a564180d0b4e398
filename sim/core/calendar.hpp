// Events scheduled, not polled. A person's next event of some kind (a background death,
// starting to use) is drawn once as a threshold E ~ Exp(1), and happens in the first step
// in which the hazard integrated since then passes E. With cumulative hazard
// H[v] = sum over u < v of -ln(1 - p_u), the step found is v with H[v] <= H[from] + E <
// H[v + 1], so the event falls in step v with probability p_v given that it has not
// happened before: the same weekly probabilities as a draw every week, with work only
// for the people whose event falls within the run.
//
// A hazard that a service changes later (treatment lowering mortality, say; no service
// does yet) keeps this exact: the person's threshold is a draw from a stream keyed by the
// person, so it can be drawn again at the change; the hazard used so far is known from
// the table, and the rest of the threshold is integrated under the new hazard to file the
// person anew. The entry left in the old step is then stale: the handler of each step
// checks that the event is still due (e.g. from the person's state, as the start of use
// checks that the person never used).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/population.hpp"

namespace harmsim {

// The index v >= from with H[v] <= H[from] + threshold < H[v + 1], or nullopt if the
// table ends first. H must be non-decreasing.
inline std::optional<std::size_t> hazard_crossing(const std::vector<double>& H, std::size_t from, double threshold) {
  const auto beyond = std::upper_bound(H.begin() + static_cast<std::ptrdiff_t>(from), H.end(), H[from] + threshold);
  if (beyond == H.end()) return std::nullopt;
  return static_cast<std::size_t>(beyond - H.begin()) - 1;
}

// A threshold E ~ Exp(1) from a uniform draw u in [0, 1).
inline double exponential_threshold(double u) {
  return -std::log1p(-u);
}

// The people due for an event at each step of a run, in the order they were filed.
class Calendar {
 public:
  // Room for steps 0 .. steps - 1; events after the run are not filed.
  void reset(std::int64_t steps) { due_.assign(static_cast<std::size_t>(steps), {}); }
  void file(std::int64_t step, AgentId a) {
    if (step >= 0 && step < static_cast<std::int64_t>(due_.size())) due_[static_cast<std::size_t>(step)].push_back(a);
  }
  // Takes the people due at `step` out of the calendar (their memory goes with them).
  std::vector<AgentId> take(std::int64_t step) { return std::exchange(due_[static_cast<std::size_t>(step)], {}); }
  // Follows the living to their new slots and forgets the dead (Population::release).
  void relocate(const Relocation& r) {
    for (auto& people : due_) r.apply(people);
  }

 private:
  std::vector<std::vector<AgentId>> due_;
};

}  // namespace harmsim
