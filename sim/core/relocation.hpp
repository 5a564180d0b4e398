// Where each person moves when the population releases the slots of the dead
// (Population::release): the living keep their order and close up, so a list of slots in
// ascending order stays ascending once mapped. Modules and calendars map the slots they
// hold through it; a released slot maps to kGone.
#pragma once

#include <cstdint>
#include <vector>

namespace harmsim {

using AgentId = std::uint32_t;

class Relocation {
 public:
  static constexpr AgentId kGone = ~AgentId{0};

  // From the alive flag of every slot, in slot order.
  template <class Alive>
  Relocation(std::size_t slots, Alive&& alive) : to_(slots) {
    for (std::size_t a = 0; a < slots; ++a) to_[a] = alive(a) ? kept_++ : kGone;
  }

  // The new slot of `a`, or kGone if `a` died.
  AgentId operator[](AgentId a) const { return to_[a]; }
  bool gone(AgentId a) const { return to_[a] == kGone; }
  // Slots before and after.
  std::size_t slots() const { return to_.size(); }
  std::size_t kept() const { return kept_; }
  // Maps every slot of `ids` in place and drops the released ones (order kept).
  void apply(std::vector<AgentId>& ids) const {
    std::size_t n = 0;
    for (AgentId a : ids)
      if (to_[a] != kGone) ids[n++] = to_[a];
    ids.resize(n);
  }

 private:
  std::vector<AgentId> to_;
  AgentId kept_ = 0;
};

}  // namespace harmsim
