// Injection partnerships are mutual and within bounds at every step.
#include <algorithm>
#include <catch2/catch.hpp>

#include "model/model.hpp"
#include "modules/injection_network.hpp"
#include "modules/matching.hpp"
#include "support.hpp"

using namespace harmsim;
using namespace harmsim::test;

TEST_CASE("every partnership is mutual, between living people injecting, within the partner limit") {
  // Frequent cessation, so many partnerships meet a partner who stops.
  const Scenario s = small_community(
      10000, 2, 1, {{"opioid_use.share_injecting_initial", "0.06"}, {"opioid_use.rate_cessation_injecting", "1"}});
  std::int64_t pairs_seen = 0;
  std::size_t steps_recorded = 0;
  step_through(s, {3, 0}, [&](Model& model) {
    World& w = model.world();
    const InjectionNetwork& network = network_of(model);
    // The stock kept at each start and end of a partnership is the recount of pairs of
    // living partners, once the step's overdose deaths are out of it.
    std::int64_t living_pairs = 0;
    for (AgentId a = 0; a < w.pop.size(); ++a)
      for (AgentId b : network.partners(a))
        living_pairs += b != InjectionNetwork::kNone && a < b && w.pop.alive[a] && w.pop.alive[b];
    const auto& stock = w.outcomes.series(w.outcomes.id("injection_partnerships"));
    if (stock.size() > steps_recorded) {
      REQUIRE(stock.back() == living_pairs);
      steps_recorded = stock.size();
    }
    for (AgentId a : group(w, use_names::kInjecting)) {
      if (!w.pop.alive[a]) continue;
      int degree = 0;
      for (AgentId b : network.partners(a)) {
        if (b == InjectionNetwork::kNone) continue;
        ++degree;
        REQUIRE(b != a);
        // Partners who stopped injecting before this week's networks phase were dropped
        // in it; a partner may have died of an overdose later in the week.
        REQUIRE(use_of(w)[b] == Use::injecting);
        if (!w.pop.alive[b]) continue;
        const auto& theirs = network.partners(b);
        REQUIRE(std::count(theirs.begin(), theirs.end(), a) == 1);
        ++pairs_seen;
      }
      REQUIRE(degree <= 3);  // injection_network.n_partners_max
    }
  });
  CHECK(pairs_seen > 1000);
  CHECK(steps_recorded == 104);
}

TEST_CASE("the partnership stock counts each partnership of two living partners once, when both die in one week too") {
  // Overdoses frequent and unrescued (a weekly death chance near 8% while injecting), so
  // partnerships lose one partner, and some both, after the week's network phase.
  // Everyone injects, and those who die are replaced, as in the PWID cohort. Run with
  // the dead kept in their slots (so the pairs of two dead partners can be seen after
  // the step), and with their slots released after every step (so the partnerships they
  // leave end at the release, each once): the same stock either way.
  std::vector<std::int64_t> stocks[2];
  for (int release : {0, 1}) {
    INFO((release ? "slots released every step" : "the dead kept in their slots"));
    const Scenario s = small_community(4000, 1, 1,
                                       injecting_cohort({{"overdose.rate_injecting", "2"},
                                                         {"overdose.p_witnessed", "0"},
                                                         {"overdose.p_fatal", "1"},
                                                         {"run.compact_dead_share", release ? "0" : "1"}}));
    std::int64_t both_died = 0;
    step_through(s, {4, 0}, [&](Model& model) {
      World& w = model.world();
      const InjectionNetwork& network = network_of(model);
      std::int64_t living_pairs = 0, dead_pairs = 0;
      for (AgentId a = 0; a < w.pop.size(); ++a)
        for (AgentId b : network.partners(a)) {
          if (b == InjectionNetwork::kNone || a > b) continue;
          living_pairs += w.pop.alive[a] && w.pop.alive[b];
          dead_pairs += !w.pop.alive[a] && !w.pop.alive[b];
        }
      const auto& stock = w.outcomes.series(w.outcomes.id("injection_partnerships"));
      if (stock.size() > stocks[release].size()) {
        REQUIRE(stock.back() == living_pairs);
        stocks[release] = stock;
        both_died += dead_pairs;
      }
    });
    CHECK(stocks[release].size() == 52);
    INFO(both_died << " partnerships lost both partners in a recorded week");
    if (!release) CHECK(both_died > 0);  // the case the count must not take twice did happen
  }
  CHECK(stocks[1] == stocks[0]);
}

TEST_CASE("one seeker more or fewer changes few of the week's pairs") {
  const rng::Stream keys({8, 0}, "test.matching");
  std::vector<std::pair<double, AgentId>> seekers;
  for (AgentId a = 0; a < 1000; ++a) seekers.emplace_back(keys.uniform(0, rng::Person(a)), a);
  const auto with_all = pair_seekers(seekers, 100);
  CHECK(with_all.size() == 500);  // everyone is paired when the count is even
  for (AgentId dropped : {AgentId{0}, AgentId{500}, AgentId{999}}) {
    auto fewer = seekers;
    fewer.erase(fewer.begin() + dropped);
    const auto pairs = pair_seekers(fewer, 100);
    std::size_t changed = 0;
    for (const auto& p : pairs) changed += std::find(with_all.begin(), with_all.end(), p) == with_all.end();
    INFO("dropping " << dropped << " changed " << changed << " of " << pairs.size() << " pairs");
    // Only the dropped seeker's cell and the cross-cell pairing of odd ones shift:
    // about a cell's pairs plus half the ~50 odd ones, far from the ~250 pairs a plain
    // neighbour pairing would shift.
    CHECK(changed < 50);
  }
}

TEST_CASE("the two partners' sharing counts in a week are independent draws") {
  // Everyone shares, Poisson(1) events a week in each direction of a partnership. If the
  // two directions are independent, E[n_ab n_ba] = 1; if they came from one draw they
  // would be equal, and E[n^2] = 2. Each pair-week is drawn anew: with N pair-weeks the
  // mean product has variance (E[n^2])^2 - 1 = 3 over N, 4 standard errors.
  const Scenario s = small_community(10000, 0.5, 1,
                                     {{"opioid_use.share_injecting_initial", "0.06"},
                                      {"injection_network.p_sharer", "1"},
                                      {"injection_network.rate_sharing_acts", "1"},
                                      {"ssp.coverage", "0"}});
  double pairs = 0, product = 0;
  step_through(s, {4, 0}, [&](Model& model) {
    World& w = model.world();
    const InjectionNetwork& network = network_of(model);
    for (AgentId a : group(w, use_names::kInjecting))
      for (int k = 0; k < InjectionNetwork::kMaxPartners; ++k) {
        const AgentId b = network.partners(a)[k];
        if (b == InjectionNetwork::kNone || b < a) continue;
        const auto& theirs = network.partners(b);
        const auto back = std::find(theirs.begin(), theirs.end(), a) - theirs.begin();
        if (back == InjectionNetwork::kMaxPartners) continue;  // ended after this week's sharing
        pairs += 1;
        product += network.receptive_acts(a)[k] * network.receptive_acts(b)[back];
      }
  });
  INFO(pairs << " pair-weeks, mean product " << product / pairs);
  REQUIRE(pairs > 5000);
  CHECK(std::abs(product / pairs - 1) < 4 * std::sqrt(3 / pairs));
}

TEST_CASE("a person injecting shares receptively in a spell with probability p_sharer") {
  // Spells of one week, and so many events a week (50) that a sharer with a partner
  // always has some: the share of partnered person-weeks with any receptive event is
  // p_sharer, each week drawn anew: Binomial, 4 standard errors.
  const Scenario s = small_community(10000, 0.5, 1,
                                     {{"opioid_use.share_injecting_initial", "0.06"},
                                      {"injection_network.p_sharer", "0.3"},
                                      {"injection_network.dur_sharing_spell", "1"},
                                      {"injection_network.rate_sharing_acts", "50"},
                                      {"ssp.coverage", "0"}});
  double partnered = 0, sharing = 0;
  step_through(s, {4, 1}, [&](Model& model) {
    World& w = model.world();
    const InjectionNetwork& network = network_of(model);
    for (AgentId a : group(w, use_names::kInjecting)) {
      if (!w.pop.alive[a] || network.degree(a) == 0) continue;
      const auto& acts = network.receptive_acts(a);
      partnered += 1;
      sharing += std::any_of(acts.begin(), acts.end(), [](auto n) { return n > 0; });
    }
  });
  INFO(sharing << " of " << partnered << " partnered person-weeks with sharing");
  REQUIRE(partnered > 5000);
  CHECK(std::abs(sharing - 0.3 * partnered) < 4 * std::sqrt(partnered * 0.3 * 0.7));
}

TEST_CASE("a partnership ends each week with probability 1 - exp(-1 / dur_partnership) while both inject") {
  // Nobody stops injecting and overdoses are off; partnerships that end because a partner
  // died are not counted. Each partnership-week is a Bernoulli trial: 4 standard errors.
  const double dur = 0.5;  // years
  Settings settings = closed_use(Use::injecting, 0.06);
  settings.insert(settings.end(),
                  {{"injection_network.dur_partnership", std::to_string(dur)}, {"overdose.rate_injecting", "0"}});
  const Scenario s = small_community(20000, 1, 1, settings);
  // Partnerships as pairs of persons (slots change as the dead are released).
  std::vector<std::pair<std::size_t, std::size_t>> before;
  double pair_weeks = 0, ended = 0;
  const auto pairs = [](const Model& model) {
    const World& w = model.world();
    const InjectionNetwork& network = network_of(model);
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (AgentId a : group(w, use_names::kInjecting))
      for (AgentId b : network.partners(a))
        if (b != InjectionNetwork::kNone && a < b) out.emplace_back(person(w, a), person(w, b));
    std::sort(out.begin(), out.end());
    return out;
  };
  step_through(s, {4, 2}, [&](Model& model) {
    World& w = model.world();
    const auto now = pairs(model);
    const std::vector<std::uint8_t> living = living_by_person(w);
    for (const auto& [a, b] : before) {
      if (!living[a] || !living[b]) continue;
      pair_weeks += 1;
      ended += !std::binary_search(now.begin(), now.end(), std::pair{a, b});
    }
    before = now;
  });
  const double p = step_probability(1 / dur);
  INFO(ended << " ended in " << pair_weeks << " partnership-weeks; expected " << p * pair_weeks);
  REQUIRE(pair_weeks > 20000);
  check_binomial(ended, pair_weeks, p);
}
