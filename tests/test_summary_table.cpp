// The summary table's paired differences, on replicate totals built by hand.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "output/summary_table.hpp"

using namespace harmsim;

namespace {
ArmResult arm(const std::string& name, std::vector<double> values) {
  ArmResult a;
  a.name = name;
  a.outcomes = {{"deaths", Measure::flow, "deaths", "Deaths.", true}};
  for (double v : values) a.totals.push_back({v});
  return a;
}

// The CSV row of `arm_name`, split at commas (no field here holds one).
std::vector<std::string> row(const std::string& csv, const std::string& arm_name) {
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind('"' + arm_name + '"', 0) == 0) {
      std::vector<std::string> fields;
      std::istringstream cells(line);
      for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
      return fields;
    }
  return {};
}
}  // namespace

TEST_CASE("averted is the paired difference, with the paired t-interval in closed form") {
  // Replicate r of both arms shares random numbers: the differences 1, 2, 2, 1, 2 have
  // mean 1.6 and standard deviation sqrt(0.3), so the interval is 1.6 +- t(0.975, 4)
  // sqrt(0.3 / 5), t = 2.776445. The mean of the differences is the same paired or not;
  // the interval is what pairing changes: unpaired, the arms' spread (sd about 3.2)
  // would make it ten times as wide.
  const std::vector<ArmResult> arms = {arm("base", {10, 12, 14, 16, 18}), arm("policy", {9, 10, 12, 15, 16})};
  const auto fields = row(summary_csv(arms), "policy");
  REQUIRE(fields.size() == 11);
  const double half = 2.776445 * std::sqrt(0.3 / 5);
  CHECK(std::stod(fields[8]) == Approx(1.6));
  CHECK(std::stod(fields[9]) == Approx(1.6 - half).epsilon(1e-6));
  CHECK(std::stod(fields[10]) == Approx(1.6 + half).epsilon(1e-6));
}
