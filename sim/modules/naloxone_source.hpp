// How naloxone reaches an overdose, as the overdose module sees it. A source (a service
// that puts naloxone in people's hands) says whether naloxone is at hand at a witnessed
// overdose and is told when it is given; sources add themselves to the overdose module,
// which knows no service and asks them in the order they were added.
#pragma once

#include <cstdint>
#include <optional>

#include "core/world.hpp"

namespace harmsim {

// Who witnessed an overdose: another person who uses (`peer`, possibly none could be
// named) or someone close to the person (family, friends).
struct Witness {
  static constexpr AgentId kNoPeer = ~AgentId{0};
  bool is_peer = false;
  AgentId peer = kNoPeer;
};

// Naloxone at hand: whose, and of which kind (meaningful to its source alone).
struct NaloxoneAtHand {
  AgentId holder = 0;
  std::uint8_t kind = 0;
};

class NaloxoneSource {
 public:
  virtual ~NaloxoneSource() = default;
  virtual std::optional<NaloxoneAtHand> at_hand(const World& w, AgentId victim, const Witness& witness) const = 0;
  // The naloxone `at_hand` offered was at hand at the overdose of `victim` (given or not).
  virtual void found(World& w, AgentId victim, const NaloxoneAtHand& naloxone) = 0;
  // The naloxone was given (and is used up).
  virtual void given(const World& w, const NaloxoneAtHand& naloxone) = 0;
};

}  // namespace harmsim
