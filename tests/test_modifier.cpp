// Modifiers: the product of the lanes the services write, exactly 1 with no lane.
#include <catch2/catch.hpp>

#include "core/modifier.hpp"

using namespace harmsim;

TEST_CASE("a modifier is the product of its services' lanes, and exactly 1 without any") {
  Population pop;
  pop.add(3);
  Modifier m("module.rel_something");
  CHECK_FALSE(m.active());
  CHECK(m.at(0) == 1.0);
  State<float>& first = m.add_lane(pop, "a");
  State<float>& second = m.add_lane(pop, "b");
  CHECK(m.active());
  first[1] = 0.5f;
  second[1] = 0.25f;
  second[2] = 3.0f;
  CHECK(m.at(0) == 1.0);
  CHECK(m.at(1) == 0.125);
  CHECK(m.at(2) == 3.0);
  // Lanes are agent variables: new agents start at 1 in every lane.
  pop.add(1);
  CHECK(m.at(3) == 1.0);
  CHECK(pop.bytes_per_agent() == 1 + 1 + 4 + 2 * sizeof(float));  // alive, sex, birth step, two lanes
}
