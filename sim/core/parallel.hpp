// Parallel loops over agents. Every write inside a loop body goes to the agent the
// body is called for (or to an atomic integer counter), so results do not depend on
// how TBB partitions the range or how many threads run it.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/partitioner.h>

#include <array>
#include <cstdint>
#include <vector>

#include "core/world.hpp"

namespace harmsim {

inline constexpr std::size_t kDefaultGrain = 2048;

// body(i) for every i in [0, n).
template <class Body>
void parallel_each(const World& w, std::size_t n, Body&& body) {
  const auto loop = [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
  };
  if (w.grain == 0) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kDefaultGrain), loop);
  } else {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, w.grain), loop, tbb::simple_partitioner{});
  }
}

// Sums of K integer tallies: tally(i, counts) adds agent i's contributions.
template <std::size_t K, class Tally>
std::array<std::int64_t, K> parallel_count(const World& w, std::size_t n, Tally&& tally) {
  using Counts = std::array<std::int64_t, K>;
  const auto body = [&](const tbb::blocked_range<std::size_t>& r, Counts acc) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) tally(i, acc);
    return acc;
  };
  const auto join = [](Counts a, const Counts& b) {
    for (std::size_t k = 0; k < K; ++k) a[k] += b[k];
    return a;
  };
  const std::size_t grain = w.grain == 0 ? kDefaultGrain : w.grain;
  return tbb::parallel_reduce(tbb::blocked_range<std::size_t>(0, n, grain), Counts{}, body, join);
}

// The ids in [0, n) for which keep(id) holds, in ascending order, whatever the
// partitioning: blocks are fixed in size and concatenated in order.
template <class Keep>
std::vector<AgentId> parallel_collect(std::size_t n, Keep&& keep) {
  constexpr std::size_t kBlock = 1 << 14;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<std::vector<AgentId>> found(blocks);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    const std::size_t end = std::min(n, (b + 1) * kBlock);
    for (std::size_t i = b * kBlock; i < end; ++i)
      if (keep(i)) found[b].push_back(static_cast<AgentId>(i));
  });
  std::vector<AgentId> out;
  for (const auto& f : found) out.insert(out.end(), f.begin(), f.end());
  return out;
}

}  // namespace harmsim
