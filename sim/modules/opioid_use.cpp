#include "modules/opioid_use.hpp"

#include <array>

#include "core/draws.hpp"
#include "core/parallel.hpp"
#include "params/text.hpp"
#include "units/time.hpp"

namespace harmsim {

OpioidUse::OpioidUse(Setup& setup, const Demography& demography)
    : use_(setup.state<Use>(use_names::kState, Use::never)),
      users_group_(setup.publish(use_names::kUsing, "people using opioids, injecting or not",
                                 [&use = use_](const World&, AgentId a, double) { return using_opioids(use[a]); })),
      injectors_group_(
          setup.publish(use_names::kInjecting, "people injecting drugs",
                        [&use = use_](const World&, AgentId a, double) { return use[a] == Use::injecting; })),
      rel_cessation_("opioid_use.rel_cessation"),
      age_max_initial_(static_cast<int>(setup.value(
          {"opioid_use.age_max_initial", 65, "years", 18, 101,
           "Initial use states are given to adults younger than this (the share_*_initial values are of all adults).",
           "[ASSUMPTION] few people over 65 inject (Bradley 2023 age distribution).", false, true}))),
      age_max_initiation_(static_cast<int>(setup.value(
          {"opioid_use.age_max_initiation", 50, "years", 18, 101, "Only adults younger than this start using opioids.",
           "[ASSUMPTION] NSDUH: most initiation happens before age 26; late initiation is rare.", false, true}))),
      p_initiation_(step_probability(
          setup.value({"opioid_use.rate_initiation", 0.0015, "per year", 0, 1,
                       "Rate at which adults who never used start using illicit opioids (without injecting).",
                       "[ASSUMPTION, calibrate] set so that the use mix is stable over the burn-in; NSDUH counts "
                       "20-30 new heroin users per 100,000 a year (age 12+; Healthy People 2030 SU-17) [V], a "
                       "lower bound since this state also holds fentanyl and diverted-pill use."}))),
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
  setup.define({"ever_injected", "people who inject or have injected", "",
                [&use = use_](const World&, AgentId a, double) { return ever_injected(use[a]); }});
  setup.rate({"deaths_per_100py_injecting", "deaths_injecting", "person_years_injecting",
              "All-cause deaths per 100 person-years injecting (Mathers 2013: 2.35, range 2.12-2.58)."});
  // The shares are of all adults but are given only to adults younger than
  // age_max_initial, whose expected share of the stationary population is known.
  const std::array<double, 4> shares = {
      setup.value({"opioid_use.share_injecting_initial", 0.0146, "share of adults", 0, 0.5,
                   "Adults injecting drugs at the start of the burn-in.",
                   "Bradley H et al. 2023, Clin Infect Dis 76(1):96, doi:10.1093/cid/ciac543: 3.69 million US "
                   "adults injected in the past year in 2018, 1.46% (0.74-2.87%) [V]."}),
      setup.value({"opioid_use.share_noninjecting_initial", 0.01, "share of adults", 0, 0.5,
                   "Adults using illicit opioids (heroin, illicit fentanyl, diverted pills) without injecting.",
                   "[ASSUMPTION, calibrate] between NSDUH past-year heroin use (0.3%, age 12+, Lipari & Hughes "
                   "2015) and opioid use disorder (2.0% in 2021, NSDUH) [V2]."}),
      setup.value({"opioid_use.share_former_injecting_initial", 0.003, "share of adults", 0, 0.5,
                   "Adults who injected and have stopped (at risk of relapse).",
                   "[ASSUMPTION] about the steady-state ratio cessation / relapse of the rates below."}),
      setup.value({"opioid_use.share_former_noninjecting_initial", 0.002, "share of adults", 0, 0.5,
                   "Adults who used opioids without injecting and have stopped.",
                   "[ASSUMPTION] about the steady-state ratio cessation / relapse."})};
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
  const Population& pop = w.pop;
  const std::array<Use, 4> states = {Use::injecting, Use::noninjecting, Use::former_injecting,
                                     Use::former_noninjecting};
  parallel_each(w, pop.size(), [&](std::size_t a) {
    if (w.age(static_cast<AgentId>(a)) >= age_max_initial_) return;
    double u = initial_.uniform(w.step, a);
    for (std::size_t k = 0; k < states.size(); ++k) {
      if (u < initial_chance_[k]) {
        use_[a] = states[k];
        return;
      }
      u -= initial_chance_[k];
    }
  });
  refresh_groups(w);
  injectors_alive_ = static_cast<std::int64_t>(injectors_group_.size());
}

std::int64_t OpioidUse::injectors_alive(const World& w) const {
  std::int64_t n = 0;
  for (AgentId a : injectors_group_) n += w.pop.alive[a];
  return n;
}

void OpioidUse::substance_use(World& w) {
  const Population& pop = w.pop;
  // Nobody's use has changed since the group was refreshed, so those of it who died
  // since the end of the last step died while injecting.
  deaths_injecting_early_ = injectors_alive_ - injectors_alive(w);
  // One pass makes the week's transitions and tallies the states they lead to.
  const auto states = parallel_count<5>(w, pop.size(), [&](std::size_t i, auto& tally) {
    const auto a = static_cast<AgentId>(i);
    if (!pop.alive[a]) return;
    transition(w, a);
    ++tally[static_cast<int>(use_[a])];
  });
  formerly_injecting_ = states[static_cast<int>(Use::former_injecting)];
  refresh_groups(w);
  // The week's person-time at risk: everyone using after this phase's transitions.
  const auto everyone = [](AgentId) { return true; };
  w.outcomes.add_members(py_using_, users_group_, everyone);
  w.outcomes.add_members(py_injecting_, injectors_group_, everyone);
}

void OpioidUse::transition(World& w, AgentId a) {
  switch (use_[a]) {
    case Use::never:
      if (w.age(a) < age_max_initiation_ && initiation_.uniform(w.step, a) < p_initiation_) {
        use_[a] = Use::noninjecting;
        w.outcomes.add(initiations_);
      }
      break;
    case Use::noninjecting: {
      const std::array<double, 2> rates = {rate_injection_initiation_, rate_cessation_noninjecting_};
      const int event = competing_event(rates, noninjecting_exit_.uniform(w.step, a));
      if (event == 0) {
        use_[a] = Use::injecting;
        w.outcomes.add(injection_initiations_);
      } else if (event == 1) {
        use_[a] = Use::former_noninjecting;
      }
      break;
    }
    case Use::injecting:
      if (cessation_injecting_.uniform(w.step, a) <
          step_probability(rate_cessation_injecting_ * rel_cessation_.at(a))) {
        use_[a] = Use::former_injecting;
        w.outcomes.add_event(cessations_injecting_, a);
      }
      break;
    case Use::former_injecting:
    case Use::former_noninjecting:
      if (relapse_.uniform(w.step, a) < p_relapse_) {
        use_[a] = use_[a] == Use::former_injecting ? Use::injecting : Use::noninjecting;
        w.outcomes.add(relapses_);
      }
      break;
  }
}

void OpioidUse::refresh_groups(World& w) {
  const Population& pop = w.pop;
  users_group_ = parallel_collect(pop.size(), [&](std::size_t a) { return pop.alive[a] && using_opioids(use_[a]); });
  injectors_group_.clear();
  for (AgentId a : users_group_)
    if (use_[a] == Use::injecting) injectors_group_.push_back(a);
}

void OpioidUse::accounting(World& w) {
  std::int64_t users = 0;
  for (AgentId a : users_group_) users += w.pop.alive[a];
  const std::int64_t injectors = injectors_alive(w);
  w.outcomes.set(users_, users);
  w.outcomes.set(injectors_, injectors);
  w.outcomes.set(deaths_injecting_,
                 deaths_injecting_early_ + static_cast<std::int64_t>(injectors_group_.size()) - injectors);
  injectors_alive_ = injectors;
  w.outcomes.set(formerly_injecting_stock_, formerly_injecting_);  // no later phase changes this state
}

}  // namespace harmsim
