// Counter-based random streams (Random123 Philox4x64-10, Salmon et al. 2011, SC'11).
//
// A draw is a pure function of (seed, replicate, stream, step, agent or pair, block):
// no generator state is carried between draws, so results do not depend on thread
// count, on the order agents are processed, or on which other decisions were drawn.
// Two arms of a comparison therefore give each agent the same draw for the same
// decision (common random numbers).
//
// Draws are keyed by a person's persistent id (Person), never by where the person is
// stored: the population moves people when it releases the slots of the dead
// (core/population.hpp), and an arm whose deaths differ moves them differently.
//
// Layout: key = (seed, replicate); counter = (stream id << 32 | block, step, a, b),
// where b is kNoPartner for agent(), the larger id of a pair for pair(), and kLead or
// kTail for an agent's single uniform (below; a is then a / 32 for the lead's block).
//
// A single uniform u, the draw behind most decisions (one Bernoulli trial a week), is
// u = (lead + tail) / 256: its leading byte `lead` is one byte of a block shared by 32
// neighbouring agents (agent a's is byte a % 32 of the block at a / 32), and its tail is
// a 45-bit uniform from the agent's own block, drawn only when the lead cannot settle
// the decision. u < p is settled by the lead alone unless lead = floor(256 p): for the
// small weekly chances of the model, 255 people in 256 are decided by a byte of a shared
// block. Each thread keeps the last lead block of each stream (one for even steps, one
// for odd), so a loop over people in id order pays about one Philox call per 32 of them
// where they are dense, and u stays a pure function of its coordinates, exactly uniform
// to 53 bits: the cache only saves recomputing a block, and its key is everything the
// block depends on.
#pragma once

#include <Random123/philox.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace harmsim::rng {

// FNV-1a of the stream's name: stable across builds and independent of the order in
// which modules register their streams.
constexpr std::uint32_t stream_id(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

struct Key {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
};

// A person's persistent id: given once, in order of entry. Where entry does not depend
// on the model's state (adults entering at 18), the same person has the same id (and
// draws) in every arm; in an open cohort, whose entrants replace losses, the k-th
// entrant of every arm shares them.
enum class Person : std::uint32_t {};

// Four independent uniforms on [0, 1) with 53-bit resolution.
using Uniforms = std::array<double, 4>;

inline constexpr std::uint64_t kNoPartner = ~std::uint64_t{0};
// Persons are 32-bit, so these are never a pair's larger id.
inline constexpr std::uint64_t kLead = kNoPartner - 1;
inline constexpr std::uint64_t kTail = kNoPartner - 2;

class Stream {
 public:
  Stream() = default;
  Stream(Key key, std::string_view name)
      : key_{{key.seed, key.replicate}}, id_(stream_id(name)), tag_(next_tag_.fetch_add(1) + 1) {}

  // The block-th group of four uniforms for person `person` at internal step `step`.
  Uniforms agent(std::int64_t step, Person person, std::uint32_t block = 0) const {
    return draw(step, key(person), kNoPartner, block);
  }
  // The person's single uniform u for (step, block) (see the header).
  double uniform(std::int64_t step, Person person, std::uint32_t block = 0) const {
    return (lead(step, key(person), block) + tail(step, key(person), block)) * 0x1.0p-8;
  }
  // Whether uniform(step, person, block) < p, mostly from its leading byte alone.
  [[gnu::always_inline]] bool below(std::int64_t step, Person person, double p, std::uint32_t block = 0) const {
    const std::uint64_t agent = key(person);
    const double scaled = p * 256;  // exact: u < p  <=>  lead + tail < 256 p
    const auto first = static_cast<double>(lead(step, agent, block));
    const bool settled = first + 1 <= scaled || first >= scaled;  // no branch on the decision itself
    if (!settled) [[unlikely]]
      return first + tail(step, agent, block) < scaled;
    return first < scaled;
  }
  // floor(uniform(step, person) * n), exactly, for n >= 1 (an index in [0, n)): from the
  // leading byte alone unless the byte's 1/256 of [0, 1) straddles a multiple of 1/n.
  std::uint64_t index(std::int64_t step, Person person, std::uint64_t n) const {
    const std::uint64_t agent = key(person);
    const std::uint64_t first = std::uint64_t{lead(step, agent, 0)} << kTailBits;
    const std::uint64_t low = times(first, n), high = times(first + (kTailOne - 1), n);
    return low == high ? low : times(first | tail_bits(step, agent, 0), n);
  }

  // Draws of a pair, identical whichever member is named first, so a partnership's
  // events never depend on which partner the loop reaches first.
  Uniforms pair(std::int64_t step, Person a, Person b, std::uint32_t block = 0) const {
    return a < b ? draw(step, key(a), key(b), block) : draw(step, key(b), key(a), block);
  }

 private:
  using Philox = r123::Philox4x64;

  // A draw, and below() above, are inlined always: a draw is the inner work of every
  // agent loop, and as more callers appear GCC's heuristics stop inlining it into the
  // hottest ones (a call per draw in the use transitions cost 4% of a run when the
  // delivery arrived). agent() and pair() are left to GCC: forcing them too made the
  // network and transmission loops too large to inline into their parallel loops.
  [[gnu::always_inline]] Uniforms draw(std::int64_t step, std::uint64_t a, std::uint64_t b, std::uint32_t block) const {
    Philox::ctr_type ctr{{(std::uint64_t{id_} << 32) | block, static_cast<std::uint64_t>(step), a, b}};
    const Philox::ctr_type r = Philox{}(ctr, key_);
    return {to_unit(r[0]), to_unit(r[1]), to_unit(r[2]), to_unit(r[3])};
  }

  static std::uint64_t key(Person p) { return static_cast<std::uint64_t>(p); }
  static double to_unit(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }

  // The leading byte of the agent's single uniform, from the thread's last block of this
  // stream for this step's parity. Each stream has two slots, for even and odd steps (a
  // loop over people in spells keyed by consecutive steps keeps both); the streams of a
  // model are built one after another, so up to 64 of them never share a slot (more only
  // evict each other's blocks: slower, never different).
  [[gnu::always_inline]] unsigned lead(std::int64_t step, std::uint64_t agent, std::uint32_t block) const {
    Recent& r = recent_[(2 * tag_ + (static_cast<std::uint64_t>(step) & 1)) % kRecent];
    const std::uint64_t group = agent >> 5;
    if (r.group_1 != group + 1 || r.tag != tag_ || r.step != step || r.block != block) [[unlikely]] {
      Philox::ctr_type ctr{{(std::uint64_t{id_} << 32) | block, static_cast<std::uint64_t>(step), group, kLead}};
      r = {tag_, step, group + 1, block, Philox{}(ctr, key_)};
    }
    return static_cast<unsigned>(r.bytes[(agent >> 3) & 3] >> ((agent & 7) * 8)) & 0xffu;
  }
  // The tail of the agent's single uniform: 45 bits, so lead + tail is exact.
  static constexpr int kTailBits = 45;
  static constexpr std::uint64_t kTailOne = std::uint64_t{1} << kTailBits;
  std::uint64_t tail_bits(std::int64_t step, std::uint64_t agent, std::uint32_t block) const {
    Philox::ctr_type ctr{{(std::uint64_t{id_} << 32) | block, static_cast<std::uint64_t>(step), agent, kTail}};
    return Philox{}(ctr, key_)[0] >> (64 - kTailBits);
  }
  double tail(std::int64_t step, std::uint64_t agent, std::uint32_t block) const {
    return static_cast<double>(tail_bits(step, agent, block)) * 0x1.0p-45;
  }
  // floor(u * n) for the uniform u = bits / 2^53, in exact integer arithmetic.
  static std::uint64_t times(std::uint64_t bits, std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<std::uint64_t>((Wide{bits} * n) >> (8 + kTailBits));
  }

  // A thread's last lead block of a stream (a cache, not state: a miss redraws it). The
  // stream is told by its tag, unique to each stream built (copies share it, and the
  // draws), so a cached block never outlives the key and id it was drawn with.
  struct Recent {
    std::uint64_t tag;
    std::int64_t step;
    std::uint64_t group_1;  // the block's group + 1; 0: empty
    std::uint32_t block;
    Philox::ctr_type bytes;
  };
  static constexpr std::uint64_t kRecent = 128;  // 64 streams
  static inline thread_local constinit std::array<Recent, kRecent> recent_{};
  static inline std::atomic<std::uint64_t> next_tag_{0};

  Philox::key_type key_{{0, 0}};
  std::uint32_t id_ = 0;
  std::uint64_t tag_ = 0;
};

}  // namespace harmsim::rng
