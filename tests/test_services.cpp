// Services as plug-ins: switched on and off in the scenario, a service switched off
// costs nothing and changes nothing, and services act in their declared order.
#include <algorithm>
#include <catch2/catch.hpp>

#include "model/model.hpp"
#include "model/services.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("an SSP switched off gives, bit for bit, the outcomes of an SSP that reaches no one") {
  // At zero coverage nobody joins, so every modifier lane the SSP writes stays 1 and its
  // naloxone channel finds no client: the run must equal one without the SSP at all.
  const Recorded off = run_recorded(small_community(8000, 2, 2, {{"ssp.enabled", "false"}}));
  const Recorded none = run_recorded(small_community(8000, 2, 2, {{"ssp.coverage", "0"}}));
  REQUIRE(off.arm.outcomes.size() == none.arm.outcomes.size());
  for (std::size_t o = 0; o < off.arm.outcomes.size(); ++o)
    CHECK(off.arm.outcomes[o].name == none.arm.outcomes[o].name);
  CHECK(off.series == none.series);
  CHECK(sum_of(off.arm, "sharing_events") > 0);
  CHECK(sum_of(off.arm, "ssp_clients") == 0);
}

TEST_CASE("a service switched off is not run and holds no agent variable") {
  const Model on(nullptr, {});
  const Scenario without = scenario({{"ssp.enabled", "false"}});
  const Model off(&without, {});
  const auto acts = [](const Model& m, const std::string& name) {
    const auto order = m.acting_order();
    return std::find(order.begin(), order.end(), name) != order.end();
  };
  CHECK(acts(on, "ssp"));
  CHECK_FALSE(acts(off, "ssp"));
  CHECK(acts(off, "naloxone"));
  // The client flag and the two modifier lanes the SSP writes (one byte, two floats).
  CHECK(on.world().pop.bytes_per_agent() - off.world().pop.bytes_per_agent() == 1 + 2 * sizeof(float));
  CHECK(off.world().groups.find("ssp_clients") == nullptr);
  CHECK(off.table().all().size() == on.table().all().size());
}

TEST_CASE("services act after the services they name, whatever the registry's order") {
  const Model model(nullptr, {});
  const auto order = model.acting_order();
  for (const ServiceEntry& s : services())
    for (const std::string& before : s.after) {
      const auto at = [&](const std::string& n) { return std::find(order.begin(), order.end(), n) - order.begin(); };
      INFO(s.name << " after " << before);
      CHECK(at(before) < at(s.name));
    }
  // Behaviour and disease modules act before every service.
  CHECK(order.front() == "demography");
  CHECK(order.size() == 6 + services().size());
}
