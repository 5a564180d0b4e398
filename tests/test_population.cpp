// The population: persistent ids in order of entry, and the release of the slots of the
// dead, which moves everyone's variables with them and maps the slots others hold.
#include <catch2/catch.hpp>
#include <vector>

#include "core/calendar.hpp"
#include "core/population.hpp"

using namespace harmsim;

TEST_CASE("people get persistent ids in order of entry, whatever slot they take") {
  Population pop;
  pop.add(5);
  pop.die(1);
  pop.die(3);
  pop.release(pop.relocation());
  const AgentId first = pop.add(2);
  CHECK(first == 3);  // after the three living
  const std::vector<rng::Person> ids = {pop.id[0], pop.id[1], pop.id[2], pop.id[3], pop.id[4]};
  CHECK(ids ==
        std::vector<rng::Person>{rng::Person(0), rng::Person(2), rng::Person(4), rng::Person(5), rng::Person(6)});
  CHECK(pop.entered() == 7);
  CHECK(pop.living() == 5);
  CHECK(pop.deaths() == 2);
}

TEST_CASE("a release moves each person's variables with them, in order, and maps lists and calendars") {
  Population pop;
  State<int>& mark = pop.declare<int>("test.mark", 0);
  pop.add(8);
  for (AgentId a = 0; a < 8; ++a) mark[a] = 100 + static_cast<int>(a);
  for (AgentId a : {0u, 2u, 3u, 7u}) pop.die(a);
  REQUIRE(pop.living() == 4);
  REQUIRE(pop.size() == 8);

  std::vector<AgentId> list = {1, 2, 4, 6, 7};  // ascending, some of them dead
  Calendar calendar;
  calendar.reset(3);
  calendar.file(1, 6);
  calendar.file(1, 0);
  calendar.file(2, 5);

  const Relocation r = pop.relocation();
  CHECK(r.slots() == 8);
  CHECK(r.kept() == 4);
  CHECK(r.gone(0));
  CHECK(r[1] == 0);
  CHECK(r[6] == 3);
  r.apply(list);
  calendar.relocate(r);
  pop.release(r);

  CHECK(pop.size() == 4);
  CHECK(pop.living() == 4);
  CHECK(pop.deaths() == 4);   // deaths are still counted
  CHECK(pop.died().empty());  // the step's dead no longer hold slots
  const std::vector<int> marks = {mark[0], mark[1], mark[2], mark[3]};
  CHECK(marks == std::vector<int>{101, 104, 105, 106});
  for (AgentId a = 0; a < 4; ++a) {
    CHECK(pop.alive[a] == 1);
    CHECK(static_cast<int>(pop.id[a]) + 100 == mark[a]);  // the id moved with the person
  }
  CHECK(list == std::vector<AgentId>{0, 1, 3});        // slots 1, 4, 6; the dead 2 and 7 dropped
  CHECK(calendar.take(1) == std::vector<AgentId>{3});  // slot 6; the dead 0 dropped
  CHECK(calendar.take(2) == std::vector<AgentId>{2});  // slot 5
}
