// Counter-based streams: draws are pure functions of their coordinates.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "core/setup.hpp"
#include "rng/stream.hpp"

using namespace harmsim::rng;

TEST_CASE("a draw depends only on (seed, replicate, stream, step, agent, block)") {
  const Stream a({42, 3}, "overdose.onset");
  const Stream b({42, 3}, "overdose.onset");
  CHECK(a.agent(10, 99) == b.agent(10, 99));
  // Drawing other numbers first changes nothing: there is no hidden state.
  (void)b.agent(11, 5);
  (void)b.uniform(3, 2);
  CHECK(a.uniform(10, 99) == b.uniform(10, 99));
  // Every coordinate matters.
  CHECK(a.agent(10, 99) != Stream({43, 3}, "overdose.onset").agent(10, 99));
  CHECK(a.agent(10, 99) != Stream({42, 4}, "overdose.onset").agent(10, 99));
  CHECK(a.agent(10, 99) != Stream({42, 3}, "overdose.rescue").agent(10, 99));
  CHECK(a.agent(10, 99) != a.agent(11, 99));
  CHECK(a.agent(10, 99) != a.agent(10, 98));
  CHECK(a.agent(10, 99, 0) != a.agent(10, 99, 1));
}

TEST_CASE("stream ids hash the name, not the order of registration") {
  static_assert(stream_id("hiv.transmission") == stream_id("hiv.transmission"));
  CHECK(stream_id("hiv.transmission") != stream_id("hcv.transmission"));
  // FNV-1a of the empty string is its offset basis: the hash is the published one.
  CHECK(stream_id("") == 2166136261u);
}

TEST_CASE("pair draws are the same whichever member is named first") {
  const Stream s({1, 0}, "injection_network.sharing");
  CHECK(s.pair(5, 10, 20) == s.pair(5, 20, 10));
  CHECK(s.pair(5, 10, 20) != s.pair(5, 10, 21));
  CHECK(s.pair(5, 10, 20) != s.agent(5, 10));
}

TEST_CASE("uniforms lie in 0 <= u < 1 with the mean and variance of a uniform") {
  const Stream s({9, 1}, "test.uniform");
  const int n = 100000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i)
    for (double u : s.agent(0, i)) {
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      sum += u;
      sum2 += u * u;
    }
  const double m = sum / (4.0 * n), var = sum2 / (4.0 * n) - m * m;
  // SE of the mean of 4n uniforms: sqrt(1/12 / 4n).
  CHECK(std::abs(m - 0.5) < 4 * std::sqrt(1.0 / 12 / (4.0 * n)));
  CHECK(var == Approx(1.0 / 12).epsilon(0.01));
}

TEST_CASE("two random streams never share an id: a hash collision between declared names is refused") {
  // Find two names whose FNV-1a ids collide (a birthday search over 2^32 ids meets one
  // within some 10^5 names), then declare both.
  std::map<std::uint32_t, std::string> seen;
  std::string first, second;
  for (int i = 0; second.empty(); ++i) {
    const std::string name = "module.decision_" + std::to_string(i);
    const auto [it, fresh] = seen.emplace(harmsim::rng::stream_id(name), name);
    if (!fresh) first = it->second, second = name;
  }
  harmsim::ParameterTable table;
  harmsim::World world;
  harmsim::Setup setup(table, nullptr, world, {});
  setup.stream(first);
  CHECK_THROWS_WITH(setup.stream(second), Catch::Contains("share a stream id"));
  CHECK_THROWS_WITH(setup.stream(first), Catch::Contains("declared twice"));
  // A service switched off declares its streams among the model's, so a collision is
  // found whether or not it runs; scratch copies of modules keep theirs apart.
  harmsim::World scratch;
  harmsim::Setup off = setup.elsewhere(scratch, true);
  CHECK_THROWS_WITH(off.stream(second), Catch::Contains("share a stream id"));
  harmsim::Setup copies = setup.elsewhere(scratch, false);
  CHECK_NOTHROW(copies.stream(first));
}
