// Counter-based streams: draws are pure functions of their coordinates.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "core/setup.hpp"
#include "rng/stream.hpp"

using namespace harmsim::rng;

TEST_CASE("a draw depends only on (seed, replicate, stream, step, agent, block)") {
  const Stream a({42, 3}, "overdose.onset");
  const Stream b({42, 3}, "overdose.onset");
  CHECK(a.agent(10, Person(99)) == b.agent(10, Person(99)));
  // Drawing other numbers first changes nothing: no state is carried between draws.
  (void)b.agent(11, Person(5));
  (void)b.uniform(3, Person(2));
  CHECK(a.uniform(10, Person(99)) == b.uniform(10, Person(99)));
  // Every coordinate matters.
  CHECK(a.agent(10, Person(99)) != Stream({43, 3}, "overdose.onset").agent(10, Person(99)));
  CHECK(a.agent(10, Person(99)) != Stream({42, 4}, "overdose.onset").agent(10, Person(99)));
  CHECK(a.agent(10, Person(99)) != Stream({42, 3}, "overdose.rescue").agent(10, Person(99)));
  CHECK(a.agent(10, Person(99)) != a.agent(11, Person(99)));
  CHECK(a.agent(10, Person(99)) != a.agent(10, Person(98)));
  CHECK(a.agent(10, Person(99), 0) != a.agent(10, Person(99), 1));
}

TEST_CASE("stream ids hash the name, not the order of registration") {
  static_assert(stream_id("hiv.transmission") == stream_id("hiv.transmission"));
  CHECK(stream_id("hiv.transmission") != stream_id("hcv.transmission"));
  // FNV-1a of the empty string is its offset basis: the hash is the published one.
  CHECK(stream_id("") == 2166136261u);
}

TEST_CASE("pair draws are the same whichever member is named first") {
  const Stream s({1, 0}, "injection_network.sharing");
  CHECK(s.pair(5, Person(10), Person(20)) == s.pair(5, Person(20), Person(10)));
  CHECK(s.pair(5, Person(10), Person(20)) != s.pair(5, Person(10), Person(21)));
  CHECK(s.pair(5, Person(10), Person(20)) != s.agent(5, Person(10)));
}

TEST_CASE("uniforms lie in 0 <= u < 1 with the mean and variance of a uniform") {
  const Stream s({9, 1}, "test.uniform");
  const int n = 100000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i)
    for (double u : s.agent(0, Person(i))) {
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

TEST_CASE("a single uniform's decision from its leading byte is the decision from the whole uniform") {
  const Stream s({5, 2}, "test.single");
  // Chances on and around the byte boundaries k / 256, where the tail decides, and in between.
  std::vector<double> chances = {0, 1e-9, 0.001, 0.0123, 0.3, 0.5, 0.999, 1};
  for (int k : {1, 2, 77, 255}) {
    const double edge = k / 256.0;
    chances.insert(chances.end(), {edge, std::nextafter(edge, 0.0), std::nextafter(edge, 1.0), edge + 1e-6});
  }
  std::int64_t tails_used = 0;
  for (std::uint64_t a = 0; a < 20000; a += 3)
    for (double p : chances) {
      const double u = s.uniform(7, Person(a));
      REQUIRE(s.below(7, Person(a), p) == (u < p));
      tails_used += std::floor(u * 256) == std::floor(p * 256);
    }
  CHECK(tails_used > 0);  // the tail's path is taken too
  // The integer index floor(u * n), from the byte alone where it can be, against exact
  // integer arithmetic on u's 53 bits (floor(u * n) in doubles can round up near an integer).
  for (std::uint64_t n : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}, std::uint64_t{26}, std::uint64_t{255},
                          std::uint64_t{256}, std::uint64_t{257}, std::uint64_t{100000}, std::uint64_t{1} << 60})
    for (std::uint64_t a = 0; a < 5000; ++a) {
      const auto bits = static_cast<std::uint64_t>(s.uniform(0, Person(a)) * 0x1.0p53);
      __extension__ using Wide = unsigned __int128;
      REQUIRE(s.index(0, Person(a), n) == static_cast<std::uint64_t>((Wide{bits} * n) >> 53));
    }
}

TEST_CASE("single uniforms are uniform, independent between neighbours, and the same from any thread or order") {
  const Stream s({11, 0}, "test.neighbours");
  const int n = 200000;
  std::vector<double> u(n);
  for (int a = 0; a < n; ++a) u[a] = s.uniform(3, Person(a));
  double sum = 0, sum2 = 0, lag = 0;
  std::array<int, 256> bytes{};
  for (int a = 0; a < n; ++a) {
    sum += u[a];
    sum2 += u[a] * u[a];
    if (a > 0) lag += (u[a] - 0.5) * (u[a - 1] - 0.5);
    ++bytes[static_cast<std::size_t>(u[a] * 256)];
  }
  CHECK(std::abs(sum / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
  CHECK(sum2 / n - (sum / n) * (sum / n) == Approx(1.0 / 12).epsilon(0.01));
  // Neighbours share a block of leading bytes: their correlation is that of independent
  // draws (SE 1/sqrt(n) of a correlation, with variance 1/12 each).
  CHECK(std::abs(lag / (n - 1) * 12) < 4 / std::sqrt(static_cast<double>(n)));
  // The leading bytes are uniform over 256 values: chi-square with 255 degrees of freedom
  // (mean 255, sd 22.6) stays below its 99.99th percentile, about 350.
  double chi2 = 0;
  const double expected = n / 256.0;
  for (int c : bytes) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 350);
  // Independent of the next stream's draws, of another step and of another block.
  CHECK(Stream({11, 0}, "test.neighbours").uniform(3, Person(17)) == u[17]);
  CHECK(s.uniform(4, Person(17)) != u[17]);
  CHECK(s.uniform(3, Person(17), 1) != u[17]);
}

namespace {

// A single uniform computed straight from Philox4x64 by the layout in rng/stream.hpp:
// the lead byte from the block at (id << 32 | block, step, a / 32, kLead), the 45-bit
// tail from (id << 32 | block, step, a, kTail).
double reference_uniform(Key key, const std::string& name, std::int64_t step, std::uint64_t a, std::uint32_t block) {
  const r123::Philox4x64::key_type k{{key.seed, key.replicate}};
  const std::uint64_t word0 = (std::uint64_t{stream_id(name)} << 32) | block;
  const auto lead_block = r123::Philox4x64{}({{word0, static_cast<std::uint64_t>(step), a / 32, kLead}}, k);
  const std::uint64_t lead = (lead_block[(a / 8) % 4] >> (8 * (a % 8))) & 0xff;
  const std::uint64_t tail = r123::Philox4x64{}({{word0, static_cast<std::uint64_t>(step), a, kTail}}, k)[0] >> 19;
  return static_cast<double>((lead << 45) | tail) * 0x1.0p-53;
}

}  // namespace

TEST_CASE("the per-thread cache of leading bytes never changes a draw, however streams, steps and blocks interleave") {
  // More streams than the cache has slots (so they evict one another), two keys under
  // the same names, steps of the same parity (same slot, different step), two blocks,
  // agents in and out of order, and two threads drawing at once.
  std::vector<Stream> streams;
  std::vector<std::pair<Key, std::string>> coordinates;
  for (int i = 0; i < 70; ++i) {
    const Key key{i % 2 == 0 ? 3u : 4u, 1};
    coordinates.emplace_back(key, "test.cache_" + std::to_string(i / 2));
    streams.emplace_back(key, coordinates.back().second);
  }
  const auto draw_all = [&](std::uint64_t seed, std::vector<std::string>& failures) {
    std::uint64_t x = seed;
    for (int n = 0; n < 40000; ++n) {
      x = x * 6364136223846793005u + 1442695040888963407u;  // a fixed pseudo-random walk
      const std::size_t s = (x >> 33) % streams.size();
      const std::int64_t step = ((x >> 20) % 2) * 2 + 3;  // 3 or 5
      const auto block = static_cast<std::uint32_t>((x >> 25) % 2);
      const std::uint64_t a = (x >> 40) % 200 + (n % 3 == 0 ? 0 : 32 * ((x >> 12) % 4));
      const double p = static_cast<double>((x >> 5) % 1000) / 1000;
      const double want = reference_uniform(coordinates[s].first, coordinates[s].second, step, a, block);
      if (streams[s].uniform(step, Person(a), block) != want ||
          streams[s].below(step, Person(a), p, block) != (want < p))
        failures.push_back(coordinates[s].second + " step " + std::to_string(step) + " agent " + std::to_string(a));
    }
  };
  std::vector<std::string> here, there;
  std::thread other([&] { draw_all(99, there); });
  draw_all(7, here);
  other.join();
  INFO((here.empty() ? (there.empty() ? "" : there[0]) : here[0]));
  CHECK(here.empty());
  CHECK(there.empty());
}
