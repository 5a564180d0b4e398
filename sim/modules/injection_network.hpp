// Injection partnerships: pairs of people who inject together. Partnerships form among
// people injecting who have room for another partner, dissolve at a constant rate or
// when either partner stops injecting or dies, and each week a partnership carries a
// number of receptive sharing events in each direction (one partner injecting with a
// syringe the other used). HIV and HCV pass over those events. Services change how
// often a person shares through the network's modifier.
//
// Each agent holds its partners in a fixed array of kMaxPartners ids, so a partner
// look-up is one read. Pair decisions come from streams keyed by the pair: the end of a
// partnership is drawn once, by its lower id, and applied to both partners; each
// partner's receptive events are one lane of the pair's block.
#pragma once

#include <array>
#include <vector>

#include "core/module.hpp"
#include "core/setup.hpp"
#include "modules/use_state.hpp"

namespace harmsim {

class InjectionNetwork final : public Module {
 public:
  static constexpr int kMaxPartners = 4;
  static constexpr AgentId kNone = Relocation::kGone;
  using Partners = std::array<AgentId, kMaxPartners>;
  using Acts = std::array<std::uint8_t, kMaxPartners>;

  // `adults`: the community's size, which sets how finely seekers are matched.
  InjectionNetwork(Setup& setup, double adults);

  void initialise(World& w) override;
  void networks(World& w) override;
  void accounting(World& w) override;
  void relocate(World& w, const Relocation& r) override;

  const Partners& partners(AgentId a) const { return partners_[a]; }
  // Receptive sharing events of `a` from partners(a)[k] this week.
  const Acts& receptive_acts(AgentId a) const { return acts_[a]; }
  // The people with a receptive sharing event this week, ascending ids: the only ones
  // the week's sharing can infect.
  const std::vector<AgentId>& receivers() const { return receivers_; }
  int degree(AgentId a) const;
  // Receptive sharing events relative to the declared rate.
  Modifier& rel_sharing() { return rel_sharing_; }

 private:
  void dissolve(World& w);
  // One round of matching among people injecting with room for a partner, each seeking
  // with probability p_seek; rounds within a step draw from their own block.
  void form(World& w, std::uint32_t round, double p_seek);
  void share(World& w);
  // Whether `a` shares receptively in the current spell. Spells last dur_sharing_spell
  // weeks, start at a personal offset (so people do not switch in step), and a person
  // shares in a spell with probability p_sharer, independently of other spells.
  bool sharer(const World& w, AgentId a) const;

  const State<Use>& use_;
  const Group& injectors_;
  Modifier rel_sharing_;
  int matching_cells_;
  int n_partners_max_;
  double rate_formation_;   // per year
  double dur_partnership_;  // years
  double p_sharer_;
  std::int64_t dur_sharing_spell_;
  double rate_sharing_acts_;

  State<Partners>& partners_;
  State<Acts>& acts_;
  std::vector<AgentId> members_;    // agents with at least one partner, ascending ids
  std::vector<AgentId> receivers_;  // members with a receptive sharing event this week
  std::int64_t pairs_ = 0;          // partnerships standing, kept at each start and end

  rng::Stream spell_offset_, spell_sharing_, seek_, match_, dissolution_, sharing_;
  OutcomeId sharing_events_, partnerships_;
};

}  // namespace harmsim
