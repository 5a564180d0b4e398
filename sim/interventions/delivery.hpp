// How a service reaches people: the one delivery mechanism every service uses (README,
// "Delivery"). Its parameters sit in the service's section of the scenario file:
//
//   eligible        who the service may reach, an expression (core/eligibility.hpp)
//   start_year      when it opens (years from time 0); before then it reaches no one
//   scale_up_years  reach, capacity and units rise linearly from 0 to their schedules
//                   over this many years after opening
//   refer_to        a service its new clients (or recipients) are referred to, with
//   p_refer         this probability; they arrive on that service's waiting list
//
// and, for a service that enrols clients and keeps them (an SSP, treatment):
//
//   coverage          share of eligible people who are clients, held at its schedule:
//                     each week non-clients join with the one probability that brings
//                     the expected number back to the target (docs/oracles.md O4;
//                     people waiting count as reached), or
//   rate_uptake       when above 0, instead a rate at which eligible people join
//   capacity_clients  most clients at once (0: no limit); people who would join
//                     beyond it wait on a first-come list, served before new joiners
//   dur_client        mean time a client stays; clients who are no longer eligible
//                     (or die) leave too
//
// A service that hands out units each week (naloxone kits) instead passes the units and
// the people lacking one to hand_out: people on its waiting list (referred to it) are
// served first, in the order they came, then everyone else with the same chance.
//
// The delivery's draws come from its own streams (<service>.refer, and for a service
// that enrols .initial, .join and .leave), so a service's delivery never shifts another
// decision's random numbers.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/eligibility.hpp"
#include "core/module.hpp"
#include "core/setup.hpp"
#include "core/world.hpp"

namespace harmsim {

struct DeliverySpec {
  std::string service;                    // its scenario section and the prefix of its streams and outcomes
  std::string clients;                    // who it reaches, for descriptions, e.g. "SSP clients"
  std::string eligible, eligible_source;  // the default eligibility, and why
  bool enrols = true;                     // keeps clients over time; false: hands out units
  // For a service that enrols: the default coverage and mean stay, and their sources.
  double coverage = 0;
  std::string coverage_source = {};
  double dur_client_years = 1;
  std::string dur_client_source = {};
  // Where people starting with it are referred by default, with what chance, and why.
  std::string refer_to = "none";
  double p_refer = 0;
  std::string refer_source = "Choice of the analyst: no referrals unless the scenario says.";
};

class Delivery {
 public:
  // Told each time a person becomes a client (true) or stops being one (false).
  using Change = std::function<void(AgentId, bool)>;

  Delivery(Setup& setup, DeliverySpec spec, Change change = {});
  Delivery(const Delivery&) = delete;  // its referral desk and group tests point to it
  Delivery& operator=(const Delivery&) = delete;

  // Binds the eligibility to the published terms and finds the referral desk (this
  // service's own opened when it was built). UsageError naming file, line and key if
  // either fails.
  void connect(World& w);
  // The initial clients (a service that enrols).
  void initialise(World& w);
  // One week: clients leave, the waiting list is served, new clients join (services phase).
  void deliver(World& w);
  // Gives `units` to people among `lacking` (living eligible people without one,
  // ascending ids): first, if `from_waiting_list`, to those waiting, in order (those
  // waiting who are not among `lacking` hold one already and leave the list), then each
  // other with the same chance, so the expected number given is `units` or everyone.
  // Returns who received, in ascending id order. The service then says who started
  // (started()), once a week, as a person may receive through several channels.
  std::vector<AgentId> hand_out(World& w, const std::vector<AgentId>& lacking, std::int64_t units,
                                const rng::Stream& draws, bool from_waiting_list);
  // Counts the people who started with a service that hands out units this week
  // (ascending ids, each once) and refers each with probability p_refer. A service
  // that enrols does this itself.
  void started(World& w, const std::vector<AgentId>& people);
  // End-of-step stocks: clients and people waiting, alive.
  void account(World& w);
  // Follows those waiting to their new slots and drops the dead, who would leave the
  // list unserved (Population::release); the clients are a published group.
  void relocate(const Relocation& r);

  // Living eligible people now, in ascending id order.
  std::vector<AgentId> eligible(const World& w) const { return eligibility_.members(w); }
  bool is_eligible(const World& w, AgentId a) const { return eligibility_(w, a); }
  // 0 before the service opens, rising to 1 over its scale-up.
  double scale(double week) const;

  // The clients, ascending ids (a service that enrols), published as this group.
  const Group& clients() const { return *clients_; }
  static std::string clients_group(const std::string& service) { return service + "_clients"; }
  std::size_t waiting() const { return queue_.size(); }

 private:
  struct Waiting {
    AgentId who;
    std::int64_t since;  // the step they joined the list
  };

  // Slots left for `clients` clients this week: none before the service opens, else
  // effectively unlimited without a capacity.
  double room(double week, std::size_t clients) const;
  // The chance each eligible person not yet a client or waiting joins this week.
  double p_join(double week, std::size_t eligible, std::size_t clients) const;
  // Draws who of `eligible` (not yet clients or waiting) joins with probability p; the
  // first `room` by draw (lowest first) become clients, the rest wait in draw order.
  // Returns the new clients in ascending id order.
  std::vector<AgentId> enrol(World& w, const std::vector<AgentId>& eligible, const rng::Stream& stream, double p,
                             double room);
  // Serves the waiting list in order while there is room; drops those who died, are no
  // longer eligible or whom `can_take` refuses (e.g. they hold a kit already). Returns
  // the people served, in the order served.
  std::vector<AgentId> serve_waiting(World& w, double room, const std::function<bool(AgentId)>& can_take);
  // Puts `a` at the end of the waiting list, unless a client or waiting already, or
  // not alive and eligible.
  void wait(const World& w, AgentId a);
  void set_client(AgentId a, bool client);

  DeliverySpec spec_;
  Change change_;
  Eligibility eligibility_;     // parsed from <service>.eligible
  std::string eligible_where_;  // where it was set, and to what, for messages
  double start_week_, scale_up_weeks_;
  std::string refer_to_;
  std::string refer_where_;
  double p_refer_;
  // For a service that enrols.
  Schedule coverage_;
  double uptake_ = 0;  // per-step probability; 0: coverage is held instead
  double capacity_ = 0;
  double p_leave_ = 0;

  State<std::uint8_t>* client_ = nullptr;              // per agent (a service that enrols)
  Group* clients_ = nullptr;                           // ascending ids (a service that enrols)
  std::deque<Waiting> queue_;                          // first come, first served
  std::unordered_set<AgentId> queued_;                 // who is on it
  const Referrals::Desk* desk_ = nullptr;              // where referrals go
  std::optional<rng::Stream> initial_, join_, leave_;  // a service that enrols
  rng::Stream refer_;
  std::optional<OutcomeId> clients_stock_, turnover_, client_weeks_;
  OutcomeId starts_, waiting_stock_, served_from_waiting_, weeks_waited_, referred_;
};

// A service that is its delivery, with any effects written through the delivery's
// change callback (the SSP, outreach): the delivery acts in each phase for it.
class DeliveredService : public Module {
 public:
  void connect(World& w) override { delivery_.connect(w); }
  void initialise(World& w) override { delivery_.initialise(w); }
  void services(World& w) override { delivery_.deliver(w); }
  void accounting(World& w) override { delivery_.account(w); }
  void relocate(World&, const Relocation& r) override { delivery_.relocate(r); }

 protected:
  DeliveredService(Setup& setup, DeliverySpec spec, Delivery::Change change = {})
      : delivery_(setup, std::move(spec), std::move(change)) {}

  Delivery delivery_;
};

}  // namespace harmsim
