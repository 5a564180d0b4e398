#include "interventions/delivery.hpp"

#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"
#include "params/text.hpp"
#include "units/time.hpp"

namespace harmsim {

namespace {

// The expression, parsed now so a syntax error is reported even for a service that is
// switched off.
Eligibility parse(Setup& setup, const std::string& key, const std::string& text) {
  try {
    return Eligibility(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(setup.quote(key) + e.what());
  }
}

}  // namespace

Delivery::Delivery(Setup& setup, DeliverySpec spec, Change change)
    : spec_(std::move(spec)),
      change_(std::move(change)),
      eligibility_(parse(setup, spec_.service + ".eligible",
                         setup.text({spec_.service + ".eligible", 0, "expression", 0, 0,
                                     "Who the service may reach: an expression over published groups with and, or, "
                                     "not (README, \"Eligibility\"; e.g. 'injecting and age < 30').",
                                     spec_.eligible_source, false, false, false, false, spec_.eligible}))),
      eligible_where_(setup.quote(spec_.service + ".eligible")),
      start_week_(kStepsPerYear *
                  setup.value({spec_.service + ".start_year", -200, "years from time 0", -200, 1000,
                               "When the service opens; before then it reaches no one (-200: open throughout, "
                               "burn-in included).",
                               "Choice of the analyst."})),
      scale_up_weeks_(kStepsPerYear *
                      setup.value({spec_.service + ".scale_up_years", 0, "years", 0, 100,
                                   "Years over which reach, capacity and units rise linearly from 0 to their "
                                   "schedules after the service opens (0: at once).",
                                   "Choice of the analyst."})),
      refer_to_(setup.text({spec_.service + ".refer_to", 0, "service", 0, 0,
                            "A service to which people starting with this one are referred (its section name), or "
                            "none; they arrive on its waiting list.",
                            spec_.refer_source, false, false, false, false, spec_.refer_to})),
      refer_where_(setup.quote(spec_.service + ".refer_to")),
      p_refer_(setup.value({spec_.service + ".p_refer", spec_.p_refer, "probability", 0, 1,
                            "Chance that a person starting with this service is referred to refer_to.",
                            spec_.refer_source})),
      refer_(setup.stream(spec_.service + ".refer")) {
  const std::string& s = spec_.service;
  if (p_refer_ > 0 && refer_to_ == text::kNone)
    throw setup.invalid({s + ".p_refer"}, s + ".p_refer = " + text::format_exact(p_refer_) +
                                              " refers people to no service: set " + s +
                                              ".refer_to to a service's section name.");
  if (refer_to_ == s) throw UsageError(refer_where_ + "a service cannot refer people to itself.");
  if (spec_.enrols) {
    coverage_ = setup.schedule(
        {s + ".coverage", spec_.coverage, "share of eligible people", 0, 1,
         "Share of eligible people who are " + spec_.clients + ", held at this schedule (the service's reach).",
         spec_.coverage_source});
    uptake_ = step_probability(setup.value({s + ".rate_uptake", 0, "per year", 0, 52,
                                            "Rate at which eligible people join; when above 0 it replaces coverage "
                                            "as the reach, and the service starts with no clients.",
                                            "Choice of the analyst."}));
    capacity_ = setup.value({s + ".capacity_clients", 0, "clients", 0, 1e7,
                             "Most " + spec_.clients +
                                 " at once; 0 = no limit. People who would join beyond it "
                                 "wait on a first-come list.",
                             "[ASSUMPTION] set to the program's budgeted capacity.", false, true});
    p_leave_ = step_probability(
        1.0 / setup.value({s + ".dur_client", spec_.dur_client_years, "years", 0.02, 50,
                           "Mean time a person stays among the " + spec_.clients + " while eligible (turnover).",
                           spec_.dur_client_source}));
    initial_.emplace(setup.stream(s + ".initial"));
    join_.emplace(setup.stream(s + ".join"));
    leave_.emplace(setup.stream(s + ".leave"));
    client_ = &setup.state<std::uint8_t>(s + ".client", 0);
    clients_ = &setup.publish(clients_group(s), spec_.clients,
                              [&client = *client_](const World&, AgentId a, double) { return client[a] != 0; });
    clients_stock_ =
        setup.outcome({clients_group(s), Measure::stock, "people", spec_.clients + " at the end of the step.", true});
    turnover_ = setup.outcome({s + "_client_turnover", Measure::flow, "people",
                               spec_.clients + " who leave while still eligible (turnover; those who are no longer "
                                               "eligible or die leave too, and are not counted here)."});
    client_weeks_ = setup.outcome({"person_years_" + s + "_client", Measure::person_time, "person-years",
                                   "Person-time among the " + spec_.clients + "."});
  }
  starts_ = setup.outcome({s + "_starts", Measure::flow, "people",
                           "People starting with the service in the step: new " + spec_.clients +
                               " (from the waiting list or not), or people handed a unit."});
  waiting_stock_ = setup.outcome(
      {s + "_waiting", Measure::stock, "people", "People on the service's waiting list at the end of the step."});
  served_from_waiting_ = setup.outcome(
      {s + "_served_from_waiting", Measure::flow, "people", "People served from the waiting list in the step."});
  weeks_waited_ = setup.outcome({s + "_weeks_waited", Measure::flow, "weeks",
                                 "Weeks the people served from the waiting list had waited, summed (divided by " + s +
                                     "_served_from_waiting: the mean wait)."});
  referred_ = setup.outcome(
      {s + "_referrals", Measure::flow, "people", "People starting with this service who are referred to refer_to."});
  // Events and person-time of clients are counted apart (e.g. injecting_cessations_ssp_client).
  if (spec_.enrols) setup.status(s + "_client", spec_.clients, *client_);
  setup.take_referrals(s, [this](const World& w, AgentId a) { wait(w, a); });
}

void Delivery::connect(World& w) {
  try {
    eligibility_.bind(w.groups);
  } catch (const std::invalid_argument& e) {
    throw UsageError(eligible_where_ + e.what());
  }
  if (refer_to_ == text::kNone) return;
  desk_ = w.referrals.find(refer_to_);
  if (const std::string* off = w.referrals.closed(refer_to_); !desk_ && off)
    throw UsageError(refer_where_ + "the service " + text::excerpt(refer_to_) + " is switched off in this scenario (" +
                     *off + "); switch it on, or refer elsewhere.");
  if (!desk_)
    throw UsageError(refer_where_ + "no service of that name takes referrals; services that do: " +
                     text::join_or(w.referrals.open_desks()) + ".");
}

double Delivery::scale(double week) const {
  if (week < start_week_) return 0;
  return scale_up_weeks_ > 0 ? std::min(1.0, (week - start_week_) / scale_up_weeks_) : 1.0;
}

double Delivery::room(double week, std::size_t clients) const {
  if (scale(week) <= 0) return 0;
  if (capacity_ <= 0) return 1e18;
  return std::max(0.0, std::floor(capacity_ * scale(week)) - static_cast<double>(clients));
}

double Delivery::p_join(double week, std::size_t eligible, std::size_t taken) const {
  if (uptake_ > 0) return uptake_ * scale(week);
  const double target = coverage_.at(week) * scale(week) * static_cast<double>(eligible);
  const double free = static_cast<double>(eligible) - static_cast<double>(taken);
  return free > 0 ? std::clamp((target - static_cast<double>(taken)) / free, 0.0, 1.0) : 0.0;
}

void Delivery::set_client(AgentId a, bool client) {
  (*client_)[a] = client;
  if (change_) change_(a, client);
}

void Delivery::wait(const World& w, AgentId a) {
  if (!w.pop.alive[a] || !eligibility_(w, a) || (client_ && (*client_)[a]) || !queued_.insert(a).second) return;
  queue_.push_back({a, w.step});
}

std::vector<AgentId> Delivery::enrol(World& w, const std::vector<AgentId>& eligible, const rng::Stream& stream,
                                     double p, double room) {
  std::vector<std::pair<double, AgentId>> drawn;
  for (AgentId a :
       parallel_select(w, eligible, [&](AgentId a) { return !(*client_)[a] && stream.below(w.step, w.pop.id[a], p); }))
    if (!queued_.count(a)) drawn.emplace_back(stream.uniform(w.step, w.pop.id[a]), a);
  if (static_cast<double>(drawn.size()) > room) {
    std::sort(drawn.begin(), drawn.end());
    for (std::size_t k = static_cast<std::size_t>(room); k < drawn.size(); ++k) wait(w, drawn[k].second);
    drawn.resize(static_cast<std::size_t>(room));
  }
  std::vector<AgentId> joined;
  for (const auto& [u, a] : drawn) {
    set_client(a, true);
    joined.push_back(a);
  }
  std::sort(joined.begin(), joined.end());
  return joined;
}

std::vector<AgentId> Delivery::serve_waiting(World& w, double room, const std::function<bool(AgentId)>& can_take) {
  std::vector<AgentId> served;
  std::int64_t weeks = 0;
  std::deque<Waiting> still;
  for (const Waiting& x : queue_) {
    const bool stays = w.pop.alive[x.who] && eligibility_(w, x.who) && can_take(x.who);
    if (stays && static_cast<double>(served.size()) < room) {
      served.push_back(x.who);
      weeks += w.step - x.since;
    } else if (stays) {
      still.push_back(x);
      continue;
    }
    queued_.erase(x.who);
  }
  queue_ = std::move(still);
  w.outcomes.add(served_from_waiting_, static_cast<std::int64_t>(served.size()));
  w.outcomes.add(weeks_waited_, weeks);
  return served;
}

void Delivery::started(World& w, const std::vector<AgentId>& people) {
  w.outcomes.add(starts_, static_cast<std::int64_t>(people.size()));
  if (!desk_ || p_refer_ <= 0) return;
  std::int64_t n = 0;
  for (AgentId a : people)
    if (refer_.below(w.step, w.pop.id[a], p_refer_)) {
      (*desk_)(w, a);
      ++n;
    }
  w.outcomes.add(referred_, n);
}

void Delivery::initialise(World& w) {
  const double week = w.week();
  const double p = uptake_ > 0 ? 0.0 : coverage_.at(week) * scale(week);
  *clients_ = enrol(w, eligible(w), *initial_, p, room(week, 0));
}

void Delivery::deliver(World& w) {
  const double week = w.week();
  // Clients who died or are no longer eligible leave (class 2); others leave at
  // 1 / dur_client (class 1, the turnover) or stay (class 0).
  const auto fate = parallel_split<3>(w, *clients_, [&](AgentId a) {
    if (!w.pop.alive[a] || !eligibility_(w, a)) return 2;
    return leave_->below(w.step, w.pop.id[a], p_leave_) ? 1 : 0;
  });
  const std::vector<AgentId>& staying = fate[0];
  for (const auto* leaving : {&fate[1], &fate[2]})
    for (AgentId a : *leaving) set_client(a, false);
  w.outcomes.add(*turnover_, static_cast<std::int64_t>(fate[1].size()));

  // The waiting list first, then new clients, as far as there is room.
  std::vector<AgentId> served = serve_waiting(w, room(week, staying.size()), [](AgentId) { return true; });
  for (AgentId a : served) set_client(a, true);
  const std::size_t clients = staying.size() + served.size();
  const std::vector<AgentId> people = eligible(w);
  const double p = p_join(week, people.size(), clients + queue_.size());
  const std::vector<AgentId> joined = enrol(w, people, *join_, p, room(week, clients));

  std::sort(served.begin(), served.end());
  std::vector<AgentId> starting;
  std::merge(served.begin(), served.end(), joined.begin(), joined.end(), std::back_inserter(starting));
  clients_->clear();
  std::merge(staying.begin(), staying.end(), starting.begin(), starting.end(), std::back_inserter(*clients_));
  w.outcomes.add(*client_weeks_, static_cast<std::int64_t>(clients_->size()));
  started(w, starting);
}

std::vector<AgentId> Delivery::hand_out(World& w, const std::vector<AgentId>& lacking, std::int64_t units,
                                        const rng::Stream& draws, bool from_waiting_list) {
  if (units <= 0) return {};
  const auto lacks = [&](AgentId a) { return std::binary_search(lacking.begin(), lacking.end(), a); };
  std::vector<AgentId> received;
  if (from_waiting_list) received = serve_waiting(w, static_cast<double>(units), lacks);
  std::sort(received.begin(), received.end());
  const auto first_served = static_cast<std::ptrdiff_t>(received.size());
  // Everyone else lacking one receives with the same chance, so the expected number
  // handed out equals the units left (or everyone, if fewer).
  const double others = static_cast<double>(lacking.size()) - static_cast<double>(first_served);
  const double p = others > 0 ? std::min(1.0, static_cast<double>(units - first_served) / others) : 0.0;
  const std::vector<AgentId> drawn = parallel_select(w, lacking, [&](AgentId a) {
    return draws.below(w.step, w.pop.id[a], p) &&
           !std::binary_search(received.begin(), received.begin() + first_served, a);
  });
  received.insert(received.end(), drawn.begin(), drawn.end());
  std::inplace_merge(received.begin(), received.begin() + first_served, received.end());
  return received;
}

void Delivery::relocate(const Relocation& r) {
  std::deque<Waiting> still;
  queued_.clear();
  for (const Waiting& x : queue_)
    if (!r.gone(x.who)) {
      still.push_back({r[x.who], x.since});
      queued_.insert(r[x.who]);
    }
  queue_ = std::move(still);
}

void Delivery::account(World& w) {
  const auto alive = [&](auto&& people, auto&& who) {
    std::int64_t n = 0;
    for (const auto& x : people) n += w.pop.alive[who(x)] ? 1 : 0;
    return n;
  };
  if (clients_) w.outcomes.set(*clients_stock_, alive(*clients_, [](AgentId a) { return a; }));
  w.outcomes.set(waiting_stock_, alive(queue_, [](const Waiting& x) { return x.who; }));
}

}  // namespace harmsim
