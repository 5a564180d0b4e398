// Injection partnerships are mutual and within bounds at every step.
#include <algorithm>
#include <catch2/catch.hpp>

#include "core/model.hpp"
#include "modules/injection_network.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("every partnership is mutual, between living people injecting, within the partner limit") {
  const Scenario s = small_community(10000, 2, 1, {{"opioid_use.share_injecting_initial", "0.06"}});
  Model model(&s, {3, 0});
  model.initialise();
  World& w = model.world();
  auto& partners = w.pop.get<InjectionNetwork::Partners>("injection_network.partners");
  const std::int64_t steps = model.run().burn_in_steps() + model.run().steps();
  std::int64_t pairs_seen = 0;
  for (std::int64_t t = 0; t < steps; ++t) {
    model.step();
    for (AgentId a : w.injectors) {
      if (!w.pop.alive[a]) continue;
      int degree = 0;
      for (AgentId b : partners[a]) {
        if (b == InjectionNetwork::kNone) continue;
        ++degree;
        REQUIRE(b != a);
        // Partners who died or stopped this week are dropped at the next networks phase.
        if (!w.pop.alive[b] || w.pop.use[b] != Use::injecting) continue;
        const auto& theirs = partners[b];
        REQUIRE(std::count(theirs.begin(), theirs.end(), a) == 1);
        ++pairs_seen;
      }
      REQUIRE(degree <= 3);  // injection_network.n_partners_max
    }
  }
  CHECK(pairs_seen > 1000);
}
