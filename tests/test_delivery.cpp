// The delivery component alone, on hand-built populations without a model: coverage
// held at its schedule, capacity never exceeded, the waiting list served first come
// first served, referrals arriving on the other service's list, opening and scale-up,
// and units handed out to those waiting first, then at equal chances.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

#include "interventions/delivery.hpp"
#include "support.hpp"

using namespace harmsim;
using harmsim::test::check_binomial;
using harmsim::test::Settings;

namespace {

// n adults, all alive, and the published group "eligible_people" of those whose flag
// is set (everyone, to begin with).
struct Town {
  World w;
  State<std::uint8_t>& flag = w.pop.declare<std::uint8_t>("test.eligible", 1);
  Group& listed;

  explicit Town(std::size_t n)
      : listed(w.groups.publish("eligible_people", "people the test makes eligible",
                                [this](const World&, AgentId a, double) { return flag[a] != 0; })) {
    w.pop.add(n);
    w.burn_in_steps = 0;
    relist();
  }
  void relist() {
    listed.clear();
    for (AgentId a = 0; a < w.pop.size(); ++a)
      if (flag[a]) listed.push_back(a);
  }
  std::int64_t last(const std::string& outcome) const { return w.outcomes.series(w.outcomes.id(outcome)).back(); }
};

DeliverySpec spec(const std::string& service, bool enrols = true) {
  return {service, service + " clients", "eligible_people", "test", enrols, 0.5, "test", 1, "test"};
}

// The services `specs` built in `town` with `settings` (parameters first declared on a
// scratch world, as the model declares services it does not run).
std::vector<std::unique_ptr<Delivery>> build(Town& town, const std::vector<DeliverySpec>& specs,
                                             const Settings& settings, ParameterTable& table) {
  World scratch;
  {
    Setup declare(table, nullptr, scratch, rng::Key{});
    for (const auto& s : specs) Delivery(declare, s);
  }
  Scenario scenario(table);
  for (const auto& [key, value] : settings) scenario.set(key, value, "test", "");
  Setup setup(table, &scenario, town.w, rng::Key{7, 0});
  std::vector<std::unique_ptr<Delivery>> built;
  for (const auto& s : specs) built.push_back(std::make_unique<Delivery>(setup, s));
  for (auto& d : built) d->connect(town.w);
  return built;
}

// One week of `d` in the town: the delivery acts, the stocks are taken, the step ends.
void week(Town& town, const std::vector<Delivery*>& ds) {
  for (Delivery* d : ds) d->deliver(town.w);
  for (Delivery* d : ds) d->account(town.w);
  town.w.outcomes.end_step(true);
  ++town.w.step;
}

}  // namespace

TEST_CASE("delivery: coverage is held at its schedule among eligible people, however many they are") {
  Town town(20000);
  ParameterTable table;
  auto d = build(town, {spec("svc")}, {{"svc.coverage", "0.2 @ 0w, 0.6 @ 20w"}, {"svc.dur_client", "0.5"}}, table);
  d[0]->initialise(town.w);
  check_binomial(static_cast<double>(d[0]->clients().size()), 20000, 0.2);
  for (int t = 0; t < 40; ++t) {
    // Every fifth week a tenth of the town becomes ineligible or eligible again.
    if (t % 5 == 4) {
      for (AgentId a = 0; a < 2000; ++a) town.flag[a] = !town.flag[a];
      town.relist();
    }
    const double target = t < 20 ? 0.2 + 0.4 * t / 20 : 0.6;
    week(town, {d[0].get()});
    const auto& clients = d[0]->clients();
    // The expected number of clients after joining is the target exactly; each joining
    // draw is a Bernoulli trial among at most the eligible people, so the count lies
    // within 4 standard errors of at most sqrt(eligible / 4) of the target.
    const double eligible = static_cast<double>(town.listed.size());
    CHECK(std::abs(static_cast<double>(clients.size()) - target * eligible) < 4 * std::sqrt(eligible / 4));
    for (AgentId a : clients) REQUIRE(town.flag[a]);  // clients are eligible
    CHECK(std::is_sorted(clients.begin(), clients.end()));
  }
}

TEST_CASE("delivery: an uptake rate brings eligible people in at that rate, from no clients") {
  Town town(50000);
  ParameterTable table;
  auto d = build(town, {spec("svc")}, {{"svc.rate_uptake", "2.6"}, {"svc.dur_client", "50"}}, table);
  d[0]->initialise(town.w);
  CHECK(d[0]->clients().empty());
  week(town, {d[0].get()});
  check_binomial(static_cast<double>(d[0]->clients().size()), 50000, step_probability(2.6));
}

TEST_CASE("delivery: capacity is never exceeded, and people beyond it wait") {
  Town town(5000);
  ParameterTable table;
  auto d = build(town, {spec("svc")}, {{"svc.capacity_clients", "300"}, {"svc.dur_client", "0.2"}}, table);
  d[0]->initialise(town.w);
  CHECK(d[0]->clients().size() == 300);
  CHECK(d[0]->waiting() > 1000);  // about half of 5,000 wanted in
  std::int64_t served = 0;
  for (int t = 0; t < 30; ++t) {
    week(town, {d[0].get()});
    REQUIRE(d[0]->clients().size() <= 300);
    CHECK(d[0]->clients().size() == 300);  // the list refills every slot that frees
    CHECK(town.last("svc_waiting") == static_cast<std::int64_t>(d[0]->waiting()));
    // People waiting count as reached: clients and waiting together hold at the
    // coverage (0.5) of the 5,000, within 4 binomial standard errors.
    CHECK(std::abs(static_cast<double>(d[0]->clients().size() + d[0]->waiting()) - 2500) < 4 * std::sqrt(5000 * 0.25));
    served += town.last("svc_served_from_waiting");
  }
  // About 300 (1 - exp(-5/52)) clients leave a week and are replaced from the list.
  check_binomial(static_cast<double>(served), 300.0 * 30, step_probability(5));
}

TEST_CASE("delivery: the waiting list is served in the order people came, skipping those no longer eligible") {
  Town town(20);
  ParameterTable table;
  auto d = build(town, {spec("svc")}, {{"svc.capacity_clients", "2"}, {"svc.coverage", "0"}, {"svc.dur_client", "50"}},
                 table);
  d[0]->initialise(town.w);
  const Referrals::Desk& desk = *town.w.referrals.find("svc");
  for (AgentId a : {7u, 3u, 9u, 1u, 12u}) desk(town.w, a);
  desk(town.w, 3);  // already waiting: keeps the place
  CHECK(d[0]->waiting() == 5);
  week(town, {d[0].get()});
  CHECK(d[0]->clients() == Group{3, 7});
  CHECK(d[0]->waiting() == 3);
  // 9 is next in line but no longer eligible when a slot frees: 1 is served.
  town.flag[7] = 0;
  town.flag[9] = 0;
  town.relist();
  week(town, {d[0].get()});
  CHECK(d[0]->clients() == Group{1, 3});
  CHECK(d[0]->waiting() == 1);
  CHECK(town.last("svc_served_from_waiting") == 1);
  CHECK(town.last("svc_weeks_waited") == 1);
  desk(town.w, 3);  // a client is not put on the list again
  CHECK(d[0]->waiting() == 1);
}

TEST_CASE("delivery: referrals arrive on the other service's waiting list with their probability") {
  Town town(40000);
  ParameterTable table;
  auto d = build(town, {spec("from"), spec("to")},
                 {{"from.coverage", "0.3"},
                  {"from.refer_to", "to"},
                  {"from.p_refer", "0.25"},
                  {"to.coverage", "0"},
                  {"to.capacity_clients", "1"}},
                 table);
  for (auto& x : d) x->initialise(town.w);
  CHECK(d[1]->waiting() == 0);  // initial clients are not referred: they did not start this week
  week(town, {d[0].get(), d[1].get()});
  const std::int64_t referred = town.last("from_referrals");
  // Everyone referred is on the list or the one slot: nobody else reached "to".
  CHECK(static_cast<std::int64_t>(d[1]->waiting() + d[1]->clients().size()) == referred);
  CHECK(referred > 0);
  for (AgentId a : d[1]->clients()) CHECK(std::binary_search(d[0]->clients().begin(), d[0]->clients().end(), a));
}

TEST_CASE("delivery: referral probability is recovered from the people who started") {
  Town town(40000);
  ParameterTable table;
  auto d = build(town, {spec("from"), spec("to")},
                 {{"from.rate_uptake", "5"}, {"from.refer_to", "to"}, {"from.p_refer", "0.25"}, {"to.coverage", "0"}},
                 table);
  for (auto& x : d) x->initialise(town.w);
  week(town, {d[0].get(), d[1].get()});
  // Everyone in "from" started this week (uptake from no clients), and "to" has no
  // limit, so each referral was served at once by "to", which acts after "from".
  const double started = static_cast<double>(d[0]->clients().size());
  check_binomial(static_cast<double>(town.last("from_referrals")), started, 0.25);
  CHECK(town.last("to_served_from_waiting") == town.last("from_referrals"));
  CHECK(d[1]->clients().size() == static_cast<std::size_t>(town.last("from_referrals")));
}

TEST_CASE("delivery: a service reaches no one before it opens, then scales up linearly") {
  Town town(20000);
  ParameterTable table;
  auto d =
      build(town, {spec("svc")},
            {{"svc.coverage", "0.5"}, {"svc.start_year", "0.5"}, {"svc.scale_up_years", "1"}, {"svc.dur_client", "50"}},
            table);
  d[0]->initialise(town.w);
  CHECK(d[0]->scale(-1) == 0);
  CHECK(d[0]->scale(26) == 0);
  CHECK(d[0]->scale(39) == 0.25);
  CHECK(d[0]->scale(78) == 1);
  CHECK(d[0]->scale(500) == 1);
  const Referrals::Desk& desk = *town.w.referrals.find("svc");
  for (int t = 0; t < 26; ++t) {
    desk(town.w, static_cast<AgentId>(t));  // referred before it opens: they wait
    week(town, {d[0].get()});
    REQUIRE(d[0]->clients().empty());
  }
  CHECK(d[0]->waiting() == 26);
  while (town.w.step < 39) week(town, {d[0].get()});
  // Week 38 held a quarter of the full coverage, less one week (the 26 referred, served
  // at opening, count towards it).
  check_binomial(static_cast<double>(d[0]->clients().size()), 20000, 0.5 * 12.0 / 52);
  CHECK(d[0]->waiting() == 0);
}

TEST_CASE("delivery: units go to those waiting first, then to everyone lacking one at equal chances") {
  Town town(10000);
  ParameterTable table;
  auto d = build(town, {spec("kits", false)}, {}, table);
  const Referrals::Desk& desk = *town.w.referrals.find("kits");
  for (AgentId a : {50u, 40u, 30u}) desk(town.w, a);
  std::vector<AgentId> lacking;
  for (AgentId a = 0; a < 10000; a += 2) lacking.push_back(a);
  desk(town.w, 41);  // holds one already (not lacking): leaves the list when it is served
  const rng::Stream draws(rng::Key{3, 0}, "test.kits");
  const std::vector<AgentId> got = d[0]->hand_out(town.w, lacking, 1003, draws, true);
  for (AgentId a : {30u, 40u, 50u}) CHECK(std::binary_search(got.begin(), got.end(), a));
  CHECK(std::is_sorted(got.begin(), got.end()));
  CHECK(d[0]->waiting() == 0);
  for (AgentId a : got) CHECK(a % 2 == 0);
  check_binomial(static_cast<double>(got.size() - 3), 4997, 1000.0 / 4997);
  // More waiting than units: the first come are served, the rest keep their places.
  for (AgentId a : {8u, 6u, 4u, 2u}) desk(town.w, a);
  CHECK(d[0]->hand_out(town.w, lacking, 2, draws, true) == std::vector<AgentId>{6, 8});
  CHECK(d[0]->waiting() == 2);
  CHECK(d[0]->hand_out(town.w, lacking, 1, draws, true) == std::vector<AgentId>{4});
  CHECK(d[0]->waiting() == 1);
  // More units than people lacking one: everyone gets one.
  CHECK(d[0]->hand_out(town.w, lacking, 6000, draws, false) == lacking);
  CHECK(d[0]->hand_out(town.w, lacking, 0, draws, true).empty());
}
