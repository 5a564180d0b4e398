// Services as plug-ins: switched on and off in the scenario, a service switched off
// costs nothing and changes nothing, and services act in their declared order.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

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

TEST_CASE(
    "every service switched on with nobody eligible leaves every other outcome bit-identical to the run without it") {
  // The delivery reaches no one, so the service writes no modifier, puts no kit at hand
  // and refers no one; only its own outcomes (named after it) may differ, e.g. naloxone
  // kits counted as dispensed outside use settings.
  for (const ServiceEntry& service : services()) {
    INFO(service.name);
    const Recorded off = run_recorded(small_community(6000, 2, 2, {{service.name + ".enabled", "false"}}));
    const Recorded nobody = run_recorded(small_community(
        6000, 2, 2, {{service.name + ".enabled", "true"}, {service.name + ".eligible", "not everyone"}}));
    REQUIRE(off.arm.outcomes.size() == nobody.arm.outcomes.size());
    std::size_t compared = 0;
    for (std::size_t o = 0; o < off.arm.outcomes.size(); ++o) {
      const std::string& name = off.arm.outcomes[o].name;
      REQUIRE(name == nobody.arm.outcomes[o].name);
      if (name.find(service.name) != std::string::npos) continue;
      INFO(name);
      for (std::size_t r = 0; r < 2; ++r) CHECK(off.series[r][o] == nobody.series[r][o]);
      ++compared;
    }
    CHECK(compared > 40);
    CHECK(sum_of(off.arm, "overdose_deaths") > 0);
  }
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
  // The client flag and the two modifier lanes the SSP writes (a byte each).
  CHECK(on.world().pop.bytes_per_agent() - off.world().pop.bytes_per_agent() == 3);
  CHECK(off.world().groups.find("ssp_clients") == nullptr);
  CHECK(off.table().all().size() == on.table().all().size());
}

TEST_CASE("services act after every module and after the services they name") {
  Settings every_service;
  for (const ServiceEntry& s : services()) every_service.push_back({s.name + ".enabled", "true"});
  const Scenario all_on = scenario(every_service);
  const Model model(&all_on, {});
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

TEST_CASE("outcomes split by SSP status give the SSP's rate ratios from the result alone") {
  // Cessation: clients stop at rel_cessation times the rate of others. From the strata,
  // the rates in and out of the SSP are X_ssp_client / PT_ssp_client and
  // (X - X_ssp_client) / (PT - PT_ssp_client); their ratio is rel_cessation. Counts are
  // Poisson given the person-time, so the log rate ratio has standard error
  // sqrt(1/a + 1/b); 4 of those bound the check.
  const double rel = 2.5;
  const ArmResult r = run_arm(small_community(20000, 3, 6,
                                              {{"ssp.coverage", "0.5"},
                                               {"opioid_use.rate_cessation_injecting", "0.2"},
                                               {"opioid_use.rate_relapse", "0"},
                                               {"ssp.rel_cessation", std::to_string(rel)}}));
  const double in = sum_of(r, "injecting_cessations_ssp_client"), all = sum_of(r, "injecting_cessations");
  const double pt_in = sum_of(r, "person_years_injecting_ssp_client"), pt = sum_of(r, "person_years_injecting");
  REQUIRE(in > 100);
  REQUIRE(all - in > 100);
  const double ratio = (in / pt_in) / ((all - in) / (pt - pt_in));
  const double se = std::sqrt(1 / in + 1 / (all - in));
  INFO(in << " cessations over " << pt_in << " client-years; " << all - in << " over " << pt - pt_in
          << " other years; ratio " << ratio);
  CHECK(std::abs(std::log(ratio / rel)) < 4 * se);
}

TEST_CASE("strata never exceed their outcome, and a service switched off declares its strata at zero") {
  const Recorded on = run_recorded(small_community(8000, 2, 1, {{"opioid_use.share_injecting_initial", "0.05"}}));
  std::int64_t over = 0, strata = 0;
  for (std::size_t o = 0; o < on.arm.outcomes.size(); ++o) {
    const std::string name = on.arm.outcomes[o].name + "_ssp_client";
    const auto& specs = on.arm.outcomes;
    if (std::none_of(specs.begin(), specs.end(), [&](const OutcomeSpec& s) { return s.name == name; })) continue;
    ++strata;
    const auto& whole = on.series[0][o];
    const auto& part = on.series[0][on.arm.outcome_index(name)];
    for (std::size_t t = 0; t < whole.size(); ++t) over += part[t] > whole[t];
  }
  CHECK(strata == 11);
  CHECK(over == 0);
  // The common ones occur, so the bound was tested (HIV infections and overdose deaths
  // among clients are too rare in a community this small to require).
  for (const char* name :
       {"person_years_using", "person_years_injecting", "injecting_cessations", "sharing_events", "overdoses_nonfatal",
        "person_years_injecting_hiv_negative", "person_years_injecting_hcv_antibody_negative", "hcv_infections"}) {
    INFO(name);
    CHECK(sum_of(on.arm, std::string(name) + "_ssp_client") > 0);
  }
  const ArmResult off = run_arm(small_community(8000, 1, 1, {{"ssp.enabled", "false"}}));
  CHECK(off.outcomes.size() == on.arm.outcomes.size());
  CHECK(sum_of(off, "person_years_injecting_ssp_client") == 0);
  CHECK(sum_of(off, "sharing_events_ssp_client") == 0);
}
