// Parallel loops over agents. Every write inside a loop body goes to the agent the
// body is called for (or to an atomic integer counter), so results do not depend on
// how TBB partitions the range or how many threads run it. All loops run through one
// primitive, for_ranges, which also tells ThreadSanitizer the order TBB guarantees.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "core/world.hpp"

#if defined(__SANITIZE_THREAD__)
#define HARMSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HARMSIM_TSAN 1
#endif
#endif
#ifdef HARMSIM_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace harmsim {

inline constexpr std::size_t kDefaultGrain = 2048;

namespace detail {

// TBB orders a parallel loop: what its caller did before happens before every task, a
// copy of the body before the task that runs it, and every task before the caller goes
// on. ThreadSanitizer sees that order only in a TBB built with it, which Debian's is
// not, and would report each hand-off as a race. Under TSan these say it; otherwise they
// are empty.
inline void released([[maybe_unused]] const void* sync) {
#ifdef HARMSIM_TSAN
  __tsan_release(const_cast<void*>(sync));
#endif
}
inline void acquired([[maybe_unused]] const void* sync) {
#ifdef HARMSIM_TSAN
  __tsan_acquire(const_cast<void*>(sync));
#endif
}

// A loop body as TBB copies it from task to task. Each copy acquires what the copy it
// came from released and releases itself to the task that runs it; each task releases
// the loop's join point when it is done, for the caller. TBB recycles the memory of a
// finished task for a new one: a copy's destruction releases its address, and a copy
// made at that address acquires it. Nothing else is ordered: two tasks are ordered only
// as far as one's body copy was made from the other's, or in memory the other freed,
// as TBB itself orders them, so races between tasks stay visible.
template <class Body>
class OrderedBody {
 public:
  OrderedBody(const Body& body, const void* join) : body_(body), join_(join) { released(this); }
  OrderedBody(const OrderedBody& other) : body_((acquired(this), acquired(&other), other.body_)), join_(other.join_) {
    released(this);
  }
  OrderedBody& operator=(const OrderedBody&) = delete;
  ~OrderedBody() { released(this); }

  void operator()(const tbb::blocked_range<std::size_t>& r) const {
    acquired(this);
    body_(r.begin(), r.end());
    released(join_);
  }

 private:
  Body body_;
  const void* join_;
};

}  // namespace detail

// body(begin, end) over ranges that cover [0, n), in parallel. With `fixed`, ranges are
// exactly `grain` long (simple partitioner); otherwise TBB chooses, down to `grain`.
template <class Body>
void for_ranges(std::size_t n, std::size_t grain, bool fixed, const Body& body) {
  const char join = 0;
  const detail::OrderedBody<Body> ordered(body, &join);
  const tbb::blocked_range<std::size_t> range(0, n, grain);
  if (fixed)
    tbb::parallel_for(range, ordered, tbb::simple_partitioner{});
  else
    tbb::parallel_for(range, ordered);
  detail::acquired(&join);
}

// body(i) for every i in [0, n), in ranges of the world's grain size (0: automatic).
template <class Body>
void parallel_each(const World& w, std::size_t n, Body&& body) {
  for_ranges(n, w.grain == 0 ? kDefaultGrain : w.grain, w.grain != 0, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i != end; ++i) body(i);
  });
}

// Sums of K integer tallies: tally(i, counts) adds agent i's contributions. Each range
// sums its own, then adds them to atomic totals: integer sums, in any order, agree.
template <std::size_t K, class Tally>
std::array<std::int64_t, K> parallel_count(const World& w, std::size_t n, Tally&& tally) {
  std::array<std::atomic<std::int64_t>, K> totals{};
  for_ranges(n, w.grain == 0 ? kDefaultGrain : w.grain, w.grain != 0, [&](std::size_t begin, std::size_t end) {
    std::array<std::int64_t, K> mine{};
    for (std::size_t i = begin; i != end; ++i) tally(i, mine);
    for (std::size_t k = 0; k < K; ++k) totals[k].fetch_add(mine[k], std::memory_order_relaxed);
  });
  std::array<std::int64_t, K> out{};
  for (std::size_t k = 0; k < K; ++k) out[k] = totals[k].load(std::memory_order_relaxed);
  return out;
}

// The indices in [0, n) by class, each ascending whatever the partitioning: out[k] holds
// those for which classify(i) == k (a class outside [0, K), e.g. -1, drops i). Fixed
// blocks of indices gather each class on the stack, keep it in a list of its exact size,
// and the lists are joined in block order.
template <std::size_t K, class Classify>
std::array<std::vector<AgentId>, K> parallel_classes(std::size_t n, Classify&& classify) {
  constexpr std::size_t kBlock = 1 << 11;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<std::array<std::vector<AgentId>, K>> found(blocks);
  for_ranges(blocks, 1, false, [&](std::size_t first, std::size_t last) {
    std::array<std::array<AgentId, kBlock>, K> gathered;  // K * 8 KiB
    for (std::size_t b = first; b != last; ++b) {
      const std::size_t end = std::min(n, (b + 1) * kBlock);
      std::array<std::size_t, K> kept{};
      for (std::size_t i = b * kBlock; i < end; ++i) {
        const int k = classify(i);
        if (k >= 0 && k < static_cast<int>(K)) {
          const auto c = static_cast<std::size_t>(k);
          gathered[c][kept[c]++] = static_cast<AgentId>(i);
        }
      }
      for (std::size_t k = 0; k < K; ++k) found[b][k].assign(gathered[k].begin(), gathered[k].begin() + kept[k]);
    }
  });
  std::array<std::vector<AgentId>, K> out;
  for (std::size_t k = 0; k < K; ++k) {
    std::size_t size = 0;
    for (const auto& f : found) size += f[k].size();
    out[k].reserve(size);
    for (const auto& f : found) out[k].insert(out[k].end(), f[k].begin(), f[k].end());
  }
  return out;
}

// The ids in [0, n) for which keep(id) holds, in ascending order.
template <class Keep>
std::vector<AgentId> parallel_collect(std::size_t n, Keep&& keep) {
  return std::move(parallel_classes<1>(n, [&](std::size_t i) { return keep(i) ? 0 : -1; })[0]);
}

namespace detail {
// The members of `ids` by class (parallel_split), calling ahead(j) for the member j
// places ahead of each before classifying it.
template <std::size_t K, class Classify, class Ahead>
std::array<std::vector<AgentId>, K> split(const std::vector<AgentId>& ids, Classify&& classify, Ahead&& ahead) {
  auto out = parallel_classes<K>(ids.size(), [&](std::size_t i) {
    ahead(i);
    return classify(ids[i]);
  });
  for (auto& list : out)
    for (AgentId& i : list) i = ids[i];  // positions in the list -> agent ids
  return out;
}
}  // namespace detail

// The members of `ids` by class, each in the order of `ids`: out[k] holds those for which
// classify(id) == k (a class outside [0, K) drops the member).
template <std::size_t K, class Classify>
std::array<std::vector<AgentId>, K> parallel_split(const std::vector<AgentId>& ids, Classify&& classify) {
  return detail::split<K>(ids, classify, [](std::size_t) {});
}

// The members of `ids` for which keep(id) holds, in the order of `ids`.
template <class Keep>
std::vector<AgentId> parallel_select(const std::vector<AgentId>& ids, Keep&& keep) {
  return std::move(parallel_split<1>(ids, [&](AgentId a) { return keep(a) ? 0 : -1; })[0]);
}

// As parallel_split and parallel_select, for bodies that draw random numbers: the
// persistent id (the draws' key) of the member a few places ahead is fetched while the
// body works on the current one. Where members are sparse among the slots (people using
// opioids in a community), each id is a cache miss the body would otherwise wait for
// (at 10M adults, twice the whole run's time without it).
template <std::size_t K, class Classify>
std::array<std::vector<AgentId>, K> parallel_split(const World& w, const std::vector<AgentId>& ids,
                                                   Classify&& classify) {
  constexpr std::size_t kAhead = 16;
  return detail::split<K>(ids, classify, [&](std::size_t i) {
    if (i + kAhead < ids.size()) __builtin_prefetch(&w.pop.id[ids[i + kAhead]]);
  });
}
template <class Keep>
std::vector<AgentId> parallel_select(const World& w, const std::vector<AgentId>& ids, Keep&& keep) {
  return std::move(parallel_split<1>(w, ids, [&](AgentId a) { return keep(a) ? 0 : -1; })[0]);
}
// body(a) for each member of `ids`, concurrently.
template <class Body>
void parallel_each_of(const World& w, const std::vector<AgentId>& ids, Body&& body) {
  parallel_split<0>(w, ids, [&](AgentId a) {
    body(a);
    return -1;
  });
}

}  // namespace harmsim
