#include "modules/opioid_use.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "params/text.hpp"
#include "units/time.hpp"

namespace harmsim {

OpioidUse::OpioidUse(Setup& setup, const Demography& demography)
    : use_(setup.state<Use>(use_names::kState, Use::never)),
      users_group_(setup.publish(use_names::kUsing, "people using opioids, injecting or not",
                                 [&use = use_](const World&, AgentId a, double) { return using_opioids(use[a]); })),
      injectors_group_(setup.publish(
          use_names::kInjecting, "people injecting drugs",
          [&use = use_](const World&, AgentId a, double) { return use[a] == Use::injecting; },
          [this](World&, AgentId a) { recruit(a); })),
      ever_injected_group_(
          setup.publish(use_names::kEverInjected, "people who inject or have injected",
                        [&use = use_](const World&, AgentId a, double) { return ever_injected(use[a]); })),
      rel_cessation_("opioid_use.rel_cessation"),
      age_max_initial_(static_cast<int>(setup.value(
          {"opioid_use.age_max_initial", 65, "years", 18, 101,
           "Initial use states are given to adults younger than this (the share_*_initial values are of all adults).",
           "[ASSUMPTION] few people over 65 inject (Bradley 2023 age distribution).", false, true}))),
      age_max_initiation_(static_cast<int>(setup.value(
          {"opioid_use.age_max_initiation", 50, "years", 18, 101, "Only adults younger than this start using opioids.",
           "[ASSUMPTION] NSDUH: most initiation happens before age 26; late initiation is rare.", false, true}))),
      rate_initiation_(
          setup.schedule({"opioid_use.rate_initiation", 0.0015, "per year", 0, 1,
                          "Rate at which adults who never used start using illicit opioids (without injecting).",
                          "[ASSUMPTION, calibrate] set so that the use mix is stable over the burn-in; NSDUH counts "
                          "20-30 new heroin users per 100,000 a year (age 12+; Healthy People 2030 SU-17) [V], a "
                          "lower bound since this state also holds fentanyl and diverted-pill use."})),
      rate_injection_initiation_(
          setup.value({"opioid_use.rate_injection_initiation", 0.046, "per year", 0, 2,
                       "Rate at which people using opioids without injecting start to inject.",
                       "Neaigus A et al. 2006, JAIDS 41(4):493, doi:10.1097/01.qai.0000186391.49205.3b: 4.6/100 PY "
                       "among never-injecting heroin users in New York (4.6-22 across studies) [V]."})),
      rate_cessation_noninjecting_(setup.value({"opioid_use.rate_cessation_noninjecting", 0.1, "per year", 0, 5,
                                                "Rate at which people using opioids without injecting stop using.",
                                                "[ASSUMPTION, calibrate] taken equal to cessation of injecting."})),
      rate_cessation_injecting_(
          setup.value({"opioid_use.rate_cessation_injecting", 0.1, "per year", 0, 5,
                       "Rate at which people injecting stop (before services' modifiers, e.g. the SSP's for "
                       "clients).",
                       "[ASSUMPTION, calibrate] long-term cessation 2.7/100 PY in Edinburgh (Kimber J et al. 2010, BMJ "
                       "341:c3172) and about 7.4/100 PY in Baltimore (Genberg BL 2011); shorter cessations are more "
                       "frequent (Shah NG et al. 2006) [V for the inputs]."})),
      p_exit_noninjecting_(step_probability(rate_injection_initiation_ + rate_cessation_noninjecting_)),
      p_cessation_injecting_(rel_cessation_),
      p_relapse_(step_probability(
          setup.value({"opioid_use.rate_relapse", 0.6, "per year", 0, 10,
                       "Rate at which former users resume, by the route they last used.",
                       "Derived from Shah NG et al. 2006, Drug Alcohol Depend 83:147: 75% of Baltimore injectors who "
                       "stopped relapsed, median 1.0 year [V for the inputs; rate derived]."}))),
      fentanyl_share_(setup.schedule(
          {"opioid_use.fentanyl_share", 0.7, "share of supply", 0, 1,
           "Share of the illicit opioid supply containing fentanyl; raises overdose risk.",
           "[ASSUMPTION] 70% of 2020 US overdose deaths involved illicit fentanyls (CDC SUDORS Data Brief "
           "1, 2022) [V]; 50% of Vancouver PWID were urine fentanyl-positive (Hayashi K et al. 2021, Drug "
           "Alcohol Rev 40:964) [V]."})),
      initial_(setup.stream("opioid_use.initial")),
      initiation_(setup.stream("opioid_use.initiation")),
      noninjecting_exit_(setup.stream("opioid_use.noninjecting_exit")),
      cessation_injecting_(setup.stream("opioid_use.cessation_injecting")),
      relapse_(setup.stream("opioid_use.relapse")),
      users_(setup.outcome({"people_using_opioids", Measure::stock, "people",
                            "People using opioids (injecting or not) at the end of the step.", true})),
      injectors_(setup.outcome(
          {"people_injecting", Measure::stock, "people", "People injecting drugs at the end of the step.", true})),
      py_using_(setup.outcome({"person_years_using", Measure::person_time, "person-years",
                               "Person-time using opioids (at risk of overdose).", false, true})),
      py_injecting_(setup.outcome(
          {"person_years_injecting", Measure::person_time, "person-years", "Person-time injecting.", false, true})),
      initiations_(setup.outcome({"opioid_initiations", Measure::flow, "people", "Adults starting to use opioids."})),
      injection_initiations_(
          setup.outcome({"injection_initiations", Measure::flow, "people", "People starting to inject."})),
      cessations_injecting_(setup.outcome({"injecting_cessations", Measure::flow, "people",
                                           "People who stop injecting (a harm-reduction step).", false, true})),
      relapses_(setup.outcome({"relapses", Measure::flow, "people", "Former users resuming use."})),
      formerly_injecting_stock_(setup.outcome({"people_formerly_injecting", Measure::stock, "people",
                                               "People who injected and have stopped, at the end of the step."})),
      deaths_injecting_(setup.outcome({"deaths_injecting", Measure::flow, "deaths",
                                       "Deaths from every cause among people injecting at the time."})) {
  setup.rate({"deaths_per_100py_injecting", "deaths_injecting", "person_years_injecting",
              "All-cause deaths per 100 person-years injecting (Mathers 2013: 2.35, range 2.12-2.58)."});
  // The shares are of all adults but are given only to adults younger than
  // age_max_initial, whose expected share of the stationary population is known.
  const std::array<double, 4> shares = {
      setup.value({"opioid_use.share_injecting_initial", 0.0146, "share of adults", 0, 1,
                   "Adults injecting drugs at the start of the burn-in.",
                   "Bradley H et al. 2023, Clin Infect Dis 76(1):96, doi:10.1093/cid/ciac543: 3.69 million US "
                   "adults injected in the past year in 2018, 1.46% (0.74-2.87%) [V]."}),
      setup.value({"opioid_use.share_noninjecting_initial", 0.01, "share of adults", 0, 1,
                   "Adults using illicit opioids (heroin, illicit fentanyl, diverted pills) without injecting.",
                   "[ASSUMPTION, calibrate] between NSDUH past-year heroin use (0.3%, age 12+, Lipari & Hughes "
                   "2015) and opioid use disorder (2.0% in 2021, NSDUH) [V2]."}),
      setup.value({"opioid_use.share_former_injecting_initial", 0.003, "share of adults", 0, 1,
                   "Adults who injected and have stopped (at risk of relapse).",
                   "[ASSUMPTION] about the steady-state ratio cessation / relapse of the rates below."}),
      setup.value({"opioid_use.share_former_noninjecting_initial", 0.002, "share of adults", 0, 1,
                   "Adults who used opioids without injecting and have stopped.",
                   "[ASSUMPTION] about the steady-state ratio cessation / relapse."})};
  share_injecting_initial_ = shares[0];
  const double young = demography.share_younger_than(age_max_initial_);
  double total = 0;
  for (std::size_t k = 0; k < shares.size(); ++k) total += (initial_chance_[k] = shares[k] / young);
  if (total > 1)
    throw setup.invalid({"opioid_use.share_injecting_initial", "opioid_use.share_noninjecting_initial",
                         "opioid_use.share_former_injecting_initial", "opioid_use.share_former_noninjecting_initial",
                         "opioid_use.age_max_initial"},
                        "the opioid_use.share_*_initial values sum to " + text::format_exact(total * young) +
                            " of all adults, more than the " + text::format_exact(young) +
                            " who are younger than opioid_use.age_max_initial = " + std::to_string(age_max_initial_) +
                            "; lower the shares or raise the age.");
}

void OpioidUse::initialise(World& w) {
  initiation_hazard_.assign(static_cast<std::size_t>(w.last_step) + 1, 0.0);
  for (std::int64_t t = 0; t < w.last_step; ++t) {
    const double rate = rate_initiation_.at(static_cast<double>(t - w.burn_in_steps));
    const auto v = static_cast<std::size_t>(t);
    initiation_hazard_[v + 1] = initiation_hazard_[v] - std::log1p(-step_probability(rate));
  }
  initiations_due_.reset(w.last_step);
  p_cessation_injecting_.prepare(rate_cessation_injecting_);

  const Population& pop = w.pop;
  const std::array<Use, 4> states = {Use::injecting, Use::noninjecting, Use::former_injecting,
                                     Use::former_noninjecting};
  parallel_each(w, pop.size(), [&](std::size_t a) {
    if (w.age(static_cast<AgentId>(a)) >= age_max_initial_) return;
    double u = initial_.uniform(w.step, pop.id[a]);
    for (std::size_t k = 0; k < states.size(); ++k) {
      if (u < initial_chance_[k]) {
        use_[a] = states[k];
        return;
      }
      u -= initial_chance_[k];
    }
  });
  admit(w, w.step);
  // The only pass over everyone: the lists are kept up to date from here on.
  users_group_ = parallel_collect(pop.size(), [&](std::size_t a) { return using_opioids(use_[a]); });
  former_ = parallel_collect(pop.size(), [&](std::size_t a) {
    return use_[a] == Use::former_injecting || use_[a] == Use::former_noninjecting;
  });
  refresh_injecting();
  injectors_alive_ = static_cast<std::int64_t>(injectors_group_.size());
}

std::int64_t OpioidUse::initiation_step(const World& w, AgentId a, std::int64_t from) const {
  if (use_[a] != Use::never) return -1;
  // Hazard only while younger than the limit, and within the run.
  const std::int64_t end = std::min<std::int64_t>(
      w.last_step, w.pop.birth_step[a] + static_cast<std::int64_t>(age_max_initiation_) * kStepsPerYear);
  if (from >= end) return -1;
  const auto step = hazard_crossing(initiation_hazard_, static_cast<std::size_t>(from),
                                    exponential_threshold(initiation_.uniform(0, w.pop.id[a])));
  return step && static_cast<std::int64_t>(*step) < end ? static_cast<std::int64_t>(*step) : -1;
}

void OpioidUse::admit(World& w, std::int64_t from) {
  const std::size_t first = admitted_, n = w.pop.size() - first;
  std::vector<std::int64_t> when(n);
  parallel_each(w, n, [&](std::size_t i) { when[i] = initiation_step(w, static_cast<AgentId>(first + i), from); });
  for (std::size_t i = 0; i < n; ++i) initiations_due_.file(when[i], static_cast<AgentId>(first + i));
  admitted_ = static_cast<AgentId>(w.pop.size());
}

void OpioidUse::recruit(AgentId a) {
  use_[a] = Use::injecting;
  users_group_.push_back(a);  // the newest agent: the lists stay in ascending order
  injectors_group_.push_back(a);
  ever_injected_group_.push_back(a);
  ++injectors_alive_;
}

void OpioidUse::refresh_injecting() {
  injectors_group_ = parallel_select(users_group_, [&](AgentId a) { return use_[a] == Use::injecting; });
  const std::vector<AgentId> stopped =
      parallel_select(former_, [&](AgentId a) { return use_[a] == Use::former_injecting; });
  formerly_injecting_ = static_cast<std::int64_t>(stopped.size());
  ever_injected_group_.clear();
  ever_injected_group_.reserve(injectors_group_.size() + stopped.size());
  std::merge(injectors_group_.begin(), injectors_group_.end(), stopped.begin(), stopped.end(),
             std::back_inserter(ever_injected_group_));
}

void OpioidUse::substance_use(World& w) {
  const Population& pop = w.pop;
  // Nobody's use has changed since the group was refreshed, so those of it who died
  // since the end of the last step died while injecting.
  deaths_injecting_early_ = injectors_alive_ - living(w, injectors_group_);
  // Each living person whose use can change moves at most once, from the state the week
  // began in: those using and former users by a draw, never-users when their start falls due.
  const auto move = [&](const std::vector<AgentId>& people) {
    parallel_each_of(w, people, [&](AgentId a) {
      if (pop.alive[a]) transition(w, a);
    });
  };
  move(users_group_);
  move(former_);
  std::vector<AgentId> started;  // ascending: filed in id order
  for (AgentId a : initiations_due_.take(w.step))
    if (pop.alive[a] && use_[a] == Use::never) {  // still due (core/calendar.hpp)
      use_[a] = Use::noninjecting;
      started.push_back(a);
    }
  w.outcomes.add(initiations_, static_cast<std::int64_t>(started.size()));

  // The lists after the week's moves, from the lists before it: each of its living
  // members is using now (0) or a former user (1).
  const auto now = [&](AgentId a) { return !pop.alive[a] ? -1 : using_opioids(use_[a]) ? 0 : 1; };
  const auto users = parallel_split<2>(users_group_, now);
  const auto former = parallel_split<2>(former_, now);
  const auto merged = [](const std::vector<AgentId>& x, const std::vector<AgentId>& y) {
    std::vector<AgentId> out;
    out.reserve(x.size() + y.size());
    std::merge(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    return out;
  };
  users_group_ = merged(merged(users[0], former[0]), started);
  former_ = merged(former[1], users[1]);
  refresh_injecting();

  // The week's person-time at risk: everyone using after this phase's transitions.
  const auto everyone = [](AgentId) { return true; };
  w.outcomes.add_members(py_using_, users_group_, everyone);
  w.outcomes.add_members(py_injecting_, injectors_group_, everyone);
}

void OpioidUse::transition(World& w, AgentId a) {
  const rng::Person person = w.pop.id[a];
  switch (use_[a]) {
    case Use::never:
      break;  // scheduled (admit)
    case Use::noninjecting: {
      const std::array<double, 2> rates = {rate_injection_initiation_, rate_cessation_noninjecting_};
      // The uniform itself only when something happens (its lead settles most weeks).
      const bool any = noninjecting_exit_.below(w.step, person, p_exit_noninjecting_);
      const int event = any ? competing_event(rates, noninjecting_exit_.uniform(w.step, person)) : -1;
      if (event == 0) {
        use_[a] = Use::injecting;
        w.outcomes.add(injection_initiations_);
      } else if (event == 1) {
        use_[a] = Use::former_noninjecting;
      }
      break;
    }
    case Use::injecting:
      if (cessation_injecting_.below(w.step, person, p_cessation_injecting_.at(a))) {
        use_[a] = Use::former_injecting;
        w.outcomes.add_event(cessations_injecting_, a);
      }
      break;
    case Use::former_injecting:
    case Use::former_noninjecting:
      if (relapse_.below(w.step, person, p_relapse_)) {
        use_[a] = use_[a] == Use::former_injecting ? Use::injecting : Use::noninjecting;
        w.outcomes.add(relapses_);
      }
      break;
  }
}

void OpioidUse::accounting(World& w) {
  const std::int64_t injectors = living(w, injectors_group_);
  w.outcomes.set(users_, living(w, users_group_));
  w.outcomes.set(injectors_, injectors);
  w.outcomes.set(deaths_injecting_,
                 deaths_injecting_early_ + static_cast<std::int64_t>(injectors_group_.size()) - injectors);
  injectors_alive_ = injectors;
  w.outcomes.set(formerly_injecting_stock_, formerly_injecting_);  // no later phase changes this state
}

void OpioidUse::cleanup(World& w) {
  admit(w, w.step + 1);  // adults who entered this step (after demography's cleanup) are 18 from the next
}

void OpioidUse::relocate(World&, const Relocation& r) {
  initiations_due_.relocate(r);
  r.apply(former_);
  // Everyone was admitted at the step's cleanup, which runs after every module that adds people.
  if (admitted_ != r.slots())
    throw std::logic_error("opioid use: people entered after their start of use was scheduled");
  admitted_ = static_cast<AgentId>(r.kept());
}

}  // namespace harmsim
