// Schedules: values that change over the run.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "params/schedule.hpp"

using harmsim::Schedule;

TEST_CASE("a schedule interpolates linearly between points, holding the end values outside them") {
  const Schedule s = Schedule::parse("0.1 @ 0y, 0.6 @ 3y");
  CHECK(s.at(-52) == 0.1);  // the burn-in holds the first value
  CHECK(s.at(0) == 0.1);
  CHECK(s.at(78) == Approx(0.35));  // 1.5 years
  CHECK(s.at(156) == Approx(0.6));
  CHECK(s.at(1000) == 0.6);
}

TEST_CASE("weeks and years mix, and two points at one time make a step change") {
  const Schedule s = Schedule::parse("280 @ 0w, 1400 @ 0w");
  CHECK(s.at(-1) == 280);
  CHECK(s.at(0) == 1400);
  CHECK(s.at(10) == 1400);
  const Schedule t = Schedule::parse("1 @ 26w, 3 @ 1y");
  CHECK(t.at(39) == Approx(2));
}

TEST_CASE("a plain number, or a single point at any time, is a constant schedule") {
  const Schedule s = Schedule::parse(" 0.55 ");
  CHECK(s.is_constant());
  CHECK(s.at(-100) == 0.55);
  CHECK(s.at(100) == 0.55);
  CHECK(Schedule::parse("0.55 @ 2y") == s);
}

TEST_CASE("schedule text round-trips exactly") {
  for (const char* text : {"0.1 @ 0y, 0.6 @ 3y", "0.7 @ 0y, 0.85 @ 5y", "0.1", "1e-7 @ -2y, 3 @ 1w", "0.85 @ 2y"}) {
    const Schedule s = Schedule::parse(text);
    CHECK(Schedule::parse(s.to_text()) == s);
  }
}

TEST_CASE("malformed schedules are rejected with the reason") {
  CHECK_THROWS_WITH(Schedule::parse("0.1 @ 3y, 0.2 @ 1y"), Catch::Contains("must not decrease"));
  CHECK_THROWS_WITH(Schedule::parse("0.1 @ 3"), Catch::Contains("y (years) or w (weeks)"));
  CHECK_THROWS_WITH(Schedule::parse("abc"), Catch::Contains("not a number"));
  CHECK_THROWS_WITH(Schedule::parse("0.1 @ 0y, 0.2"), Catch::Contains("needs a time"));
  CHECK_THROWS_AS(Schedule::parse("0.1 @ xy"), std::invalid_argument);
}
