// Injection partnerships: pairs of people who inject together. Partnerships form among
// people injecting who have room for another partner, dissolve at a constant rate or
// when either partner stops injecting or dies, and each week a partnership carries a
// number of receptive sharing events in each direction (one partner injecting with a
// syringe the other used). HIV and HCV pass over those events. Services change how
// often a person shares through the network's modifier.
//
// The people with a partner (members) hold a seat in the network's own table, in slot
// order: their partners' slots, when each partnership ends, and the week's receptive
// events; everyone else costs only the seat's index. A partnership's end is drawn once,
// when it forms, from a stream keyed by the pair and the week it formed: its duration in
// weeks is geometric with the weekly dissolution probability, exactly as a weekly draw
// would give, with no draw in the weeks it lasts. Each partner's receptive events are one
// lane of the pair's weekly block.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
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

  // `adults`: the community's size, which sets how finely seekers are matched;
  // `share_injecting`: the share of them injecting at the start, among whom the members are.
  InjectionNetwork(Setup& setup, double adults, double share_injecting);

  std::size_t memory(std::size_t agents) const override {
    return static_cast<std::size_t>(std::ceil(static_cast<double>(agents) * share_injecting_)) * sizeof(Seat);
  }
  void initialise(World& w) override;
  void networks(World& w) override;
  void accounting(World& w) override;
  void relocate(World& w, const Relocation& r) override;

  const Partners& partners(AgentId a) const { return seat_[a] == kNoSeat ? kNobody : seats_[seat_[a]].partners; }
  // Receptive sharing events of `a` from partners(a)[k] this week.
  const Acts& receptive_acts(AgentId a) const { return seat_[a] == kNoSeat ? kNoActs : seats_[seat_[a]].acts; }
  // The people with a receptive sharing event this week, ascending ids: the only ones
  // the week's sharing can infect.
  const std::vector<AgentId>& receivers() const { return receivers_; }
  int degree(AgentId a) const { return count(partners(a)); }
  // Receptive sharing events relative to the declared rate.
  Modifier& rel_sharing() { return rel_sharing_; }

 private:
  static constexpr std::uint32_t kNoSeat = ~std::uint32_t{0};
  static constexpr Partners kNobody = {kNone, kNone, kNone, kNone};
  static constexpr Acts kNoActs = {};
  // A member's seat: partners[k] (persistent id ids[k], the key of the pair's draws,
  // held here so the week's draws read no one else's memory) ends at the dissolution
  // phase of step ends[k].
  struct Seat {
    AgentId who;
    rng::Person person;
    Partners partners;
    std::array<rng::Person, kMaxPartners> ids;
    std::array<std::int32_t, kMaxPartners> ends;
    Acts acts;
  };
  static int count(const Partners& p) {
    return static_cast<int>(std::count_if(p.begin(), p.end(), [](AgentId b) { return b != kNone; }));
  }

  void dissolve(World& w);
  // One round of matching among people injecting with room for a partner, each seeking
  // with probability p_seek; rounds within a step draw from their own block. The first
  // dissolution phase a new partnership can end in is `first_end`.
  void form(World& w, std::uint32_t round, double p_seek, std::int64_t first_end);
  // The step whose dissolution phase ends the partnership of a and b formed now.
  std::int32_t end_of(const World& w, rng::Person a, rng::Person b, std::uint32_t round, std::int64_t first_end) const;
  void share(World& w);
  // Whether `a` shares receptively in the current spell. Spells last dur_sharing_spell
  // weeks, start at a personal offset (so people do not switch in step), and a person
  // shares in a spell with probability p_sharer, independently of other spells.
  bool sharer(const World& w, rng::Person person) const {
    const auto offset =
        static_cast<std::int64_t>(spell_offset_.index(0, person, static_cast<std::uint64_t>(dur_sharing_spell_)));
    const std::int64_t spell = (w.step + offset) / dur_sharing_spell_;
    return spell_sharing_.below(spell, person, p_sharer_);
  }
  // Gives the members without a seat (ascending, distinct) one each, in slot order.
  void seat(const World& w, std::vector<AgentId> newcomers);
  // Drops the seats of people without a partner left, once they hold an eighth of the
  // table (a seat is kept a while for whoever may find a partner again).
  void unseat_alone();
  // Points everyone seated from seats_[from] on at their seat.
  void reindex(std::size_t from);

  const State<Use>& use_;
  const Group& injectors_;
  Modifier rel_sharing_;
  int matching_cells_;
  double share_injecting_;
  int n_partners_max_;
  double rate_formation_;   // per year
  double dur_partnership_;  // years
  double end_hazard_;       // weekly hazard of a partnership's end, -ln(1 - p)
  double p_sharer_;
  std::int64_t dur_sharing_spell_;
  double rate_sharing_acts_;

  State<std::uint32_t>& seat_;      // each agent's seat, or kNoSeat
  std::vector<Seat> seats_;         // the members, ascending slots
  std::size_t alone_ = 0;           // seats without a partner
  std::vector<AgentId> receivers_;  // members with a receptive sharing event this week
  std::int64_t pairs_ = 0;          // partnerships standing, kept at each start and end

  rng::Stream spell_offset_, spell_sharing_, seek_, match_, dissolution_, sharing_;
  OutcomeId sharing_events_, partnerships_;
};

}  // namespace harmsim
