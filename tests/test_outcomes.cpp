// Outcomes: stratified outcomes and their strata, whenever either is declared.
#include <catch2/catch.hpp>

#include "core/outcomes.hpp"

using namespace harmsim;

TEST_CASE("a stratified outcome gets a stratum per status, declared before or after it, counting only its members") {
  Population pop;
  pop.add(3);
  State<std::uint8_t>& client = pop.declare<std::uint8_t>("client", 0);
  client[1] = 1;
  Outcomes o;
  const OutcomeId early = o.declare({"early", Measure::flow, "events", "Declared before the status.", false, true});
  const OutcomeId plain = o.declare({"plain", Measure::flow, "events", "Not stratified."});
  o.stratify_by("client", "clients", &client);
  o.stratify_by("off", "clients of a service switched off", nullptr);
  const OutcomeId late = o.declare({"late", Measure::flow, "events", "Declared after the status.", false, true});
  for (const char* name : {"early_client", "early_off", "late_client", "late_off"}) CHECK_NOTHROW(o.id(name));
  CHECK_THROWS(o.id("plain_client"));
  for (AgentId a : {0u, 1u, 2u, 1u}) {
    o.add_event(early, a);
    o.add_event(late, a, 2);
  }
  o.add_members(plain, {0, 1, 2}, [](AgentId) { return true; });
  o.end_step(true);
  CHECK(o.total(early) == 4);
  CHECK(o.total(o.id("early_client")) == 2);
  CHECK(o.total(late) == 8);
  CHECK(o.total(o.id("late_client")) == 4);
  CHECK(o.total(o.id("late_off")) == 0);
  CHECK(o.total(plain) == 3);
}
