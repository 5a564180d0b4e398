// Counter-based random streams (Random123 Philox4x64-10, Salmon et al. 2011, SC'11).
//
// A draw is a pure function of (seed, replicate, stream, step, agent or pair, block):
// no generator state is carried between draws, so results do not depend on thread
// count, on the order agents are processed, or on which other decisions were drawn.
// Two arms of a comparison therefore give each agent the same draw for the same
// decision (common random numbers).
//
// Layout: key = (seed, replicate); counter = (stream id << 32 | block, step, a, b),
// where b is kNoPartner for single-agent draws and the larger id of a pair otherwise.
#pragma once

#include <Random123/philox.h>

#include <array>
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

// Four independent uniforms on [0, 1) with 53-bit resolution.
using Uniforms = std::array<double, 4>;

inline constexpr std::uint64_t kNoPartner = ~std::uint64_t{0};

class Stream {
 public:
  Stream() = default;
  Stream(Key key, std::string_view name) : key_{{key.seed, key.replicate}}, id_(stream_id(name)) {}

  // The block-th group of four uniforms for agent `agent` at internal step `step`.
  Uniforms agent(std::int64_t step, std::uint64_t agent, std::uint32_t block = 0) const {
    return draw(step, agent, kNoPartner, block);
  }
  // One uniform, the common case of a single Bernoulli decision.
  [[gnu::always_inline]] double uniform(std::int64_t step, std::uint64_t agent) const {
    return draw(step, agent, kNoPartner, 0)[0];
  }

  // Draws of a pair, identical whichever member is named first, so a partnership's
  // events never depend on which partner the loop reaches first.
  Uniforms pair(std::int64_t step, std::uint64_t a, std::uint64_t b, std::uint32_t block = 0) const {
    return a < b ? draw(step, a, b, block) : draw(step, b, a, block);
  }

 private:
  using Philox = r123::Philox4x64;

  // A draw, and uniform() above, are inlined always: a draw is the inner work of every
  // agent loop, and as more callers appear GCC's heuristics stop inlining it into the
  // hottest ones (a call per draw in the use transitions cost 4% of a run when the
  // delivery arrived). agent() and pair() are left to GCC: forcing them too made the
  // network and transmission loops too large to inline into their parallel loops.
  [[gnu::always_inline]] Uniforms draw(std::int64_t step, std::uint64_t a, std::uint64_t b, std::uint32_t block) const {
    Philox::ctr_type ctr{{(std::uint64_t{id_} << 32) | block, static_cast<std::uint64_t>(step), a, b}};
    const Philox::ctr_type r = Philox{}(ctr, key_);
    return {to_unit(r[0]), to_unit(r[1]), to_unit(r[2]), to_unit(r[3])};
  }

  static double to_unit(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }

  Philox::key_type key_{{0, 0}};
  std::uint32_t id_ = 0;
};

}  // namespace harmsim::rng
