// Modifiers: the product of the lanes the services write, exactly 1 with no lane.
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "core/modifier.hpp"

using namespace harmsim;

TEST_CASE("a modifier is the product of its services' lanes, each factor held exactly, and 1 without any") {
  Population pop;
  pop.add(3);
  Modifier m("module.rel_something");
  CHECK(m.at(0) == 1.0);
  ModifierLane& first = m.add_lane(pop, "a");
  ModifierLane& second = m.add_lane(pop, "b");
  const auto seven_tenths = first.level(0.7);
  CHECK(first.level(0.7) == seven_tenths);  // one level per distinct factor
  CHECK(first.level(1.0) == ModifierLane::kOne);
  first.set(1, seven_tenths);
  second.set(1, second.level(0.25));
  second.set(2, second.level(3.0));
  CHECK(m.at(0) == 1.0);
  CHECK(m.at(1) == 0.7 * 0.25);
  CHECK(m.at(2) == 3.0);
  first.set(1, ModifierLane::kOne);
  CHECK(m.at(1) == 0.25);
  // Lanes are agent variables: new agents start at 1 in every lane.
  pop.add(1);
  CHECK(m.at(3) == 1.0);
  CHECK(pop.bytes_per_agent() == 4 + 1 + 1 + 4 + 2);  // id, alive, sex, birth step, two lanes of one byte
}

TEST_CASE("a lane holds at most 256 distinct factors") {
  Population pop;
  Modifier m("module.rel_something");
  ModifierLane& lane = m.add_lane(pop, "a");
  for (int k = 1; k < 256; ++k) lane.level(1.0 + k);
  CHECK_THROWS_AS(lane.level(1000.5), std::logic_error);
}

TEST_CASE("a modifier's values are every product of one factor per lane, each once, as at() computes them") {
  harmsim::Population pop;
  pop.add(3);
  harmsim::Modifier m("test.values");
  CHECK(m.values() == std::vector<double>{1.0});
  auto& first = m.add_lane(pop, "first");
  auto& second = m.add_lane(pop, "second");
  first.set(1, first.level(0.7));
  first.set(2, first.level(0.3));
  second.set(2, second.level(0.7));
  (void)second.level(1.0 / 3);
  const std::vector<double> values = m.values();
  CHECK(std::is_sorted(values.begin(), values.end()));
  CHECK(std::adjacent_find(values.begin(), values.end()) == values.end());
  CHECK(values.size() == 3 * 3 - 1);        // 0.7 x 1 and 1 x 0.7 are one value
  for (harmsim::AgentId a = 0; a < 3; ++a)  // bit for bit
    CHECK(std::find(values.begin(), values.end(), m.at(a)) != values.end());
  CHECK(std::find(values.begin(), values.end(), 0.3 * (1.0 / 3)) != values.end());

  // The weekly chance of each agent's value, computed once per value, is the chance
  // computed for the agent; a factor declared after prepare() is refused, not guessed.
  harmsim::ModifiedChance chance(m);
  chance.prepare(2.5);
  for (harmsim::AgentId a = 0; a < 3; ++a) CHECK(chance.at(a) == harmsim::step_probability(2.5 * m.at(a)));
  first.set(0, first.level(0.9));
  CHECK_THROWS_WITH(chance.at(0), Catch::Contains("test.values was declared after prepare()"));
}
