// The shipped US 2019 life table against figures printed in the NCHS report.
#include <catch2/catch.hpp>

#include "modules/life_table.hpp"

using namespace harmsim;

TEST_CASE("life expectancy at 18 from the shipped table matches NVSR 70(19): 59.1 (males), 64.0 (females)") {
  // The report rounds to 0.1 year; our mid-year approximation of L_x adds < 0.05.
  CHECK(life_table::life_expectancy_at_entry(Sex::male) == Approx(59.1).margin(0.1));
  CHECK(life_table::life_expectancy_at_entry(Sex::female) == Approx(64.0).margin(0.1));
}

TEST_CASE("background mortality rises with age and is higher for men") {
  CHECK(life_table::hazard(Sex::male, 30) > life_table::hazard(Sex::female, 30));
  CHECK(life_table::hazard(Sex::male, 80) > life_table::hazard(Sex::male, 40));
  CHECK(life_table::hazard(Sex::male, 100) == life_table::hazard(Sex::male, 99));  // open interval
}
